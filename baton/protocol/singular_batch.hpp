// SPDX-License-Identifier: MIT
#pragma once

// Singular batch (batch type 0), OP-PROTOCOL.md §5.1:
//
//   0x00 ++ rlp([parent_hash:32, epoch_num:uint, epoch_hash:32, timestamp:uint, [tx_0, tx_1, …]])
//
// Each tx is an opaque EIP-2718 envelope at this layer; the batch queue judges it. Bytes after the
// RLP list (inside one batch string) are tolerated, as op-node's stream decoder does.
//
// `fee_recipient` is a Baton extension that is never on the type-0 wire: encode ignores it and
// decode leaves it nullopt. It carries a block's coinbase between the span batch that names it
// (type 0xBA, span_batch.hpp) and the attributes builder, and from the batcher's blocks into
// make_span_batch. nullopt means the sequencer fee vault, as in OP.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/protocol/batch_error.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace baton::protocol {

// 0x4200000000000000000000000000000000000011: the SequencerFeeVault predeploy, every OP block's
// coinbase and a Baton block's whenever its batch names none.
inline constexpr Address kSequencerFeeVaultAddress = {0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                                      0,    0, 0, 0, 0, 0, 0, 0, 0, 0x11};

struct SingularBatch {
    B256 parent_hash{};
    std::uint64_t epoch_num = 0;
    B256 epoch_hash{};
    std::uint64_t timestamp = 0;
    std::vector<Bytes> transactions;
    std::optional<Address> fee_recipient;  // Baton: not on the type-0 wire (above)

    friend bool operator==(const SingularBatch&, const SingularBatch&) = default;
};

// Decodes the content after the type byte. Failure offsets count from the start of `content`.
Result<SingularBatch, BatchFailure> decode_singular_batch(ByteView content);

// The full batch: type byte 0x00 ++ RLP.
Bytes encode_singular_batch(const SingularBatch& batch);

}  // namespace baton::protocol
