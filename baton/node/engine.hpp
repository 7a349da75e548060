// SPDX-License-Identifier: MIT
#pragma once

// The L2 execution engine as the node drives it: build a block from payload attributes, read blocks,
// rewind. Derivation produces derive::PayloadAttributes and never sees which backend runs them:
// AnvilEngine (anvil's own RPC) today, an Engine-API backend (op-geth / op-reth with JWT,
// forkchoiceUpdated + getPayload + newPayload) later, behind this same interface.
//
// Contract:
// - build_block(parent, attributes) builds exactly one block on `parent` and makes it the head.
//   `parent` must be a canonical block of the engine; if the head is past it, the engine first
//   rewinds to it (what forkchoiceUpdated(head = parent) does on an Engine-API node). The block
//   holds attributes.transactions in that order, then (only when no_tx_pool is false) the engine's
//   pending user txs. Anything else is an error, never a silently different block.
// - A block whose L1-info deposit (first txn) reverts is refused (kL1InfoFailed): the L2 would run
//   on stale L1 attributes, and op-node treats a failed system deposit as fatal too.
// - Reads return the engine's view; a block the engine does not have is std::nullopt.
// - rewind_to(block) makes `block` the head and drops every block after it (reorg, restart).
//
// Errors carry a severity (core/severity.hpp), as derivation's do: kTemporary when the engine could not be
// reached (the driver retries with backoff), kCritical when it answered and the answer is wrong for this
// request (a rejected txn, a block that does not match the attributes, a broken invariant).

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/core/severity.hpp>
#include <baton/core/u256.hpp>
#include <baton/derive/attributes_builder.hpp>
#include <baton/derive/block_ref.hpp>
#include <baton/protocol/l1_info.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace baton::node {

using protocol::BlockId;

enum class [[nodiscard]] EngineErrorKind{
    kUnavailable,        // transport failure or timeout: the engine did not answer
    kNodeError,          // the engine answered a request with an error we cannot attribute further
    kUnknownParent,      // the parent is not a canonical block of the engine
    kInvalidAttributes,  // e.g. timestamp not after the parent's
    kTxnRejected,        // the engine refused one of the attributes' txns (detail names it)
    kBlockMismatch,      // the built block is not the requested one (txns, order, timestamp, parent)
    kMalformedResponse,  // a block or pool answer that does not decode
    kRewindFailed,       // the head after a rewind is not the requested block
    kL1InfoFailed,       // the block's L1-info deposit reverted (e.g. a layout L1Block lacks)
};

const char* to_string(EngineErrorKind kind) noexcept;

struct EngineError {
    EngineErrorKind kind = EngineErrorKind::kNodeError;
    std::string detail;

    // Never kReset: an engine has no view of L1 to go stale.
    Severity severity() const noexcept {
        return kind == EngineErrorKind::kUnavailable ? Severity::kTemporary : Severity::kCritical;
    }
    bool is_temporary() const noexcept { return severity() == Severity::kTemporary; }
};

// "<kind>: <detail>" for logs and test output.
std::string to_string(const EngineError& error);

// A block as the node needs it. `ref.l1_origin` and `ref.sequence_number` come from the block's
// L1-info deposit (its first txn) and are zero when the block has none (the genesis block: its L1
// origin is rollup.json's genesis.l1).
struct EngineBlock {
    derive::L2BlockRef ref;
    B256 state_root{};
    std::uint64_t gas_limit = 0;
    std::uint64_t gas_used = 0;
    U256 base_fee;
    Address fee_recipient{};
    B256 prev_randao{};
    std::vector<B256> txn_hashes;
    std::optional<protocol::L1BlockInfo> l1_info;

    BlockId id() const noexcept { return ref.id(); }
};

class Engine {
public:
    virtual ~Engine() = default;

    virtual Result<EngineBlock, EngineError> build_block(const BlockId& parent,
                                                         const derive::PayloadAttributes& attributes) = 0;
    virtual Result<EngineBlock, EngineError> head() = 0;
    virtual Result<std::optional<EngineBlock>, EngineError> block_by_number(std::uint64_t number) = 0;
    virtual Result<std::optional<EngineBlock>, EngineError> block_by_hash(const B256& hash) = 0;
    // The block's txns as EIP-2718 envelopes (what span-batch overlap checks and batchers read).
    virtual Result<std::optional<std::vector<Bytes>>, EngineError> transactions_by_number(
        std::uint64_t number) = 0;
    virtual Result<void, EngineError> rewind_to(const BlockId& block) = 0;
};

}  // namespace baton::node
