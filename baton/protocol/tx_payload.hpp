// SPDX-License-Identifier: MIT
#pragma once

// Batcher transaction payloads (OP-PROTOCOL.md §2): the calldata of a batcher tx, or the data of
// one decoded blob.
//
//   payload = derivation_version:u8 (0x00) ++ frame ++ frame*      (nothing left over)
//
// Decisions:
// - All or nothing: an empty payload, an unknown version, a version byte with no frame, or any
//   frame that fails to decode (trailing garbage is a frame that fails) rejects the whole payload,
//   as op-node's ParseFrames does. The failure names the payload offset and, for a bad frame, the
//   frame error.
// - Version 0x01 (alt-DA commitments) is reported as an unknown version: Baton does not use alt-DA.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/protocol/frame.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace baton::protocol {

inline constexpr std::uint8_t kDerivationVersion0 = 0x00;

enum class [[nodiscard]] TxPayloadError{
    kEmpty,           // no bytes at all
    kUnknownVersion,  // first byte is not kDerivationVersion0
    kNoFrames,        // the version byte is the whole payload
    kInvalidFrame,    // a frame failed to decode (see frame_error)
};

const char* to_string(TxPayloadError e) noexcept;

struct TxPayloadFailure {
    TxPayloadError error;
    std::size_t offset;                                        // payload offset where decoding failed
    FrameError frame_error = FrameError::kTruncatedChannelId;  // meaningful for kInvalidFrame only
};

Result<std::vector<Frame>, TxPayloadFailure> decode_tx_payload(ByteView payload);

// version 0 ++ the frames in order.
Bytes encode_tx_payload(std::span<const Frame> frames);

// Size of encode_tx_payload(frames).
std::size_t encoded_tx_payload_size(std::span<const Frame> frames) noexcept;

// op-node's ForceCloseTxData, for the batcher's crash recovery: given the frames already posted
// for one channel (only id, number and is_last are looked at), a payload of empty frames that closes
// it. No closing frame seen: one empty closing frame numbered 0. Otherwise, with N the number of the
// first closing frame seen, one empty non-closing frame per missing number in [0, N], in order (just
// the version byte when none is missing).
enum class [[nodiscard]] ForceCloseError{
    kNoFrames,       // nothing to close
    kMixedChannels,  // frames from more than one channel id
};

const char* to_string(ForceCloseError e) noexcept;

Result<Bytes, ForceCloseError> force_close_tx_payload(std::span<const Frame> frames);

}  // namespace baton::protocol
