// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/bidder.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/address.hpp>
#include <baton/core/assert.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/l1/dev_accounts.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <span>
#include <string_view>
#include <utility>

namespace baton::apps::devnet {

namespace {

const U256 kSettlerFunding = U256(1'000'000'000'000'000'000ULL);  // 1 ETH: thousands of settle() calls
constexpr std::uint64_t kGwei = 1'000'000'000;
constexpr double kDefaultOutbidSeconds = 40;

Bytes call_data(std::string_view signature, std::span<const abi::Type> types,
                std::span<const abi::Value> args) {
    auto data = abi::encode_call(abi::selector(signature), types, args);
    // Static types with in-range values: encoding cannot fail.
    BATON_ASSERT(data.has_value());
    return std::move(*data);
}

Bytes bid_calldata(const U256& rent) {
    const std::array<abi::Type, 1> t{abi::uint_type()};
    const std::array<abi::Value, 1> v{rent};
    return call_data("bid(uint256)", t, v);
}

Bytes settle_calldata() {
    return call_data("settle()", {}, {});
}

B256 topic(std::string_view event) {
    return keccak256(ByteView(reinterpret_cast<const std::uint8_t*>(event.data()), event.size()));
}

const std::string_view kReignScheduled =
    "ReignScheduled(uint256,address,uint256,uint256,uint256,uint256,uint256)";
const std::string_view kReignCut = "ReignCut(uint256,address,uint256,uint256)";
const std::string_view kRentCharged = "RentCharged(uint256,address,uint256,uint256)";

std::optional<std::uint64_t> u64_of(const abi::Value& v) {
    const auto* x = std::get_if<U256>(&v.v);
    if (!x || !x->fits_u64()) return std::nullopt;
    return *x->to_u64();
}

std::optional<U256> u256_of(const abi::Value& v) {
    const auto* x = std::get_if<U256>(&v.v);
    if (!x) return std::nullopt;
    return *x;
}

// An indexed uint256 or address topic.
std::optional<std::uint64_t> topic_u64(const B256& t) {
    for (std::size_t i = 0; i < 24; ++i) {
        if (t[i] != 0) return std::nullopt;
    }
    std::uint64_t v = 0;
    for (std::size_t i = 24; i < 32; ++i) v = (v << 8) | static_cast<std::uint64_t>(t[i]);
    return v;
}

Address topic_address(const B256& t) {
    Address a{};
    std::copy(t.begin() + 12, t.end(), a.begin());
    return a;
}

Result<AuctionParameters, std::string> read_parameters(rpc::Client& client, const Address& inbox) {
    rpc::CallRequest call;
    call.to = inbox;
    call.data = call_data("auctionParameters()", {}, {});
    auto out = client.eth_call(call, rpc::BlockTag::latest());
    if (!out) return unexpected("auctionParameters(): " + rpc::to_string(out.error()));
    const std::vector<abi::Type> types(7, abi::uint_type());
    auto v = abi::decode(types, *out);
    if (!v) return unexpected(std::string("auctionParameters(): ") + abi::to_string(v.error()));
    AuctionParameters p;
    const auto origin = u64_of((*v)[0]);
    const auto k = u64_of((*v)[1]);
    const auto lookahead = u64_of((*v)[2]);
    const auto reserve = u256_of((*v)[3]);
    const auto bps = u64_of((*v)[4]);
    const auto tenure = u64_of((*v)[5]);
    const auto min_escrow = u64_of((*v)[6]);
    if (!origin || !k || !lookahead || !reserve || !bps || !tenure || !min_escrow)
        return unexpected(std::string("auctionParameters(): a value out of range"));
    p.origin = *origin;
    p.turn_length = *k;
    p.lookahead = *lookahead;
    p.reserve = *reserve;
    p.increment_bps = *bps;
    p.max_tenure = *tenure;
    p.min_escrow_windows = *min_escrow;
    return p;
}

std::string who(std::size_t batcher) {
    return "batcher #" + std::to_string(batcher);
}

}  // namespace

PrivateKey settler_key() {
    return key_from_phrase("baton devnet auction settler (not a leader)");
}

std::vector<BidSpec> default_bids(std::size_t batchers, const U256& reserve_wei) {
    // The reserve in whole gwei, rounded up (DeployAuction's default: 0.001 ETH = 1,000,000 gwei).
    auto split = divmod(reserve_wei, kGwei);
    BATON_ASSERT(split.has_value());
    std::uint64_t reserve_gwei = split->quotient.fits_u64() ? *split->quotient.to_u64() : kMaxBidGwei;
    if (split->remainder != 0) ++reserve_gwei;
    reserve_gwei = std::clamp<std::uint64_t>(reserve_gwei, 1, kMaxBidGwei / 2);
    std::vector<BidSpec> bids{{1, reserve_gwei, 0}};
    if (batchers >= 2) bids.push_back({2, 2 * reserve_gwei, kDefaultOutbidSeconds});
    return bids;
}

void decode_auction_logs(const std::vector<rpc::RpcLog>& logs, AuctionSummary& out) {
    const B256 scheduled = topic(kReignScheduled);
    const B256 cut = topic(kReignCut);
    const B256 charged = topic(kRentCharged);
    std::map<std::uint64_t, AuctionReign> reigns;
    for (const auto& entry : logs) {
        const auto& log = entry.log;
        if (entry.removed || log.topics.size() != 3) continue;
        const auto id = topic_u64(log.topics[1]);
        if (!id) continue;
        const Address leader = topic_address(log.topics[2]);
        if (log.topics[0] == scheduled) {
            const std::vector<abi::Type> types(5, abi::uint_type());
            auto v = abi::decode(types, log.data);
            if (!v) continue;
            const auto start = u64_of((*v)[2]);
            const auto end = u64_of((*v)[3]);
            const auto rent = u256_of((*v)[4]);
            if (!start || !end || !rent) continue;
            AuctionReign r;
            r.id = *id;
            r.leader = leader;
            r.start_block = *start;
            r.end_block = *end;
            r.scheduled_at = entry.block_number;
            r.rent_wei = *rent;
            reigns[*id] = r;  // an id cut before it began may be scheduled again
        } else if (log.topics[0] == cut) {
            const std::vector<abi::Type> types(2, abi::uint_type());
            auto v = abi::decode(types, log.data);
            if (!v) continue;
            const auto end = u64_of((*v)[1]);
            auto it = reigns.find(*id);
            if (!end || it == reigns.end()) continue;
            it->second.end_block = *end;
            it->second.cut = true;
            it->second.cut_at = entry.block_number;
        } else if (log.topics[0] == charged) {
            const std::vector<abi::Type> types(2, abi::uint_type());
            auto v = abi::decode(types, log.data);
            if (!v) continue;
            const auto windows = u64_of((*v)[0]);
            const auto amount = u256_of((*v)[1]);
            if (!windows || !amount) continue;
            out.charges.push_back(AuctionCharge{*id, leader, *windows, *amount});
        }
    }
    for (auto& [id, reign] : reigns) {
        if (reign.end_block > reign.start_block) out.reigns.push_back(reign);
    }
}

Bidder::Bidder(L1Sender l1, Address inbox, std::vector<PrivateKey> keys, std::vector<BidSpec> specs,
               AuctionParameters params)
    : l1_(std::move(l1)),
      inbox_(inbox),
      keys_(std::move(keys)),
      specs_(std::move(specs)),
      params_(params),
      settler_(settler_key()) {
    for (const auto& spec : specs_) {
        Placed p;
        p.bid.batcher = spec.batcher;
        p.bid.rent_wei = U256(spec.rent_gwei) * U256(kGwei);
        p.bid.escrow_wei = p.bid.rent_wei * U256(params_.max_tenure);
        p.bid.at_seconds = spec.at_seconds;
        placed_.push_back(std::move(p));
    }
}

Result<Bidder, std::string> Bidder::make(const std::string& l1_url, const Address& inbox,
                                         std::vector<PrivateKey> keys, std::vector<BidSpec> bids,
                                         const std::atomic<bool>& stop) {
    auto l1 = L1Sender::make(l1_url);
    if (!l1) return unexpected(l1.error());
    auto params = read_parameters(l1->client(), inbox);
    if (!params) return unexpected(params.error());
    if (bids.empty()) bids = default_bids(keys.size(), params->reserve);
    for (const auto& b : bids) {
        if (b.batcher < 1 || b.batcher > keys.size())
            return unexpected("--bid " + describe(b) + ": no such batcher");
    }
    std::stable_sort(bids.begin(), bids.end(),
                     [](const BidSpec& a, const BidSpec& b) { return a.at_seconds < b.at_seconds; });
    const auto deployer = PrivateKey::from_hex(l1::kDevPrivateKeys[l1::kDeployerAccount]);
    BATON_ASSERT(deployer.has_value());
    auto funded = l1->transfer(*deployer, address_from_private_key(settler_key()), kSettlerFunding, stop);
    if (!funded) return unexpected("funding the settler: " + funded.error());
    return Bidder(std::move(*l1), inbox, std::move(keys), std::move(bids), *params);
}

void Bidder::send_bid(Placed& p, std::uint64_t block, std::vector<std::string>& lines) {
    const PrivateKey& key = keys_[p.bid.batcher - 1];
    const Address from = address_from_private_key(key);
    p.due_done = true;
    rpc::CallRequest simulate;
    simulate.from = from;
    simulate.to = inbox_;
    simulate.data = bid_calldata(p.bid.rent_wei);
    simulate.value = p.bid.escrow_wei;
    if (auto accepted = l1_.client().eth_call(simulate, rpc::BlockTag::latest()); !accepted) {
        p.bid.error = "refused: " + rpc::to_string(accepted.error());
        lines.push_back("   bidder: " + who(p.bid.batcher) + "'s bid of " + to_decimal(p.bid.rent_wei) +
                        " wei per window not sent, " + p.bid.error);
        return;
    }
    ++p.bid.attempts;
    auto sent = l1_.send(key, inbox_, bid_calldata(p.bid.rent_wei), p.bid.escrow_wei, std::nullopt);
    if (!sent) {
        p.bid.error = "not sent: " + sent.error();
        lines.push_back("   bidder: " + who(p.bid.batcher) + "'s bid " + p.bid.error);
        return;
    }
    p.bid.error.clear();
    p.bid.tx = *sent;
    p.sent_at = block;
    lines.push_back("   bidder: " + who(p.bid.batcher) + " bids " + to_decimal(p.bid.rent_wei) +
                    " wei per window (escrow " + to_decimal(p.bid.escrow_wei) + "), tx " + to_hex(*sent) +
                    (p.bid.attempts > 1 ? " (sent again: the first never landed)" : ""));
}

std::vector<std::string> Bidder::on_block(const L1BlockView& view, double since_batchers) {
    std::vector<std::string> lines;
    if (last_block_ && view.number <= *last_block_) return lines;
    last_block_ = view.number;
    for (const auto& tx : view.inbox_txs) {
        for (auto& p : placed_) {
            if (p.bid.tx && *p.bid.tx == tx.hash && !p.seen) {
                p.seen = true;
                if (!tx.status) {
                    lines.push_back("   bidder: " + who(p.bid.batcher) + "'s bid reverted (L1 #" +
                                    std::to_string(view.number) + ")");
                }
            }
        }
        const auto pending = std::find(settles_pending_.begin(), settles_pending_.end(), tx.hash);
        if (pending != settles_pending_.end()) {
            if (!tx.status) ++settle_reverted_;
            settles_pending_.erase(pending);
        }
    }
    for (auto& p : placed_) {
        if (!p.due_done && p.bid.at_seconds <= since_batchers) {
            send_bid(p, view.number, lines);
            continue;
        }
        // Sent, not seen for a while: replaced in the pool by the batcher's own tx of that nonce?
        if (!p.bid.tx || p.seen || view.number < p.sent_at + kBidResendBlocks) continue;
        auto known = l1_.client().eth_get_transaction_by_hash(*p.bid.tx);
        if (!known) continue;  // ask again at the next block
        if (*known && (*known)->block_number) {
            p.seen = true;  // mined in a block the observer skipped (a reorg): its status is the builder's
            continue;
        }
        if (*known) continue;  // still in the pool
        if (p.bid.attempts >= kMaxBidAttempts) {
            if (p.bid.error.empty()) {
                p.bid.error = "dropped " + std::to_string(p.bid.attempts) + " times from the pool";
                lines.push_back("   bidder: " + who(p.bid.batcher) + "'s bid " + p.bid.error + "; given up");
            }
            continue;
        }
        lines.push_back("   bidder: " + who(p.bid.batcher) + "'s bid tx " + to_hex(*p.bid.tx) +
                        " left the pool without landing (a batcher tx took its nonce)");
        send_bid(p, view.number, lines);
    }
    auto sent = l1_.send(settler_, inbox_, settle_calldata(), U256(0), std::nullopt);
    if (sent) {
        ++settle_txs_;
        settles_pending_.push_back(*sent);
    } else if (settle_error_.empty()) {
        settle_error_ = "settle() not sent at L1 #" + std::to_string(view.number) + ": " + sent.error();
        lines.push_back("   bidder: " + settle_error_);
    }
    return lines;
}

AuctionSummary Bidder::finish(const std::atomic<bool>& stop) {
    AuctionSummary out;
    for (const auto& p : placed_) out.bids.push_back(p.bid);
    out.error = settle_error_;
    // The last settle(): every window that has started is charged. `stop` may already be set (Ctrl-C):
    // then it is sent but not waited for.
    if (auto sent = l1_.send(settler_, inbox_, settle_calldata(), U256(0), std::nullopt); sent) {
        ++settle_txs_;
        auto receipt = l1_.wait(*sent, stop);
        if (receipt && !receipt->succeeded()) ++settle_reverted_;
        if (!receipt && out.error.empty()) out.error = "the last settle(): " + receipt.error();
    } else if (out.error.empty()) {
        out.error = "the last settle() not sent: " + sent.error();
    }
    out.settle_txs = settle_txs_;
    out.settle_reverted = settle_reverted_;
    rpc::LogFilter filter;
    filter.from_block = rpc::BlockTag::at(params_.origin);
    filter.to_block = rpc::BlockTag::latest();
    filter.addresses = {inbox_};
    filter.topics = {{topic(kReignScheduled), topic(kReignCut), topic(kRentCharged)}};
    auto logs = l1_.client().eth_get_logs(filter);
    if (!logs) {
        out.error = "eth_getLogs: " + rpc::to_string(logs.error());
    } else {
        decode_auction_logs(*logs, out);
    }
    rpc::CallRequest call;
    call.to = inbox_;
    call.data = call_data("totals()", {}, {});
    if (auto totals = l1_.client().eth_call(call, rpc::BlockTag::latest()); totals) {
        const std::vector<abi::Type> types(3, abi::uint_type());
        if (auto v = abi::decode(types, *totals); v) {
            if (auto proceeds = u256_of((*v)[2])) out.proceeds_unpaid_wei = *proceeds;
        }
    }
    return out;
}

}  // namespace baton::apps::devnet
