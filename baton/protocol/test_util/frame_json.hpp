// SPDX-License-Identifier: MIT
#pragma once

// Test-only frames: read from the vector files' frame objects, compared with them, or made by hand.

#include <baton/core/hex.hpp>
#include <baton/protocol/frame.hpp>
#include <baton/protocol/test_util/vectors.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace baton::protocol::test_util {

// Whether a vector's frame object carries its data: force_close_tx_data.json's input frames do not.
enum class FrameData { kRequired, kAbsent };

// The frame a vector's JSON object describes: channel_id (16 bytes), frame_number, is_last and, with
// FrameData::kRequired, data_hex. nullopt when channel_id or data_hex is missing or malformed; a
// missing frame_number or is_last throws from json::at, which fails the test that reads it.
inline std::optional<Frame> frame_from_json(const nlohmann::json& j, FrameData data = FrameData::kRequired) {
    auto id = hex_field(j, "channel_id");
    if (!id || id->size() != ChannelId{}.size()) return std::nullopt;
    std::optional<Bytes> bytes;
    if (data == FrameData::kRequired) {
        bytes = hex_field(j, "data_hex");
        if (!bytes) return std::nullopt;
    }
    Frame f;
    std::copy(id->begin(), id->end(), f.id.begin());
    f.number = j.at("frame_number").get<std::uint16_t>();
    if (bytes) f.data = std::move(*bytes);
    f.is_last = j.at("is_last").get<bool>();
    return f;
}

// A frame of channel `id` (its first byte; the rest zero) with `data` as its bytes.
inline Frame make_frame(char id, std::uint16_t number, std::string_view data, bool last) {
    Frame f;
    f.id[0] = static_cast<std::uint8_t>(id);
    f.number = number;
    f.data = to_bytes(as_view(data));
    f.is_last = last;
    return f;
}

// An empty string when `frame` matches the JSON frame object, else what differs.
inline std::string frame_mismatch(const Frame& frame, const nlohmann::json& expected) {
    std::string why;
    auto id = hex_field(expected, "channel_id");
    if (!id || *id != Bytes(frame.id.begin(), frame.id.end())) why += " channel_id";
    if (expected.value("frame_number", -1) != frame.number) why += " frame_number";
    if (expected.contains("data_hex")) {
        auto data = hex_field(expected, "data_hex");
        if (!data || *data != frame.data) why += " data";
    }
    if (expected.value("is_last", !frame.is_last) != frame.is_last) why += " is_last";
    return why;
}

}  // namespace baton::protocol::test_util
