// SPDX-License-Identifier: MIT
#include <baton/l1/mechanism_check.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/address.hpp>
#include <baton/core/hex.hpp>
#include <baton/rpc/json_codec.hpp>

#include <algorithm>
#include <map>
#include <utility>

namespace baton::l1 {

const char* to_string(MechanismRule rule) noexcept {
    switch (rule) {
        case MechanismRule::kLeaderIsMember:
            return "leader-is-member";
        case MechanismRule::kIsLeaderMatchesLeaderAt:
            return "isLeader-matches-leaderAt";
        case MechanismRule::kNextWindowMatchesLeaderAt:
            return "nextWindow-matches-leaderAt";
        case MechanismRule::kFallbackAcceptsOnlyLeader:
            return "fallback-accepts-only-leader";
        case MechanismRule::kScheduleStable:
            return "schedule-stable";
        case MechanismRule::kViewGas:
            return "view-gas";
        case MechanismRule::kNoZeroByteSelector:
            return "no-0x00-selector";
    }
    return "unknown-rule";
}

const char* to_string(MechanismCheckError e) noexcept {
    switch (e) {
        case MechanismCheckError::kRpc:
            return "rpc error";
        case MechanismCheckError::kChainMoved:
            return "the chain moved under the check";
    }
    return "unknown mechanism check error";
}

std::string to_string(const MechanismCheckFailure& failure) {
    return std::string(to_string(failure.error)) + ": " + failure.detail;
}

bool MechanismCheckReport::passed() const noexcept {
    return std::all_of(rules.begin(), rules.end(), [](const RuleOutcome& r) { return r.violations == 0; });
}

std::optional<WindowMismatch> check_next_window(const Address& who, std::uint64_t from,
                                                const std::optional<LeaderWindow>& answer,
                                                const ObservedLeaders& observed, std::uint64_t known_until) {
    known_until = std::min(known_until, observed.end_block());
    const auto leads = [&](std::uint64_t b) {
        return b >= observed.first_block && b < observed.end_block() && observed.at(b) == who;
    };
    const auto range = [](std::uint64_t s, std::uint64_t e) {
        return "[" + std::to_string(s) + ", " + std::to_string(e) + ")";
    };
    if (!answer) {
        for (std::uint64_t b = from; b < known_until; ++b) {
            if (leads(b)) return WindowMismatch{b, "(0, 0) but it leads block " + std::to_string(b)};
        }
        return std::nullopt;
    }
    const auto [start, end] = *answer;
    if (start < from)
        return WindowMismatch{from, "window " + range(start, end) + " starts before the block asked"};
    if (end <= start) return WindowMismatch{from, "empty window " + range(start, end)};
    for (std::uint64_t b = from; b < std::min(start, known_until); ++b) {
        if (leads(b)) {
            return WindowMismatch{
                b, "window " + range(start, end) + " skips block " + std::to_string(b) + ", which it leads"};
        }
    }
    for (std::uint64_t b = start; b < std::min(end, known_until); ++b) {
        if (!leads(b)) {
            return WindowMismatch{b, "window " + range(start, end) + " holds block " + std::to_string(b) +
                                         ", which it does not lead"};
        }
    }
    if (end < known_until && leads(end)) {
        return WindowMismatch{end, "window " + range(start, end) + " is not maximal: it also leads block " +
                                       std::to_string(end)};
    }
    return std::nullopt;
}

std::uint64_t net_view_gas(std::uint64_t estimate, ByteView calldata) noexcept {
    std::uint64_t overhead = 21'000;
    for (auto byte : calldata) overhead += byte == 0 ? 4 : 16;
    return estimate > overhead ? estimate - overhead : 0;
}

namespace {

constexpr std::uint64_t kFallbackGasLimit = 200'000;
// What a calldata batch looks like to the inbox: the derivation version byte 0x00, then frames.
constexpr std::array<std::uint8_t, 19> kBatchPayload = {0x00, 0xc0, 0xff, 0xee, 0x01, 0x02, 0x03,
                                                        0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
                                                        0x0b, 0x0c, 0x0d, 0x0e, 0x0f};

Unexpected<MechanismCheckFailure> fail(MechanismCheckError e, std::string detail) {
    return unexpected(MechanismCheckFailure{e, std::move(detail)});
}

// A failed view read: the mechanism's fault (revert, bad data) or the node's (anything else).
bool is_contract_fault(const ScheduleFailure& f) {
    return f.error != ScheduleError::kRpc || f.revert_data.has_value();
}

Bytes encode(std::string_view signature, const std::vector<abi::Type>& types,
             const std::vector<abi::Value>& values) {
    auto data = abi::encode_call(abi::selector(signature), types, values);
    // Addresses and integers below 2^64 always encode.
    return data ? std::move(*data) : Bytes{};
}

class Walk {
public:
    Walk(rpc::Client& client, const MechanismCheckSpec& spec, std::uint64_t first, std::uint64_t last)
        : client_(client), schedule_(client), spec_(spec), first_(first), last_(last) {
        for (auto rule : kMechanismRules) outcomes_.push_back(RuleOutcome{rule, 0, std::nullopt, 0});
        observed_.first_block = first;
    }

    Result<void, MechanismCheckFailure> step(std::uint64_t b) {
        const std::uint64_t head = b - 1;
        auto lookahead = read_lookahead(b);
        if (!lookahead) return unexpected(lookahead.error());
        auto leader = read_schedule(head, b, *lookahead);
        if (!leader) return unexpected(leader.error());
        observed_.leaders.push_back(*leader);
        if (*leader != Address{}) saw_leader_ = true;

        checked(MechanismRule::kLeaderIsMember);
        if (*leader != Address{} && !is_batcher(*leader)) {
            violate(MechanismRule::kLeaderIsMember, b,
                    "leaderAt is " + to_checksum_hex(*leader) + ", not a batcher");
        }
        if (auto ok = check_is_leader(b, *leader); !ok) return ok;
        if (auto ok = read_next_windows(b, head + std::max<std::uint64_t>(*lookahead, 1)); !ok) return ok;
        if (auto ok = measure_views(b); !ok) return ok;
        return send_batches(b, *leader);
    }

    MechanismCheckReport finish() {
        if (!saw_leader_) violate(MechanismRule::kLeaderIsMember, first_, "nobody led any block checked");
        checked(MechanismRule::kNextWindowMatchesLeaderAt, observed_.leaders.size());
        for (const auto& answer : windows_) {
            auto mismatch =
                check_next_window(answer.who, answer.from, answer.window, observed_, answer.known_until);
            if (mismatch) {
                violate(MechanismRule::kNextWindowMatchesLeaderAt, mismatch->block_num,
                        "nextWindow(" + describe(answer.who) + ", " + std::to_string(answer.from) +
                            "): " + mismatch->what);
            }
        }
        check_selectors();
        MechanismCheckReport report;
        report.first_block = first_;
        report.last_block = last_;
        report.rules = std::move(outcomes_);
        report.max_view_gas = max_view_gas_;
        report.fallback_txs = fallback_txs_;
        return report;
    }

private:
    struct WindowAnswer {
        Address who;
        std::uint64_t from;
        std::optional<LeaderWindow> window;
        std::uint64_t known_until;
    };

    RuleOutcome& outcome(MechanismRule rule) { return outcomes_[static_cast<std::size_t>(rule)]; }
    void checked(MechanismRule rule, std::uint64_t n = 1) { outcome(rule).checked += n; }
    void violate(MechanismRule rule, std::uint64_t block_num, std::string what) {
        auto& o = outcome(rule);
        ++o.violations;
        if (!o.first || block_num < o.first->block_num) o.first = RuleViolation{block_num, std::move(what)};
    }

    bool is_batcher(const Address& a) const {
        return std::find(spec_.batchers.begin(), spec_.batchers.end(), a) != spec_.batchers.end();
    }
    // "batcher 2" (1-based, as the devnet numbers them), "the outsider", "address(0)".
    std::string describe(const Address& a) const {
        if (a == Address{}) return "address(0)";
        if (a == spec_.outsider) return "the outsider";
        for (std::size_t i = 0; i < spec_.batchers.size(); ++i) {
            if (spec_.batchers[i] == a) return "batcher " + std::to_string(i + 1);
        }
        return to_checksum_hex(a);
    }
    std::vector<Address> senders() const {
        auto out = spec_.batchers;
        out.push_back(spec_.outsider);
        return out;
    }

    // The node failed: abort. The contract failed: a violation of `rule`, and `fallback` is used.
    template <class T>
    Result<T, MechanismCheckFailure> settle(Result<T, ScheduleFailure> r, MechanismRule rule, std::uint64_t b,
                                            const std::string& call, T fallback) {
        if (r) return std::move(*r);
        if (!is_contract_fault(r.error()))
            return fail(MechanismCheckError::kRpc, call + ": " + r.error().detail);
        violate(rule, b, call + " failed: " + to_string(r.error()));
        return fallback;
    }

    Result<std::uint64_t, MechanismCheckFailure> read_lookahead(std::uint64_t b) {
        auto l = settle(schedule_.lookahead(spec_.inbox), MechanismRule::kScheduleStable, b, "lookahead()",
                        std::uint64_t{1});
        if (!l) return l;
        if (*l == 0) violate(MechanismRule::kScheduleStable, b, "lookahead() is 0; it must be at least 1");
        return l;
    }

    // Reads leaderAt over the blocks fixed at `head` (bounded), comparing each with what was first
    // read for it; returns leaderAt(b).
    Result<Address, MechanismCheckFailure> read_schedule(std::uint64_t head, std::uint64_t b,
                                                         std::uint64_t lookahead) {
        const std::uint64_t fixed_until = head + std::max<std::uint64_t>(lookahead, 1);
        const std::uint64_t stop = std::min({fixed_until, last_ + 1, b + kMaxAhead});
        std::optional<Address> leader_of_b;
        for (std::uint64_t x = std::max(head, first_); x < std::max(stop, b + 1); ++x) {
            const auto call = "leaderAt(" + std::to_string(x) + ")";
            auto leader = settle(schedule_.leader_at(spec_.inbox, x),
                                 x == b ? MechanismRule::kLeaderIsMember : MechanismRule::kScheduleStable, x,
                                 call, Address{});
            if (!leader) return leader;
            if (x == b) leader_of_b = *leader;
            if (x >= stop) break;  // b itself past the fixed part: read, not compared
            auto [it, inserted] = published_.try_emplace(x, Published{*leader, head, false});
            if (inserted) continue;
            if (!it->second.compared) {
                it->second.compared = true;
                checked(MechanismRule::kScheduleStable);
            }
            if (it->second.leader != *leader) {
                violate(MechanismRule::kScheduleStable, x,
                        call + " was " + describe(it->second.leader) + " at block " +
                            std::to_string(it->second.read_at) + " (inside its lookahead) and is " +
                            describe(*leader) + " at block " + std::to_string(head));
            }
        }
        return leader_of_b.value_or(Address{});
    }

    Result<void, MechanismCheckFailure> check_is_leader(std::uint64_t b, const Address& leader) {
        checked(MechanismRule::kIsLeaderMatchesLeaderAt);
        auto who = senders();
        who.push_back(Address{});
        for (const auto& x : who) {
            const auto call = "isLeader(" + describe(x) + ", " + std::to_string(b) + ")";
            const bool expected = x == leader && x != Address{};
            auto got = settle(schedule_.is_leader(spec_.inbox, x, b), MechanismRule::kIsLeaderMatchesLeaderAt,
                              b, call, expected);
            if (!got) return unexpected(got.error());
            if (*got != expected) {
                violate(MechanismRule::kIsLeaderMatchesLeaderAt, b,
                        call + " is " + (*got ? "true" : "false") + " but leaderAt(" + std::to_string(b) +
                            ") is " + describe(leader));
            }
        }
        return {};
    }

    Result<void, MechanismCheckFailure> read_next_windows(std::uint64_t b, std::uint64_t fixed_until) {
        for (const auto& x : senders()) {
            auto window = schedule_.next_window(spec_.inbox, x, b);
            if (!window) {
                const auto call = "nextWindow(" + describe(x) + ", " + std::to_string(b) + ")";
                if (!is_contract_fault(window.error())) {
                    return fail(MechanismCheckError::kRpc, call + ": " + window.error().detail);
                }
                violate(MechanismRule::kNextWindowMatchesLeaderAt, b,
                        call + " failed: " + to_string(window.error()));
                continue;
            }
            windows_.push_back(WindowAnswer{x, b, *window, std::min(fixed_until, last_ + 1)});
        }
        return {};
    }

    Result<void, MechanismCheckFailure> measure_view(std::uint64_t b, const std::string& name, Bytes data) {
        rpc::CallRequest request;
        request.to = spec_.inbox;
        request.data = std::move(data);
        auto estimate = client_.eth_estimate_gas(request, rpc::BlockTag::latest());
        if (!estimate) {
            if (!estimate.error().has_revert_data()) {
                return fail(MechanismCheckError::kRpc,
                            "eth_estimateGas " + name + ": " + rpc::to_string(estimate.error()));
            }
            violate(MechanismRule::kViewGas, b, name + " reverted: " + to_hex(*estimate.error().data));
            return {};
        }
        const auto net = net_view_gas(*estimate, request.data);
        max_view_gas_ = std::max(max_view_gas_, net);
        if (net > kViewGasBudget) {
            violate(MechanismRule::kViewGas, b,
                    name + " costs " + std::to_string(net) + " execution gas, over " +
                        std::to_string(kViewGasBudget));
        }
        return {};
    }

    Result<void, MechanismCheckFailure> measure_views(std::uint64_t b) {
        checked(MechanismRule::kViewGas);
        const auto blk = "(" + std::to_string(b) + ")";
        if (auto ok = measure_view(b, "leaderAt" + blk, encode("leaderAt(uint256)", {abi::uint_type()}, {b}));
            !ok)
            return ok;
        if (auto ok = measure_view(b, "lookahead()", encode("lookahead()", {}, {})); !ok) return ok;
        auto who = senders();
        who.push_back(Address{});
        const std::vector<abi::Type> args = {abi::address_type(), abi::uint_type()};
        for (const auto& x : who) {
            const auto tail = "(" + describe(x) + ", " + std::to_string(b) + ")";
            if (auto ok =
                    measure_view(b, "isLeader" + tail, encode("isLeader(address,uint256)", args, {x, b}));
                !ok)
                return ok;
            if (x == Address{}) continue;
            if (auto ok =
                    measure_view(b, "nextWindow" + tail, encode("nextWindow(address,uint256)", args, {x, b}));
                !ok)
                return ok;
        }
        return {};
    }

    // Every sender posts a batch into block b; only the leader's may succeed. One verdict per
    // sender, from its estimate at "pending" (the revert data) and its receipt (what derivation sees).
    Result<void, MechanismCheckFailure> send_batches(std::uint64_t b, const Address& leader) {
        checked(MechanismRule::kFallbackAcceptsOnlyLeader);
        struct Sent {
            Address sender;
            std::optional<Bytes> revert;  // from the estimate; nullopt: it passed
            B256 hash;
        };
        std::vector<Sent> sent;
        // The leader's batch is sent first, so it is the block's first inbox tx. On a mechanism with
        // a fallback ladder (IFallbackLadder) a backup may post from G1 blocks into a window whose
        // primary has posted nothing; with the leader first in every block, as in the forge kit's
        // walk, this rule stays "only the leader". The ladder's own rules are the kit's (check_ladder).
        auto order = senders();
        std::stable_partition(order.begin(), order.end(),
                              [&](const Address& x) { return x == leader && leader != Address{}; });
        for (const auto& x : order) {
            rpc::CallRequest request;
            request.from = x;
            request.to = spec_.inbox;
            request.data = Bytes(kBatchPayload.begin(), kBatchPayload.end());
            Sent entry{x, std::nullopt, {}};
            auto estimate = client_.eth_estimate_gas(request, rpc::BlockTag::pending());
            if (!estimate) {
                if (!estimate.error().has_revert_data()) {
                    return fail(MechanismCheckError::kRpc,
                                "eth_estimateGas: " + rpc::to_string(estimate.error()));
                }
                entry.revert = *estimate.error().data;
            }
            // Sent whatever the estimate said: the receipt is the decision derivation sees.
            request.gas = kFallbackGasLimit;
            auto hash = client_.call("eth_sendTransaction",
                                     nlohmann::json::array({rpc::encode_call_request(request)}));
            if (!hash)
                return fail(MechanismCheckError::kRpc,
                            "eth_sendTransaction: " + rpc::to_string(hash.error()));
            auto decoded = rpc::decode_b256(*hash);
            if (!decoded) {
                return fail(MechanismCheckError::kRpc,
                            "eth_sendTransaction: " + rpc::to_string(decoded.error()));
            }
            entry.hash = *decoded;
            sent.push_back(std::move(entry));
        }
        if (auto mined = client_.call("evm_mine", nlohmann::json::array()); !mined) {
            return fail(MechanismCheckError::kRpc, "evm_mine: " + rpc::to_string(mined.error()));
        }
        auto head = client_.eth_block_number();
        if (!head) return fail(MechanismCheckError::kRpc, "eth_blockNumber: " + rpc::to_string(head.error()));
        if (*head != b) {
            return fail(MechanismCheckError::kChainMoved,
                        "mined block " + std::to_string(*head) + ", expected " + std::to_string(b));
        }
        const std::string leader_is = "leaderAt(" + std::to_string(b) + ") is " + describe(leader);
        for (const auto& s : sent) {
            auto receipt = client_.eth_get_transaction_receipt(s.hash);
            if (!receipt) {
                return fail(MechanismCheckError::kRpc,
                            "eth_getTransactionReceipt: " + rpc::to_string(receipt.error()));
            }
            if (!receipt->has_value() || (*receipt)->block_number != b) {
                return fail(MechanismCheckError::kChainMoved,
                            "the batch from " + describe(s.sender) + " is not in block " + std::to_string(b));
            }
            ++fallback_txs_;
            const bool succeeded = (*receipt)->succeeded();
            const auto rule = MechanismRule::kFallbackAcceptsOnlyLeader;
            const std::string from = describe(s.sender);
            if (s.sender == leader && leader != Address{}) {
                if (!succeeded || s.revert) {
                    violate(rule, b,
                            "leader rejected: the batch from " + from +
                                (succeeded ? " has status 1" : " has status 0") +
                                (s.revert ? ", its estimate reverts with " + to_hex(*s.revert) : ""));
                }
            } else if (succeeded) {
                violate(rule, b,
                        "non-leader accepted: the batch from " + from + " has status 1; " + leader_is);
            } else if (!s.revert || *s.revert != not_leader(s.sender, b)) {
                violate(rule, b,
                        "non-leader not rejected with NotLeader(" + from + ", " + std::to_string(b) + "): " +
                            (s.revert ? "it reverts with " + to_hex(*s.revert) : "its estimate passes") +
                            "; " + leader_is);
            }
        }
        return {};
    }

    Bytes not_leader(const Address& sender, std::uint64_t b) const {
        return encode("NotLeader(address,uint256)", {abi::address_type(), abi::uint_type()}, {sender, b});
    }

    void check_selectors() {
        auto& o = outcome(MechanismRule::kNoZeroByteSelector);
        if (!spec_.function_signatures) {
            violate(MechanismRule::kNoZeroByteSelector, last_,
                    "no forge artifact matches the inbox's code, so its ABI is unknown");
            return;
        }
        for (const auto& signature : *spec_.function_signatures) {
            ++o.checked;
            const auto sel = abi::selector(signature);
            if (sel[0] == 0x00) {
                violate(MechanismRule::kNoZeroByteSelector, last_,
                        signature + " has selector " + to_hex(ByteView(sel.data(), sel.size())) +
                            ": a calldata batch (version byte 0x00) could call it");
            }
        }
    }

    struct Published {
        Address leader;
        std::uint64_t read_at;
        bool compared;
    };

    rpc::Client& client_;
    RpcLeaderSchedule schedule_;
    const MechanismCheckSpec& spec_;
    std::uint64_t first_;
    std::uint64_t last_;
    std::vector<RuleOutcome> outcomes_;
    ObservedLeaders observed_;
    std::vector<WindowAnswer> windows_;
    std::map<std::uint64_t, Published> published_;
    std::uint64_t max_view_gas_ = 0;
    std::uint64_t fallback_txs_ = 0;
    bool saw_leader_ = false;
};

Result<void, MechanismCheckFailure> set_automine(rpc::Client& client, bool on) {
    auto r = client.call("evm_setAutomine", nlohmann::json::array({on}));
    if (!r) return fail(MechanismCheckError::kRpc, "evm_setAutomine: " + rpc::to_string(r.error()));
    return {};
}

}  // namespace

Result<MechanismCheckReport, MechanismCheckFailure> check_mechanism(rpc::Client& client,
                                                                    const MechanismCheckSpec& spec) {
    auto head = client.eth_block_number();
    if (!head) return fail(MechanismCheckError::kRpc, "eth_blockNumber: " + rpc::to_string(head.error()));
    const std::uint64_t first = *head + 1;
    const std::uint64_t last = *head + std::max<std::uint64_t>(spec.blocks, 1);
    // Block by block: each batch must land in the block it was estimated for.
    if (auto off = set_automine(client, false); !off) return unexpected(off.error());
    Walk walk(client, spec, first, last);
    for (std::uint64_t b = first; b <= last; ++b) {
        if (auto ok = walk.step(b); !ok) {
            (void)set_automine(client, true);
            return unexpected(ok.error());
        }
    }
    if (auto on = set_automine(client, true); !on) return unexpected(on.error());
    return walk.finish();
}

}  // namespace baton::l1
