// SPDX-License-Identifier: MIT
#include <baton/protocol/tx_payload.hpp>

#include <algorithm>
#include <optional>

namespace baton::protocol {

const char* to_string(TxPayloadError e) noexcept {
    switch (e) {
        case TxPayloadError::kEmpty:
            return "empty batcher tx payload";
        case TxPayloadError::kUnknownVersion:
            return "unknown derivation version byte";
        case TxPayloadError::kNoFrames:
            return "derivation version byte but no frames";
        case TxPayloadError::kInvalidFrame:
            return "invalid frame in batcher tx payload";
    }
    return "unknown tx payload error";
}

const char* to_string(ForceCloseError e) noexcept {
    switch (e) {
        case ForceCloseError::kNoFrames:
            return "no frames to close";
        case ForceCloseError::kMixedChannels:
            return "frames from more than one channel";
    }
    return "unknown force-close error";
}

Result<std::vector<Frame>, TxPayloadFailure> decode_tx_payload(ByteView payload) {
    if (payload.empty()) return unexpected(TxPayloadFailure{TxPayloadError::kEmpty, 0});
    if (payload[0] != kDerivationVersion0)
        return unexpected(TxPayloadFailure{TxPayloadError::kUnknownVersion, 0});
    if (payload.size() == 1) return unexpected(TxPayloadFailure{TxPayloadError::kNoFrames, 1});

    std::vector<Frame> frames;
    ByteView rest = payload.subspan(1);
    while (!rest.empty()) {
        const std::size_t at = payload.size() - rest.size();
        auto frame = decode_frame(rest);
        if (!frame) {
            return unexpected(TxPayloadFailure{TxPayloadError::kInvalidFrame, at + frame.error().offset,
                                               frame.error().error});
        }
        frames.push_back(std::move(*frame));
    }
    return frames;
}

std::size_t encoded_tx_payload_size(std::span<const Frame> frames) noexcept {
    std::size_t size = 1;
    for (const auto& f : frames) size += encoded_size(f);
    return size;
}

Bytes encode_tx_payload(std::span<const Frame> frames) {
    Bytes out;
    out.reserve(encoded_tx_payload_size(frames));
    out.push_back(kDerivationVersion0);
    for (const auto& f : frames) encode_frame(out, f);
    return out;
}

Result<Bytes, ForceCloseError> force_close_tx_payload(std::span<const Frame> frames) {
    if (frames.empty()) return unexpected(ForceCloseError::kNoFrames);
    const ChannelId id = frames.front().id;
    std::optional<std::uint16_t> closing;
    std::vector<bool> seen;
    for (const auto& f : frames) {
        if (f.id != id) return unexpected(ForceCloseError::kMixedChannels);
        if (f.is_last && !closing) closing = f.number;
        if (seen.size() <= f.number) seen.resize(std::size_t{f.number} + 1, false);
        seen[f.number] = true;
    }

    std::vector<Frame> out;
    if (!closing) {
        out.push_back(Frame{id, 0, {}, true});
    } else {
        for (std::size_t n = 0; n <= *closing; ++n) {
            if (n < seen.size() && seen[n]) continue;
            out.push_back(Frame{id, static_cast<std::uint16_t>(n), {}, false});
        }
    }
    return encode_tx_payload(out);
}

}  // namespace baton::protocol
