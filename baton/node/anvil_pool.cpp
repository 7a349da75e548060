// SPDX-License-Identifier: MIT
#include <baton/node/anvil_pool.hpp>

#include <baton/core/hex.hpp>
#include <baton/node/anvil_engine.hpp>
#include <baton/rpc/json_codec.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>

namespace baton::node {

using rpc::Json;

namespace {

std::uint64_t txn_nonce(const Transaction& txn) {
    return std::visit(
        [](const auto& t) -> std::uint64_t {
            if constexpr (requires { t.nonce; }) {
                return t.nonce;
            } else {
                return 0;
            }
        },
        txn);
}

bool by_sender_then_nonce(const PoolTxn& a, const PoolTxn& b) {
    return std::tie(a.from, a.nonce) < std::tie(b.from, b.nonce);
}

}  // namespace

PoolTxn make_pool_txn(const rpc::RpcTransaction& txn) {
    return PoolTxn{txn.from, txn_nonce(txn.txn), txn.hash, encode_transaction(txn.txn)};
}

PoolSplit split_by_account_nonce(std::vector<PoolTxn> drained,
                                 const std::map<Address, std::uint64_t>& account_nonces) {
    std::sort(drained.begin(), drained.end(), by_sender_then_nonce);
    PoolSplit out;
    std::optional<Address> sender;
    std::uint64_t next = 0;
    bool gapped = false;
    for (auto& txn : drained) {
        if (!sender || *sender != txn.from) {
            sender = txn.from;
            auto it = account_nonces.find(txn.from);
            next = it == account_nonces.end() ? 0 : it->second;
            gapped = false;
        }
        if (txn.nonce < next) {
            out.stale.push_back(std::move(txn));  // its nonce is used (or a replacement was mined)
        } else if (!gapped && txn.nonce == next) {
            ++next;
            out.send.push_back(std::move(txn));
        } else {
            gapped = true;  // everything after the first gap waits for it to be filled
            out.held.push_back(std::move(txn));
        }
    }
    return out;
}

Result<void, EngineError> AnvilPool::gate() {
    return lift_gate(kPoolGateBaseFee);
}

Result<void, EngineError> AnvilPool::lift_gate(std::uint64_t base_fee) {
    auto fee = client_.call("anvil_setNextBlockBaseFeePerGas", Json::array({rpc::encode_quantity(base_fee)}));
    if (!fee) return unexpected(engine_error(fee.error(), "anvil_setNextBlockBaseFeePerGas"));
    return {};
}

Result<std::vector<PoolTxn>, EngineError> AnvilPool::read(bool include_queued) {
    auto content = client_.call("txpool_content", Json::array());
    if (!content) return unexpected(engine_error(content.error(), "txpool_content"));
    std::vector<PoolTxn> pooled;
    for (const char* section : {"pending", "queued"}) {
        if (!include_queued && std::string_view(section) == "queued") continue;
        if (!content->is_object() || !content->contains(section)) continue;
        const Json& by_sender = (*content)[section];
        if (!by_sender.is_object()) {
            return unexpected(EngineError{EngineErrorKind::kMalformedResponse,
                                          std::string("txpool_content.") + section + " is not an object"});
        }
        for (const auto& [sender, by_nonce] : by_sender.items()) {
            if (!by_nonce.is_object()) {
                return unexpected(EngineError{EngineErrorKind::kMalformedResponse,
                                              "txpool_content entry for " + sender + " is not an object"});
            }
            for (const auto& [nonce_key, txn_json] : by_nonce.items()) {
                auto txn = rpc::decode_rpc_transaction(txn_json);
                if (!txn) return unexpected(engine_error(txn.error(), "txpool_content transaction"));
                pooled.push_back(make_pool_txn(*txn));
            }
        }
    }
    std::sort(pooled.begin(), pooled.end(), by_sender_then_nonce);
    return pooled;
}

Result<std::vector<PoolTxn>, std::pair<EngineError, std::vector<PoolTxn>>> AnvilPool::drain_ready() {
    // Dropping a sender's lowest ready txn drops its later ones too (they depend on it), so one
    // drop per sender is usually enough; a re-read confirms it and drops what is left.
    constexpr int kRounds = 3;
    std::vector<PoolTxn> drained;
    std::set<B256> known;
    for (int round = 0; round < kRounds; ++round) {
        auto pending = read(false);
        if (!pending) return unexpected(std::pair{pending.error(), std::move(drained)});
        if (pending->empty()) return drained;
        std::optional<Address> sender;
        for (auto& txn : *pending) {
            // Sorted by sender then nonce: the first of each sender is its lowest.
            const bool first_of_sender = !sender || *sender != txn.from;
            sender = txn.from;
            const B256 hash = txn.hash;
            if (known.insert(hash).second) drained.push_back(std::move(txn));
            if (!first_of_sender && round == 0) continue;
            auto dropped = client_.call("anvil_dropTransaction", Json::array({to_hex(hash)}));
            if (!dropped) {
                return unexpected(
                    std::pair{engine_error(dropped.error(), "anvil_dropTransaction"), std::move(drained)});
            }
        }
    }
    return unexpected(std::pair{EngineError{EngineErrorKind::kNodeError, "the txn pool did not drain"},
                                std::move(drained)});
}

void AnvilPool::drop_all() {
    (void)client_.call("anvil_dropAllTransactions", Json::array());
}

std::size_t AnvilPool::give_back(std::vector<PoolTxn> txns) {
    // Sender then nonce, so that each txn finds its predecessor already in the pool. One that no
    // longer applies (its nonce was used meanwhile) is refused, as on any node: counted, not kept.
    std::sort(txns.begin(), txns.end(), by_sender_then_nonce);
    std::set<B256> seen;
    std::size_t refused = 0;
    for (const auto& txn : txns) {
        if (!seen.insert(txn.hash).second) continue;
        auto sent = client_.eth_send_raw_transaction(txn.envelope);
        if (!sent) {
            const std::string message = rpc::to_string(sent.error());
            // Already back in the pool (e.g. anvil kept it): nothing lost.
            if (message.find("already") == std::string::npos) ++refused;
        }
    }
    return refused;
}

}  // namespace baton::node
