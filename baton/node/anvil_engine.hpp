// SPDX-License-Identifier: MIT
#pragma once

// node::Engine over an anvil started with `--network optimism --order fifo --no-mining`, driven
// through anvil's own RPC (docs/node.md, "anvil mechanics").
//
// Building a block:
//   1. parent check: the parent must be canonical; if the head is past it, anvil_rollback first.
//   2. anvil_setCoinbase(fee_recipient), anvil_setBlockGasLimit(gas_limit) (unless 0),
//      anvil_setNextBlockTimestamp(timestamp).
//   0. the engine's pool_gate() mutex is held for the whole build; TxIngress takes it before it
//      forwards a user's txn, so users who send through the node never see the gate below.
//   3. the ready pool is drained under a gate (node/anvil_pool):
//      anvil_setNextBlockBaseFeePerGas(kPoolGateBaseFee), a fee no txn can pay, makes anvil
//      refuse arriving user txns with an error their sender sees. Then txpool_content's pending
//      txns are read (each re-encoded with rpc's codec, its hash checked on decode) and dropped
//      with anvil_dropTransaction. With `--order fifo` anvil mines in arrival order, so user txns
//      already in the pool would precede the L1-info deposit; draining and re-sending is what puts
//      the deposits first. The gate exists because anvil_dropTransaction also drops every ready
//      txn that depends on the dropped one (measured), so a txn arriving between the read and the
//      drop would otherwise vanish. Queued txns (nonce gaps) leave too (the pool is
//      cleared) and wait with the held ones: a txn of the block can fill their gap, and anvil would
//      then mine them into a block whose txns the attributes fix.
//   4. per sender, only the run of nonces contiguous from the account's nonce at the parent is
//      sent; the rest (behind a gap) is held, and txns whose nonce is already used are stale.
//   5. the attributes' leading deposits are sent while the gate still holds (anvil checks no
//      fees on deposits), so no user txn can get ahead of them; then the block's base fee
//      (below) lifts the gate, and the rest of the attributes' txns and, when no_tx_pool is
//      false, the run of pool txns are sent (a pool txn anvil refuses is held, with its sender's
//      later nonces); evm_mine.
//   6. the mined block must be on the parent, at the timestamp, with the base fee, lead with
//      exactly the attributes' txns and then hold the sent pool txns in the order sent. When
//      no_tx_pool is false, other user (non-deposit) txns may follow or fall between the pool
//      txns, and a sent one may be missing (a full block; it stays pooled): they reached the
//      pool after the gate was lifted, a valid sequencer block, and the returned block lists
//      them. Anything else is kBlockMismatch. Its L1-info deposit must have succeeded (else
//      kL1InfoFailed; measured: a Jovian-layout deposit reverts on Baton's L1Block).
//   7. the held txns (all drained ones when no_tx_pool is true) go back into the pool. After a
//      failed build the block is rolled back, the pool gated again, read whole and cleared, and
//      every user txn (drained, arrived meanwhile, or held by the refused block) goes back, so a
//      failed build loses none. A txn anvil then refuses (its nonce was used) is counted.
// Base fee: anvil keeps its next base fee in memory, computed from the last block it *mined*, and
// neither anvil_rollback nor evm_revert resets it (measured: blocks rebuilt after a rewind got a
// different base fee, hence a different state root). So the engine computes every block's base fee
// from its parent (protocol/base_fee: EIP-1559 with the attributes' Holocene eip1559_params when set
// and nonzero, else anvil's own optimism defaults, denominator 50 and elasticity 6) and sets it with
// anvil_setNextBlockBaseFeePerGas. Every engine then agrees, rewound or not.
// prev_randao cannot be set (anvil 1.7.1 has no anvil_setPrevRandao): anvil derives mixHash from
// the parent, so two engines replaying the same attributes agree on it, but it is not the
// attributes' value. parent_beacon_block_root and the Holocene extraData are not set either (anvil
// has no method for them); they too are equal on every engine.
//
// Rewind: anvil_rollback(depth), which restores the state of the target block (measured: rebuilt
// blocks reach the same state roots). After a failed build the head is the parent again (a mined
// block that does not match is rolled back) and the pool holds only users' txns.

#include <baton/node/anvil_pool.hpp>
#include <baton/node/engine.hpp>
#include <baton/protocol/base_fee.hpp>
#include <baton/rpc/client.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace baton::node {

// The anvil command-line arguments (after the binary) of an L2 engine AnvilEngine can drive: OP
// mode, arrival-order mining (the engine orders the block itself) and no mining of its own.
// Engines that must agree block for block (sequencer and verifier) take the same `genesis_time`
// (block 0's timestamp) and `chain_id`; the caller adds the port.
std::vector<std::string> anvil_engine_args(std::uint64_t genesis_time, std::uint64_t chain_id);

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
    // Held for the whole of every build_block (the pool is gated and drained in there). A user-txn
    // door (TxIngress) takes it before forwarding a txn, so users never meet the gate.
    std::shared_ptr<std::timed_mutex> pool_gate() const noexcept { return pool_gate_; }
    const PoolStats& last_build() const noexcept { return last_build_; }

private:
    Result<EngineBlock, EngineError> build_on_drained_pool(const EngineBlock& parent_ref,
                                                           const derive::PayloadAttributes& attributes,
                                                           std::uint64_t base_fee,
                                                           const std::vector<PoolTxn>& pooled,
                                                           std::vector<PoolTxn>& mined_extra);
    Result<void, EngineError> send_all(const std::vector<Bytes>& envelopes);
    void undo_block(const BlockId& parent);

    rpc::Client client_;
    PoolStats last_build_;
    std::shared_ptr<std::timed_mutex> pool_gate_ = std::make_shared<std::timed_mutex>();
};

// Maps an rpc failure to an engine error: transport and timeout are temporary, the rest critical.
EngineError engine_error(const rpc::RpcError& error, std::string_view what);

// The EIP-1559 parameters anvil --network optimism applies when the attributes carry no Holocene
// ones (alloy BaseFeeParams::optimism()).
inline constexpr protocol::Eip1559Params kAnvilEip1559Params = protocol::kOptimismEip1559Params;

// The EngineBlock of a decoded rpc block (L1-info fields from its first txn when it is one).
EngineBlock make_engine_block(const rpc::Block& block);

}  // namespace baton::node
