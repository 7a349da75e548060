// SPDX-License-Identifier: MIT
#pragma once

// Where the batcher posts a tx's payload (`baton batcher --data-availability`, op-batcher's
// --data-availability-type): calldata, one blob, or `auto`, the cheaper of the two at the L1's fees
// when the tx is sent.
//
// Decisions:
// - One blob per tx: the payload (0x00 ++ frames, at most --max-frame-size + 1 bytes) is exactly
//   what the OP blob encoding carries, so a tx is either that calldata or one blob of it. Packing
//   several frames' blobs into one tx (up to the L1's max blobs per tx) is not written.
// - `auto` compares the two costs as op-batcher does, with this L1's rules: calldata pays the
//   EIP-7623 floor (Prague: 10 gas per token, a token per zero byte and 4 per nonzero byte, which
//   is what a data-only tx pays) at base fee + tip; a blob pays 131072 blob gas at the blob base
//   fee. The tx's execution gas is the same either way and left out.

#include <baton/batcher_service/batcher_error.hpp>
#include <baton/batcher_service/tx_manager.hpp>
#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/core/u256.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baton::batcher_service {

enum class DataAvailability : std::uint8_t { kCalldata, kBlobs, kAuto };

const char* to_string(DataAvailability da) noexcept;
std::optional<DataAvailability> parse_data_availability(std::string_view text) noexcept;

inline constexpr std::uint64_t kGasPerBlob = 131072;         // EIP-4844 GAS_PER_BLOB
inline constexpr std::uint64_t kCalldataFloorPerToken = 10;  // EIP-7623 TOTAL_COST_FLOOR_PER_TOKEN

// EIP-7623's floor gas of `data` (without the 21000 base).
std::uint64_t calldata_floor_gas(ByteView data) noexcept;

// The `auto` rule: true when one blob costs less than `payload` as calldata.
bool blob_is_cheaper(ByteView payload, const L1Fees& fees) noexcept;

// Loads what `mode` needs before the first tx (the KZG setup: ~3 s of CPU, which would otherwise
// fall between planning a window's tx and sending it, and make it land late).
Result<void, std::string> prepare_data_availability(DataAvailability mode);

// Applies `mode` to a calldata candidate: for blobs (or `auto` choosing them) its data moves into
// a one-blob sidecar (KZG with the mainnet setup, loaded on first use). Returns whether it did.
// Fees that cannot be read are the tx manager's severity; a KZG setup that cannot be loaded, or a
// payload too large for a blob, is critical.
Result<bool, BatcherError> apply_data_availability(DataAvailability mode, TxManager& txmgr,
                                                   TxCandidate& candidate);

}  // namespace baton::batcher_service
