// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/observer.hpp>

#include <baton/core/keccak.hpp>
#include <baton/l1/leader_schedule.hpp>
#include <baton/l1/mechanism_views.hpp>
#include <baton/l1/sync_status.hpp>

#include <algorithm>
#include <chrono>
#include <utility>

namespace baton::apps::devnet {

namespace {

using namespace std::chrono_literals;

std::optional<Address> to_of(const Transaction& txn) {
    return std::visit([](const auto& t) -> std::optional<Address> { return t.to; }, txn);
}

const Bytes& data_of(const Transaction& txn) {
    return std::visit([](const auto& t) -> const Bytes& { return t.data; }, txn);
}

// IFallbackLadder's LadderPost(poster, window, rung), emitted by the inbox in the post's own tx
// for every post but a (non-demoted) scheduled primary's: the rung that let it in.
std::optional<std::uint8_t> ladder_rung_of(const rpc::TransactionReceipt& receipt, const Address& inbox,
                                           const Address& sender) {
    static const B256 topic = [] {
        const std::string_view signature = "LadderPost(address,uint256,uint8)";
        return keccak256(ByteView(reinterpret_cast<const std::uint8_t*>(signature.data()), signature.size()));
    }();
    for (const auto& log : receipt.receipt.logs) {
        if (log.address != inbox || log.topics.size() != 3 || log.topics[0] != topic || log.data.size() != 32)
            continue;
        if (!std::equal(sender.begin(), sender.end(), log.topics[1].begin() + 12)) continue;
        const bool small =
            std::all_of(log.data.begin(), log.data.end() - 1, [](std::uint8_t b) { return b == 0; });
        if (small && log.data.back() >= 1 && log.data.back() <= 4) return log.data.back();
    }
    return std::nullopt;
}

}  // namespace

rpc::ClientOptions observer_timeouts() {
    // A stalled node must not freeze the live view for long.
    rpc::ClientOptions options;
    options.connect_timeout = 500ms;
    options.read_timeout = 3000ms;
    options.write_timeout = 2000ms;
    return options;
}

std::vector<InboxTx> classify_inbox_txs(const rpc::Block& block,
                                        const std::vector<rpc::TransactionReceipt>& receipts,
                                        const Address& inbox, const std::vector<Address>& batchers) {
    return classify_inbox_txs(block, receipts, std::vector<Address>{inbox}, batchers);
}

std::vector<InboxTx> classify_inbox_txs(const rpc::Block& block,
                                        const std::vector<rpc::TransactionReceipt>& receipts,
                                        const std::vector<Address>& inboxes,
                                        const std::vector<Address>& batchers) {
    std::vector<InboxTx> out;
    for (const auto& tx : block.transactions) {
        const auto to = to_of(tx.txn);
        if (!to || tx_type(tx.txn) == TxType::kDeposit) continue;
        if (std::find(inboxes.begin(), inboxes.end(), *to) == inboxes.end()) continue;
        InboxTx item;
        item.inbox = *to;
        item.hash = tx.hash;
        item.sender = tx.from;
        const auto it = std::find(batchers.begin(), batchers.end(), tx.from);
        if (it != batchers.end()) item.batcher = static_cast<std::size_t>(it - batchers.begin()) + 1;
        const auto receipt =
            std::find_if(receipts.begin(), receipts.end(),
                         [&](const rpc::TransactionReceipt& r) { return r.transaction_hash == tx.hash; });
        item.status = receipt != receipts.end() && receipt->succeeded();
        if (item.status) item.ladder_rung = ladder_rung_of(*receipt, *to, tx.from);
        const auto& data = data_of(tx.txn);
        item.calldata_bytes = data.size();
        // Derivation version byte 0 (OP-PROTOCOL: batcher tx payload). Blob txs carry their data in
        // blobs; their calldata is not looked at.
        item.has_batch_data = tx_type(tx.txn) == TxType::kBlob || (!data.empty() && data[0] == 0x00);
        if (const auto* blob = std::get_if<BlobTx>(&tx.txn)) item.blobs = blob->blob_versioned_hashes.size();
        out.push_back(item);
    }
    return out;
}

Result<Observer, std::string> Observer::make(const ObserverConfig& config) {
    const auto client = [](const std::string& url) -> Result<rpc::Client, std::string> {
        auto c = rpc::Client::make(url, observer_timeouts());
        if (!c) return unexpected(url + ": " + rpc::to_string(c.error()));
        return std::move(*c);
    };
    auto l1 = client(config.l1_url);
    if (!l1) return unexpected(l1.error());
    auto seq = client(config.l2_sequencer_url);
    if (!seq) return unexpected(seq.error());
    auto ver = client(config.l2_verifier_url);
    if (!ver) return unexpected(ver.error());
    std::optional<rpc::Client> seq_node;
    std::optional<rpc::Client> ver_node;
    if (!config.sequencer_node_url.empty()) {
        auto c = client(config.sequencer_node_url);
        if (!c) return unexpected(c.error());
        seq_node = std::move(*c);
    }
    if (!config.verifier_node_url.empty()) {
        auto c = client(config.verifier_node_url);
        if (!c) return unexpected(c.error());
        ver_node = std::move(*c);
    }
    return Observer(config, std::move(*l1), std::move(*seq), std::move(*ver), std::move(seq_node),
                    std::move(ver_node));
}

Observer::Observer(ObserverConfig config, rpc::Client l1, rpc::Client seq_l2, rpc::Client ver_l2,
                   std::optional<rpc::Client> seq_node, std::optional<rpc::Client> ver_node)
    : config_(std::move(config)),
      l1_(std::move(l1)),
      seq_l2_(std::move(seq_l2)),
      ver_l2_(std::move(ver_l2)),
      seq_node_(std::move(seq_node)),
      ver_node_(std::move(ver_node)),
      next_block_(config_.first_l1_block) {
    inboxes_.emplace_back(config_.inbox, 0);
}

void Observer::add_inbox(const Address& inbox, std::uint64_t from_block) {
    inboxes_.emplace_back(inbox, from_block);
}

void Observer::rewind_to(std::uint64_t first_replaced) {
    next_block_ = std::min(next_block_, std::max(first_replaced, config_.first_l1_block));
}

Address Observer::inbox_at(std::uint64_t block) const {
    Address inbox = config_.inbox;
    for (const auto& [moved_to, from] : inboxes_) {
        if (from <= block) inbox = moved_to;
    }
    return inbox;
}

std::optional<Address> Observer::leader_at(std::uint64_t block) {
    // Read at the block itself: the answer the chain gave while that block was the head.
    auto leader = l1::RpcLeaderSchedule(l1_, rpc::BlockTag::at(block)).leader_at(inbox_at(block), block);
    if (!leader || *leader == Address{}) return std::nullopt;
    return *leader;
}

std::optional<L1BlockView::Weights> Observer::weights_at(std::uint64_t block) {
    if (has_weights_ == false || config_.batchers.empty()) return std::nullopt;
    L1BlockView::Weights weights;
    for (const auto& batcher : config_.batchers) {
        auto w = l1::read_weight_at(l1_, inbox_at(block), batcher, block, rpc::BlockTag::at(block));
        if (!w) return std::nullopt;  // L1 did not answer: try again at the next block
        has_weights_ = w->has_value();
        if (!*w) return std::nullopt;
        weights.of_batcher.push_back((*w)->weight);
        weights.total = (*w)->total;
    }
    return weights;
}

std::optional<L2Head> Observer::head_of(std::optional<rpc::Client>& node, bool safe) {
    if (!node) return std::nullopt;
    auto raw = node->call("baton_syncStatus", nlohmann::json::array());
    if (!raw) return std::nullopt;
    auto status = l1::decode_sync_status_json(*raw);
    if (!status) return std::nullopt;
    const auto& ref = safe ? status->safe_l2 : status->unsafe_l2;
    return L2Head{ref.number, ref.hash};
}

std::optional<bool> Observer::safe_block_matches(std::uint64_t number) {
    auto a = seq_l2_.eth_get_block_by_number(rpc::BlockTag::at(number), false);
    auto b = ver_l2_.eth_get_block_by_number(rpc::BlockTag::at(number), false);
    if (!a || !b) return std::nullopt;
    if (!*a || !*b) return false;  // the sequencer lost a block the verifier derived
    const auto& x = **a;
    const auto& y = **b;
    return x.header.hash == y.header.hash && x.header.state_root == y.header.state_root &&
           x.transaction_hashes == y.transaction_hashes;
}

std::vector<L1BlockView> Observer::poll(std::size_t max_blocks) {
    std::vector<L1BlockView> views;
    sequencer_unsafe_ = head_of(seq_node_, false);
    verifier_safe_ = head_of(ver_node_, true);
    auto head = l1_.eth_block_number();
    if (!head) return views;
    std::optional<bool> matches;
    bool matches_checked = false;
    std::vector<Address> inboxes;
    for (const auto& entry : inboxes_) inboxes.push_back(entry.first);
    while (next_block_ <= *head && views.size() < max_blocks) {
        auto block = l1_.eth_get_block_by_number(rpc::BlockTag::at(next_block_), true);
        if (!block || !*block) break;
        std::vector<rpc::TransactionReceipt> receipts;
        if (!(*block)->transactions.empty()) {
            auto r = l1_.eth_get_block_receipts((*block)->header.hash);
            if (!r || !*r) break;
            receipts = std::move(**r);
        }
        L1BlockView view;
        view.number = next_block_;
        view.timestamp = (*block)->header.timestamp;
        view.leader = leader_at(next_block_);
        if (view.leader) {
            const auto it = std::find(config_.batchers.begin(), config_.batchers.end(), *view.leader);
            if (it != config_.batchers.end()) {
                view.leader_batcher = static_cast<std::size_t>(it - config_.batchers.begin()) + 1;
            }
        }
        view.inbox_txs = classify_inbox_txs(**block, receipts, inboxes, config_.batchers);
        view.weights = weights_at(next_block_);
        view.sequencer_unsafe = sequencer_unsafe_;
        view.verifier_safe = verifier_safe_;
        if (verifier_safe_ && !matches_checked) {
            matches = safe_block_matches(verifier_safe_->number);
            matches_checked = true;
        }
        view.safe_block_matches = matches;
        views.push_back(std::move(view));
        ++next_block_;
    }
    return views;
}

std::optional<B256> Observer::sequencer_hash_at(std::uint64_t number) {
    auto block = seq_l2_.eth_get_block_by_number(rpc::BlockTag::at(number), false);
    if (!block || !*block) return std::nullopt;
    return (*block)->header.hash;
}

Result<void, std::string> Observer::set_sequencer(const std::string& l2_url, const std::string& node_url) {
    auto l2 = rpc::Client::make(l2_url, observer_timeouts());
    if (!l2) return unexpected(l2_url + ": " + rpc::to_string(l2.error()));
    auto node = rpc::Client::make(node_url, observer_timeouts());
    if (!node) return unexpected(node_url + ": " + rpc::to_string(node.error()));
    seq_l2_ = std::move(*l2);
    seq_node_ = std::move(*node);
    config_.l2_sequencer_url = l2_url;
    config_.sequencer_node_url = node_url;
    return {};
}

Observer::VerifierChain Observer::read_verifier_chain(std::uint64_t genesis, std::uint64_t safe_head) {
    VerifierChain chain;
    for (std::uint64_t n = genesis + 1; n <= safe_head; ++n) {
        auto block = ver_l2_.eth_get_block_by_number(rpc::BlockTag::at(n), false);
        if (!block || !*block) {
            chain.error = "verifier engine: no L2 block " + std::to_string(n);
            break;
        }
        chain.blocks.push_back(SafeL2Block{n, (*block)->header.hash, (*block)->header.beneficiary});
        chain.txs.push_back((*block)->transaction_hashes);
    }
    return chain;
}

std::optional<U256> Observer::verifier_balance(const Address& address) {
    auto balance = ver_l2_.eth_get_balance(address);
    if (!balance) return std::nullopt;
    return *balance;
}

std::optional<std::uint64_t> Observer::verifier_nonce(const Address& address, std::uint64_t block) {
    auto nonce = ver_l2_.eth_get_transaction_count(address, rpc::BlockTag::at(block));
    if (!nonce) return std::nullopt;
    return *nonce;
}

ChainCheck Observer::check_chains(std::uint64_t genesis, std::uint64_t safe_head) {
    ChainCheck check;
    std::optional<B256> previous;
    for (std::uint64_t n = genesis; n <= safe_head; ++n) {
        auto a = seq_l2_.eth_get_block_by_number(rpc::BlockTag::at(n), false);
        auto b = ver_l2_.eth_get_block_by_number(rpc::BlockTag::at(n), false);
        if (!a || !b) {
            check.error = "engine read failed at L2 block " + std::to_string(n) + ": " +
                          rpc::to_string(!a ? a.error() : b.error());
            return check;
        }
        if (!*b) {
            check.error = "verifier engine has no L2 block " + std::to_string(n);
            return check;
        }
        ++check.blocks_compared;
        const auto& y = (*b)->header;
        const bool equal = *a && (*a)->header.hash == y.hash && (*a)->header.state_root == y.state_root &&
                           (*a)->transaction_hashes == (*b)->transaction_hashes;
        if (!equal) {
            ++check.mismatches;
            if (!check.first_mismatch) check.first_mismatch = n;
        }
        if (previous && y.parent_hash != *previous) check.safe_chain_contiguous = false;
        previous = y.hash;
    }
    return check;
}

}  // namespace baton::apps::devnet
