// SPDX-License-Identifier: MIT
#include <baton/node/tx_ingress.hpp>

#include <baton/core/hex.hpp>
#include <baton/core/transaction.hpp>
#include <baton/rpc/server.hpp>

#include <string>

namespace baton::node {

namespace {

rpc::RpcError refusal(std::string message, std::int64_t code) {
    return rpc::make_error(rpc::RpcErrorKind::kRpcError, std::move(message), code);
}

}  // namespace

Result<B256, rpc::RpcError> TxIngress::send_raw_transaction(ByteView envelope) {
    auto txn = decode_transaction(envelope);
    if (!txn) {
        ++refused_;
        return unexpected(
            refusal(std::string("invalid transaction: ") + to_string(txn.error()), rpc::kInvalidParams));
    }
    if (std::holds_alternative<DepositTx>(*txn)) {
        ++refused_;
        return unexpected(refusal("deposit transactions come from L1 only", rpc::kInvalidParams));
    }
    std::unique_lock gate(*pool_gate_, std::defer_lock);
    if (!gate.try_lock_for(max_wait_)) {
        ++refused_;
        return unexpected(refusal("sequencer busy: a block build has held the pool for over " +
                                      std::to_string(max_wait_.count()) + " ms; retry",
                                  kTxRefused));
    }
    auto hash = engine_.eth_send_raw_transaction(envelope);
    if (!hash) {
        ++refused_;
        rpc::RpcError error = hash.error();
        // An engine that does not answer is the node's problem, not the txn's: say so plainly.
        if (error.kind != rpc::RpcErrorKind::kRpcError) {
            return unexpected(refusal("engine unavailable: " + rpc::to_string(error), kTxRefused));
        }
        return unexpected(std::move(error));
    }
    ++forwarded_;
    return *hash;
}

Result<nlohmann::json, rpc::RpcError> TxIngress::handle(const nlohmann::json& params) {
    if (!params.is_array() || params.size() != 1 || !params[0].is_string()) {
        return unexpected(refusal("expected [\"0x<signed transaction>\"]", rpc::kInvalidParams));
    }
    auto envelope = decode_hex(params[0].get_ref<const std::string&>());
    if (!envelope || envelope->empty()) {
        ++refused_;
        return unexpected(refusal("invalid transaction: not hex bytes", rpc::kInvalidParams));
    }
    auto hash = send_raw_transaction(*envelope);
    if (!hash) return unexpected(hash.error());
    return to_hex(*hash);
}

}  // namespace baton::node
