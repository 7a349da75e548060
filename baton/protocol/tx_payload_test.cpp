// SPDX-License-Identifier: MIT
#include <baton/protocol/tx_payload.hpp>

#include <baton/core/hex.hpp>
#include <baton/protocol/test_util/frame_json.hpp>
#include <baton/protocol/test_util/vectors.hpp>

#include <gtest/gtest.h>

namespace baton::protocol {
namespace {

using test_util::case_name;
using test_util::hex_field;

Frame make_frame(std::uint8_t tag, std::uint16_t number, Bytes data, bool is_last) {
    Frame f;
    f.id.fill(tag);
    f.number = number;
    f.data = std::move(data);
    f.is_last = is_last;
    return f;
}

TEST(TxPayloadTest, RoundTripsSeveralFrames) {
    const std::vector<Frame> frames = {make_frame(1, 0, {1, 2, 3}, false), make_frame(1, 1, {}, true),
                                       make_frame(2, 7, {9}, false)};
    const auto payload = encode_tx_payload(frames);
    EXPECT_EQ(payload.size(), encoded_tx_payload_size(frames));
    EXPECT_EQ(payload[0], kDerivationVersion0);
    auto decoded = decode_tx_payload(payload);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, frames);
}

TEST(TxPayloadTest, TrailingGarbageRejectsEverythingAndNamesTheOffset) {
    const std::vector<Frame> frames = {make_frame(1, 0, {1, 2, 3}, false)};
    auto payload = encode_tx_payload(frames);
    const auto good_size = payload.size();
    payload.push_back(0xab);
    auto decoded = decode_tx_payload(payload);
    ASSERT_FALSE(decoded.has_value());
    EXPECT_EQ(decoded.error().error, TxPayloadError::kInvalidFrame);
    EXPECT_EQ(decoded.error().frame_error, FrameError::kTruncatedChannelId);
    EXPECT_EQ(decoded.error().offset, good_size);
}

TEST(TxPayloadTest, BadSecondFrameOffsetIsAbsolute) {
    const std::vector<Frame> frames = {make_frame(1, 0, {1, 2, 3}, false), make_frame(1, 1, {4}, true)};
    auto payload = encode_tx_payload(frames);
    payload.back() = 2;  // is_last byte of the second frame
    auto decoded = decode_tx_payload(payload);
    ASSERT_FALSE(decoded.has_value());
    EXPECT_EQ(decoded.error().error, TxPayloadError::kInvalidFrame);
    EXPECT_EQ(decoded.error().frame_error, FrameError::kInvalidIsLast);
    EXPECT_EQ(decoded.error().offset, payload.size() - 1);
}

TEST(TxPayloadTest, AltDaVersionIsUnknown) {
    const Bytes payload = {0x01, 0x00};
    auto decoded = decode_tx_payload(payload);
    ASSERT_FALSE(decoded.has_value());
    EXPECT_EQ(decoded.error().error, TxPayloadError::kUnknownVersion);
}

TEST(TxPayloadVectorsTest, ParseFramesCases) {
    std::string error;
    const auto cases = test_util::load_cases("frames.json", &error);
    ASSERT_FALSE(cases.empty()) << error;
    int ran = 0;
    for (const auto& c : cases) {
        if (c.value("kind", std::string()) != "parse_frames") continue;
        ++ran;
        SCOPED_TRACE(case_name(c));
        auto input = hex_field(c, "input_hex");
        ASSERT_TRUE(input.has_value());
        auto decoded = decode_tx_payload(*input);
        if (c.contains("expected_error")) {
            ASSERT_FALSE(decoded.has_value());
            const auto message = c["expected_error"].get<std::string>();
            TxPayloadError want = TxPayloadError::kInvalidFrame;
            if (message.find("empty") != std::string::npos) want = TxPayloadError::kEmpty;
            if (message.find("derivation format") != std::string::npos)
                want = TxPayloadError::kUnknownVersion;
            if (message.find("version byte but no frames") != std::string::npos)
                want = TxPayloadError::kNoFrames;
            EXPECT_EQ(decoded.error().error, want) << to_string(decoded.error().error);
            if (want == TxPayloadError::kInvalidFrame) {
                EXPECT_TRUE(is_truncation(decoded.error().frame_error));
            }
            continue;
        }
        ASSERT_TRUE(decoded.has_value()) << to_string(decoded.error().error);
        const auto& expected = c.at("expected").at("frames");
        ASSERT_EQ(decoded->size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            EXPECT_EQ(test_util::frame_mismatch((*decoded)[i], expected[i]), "") << "frame " << i;
        }
        EXPECT_EQ(encode_tx_payload(*decoded), *input);
    }
    EXPECT_EQ(ran, 6);
}

TEST(ForceCloseVectorsTest, AllCases) {
    std::string error;
    const auto cases = test_util::load_cases("force_close_tx_data.json", &error);
    ASSERT_FALSE(cases.empty()) << error;
    for (const auto& c : cases) {
        SCOPED_TRACE(case_name(c));
        std::vector<Frame> input;
        for (const auto& f : c.at("input_frames")) {
            auto frame = test_util::frame_from_json(f, test_util::FrameData::kAbsent);
            ASSERT_TRUE(frame) << f.dump();
            input.push_back(*frame);
        }
        auto payload = force_close_tx_payload(input);
        if (c.contains("expected_error")) {
            ASSERT_FALSE(payload.has_value());
            EXPECT_EQ(payload.error(),
                      input.empty() ? ForceCloseError::kNoFrames : ForceCloseError::kMixedChannels);
            continue;
        }
        ASSERT_TRUE(payload.has_value()) << to_string(payload.error());
        EXPECT_EQ(to_hex(*payload, false), c.at("expected_tx_data_hex").get<std::string>());
        const auto& expected = c.at("expected_decoded");
        if (expected.empty()) {
            EXPECT_EQ(payload->size(), 1U);
            continue;
        }
        auto decoded = decode_tx_payload(*payload);
        ASSERT_TRUE(decoded.has_value());
        ASSERT_EQ(decoded->size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            EXPECT_EQ(test_util::frame_mismatch((*decoded)[i], expected[i]), "") << "frame " << i;
        }
    }
}

}  // namespace
}  // namespace baton::protocol
