// SPDX-License-Identifier: MIT
#pragma once

// Test-only: compares decoded frames with the `frames` arrays of the vector files.

#include <baton/core/hex.hpp>
#include <baton/protocol/frame.hpp>
#include <baton/protocol/test_util/vectors.hpp>

#include <string>

namespace baton::protocol::test_util {

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
