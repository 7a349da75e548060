// SPDX-License-Identifier: MIT
#pragma once

// The batcher's input: one unsafe L2 block as the sequencer built it, given by value (the node reads
// it from the L2 engine; nothing here does I/O).
//
// Decisions:
// - `transactions` are all of the block's txns as EIP-2718 envelopes, deposits included (the first
//   is the L1-info deposit): the batcher drops deposits itself (type 0x7E), because derivation
//   rebuilds them from L1 and a batch carrying one is invalid.
// - Value types are the batcher's own (batcher and derive are siblings, ARCHITECTURE.md §5); the
//   block id is protocol's BlockId, which both share.

#include <baton/core/bytes.hpp>
#include <baton/protocol/rollup_config.hpp>
#include <baton/protocol/singular_batch.hpp>

#include <cstdint>
#include <vector>

namespace baton::batcher {

using protocol::BlockId;

inline constexpr std::uint8_t kDepositTxType = 0x7e;

struct L2Block {
    std::uint64_t number = 0;
    B256 hash{};
    B256 parent_hash{};
    std::uint64_t timestamp = 0;
    BlockId l1_origin;                                            // the epoch: L1 block number and hash
    std::uint64_t sequence_number = 0;                            // 0 for the first L2 block of its epoch
    std::vector<Bytes> transactions;                              // EIP-2718 envelopes, L1-info deposit first
    Address fee_recipient = protocol::kSequencerFeeVaultAddress;  // the block's coinbase

    BlockId id() const noexcept { return BlockId{hash, number}; }

    friend bool operator==(const L2Block&, const L2Block&) = default;
};

// True for a deposit envelope (type byte 0x7E).
bool is_deposit(ByteView envelope) noexcept;

// The block as a singular batch: parent hash, epoch, timestamp and its non-deposit txns in order.
// `fee_recipient` is set only when the block does not pay the fee vault, so a chain whose blocks all
// pay the vault still yields plain type-1 span batches (make_span_batch), byte for byte as before.
protocol::SingularBatch to_singular_batch(const L2Block& block);

}  // namespace baton::batcher
