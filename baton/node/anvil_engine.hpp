// SPDX-License-Identifier: MIT
#pragma once

// node::Engine over an anvil started with `--network optimism --order fifo --no-mining`, driven
// through anvil's own RPC (docs/node.md, "anvil mechanics").
//
// Building a block:
//   1. parent check: the parent must be canonical; if the head is past it, anvil_rollback first.
//   2. the pool is drained: txpool_content (pending and queued), each txn re-encoded with rpc's
//      codec (its hash is checked on decode), then anvil_dropAllTransactions. With `--order fifo`
//      anvil mines in arrival order, so user txns already in the pool would precede the L1-info
//      deposit; draining and re-sending is what puts the deposits first.
//   3. anvil_setCoinbase(fee_recipient), anvil_setBlockGasLimit(gas_limit) (unless 0),
//      anvil_setNextBlockBaseFeePerGas (below), anvil_setNextBlockTimestamp(timestamp).
//   4. eth_sendRawTransaction for attributes.transactions in order, then the drained pool txns
//      when no_tx_pool is false; evm_mine.
//   5. the mined block must hold exactly those txn hashes in that order, on the parent, at the
//      timestamp (else kBlockMismatch), and its L1-info deposit must have succeeded (else
//      kL1InfoFailed; measured: a Jovian-layout deposit reverts on Baton's L1Block).
//   6. the drained user txns go back into the pool when no_tx_pool is true or the build failed,
//      so a sequencer's users lose nothing to a deposit-only block or an error.
// Base fee: anvil keeps its next base fee in memory, computed from the last block it *mined*, and
// neither anvil_rollback nor evm_revert resets it (measured: blocks rebuilt after a rewind got a
// different base fee, hence a different state root). So the engine computes every block's base fee
// from its parent (EIP-1559 with the attributes' Holocene eip1559_params when set and nonzero, else
// anvil's own optimism defaults, denominator 50 and elasticity 6) and sets it with
// anvil_setNextBlockBaseFeePerGas. Every engine then agrees, rewound or not.
// prev_randao cannot be set (anvil 1.7.1 has no anvil_setPrevRandao): anvil derives mixHash from
// the parent, so two engines replaying the same attributes agree on it, but it is not the
// attributes' value. parent_beacon_block_root and the Holocene extraData are not set either (anvil
// has no method for them); they too are equal on every engine.
//
// Rewind: anvil_rollback(depth), which restores the state of the target block (measured: rebuilt
// blocks reach the same state roots). After a failed build the head is the parent again (a mined
// block that does not match is rolled back) and the pool holds only the users' drained txns.

#include <baton/node/engine.hpp>
#include <baton/rpc/client.hpp>

#include <cstdint>
#include <optional>

namespace baton::node {

class AnvilEngine final : public Engine {
public:
    explicit AnvilEngine(rpc::Client client) : client_(std::move(client)) {}

    Result<EngineBlock, EngineError> build_block(const BlockId& parent,
                                                 const derive::PayloadAttributes& attributes) override;
    Result<EngineBlock, EngineError> head() override;
    Result<std::optional<EngineBlock>, EngineError> block_by_number(std::uint64_t number) override;
    Result<std::optional<EngineBlock>, EngineError> block_by_hash(const B256& hash) override;
    Result<std::optional<std::vector<Bytes>>, EngineError> transactions_by_number(
        std::uint64_t number) override;
    Result<void, EngineError> rewind_to(const BlockId& block) override;

    // The pending and queued user txns as envelopes, ordered by sender then nonce (txpool_content
    // does not say in which order they arrived).
    Result<std::vector<Bytes>, EngineError> pool_transactions();

    rpc::Client& client() noexcept { return client_; }

private:
    Result<EngineBlock, EngineError> build_on_drained_pool(const EngineBlock& parent_ref,
                                                           const derive::PayloadAttributes& attributes,
                                                           const std::vector<Bytes>& pooled);
    Result<void, EngineError> send_all(const std::vector<Bytes>& envelopes);
    void undo_block(const BlockId& parent);

    rpc::Client client_;
};

// Maps an rpc failure to an engine error: transport and timeout are temporary, the rest critical.
EngineError engine_error(const rpc::RpcError& error, std::string_view what);

// anvil's optimism EIP-1559 parameters (alloy BaseFeeParams::optimism()).
inline constexpr std::uint64_t kAnvilBaseFeeDenominator = 50;
inline constexpr std::uint64_t kAnvilBaseFeeElasticity = 6;

// EIP-1559 next base fee (alloy calc_next_block_base_fee): unchanged at the gas target
// (gas_limit / elasticity), up by at least 1 above it, down (saturating) below it.
std::uint64_t next_base_fee(std::uint64_t parent_base_fee, std::uint64_t parent_gas_used,
                            std::uint64_t parent_gas_limit, std::uint64_t denominator,
                            std::uint64_t elasticity) noexcept;

// The EngineBlock of a decoded rpc block (L1-info fields from its first txn when it is one).
EngineBlock make_engine_block(const rpc::Block& block);

}  // namespace baton::node
