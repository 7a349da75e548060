// SPDX-License-Identifier: MIT
#include <baton/node/anvil_engine.hpp>

#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/protocol/base_fee.hpp>
#include <baton/protocol/deposit.hpp>
#include <baton/rpc/json_codec.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <variant>

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

namespace {

// The block's base fee: EIP-1559 on the parent, with the attributes' Holocene parameters when set.
Result<std::uint64_t, EngineError> block_base_fee(const EngineBlock& parent_ref,
                                                  const derive::PayloadAttributes& attributes) {
    auto fee = protocol::block_base_fee(parent_ref.base_fee, parent_ref.gas_used, parent_ref.gas_limit,
                                        attributes.eip1559_params, kAnvilEip1559Params);
    if (!fee) {
        return unexpected(
            EngineError{EngineErrorKind::kMalformedResponse, std::string(protocol::to_string(fee.error()))});
    }
    return *fee;
}

}  // namespace

Result<std::vector<Bytes>, EngineError> AnvilEngine::pool_transactions() {
    auto pooled = AnvilPool(client_).read(true);
    if (!pooled) return unexpected(pooled.error());
    std::vector<Bytes> out;
    out.reserve(pooled->size());
    for (auto& p : *pooled) out.push_back(std::move(p.envelope));
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
    const std::lock_guard gate(*pool_gate_);
    last_build_ = PoolStats{};
    AnvilPool pool(client_);
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
    auto base_fee = block_base_fee(parent_ref, attributes);
    if (!base_fee) return unexpected(base_fee.error());
    auto current = head();
    if (!current) return unexpected(current.error());
    if (current->ref.number > parent.number) {
        auto rewound = rewind_to(parent);
        if (!rewound) return unexpected(rewound.error());
    }

    // Drain the ready pool so that the attributes' txns (deposits first) lead the block. The gate
    // (a next base fee no txn can pay) makes anvil refuse arrivals meanwhile, with an error their
    // sender sees: anvil_dropTransaction also drops the txns that depend on the dropped one, so a
    // txn arriving between the read and the drop would otherwise vanish without a trace.
    // Queued txns (nonce gaps) are left where they are: anvil does not mine them, and cannot drop
    // them by hash either.
    // Set every time rather than cached: an anvil restarted under us forgets them.
    auto coinbase = client_.call("anvil_setCoinbase", Json::array({to_hex(attributes.fee_recipient)}));
    if (!coinbase) return unexpected(engine_error(coinbase.error(), "anvil_setCoinbase"));
    if (attributes.gas_limit != 0) {
        auto limit =
            client_.call("anvil_setBlockGasLimit", Json::array({rpc::encode_quantity(attributes.gas_limit)}));
        if (!limit) return unexpected(engine_error(limit.error(), "anvil_setBlockGasLimit"));
    }
    auto timed = client_.call("anvil_setNextBlockTimestamp", Json::array({attributes.timestamp}));
    if (!timed) return unexpected(engine_error(timed.error(), "anvil_setNextBlockTimestamp"));

    auto gated = pool.gate();
    if (!gated) return unexpected(gated.error());
    auto drained = pool.drain_ready();
    if (!drained) {
        (void)pool.lift_gate(*base_fee);
        (void)pool.give_back(std::move(drained.error().second));
        return unexpected(std::move(drained.error().first));
    }
    last_build_.drained = drained->size();
    // Queued txns (behind a nonce gap) must leave the pool too: a txn of the block can fill the gap,
    // and anvil would then mine the queued one into the block as well (seen in a rotating devnet: a
    // derived block refused for holding a txn its attributes do not). anvil cannot drop them by
    // hash, so the pool, empty of ready txns now, is cleared and they wait with the held ones.
    std::vector<PoolTxn> queued;
    if (auto rest = pool.read(true); rest && !rest->empty()) {
        queued = std::move(*rest);
        pool.drop_all();
    }

    // Per sender, only the run of nonces that follows the account's nonce at the parent can be
    // mined; anvil would queue (gap) or refuse (used nonce) the rest and the block would not hold
    // what was sent.
    std::map<Address, std::uint64_t> account_nonces;
    for (const auto& txn : *drained) {
        if (account_nonces.contains(txn.from)) continue;
        auto nonce = client_.eth_get_transaction_count(txn.from, rpc::BlockTag::at(parent.number));
        if (!nonce) {
            (void)pool.lift_gate(*base_fee);
            for (auto& waiting : queued) drained->push_back(std::move(waiting));
            (void)pool.give_back(std::move(*drained));
            return unexpected(engine_error(nonce.error(), "eth_getTransactionCount"));
        }
        account_nonces.emplace(txn.from, *nonce);
    }
    PoolSplit split = split_by_account_nonce(std::move(*drained), account_nonces);
    for (auto& txn : queued) split.held.push_back(std::move(txn));
    last_build_.held = split.held.size();
    last_build_.stale = split.stale.size();
    if (attributes.no_tx_pool) {
        for (auto& txn : split.send) split.held.push_back(std::move(txn));
        split.send.clear();
    }

    std::vector<PoolTxn> mined_extra;
    auto result = build_on_drained_pool(parent_ref, attributes, *base_fee, split.send, mined_extra);
    if (!result) {
        // Nothing the users sent is lost to a failed build: gate again, take the whole pool (what
        // was sent, and what arrived meanwhile), clear it, and give back every user txn together
        // with the users' txns the rolled-back block held.
        std::vector<PoolTxn> back = std::move(split.send);
        for (auto& txn : split.held) back.push_back(std::move(txn));
        for (auto& txn : mined_extra) back.push_back(std::move(txn));
        if (pool.gate()) {
            auto rest = pool.read(true);
            if (rest) {
                for (auto& txn : *rest) back.push_back(std::move(txn));
            }
            pool.drop_all();
        }
        (void)pool.lift_gate(*base_fee);
        std::set<B256> own;
        for (const auto& envelope : attributes.transactions) own.insert(keccak256(envelope));
        std::erase_if(back, [&](const PoolTxn& txn) { return own.contains(txn.hash); });
        last_build_.given_back = back.size();
        last_build_.refused = pool.give_back(std::move(back));
        return result;
    }
    // The pool txns the block does not hold (anvil refused them on the way in) wait with the held.
    std::set<B256> in_block(result->txn_hashes.begin(), result->txn_hashes.end());
    for (auto& txn : split.send) {
        if (in_block.contains(txn.hash)) {
            ++last_build_.included;
        } else {
            split.held.push_back(std::move(txn));
        }
    }
    last_build_.late = result->txn_hashes.size() - attributes.transactions.size() - last_build_.included;
    last_build_.given_back = split.held.size();
    last_build_.refused = pool.give_back(std::move(split.held));
    return result;
}

Result<EngineBlock, EngineError> AnvilEngine::build_on_drained_pool(
    const EngineBlock& parent_ref, const derive::PayloadAttributes& attributes, std::uint64_t base_fee,
    const std::vector<PoolTxn>& pooled, std::vector<PoolTxn>& mined_extra) {
    const BlockId parent = parent_ref.id();
    std::vector<B256> expected;
    expected.reserve(attributes.transactions.size() + pooled.size());
    for (const auto& envelope : attributes.transactions) expected.push_back(keccak256(envelope));
    // The leading deposits go in while the gate still holds users off (anvil does not check a
    // deposit's fees), so no user txn can reach the pool ahead of them; then the gate is lifted,
    // before anything that pays a fee. On any failure below, build_block clears the pool, so no
    // half-built block is left behind.
    std::size_t deposits = 0;
    while (deposits < attributes.transactions.size() && !attributes.transactions[deposits].empty() &&
           attributes.transactions[deposits][0] == static_cast<std::uint8_t>(TxType::kDeposit)) {
        ++deposits;
    }
    const std::vector<Bytes> leading(attributes.transactions.begin(),
                                     attributes.transactions.begin() + static_cast<std::ptrdiff_t>(deposits));
    const std::vector<Bytes> rest(attributes.transactions.begin() + static_cast<std::ptrdiff_t>(deposits),
                                  attributes.transactions.end());
    auto sent = send_all(leading);
    if (!sent) return unexpected(sent.error());
    auto fee = AnvilPool(client_).lift_gate(base_fee);
    if (!fee) return unexpected(fee.error());
    auto sent_rest = send_all(rest);
    if (!sent_rest) {
        EngineError error = sent_rest.error();
        error.detail = "after " + std::to_string(deposits) + " deposits, " + error.detail;
        return unexpected(std::move(error));
    }
    const std::size_t own = expected.size();
    std::set<B256> sent_pool;
    std::optional<Address> refused_sender;
    for (const auto& txn : pooled) {
        // A pool txn anvil refuses now (e.g. its max fee is below this block's base fee) must not
        // fail the block: it and its sender's later nonces are held instead.
        if (refused_sender && *refused_sender == txn.from) continue;
        auto user = client_.eth_send_raw_transaction(txn.envelope);
        if (!user) {
            const EngineError error = engine_error(user.error(), "eth_sendRawTransaction (pool)");
            if (error.is_temporary()) return unexpected(error);
            refused_sender = txn.from;
            continue;
        }
        refused_sender.reset();
        expected.push_back(txn.hash);
        sent_pool.insert(txn.hash);
    }

    auto mined = client_.call("evm_mine", Json::array());
    if (!mined) return unexpected(engine_error(mined.error(), "evm_mine"));

    auto fetched = fetch(client_, rpc::BlockTag::latest());
    if (!fetched) return unexpected(fetched.error());
    if (!fetched->has_value())
        return unexpected(EngineError{EngineErrorKind::kMalformedResponse, "no latest block"});
    const rpc::Block& block = **fetched;
    EngineBlock built = make_engine_block(block);
    if (built.ref.parent_hash != parent.hash || built.ref.number != parent.number + 1) {
        // Not our block: leave it alone (it holds no txn of ours to give back).
        undo_block(parent);
        return unexpected(
            EngineError{EngineErrorKind::kBlockMismatch,
                        "mined #" + std::to_string(built.ref.number) + " on " + hex(built.ref.parent_hash)});
    }
    // The users' txns in the mined block that were not drained (they arrived mid-build): if the
    // block is refused, they go back to the pool with the drained ones.
    std::vector<PoolTxn> extra;
    for (const auto& txn : block.transactions) {
        if (std::holds_alternative<DepositTx>(txn.txn) || sent_pool.contains(txn.hash)) continue;
        extra.push_back(make_pool_txn(txn));
    }
    const auto refuse = [&](std::string detail, EngineErrorKind kind) -> Result<EngineBlock, EngineError> {
        mined_extra = std::move(extra);
        undo_block(parent);
        return unexpected(EngineError{kind, std::move(detail)});
    };
    if (built.ref.timestamp != attributes.timestamp || built.base_fee != U256(base_fee)) {
        return refuse("mined #" + std::to_string(built.ref.number) + " at " +
                          std::to_string(built.ref.timestamp) + " (base fee set to " +
                          std::to_string(base_fee) + ")",
                      EngineErrorKind::kBlockMismatch);
    }
    // The attributes' txns lead, in order; then the pool txns that were sent, in the order sent.
    // With the pool, a user txn that arrived mid-build may follow or fall between them (anvil
    // mines a sender's next nonce right after its predecessor), and a sent one may be missing
    // (the block was full; it stays in the pool, and is given back otherwise): the caller reads
    // the real list from the block. Without the pool, or among the attributes' txns, nothing
    // else is allowed.
    std::string mismatch;
    for (std::size_t at = 0; at < own && mismatch.empty(); ++at) {
        if (at >= built.txn_hashes.size() || built.txn_hashes[at] != expected[at]) {
            mismatch = "index " + std::to_string(at) + " is not the attributes' txn " + hex(expected[at]);
        }
    }
    std::size_t next_pool = own;
    for (std::size_t i = own; i < block.transactions.size() && mismatch.empty(); ++i) {
        const rpc::RpcTransaction& txn = block.transactions[i];
        if (sent_pool.contains(txn.hash)) {
            while (next_pool < expected.size() && expected[next_pool] != txn.hash) ++next_pool;
            if (next_pool == expected.size()) {
                mismatch =
                    "index " + std::to_string(i) + " holds pool txn " + hex(txn.hash) + " out of order";
            } else {
                ++next_pool;
            }
        } else if (attributes.no_tx_pool) {
            mismatch = "index " + std::to_string(i) + " holds a txn the attributes do not";
        } else if (std::holds_alternative<DepositTx>(txn.txn)) {
            mismatch = "index " + std::to_string(i) + " holds a deposit the attributes do not";
        }
    }
    if (!mismatch.empty()) {
        return refuse("block #" + std::to_string(built.ref.number) + " holds " +
                          std::to_string(built.txn_hashes.size()) + " txns, expected " +
                          std::to_string(expected.size()) + (attributes.no_tx_pool ? "" : "+") + ": " +
                          mismatch,
                      EngineErrorKind::kBlockMismatch);
    }
    if (built.l1_info) {
        auto receipt = client_.eth_get_transaction_receipt(built.txn_hashes.front());
        if (!receipt) return unexpected(engine_error(receipt.error(), "eth_getTransactionReceipt"));
        if (!receipt->has_value() || !(*receipt)->succeeded()) {
            return refuse("block #" + std::to_string(built.ref.number) + " txn " +
                              hex(built.txn_hashes.front()) + " status 0",
                          EngineErrorKind::kL1InfoFailed);
        }
    }
    return built;
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

std::vector<std::string> anvil_engine_args(std::uint64_t genesis_time, std::uint64_t chain_id) {
    return {"--network",
            "optimism",
            "--order",
            "fifo",
            "--no-mining",
            "--timestamp",
            std::to_string(genesis_time),
            "--chain-id",
            std::to_string(chain_id)};
}

}  // namespace baton::node
