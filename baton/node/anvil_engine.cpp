// SPDX-License-Identifier: MIT
#include <baton/node/anvil_engine.hpp>

#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/protocol/deposit.hpp>
#include <baton/rpc/json_codec.hpp>

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

namespace baton::node {

using rpc::Json;

EngineError engine_error(const rpc::RpcError& error, std::string_view what) {
    const bool unreachable =
        error.kind == rpc::RpcErrorKind::kTransport || error.kind == rpc::RpcErrorKind::kTimeout;
    EngineErrorKind kind = EngineErrorKind::kNodeError;
    if (unreachable) {
        kind = EngineErrorKind::kUnavailable;
    } else if (error.kind == rpc::RpcErrorKind::kDecode ||
               error.kind == rpc::RpcErrorKind::kMalformedResponse) {
        kind = EngineErrorKind::kMalformedResponse;
    }
    return EngineError{kind, std::string(what) + ": " + rpc::to_string(error)};
}

namespace {
// -Wpedantic flags the bare __int128 keyword; __extension__ marks the deliberate GNU use.
__extension__ using Uint128 = unsigned __int128;
}  // namespace

std::uint64_t next_base_fee(std::uint64_t parent_base_fee, std::uint64_t parent_gas_used,
                            std::uint64_t parent_gas_limit, std::uint64_t denominator,
                            std::uint64_t elasticity) noexcept {
    if (elasticity == 0 || denominator == 0) return parent_base_fee;
    const std::uint64_t target = parent_gas_limit / elasticity;
    if (target == 0 || parent_gas_used == target) return parent_base_fee;
    const Uint128 base = parent_base_fee;
    const Uint128 divisor = static_cast<Uint128>(target) * denominator;
    if (parent_gas_used > target) {
        const Uint128 delta = base * (parent_gas_used - target) / divisor;
        const Uint128 next = base + (delta == 0 ? 1 : delta);
        return next > UINT64_MAX ? UINT64_MAX : static_cast<std::uint64_t>(next);
    }
    const Uint128 delta = base * (target - parent_gas_used) / divisor;
    return delta >= base ? 0 : static_cast<std::uint64_t>(base - delta);
}

EngineBlock make_engine_block(const rpc::Block& block) {
    EngineBlock out;
    out.ref.hash = block.header.hash;
    out.ref.number = block.header.number;
    out.ref.parent_hash = block.header.parent_hash;
    out.ref.timestamp = block.header.timestamp;
    out.state_root = block.header.state_root;
    out.gas_limit = block.header.gas_limit;
    out.gas_used = block.header.gas_used;
    out.base_fee = block.header.base_fee_per_gas.value_or(U256(0));
    out.fee_recipient = block.header.beneficiary;
    out.prev_randao = block.header.mix_hash;
    out.txn_hashes = block.transaction_hashes;
    if (!block.transactions.empty()) {
        const auto* deposit = std::get_if<DepositTx>(&block.transactions.front().txn);
        if (deposit != nullptr && deposit->from == protocol::kL1InfoDepositerAddress &&
            deposit->to == protocol::kL1BlockAddress) {
            auto decoded = protocol::decode_l1_info_calldata(deposit->data);
            if (decoded) {
                out.l1_info = decoded->info;
                out.ref.l1_origin = BlockId{decoded->info.block_hash, decoded->info.number};
                out.ref.sequence_number = decoded->info.sequence_number;
            }
        }
    }
    return out;
}

namespace {

Result<std::optional<rpc::Block>, EngineError> fetch(rpc::Client& client, const rpc::BlockTag& tag) {
    auto block = client.eth_get_block_by_number(tag, true);
    if (!block) return unexpected(engine_error(block.error(), "eth_getBlockByNumber"));
    return std::move(*block);
}

std::string hex(const B256& h) {
    return to_hex(h);
}

}  // namespace

Result<EngineBlock, EngineError> AnvilEngine::head() {
    auto block = fetch(client_, rpc::BlockTag::latest());
    if (!block) return unexpected(block.error());
    if (!block->has_value())
        return unexpected(EngineError{EngineErrorKind::kMalformedResponse, "no latest block"});
    return make_engine_block(**block);
}

Result<std::optional<EngineBlock>, EngineError> AnvilEngine::block_by_number(std::uint64_t number) {
    auto block = fetch(client_, rpc::BlockTag::at(number));
    if (!block) return unexpected(block.error());
    if (!block->has_value()) return std::optional<EngineBlock>{};
    return std::optional<EngineBlock>{make_engine_block(**block)};
}

Result<std::optional<EngineBlock>, EngineError> AnvilEngine::block_by_hash(const B256& hash) {
    auto block = client_.eth_get_block_by_hash(hash, true);
    if (!block) return unexpected(engine_error(block.error(), "eth_getBlockByHash"));
    if (!block->has_value()) return std::optional<EngineBlock>{};
    return std::optional<EngineBlock>{make_engine_block(**block)};
}

Result<std::optional<std::vector<Bytes>>, EngineError> AnvilEngine::transactions_by_number(
    std::uint64_t number) {
    auto block = fetch(client_, rpc::BlockTag::at(number));
    if (!block) return unexpected(block.error());
    if (!block->has_value()) return std::optional<std::vector<Bytes>>{};
    std::vector<Bytes> envelopes;
    envelopes.reserve((*block)->transactions.size());
    for (const auto& txn : (*block)->transactions) envelopes.push_back(encode_transaction(txn.txn));
    return std::optional<std::vector<Bytes>>{std::move(envelopes)};
}

Result<std::vector<Bytes>, EngineError> AnvilEngine::pool_transactions() {
    auto content = client_.call("txpool_content", Json::array());
    if (!content) return unexpected(engine_error(content.error(), "txpool_content"));
    struct Pooled {
        Address from;
        std::uint64_t nonce;
        Bytes envelope;
    };
    std::vector<Pooled> pooled;
    for (const char* section : {"pending", "queued"}) {
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
                pooled.push_back(Pooled{txn->from, 0, encode_transaction(txn->txn)});
                auto nonce = rpc::decode_u64(txn_json.value("nonce", Json()));
                if (nonce) pooled.back().nonce = *nonce;
            }
        }
    }
    std::sort(pooled.begin(), pooled.end(), [](const Pooled& a, const Pooled& b) {
        return std::tie(a.from, a.nonce) < std::tie(b.from, b.nonce);
    });
    std::vector<Bytes> out;
    out.reserve(pooled.size());
    for (auto& p : pooled) out.push_back(std::move(p.envelope));
    return out;
}

Result<void, EngineError> AnvilEngine::send_all(const std::vector<Bytes>& envelopes) {
    for (std::size_t i = 0; i < envelopes.size(); ++i) {
        auto sent = client_.eth_send_raw_transaction(envelopes[i]);
        if (!sent) {
            EngineError error = engine_error(sent.error(), "eth_sendRawTransaction");
            if (error.kind == EngineErrorKind::kNodeError) error.kind = EngineErrorKind::kTxnRejected;
            error.detail =
                "txn " + std::to_string(i) + " " + hex(keccak256(envelopes[i])) + ": " + error.detail;
            return unexpected(std::move(error));
        }
    }
    return {};
}

Result<EngineBlock, EngineError> AnvilEngine::build_block(const BlockId& parent,
                                                          const derive::PayloadAttributes& attributes) {
    auto parent_block = block_by_number(parent.number);
    if (!parent_block) return unexpected(parent_block.error());
    if (!parent_block->has_value() || (*parent_block)->ref.hash != parent.hash) {
        return unexpected(EngineError{EngineErrorKind::kUnknownParent,
                                      "#" + std::to_string(parent.number) + " " + hex(parent.hash)});
    }
    const EngineBlock& parent_ref = **parent_block;
    if (attributes.timestamp <= parent_ref.ref.timestamp) {
        return unexpected(EngineError{EngineErrorKind::kInvalidAttributes,
                                      "timestamp " + std::to_string(attributes.timestamp) +
                                          " not after the parent's " +
                                          std::to_string(parent_ref.ref.timestamp)});
    }
    auto current = head();
    if (!current) return unexpected(current.error());
    if (current->ref.number > parent.number) {
        auto rewound = rewind_to(parent);
        if (!rewound) return unexpected(rewound.error());
    }

    // Drain the pool so that the attributes' txns (deposits first) lead the block.
    auto pooled = pool_transactions();
    if (!pooled) return unexpected(pooled.error());
    auto dropped = client_.call("anvil_dropAllTransactions", Json::array());
    if (!dropped) return unexpected(engine_error(dropped.error(), "anvil_dropAllTransactions"));

    auto result = build_on_drained_pool(parent_ref, attributes, *pooled);
    if (!result) (void)client_.call("anvil_dropAllTransactions", Json::array());
    if (!result || attributes.no_tx_pool) {
        // Users' txns go back to the pool: they wait for the next sequencer block, and a failed
        // build loses none of them. One that no longer applies (its nonce was used by a txn of the
        // attributes) is refused and gone, as on any node.
        for (const auto& envelope : *pooled) (void)client_.eth_send_raw_transaction(envelope);
    }
    return result;
}

Result<EngineBlock, EngineError> AnvilEngine::build_on_drained_pool(
    const EngineBlock& parent_ref, const derive::PayloadAttributes& attributes,
    const std::vector<Bytes>& pooled) {
    const BlockId parent = parent_ref.id();
    // Set every time rather than cached: an anvil restarted under us forgets both.
    auto coinbase = client_.call("anvil_setCoinbase", Json::array({to_hex(attributes.fee_recipient)}));
    if (!coinbase) return unexpected(engine_error(coinbase.error(), "anvil_setCoinbase"));
    if (attributes.gas_limit != 0) {
        auto limit =
            client_.call("anvil_setBlockGasLimit", Json::array({rpc::encode_quantity(attributes.gas_limit)}));
        if (!limit) return unexpected(engine_error(limit.error(), "anvil_setBlockGasLimit"));
    }
    std::uint64_t denominator = kAnvilBaseFeeDenominator;
    std::uint64_t elasticity = kAnvilBaseFeeElasticity;
    if (attributes.eip1559_params) {
        const auto& p = *attributes.eip1559_params;
        const std::uint64_t d =
            (std::uint64_t{p[0]} << 24) | (std::uint64_t{p[1]} << 16) | (std::uint64_t{p[2]} << 8) | p[3];
        const std::uint64_t e =
            (std::uint64_t{p[4]} << 24) | (std::uint64_t{p[5]} << 16) | (std::uint64_t{p[6]} << 8) | p[7];
        // Holocene: all-zero params mean "the chain's defaults".
        if (d != 0 && e != 0) {
            denominator = d;
            elasticity = e;
        }
    }
    auto parent_base_fee = parent_ref.base_fee.to_u64();
    if (!parent_base_fee) {
        return unexpected(
            EngineError{EngineErrorKind::kMalformedResponse, "parent base fee does not fit 64 bits"});
    }
    const std::uint64_t base_fee =
        next_base_fee(*parent_base_fee, parent_ref.gas_used, parent_ref.gas_limit, denominator, elasticity);
    auto fee = client_.call("anvil_setNextBlockBaseFeePerGas", Json::array({rpc::encode_quantity(base_fee)}));
    if (!fee) return unexpected(engine_error(fee.error(), "anvil_setNextBlockBaseFeePerGas"));
    auto timed = client_.call("anvil_setNextBlockTimestamp", Json::array({attributes.timestamp}));
    if (!timed) return unexpected(engine_error(timed.error(), "anvil_setNextBlockTimestamp"));

    std::vector<B256> expected;
    expected.reserve(attributes.transactions.size() + pooled.size());
    for (const auto& envelope : attributes.transactions) expected.push_back(keccak256(envelope));
    // On any failure below, build_block drops the pool, so no half-built block is left behind.
    auto sent = send_all(attributes.transactions);
    if (!sent) return unexpected(sent.error());
    if (!attributes.no_tx_pool) {
        for (const auto& envelope : pooled) expected.push_back(keccak256(envelope));
        auto user = send_all(pooled);
        if (!user) return unexpected(user.error());
    }

    auto mined = client_.call("evm_mine", Json::array());
    if (!mined) return unexpected(engine_error(mined.error(), "evm_mine"));

    auto built = head();
    if (!built) return unexpected(built.error());
    if (built->ref.parent_hash != parent.hash || built->ref.number != parent.number + 1 ||
        built->ref.timestamp != attributes.timestamp || built->base_fee != U256(base_fee)) {
        undo_block(parent);
        return unexpected(EngineError{EngineErrorKind::kBlockMismatch,
                                      "mined #" + std::to_string(built->ref.number) + " at " +
                                          std::to_string(built->ref.timestamp) + " on " +
                                          hex(built->ref.parent_hash) + " (base fee set to " +
                                          std::to_string(base_fee) + ")"});
    }
    if (built->txn_hashes != expected) {
        std::string detail = "block #" + std::to_string(built->ref.number) + " holds " +
                             std::to_string(built->txn_hashes.size()) + " txns, expected " +
                             std::to_string(expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            if (i >= built->txn_hashes.size() || built->txn_hashes[i] != expected[i]) {
                detail += "; first difference at index " + std::to_string(i) + " (expected " +
                          hex(expected[i]) + ")";
                break;
            }
        }
        undo_block(parent);
        return unexpected(EngineError{EngineErrorKind::kBlockMismatch, std::move(detail)});
    }
    if (built->l1_info) {
        auto receipt = client_.eth_get_transaction_receipt(built->txn_hashes.front());
        if (!receipt) return unexpected(engine_error(receipt.error(), "eth_getTransactionReceipt"));
        if (!receipt->has_value() || !(*receipt)->succeeded()) {
            undo_block(parent);
            return unexpected(EngineError{EngineErrorKind::kL1InfoFailed,
                                          "block #" + std::to_string(built->ref.number) + " txn " +
                                              hex(built->txn_hashes.front()) + " status 0"});
        }
    }
    return std::move(*built);
}

void AnvilEngine::undo_block(const BlockId& parent) {
    // Best effort: a wrong block must not stay the head. The error returned says what went wrong.
    (void)rewind_to(parent);
}

Result<void, EngineError> AnvilEngine::rewind_to(const BlockId& block) {
    auto target = block_by_number(block.number);
    if (!target) return unexpected(target.error());
    if (!target->has_value() || (*target)->ref.hash != block.hash) {
        return unexpected(
            EngineError{EngineErrorKind::kUnknownParent,
                        "rewind target #" + std::to_string(block.number) + " " + hex(block.hash)});
    }
    auto current = head();
    if (!current) return unexpected(current.error());
    if (current->ref.number > block.number) {
        const std::uint64_t depth = current->ref.number - block.number;
        auto rolled = client_.call("anvil_rollback", Json::array({depth}));
        if (!rolled) return unexpected(engine_error(rolled.error(), "anvil_rollback"));
    }
    auto after = head();
    if (!after) return unexpected(after.error());
    if (after->ref.hash != block.hash) {
        return unexpected(
            EngineError{EngineErrorKind::kRewindFailed,
                        "head is #" + std::to_string(after->ref.number) + " " + hex(after->ref.hash)});
    }
    return {};
}

}  // namespace baton::node
