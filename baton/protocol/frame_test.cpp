// SPDX-License-Identifier: MIT
#include <baton/protocol/frame.hpp>

#include <baton/core/hex.hpp>
#include <baton/protocol/test_util/frame_json.hpp>
#include <baton/protocol/test_util/vectors.hpp>

#include <gtest/gtest.h>

namespace baton::protocol {
namespace {

using test_util::case_name;
using test_util::hex_field;

Frame sample_frame() {
    Frame f;
    for (std::size_t i = 0; i < f.id.size(); ++i) f.id[i] = static_cast<std::uint8_t>(i);
    f.number = 0x1234;
    f.data = {0xaa, 0xbb, 0xcc};
    f.is_last = true;
    return f;
}

TEST(FrameTest, EncodesTheDocumentedLayout) {
    const auto bytes = encode_frame(sample_frame());
    EXPECT_EQ(to_hex(bytes, false), "000102030405060708090a0b0c0d0e0f123400000003aabbcc01");
    EXPECT_EQ(bytes.size(), encoded_size(sample_frame()));
}

TEST(FrameTest, DecodeAdvancesPastOneFrameOnly) {
    auto bytes = encode_frame(sample_frame());
    bytes.push_back(0x77);
    ByteView in = bytes;
    auto frame = decode_frame(in);
    ASSERT_TRUE(frame.has_value());
    EXPECT_EQ(*frame, sample_frame());
    ASSERT_EQ(in.size(), 1U);
    EXPECT_EQ(in[0], 0x77);
}

TEST(FrameTest, EveryTruncationIsReportedWithItsField) {
    const auto bytes = encode_frame(sample_frame());
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
        ByteView in(bytes.data(), cut);
        auto frame = decode_frame(in);
        ASSERT_FALSE(frame.has_value()) << cut;
        EXPECT_TRUE(is_truncation(frame.error().error)) << cut;
        EXPECT_EQ(in.size(), cut) << "input must not be consumed on error";
        const auto expected = cut < 16   ? FrameError::kTruncatedChannelId
                              : cut < 18 ? FrameError::kTruncatedFrameNumber
                              : cut < 22 ? FrameError::kTruncatedDataLength
                              : cut < 25 ? FrameError::kTruncatedData
                                         : FrameError::kTruncatedIsLast;
        EXPECT_EQ(frame.error().error, expected) << cut;
    }
}

TEST(FrameTest, LengthAboveMaxIsRejectedBeforeReadingData) {
    Bytes bytes(16, 0);
    append_be(bytes, 0, 2);
    append_be(bytes, kMaxFrameLen + 1, 4);
    ByteView in = bytes;
    auto frame = decode_frame(in);
    ASSERT_FALSE(frame.has_value());
    EXPECT_EQ(frame.error(), (FrameFailure{FrameError::kDataTooLong, 18}));
}

TEST(FrameTest, LengthAtMaxIsAccepted) {
    Frame f;
    f.data.assign(kMaxFrameLen, 0x5a);
    const auto bytes = encode_frame(f);
    ByteView in = bytes;
    auto frame = decode_frame(in);
    ASSERT_TRUE(frame.has_value());
    EXPECT_EQ(frame->data.size(), kMaxFrameLen);
}

TEST(FrameTest, IsLastMustBeZeroOrOne) {
    for (int v = 0; v < 256; ++v) {
        auto bytes = encode_frame(sample_frame());
        bytes.back() = static_cast<std::uint8_t>(v);
        ByteView in = bytes;
        auto frame = decode_frame(in);
        if (v <= 1) {
            ASSERT_TRUE(frame.has_value());
            EXPECT_EQ(frame->is_last, v == 1);
        } else {
            ASSERT_FALSE(frame.has_value());
            EXPECT_EQ(frame.error(), (FrameFailure{FrameError::kInvalidIsLast, bytes.size() - 1}));
        }
    }
}

TEST(FrameTest, ErrorsHaveMessages) {
    for (auto e : {FrameError::kTruncatedChannelId, FrameError::kTruncatedFrameNumber,
                   FrameError::kTruncatedDataLength, FrameError::kDataTooLong, FrameError::kTruncatedData,
                   FrameError::kTruncatedIsLast, FrameError::kInvalidIsLast}) {
        EXPECT_STRNE(to_string(e), "unknown frame error");
    }
}

// Every decode_frame / frame_header_only case of frames.json (parse_frames cases run in
// tx_payload_test.cpp).
TEST(FrameVectorsTest, DecodeFrameCases) {
    std::string error;
    const auto cases = test_util::load_cases("frames.json", &error);
    ASSERT_FALSE(cases.empty()) << error;
    int ran = 0;
    for (const auto& c : cases) {
        const auto kind = c.value("kind", std::string());
        SCOPED_TRACE(case_name(c));
        auto input = hex_field(c, "input_hex");
        ASSERT_TRUE(input.has_value());
        if (kind == "decode_frame") {
            ++ran;
            ByteView in = *input;
            auto frame = decode_frame(in);
            if (c.contains("expected_error")) {
                ASSERT_FALSE(frame.has_value());
                const auto message = c["expected_error"].get<std::string>();
                // Match on the kind of failure the vector names.
                if (message.find("is_last") != std::string::npos &&
                    message.find("invalid") != std::string::npos) {
                    EXPECT_EQ(frame.error().error, FrameError::kInvalidIsLast);
                } else if (message.find("MaxFrameLen") != std::string::npos) {
                    EXPECT_EQ(frame.error().error, FrameError::kDataTooLong);
                } else {
                    EXPECT_TRUE(is_truncation(frame.error().error)) << to_string(frame.error().error);
                }
                continue;
            }
            ASSERT_TRUE(frame.has_value()) << to_string(frame.error().error);
            const auto& expected = c.at("expected");
            ASSERT_EQ(expected.at("frames").size(), 1U);
            EXPECT_EQ(test_util::frame_mismatch(*frame, expected["frames"][0]), "");
            if (expected.contains("consumed_bytes")) {
                EXPECT_EQ(input->size() - in.size(), expected["consumed_bytes"].get<std::size_t>());
            }
            EXPECT_TRUE(in.empty());
            // Round trip: re-encoding gives the input byte for byte.
            EXPECT_EQ(encode_frame(*frame), *input);
        } else if (kind == "frame_header_only") {
            // Only the first bytes of a real frame: the header decodes, the data is truncated.
            ++ran;
            const auto& expected = c.at("expected");
            ASSERT_GE(input->size(), 1U);
            EXPECT_EQ((*input)[0], expected.at("derivation_version").get<int>());
            ByteView in = ByteView(*input).subspan(1);
            auto frame = decode_frame(in);
            ASSERT_FALSE(frame.has_value());
            EXPECT_EQ(frame.error(), (FrameFailure{FrameError::kTruncatedData, 22}));
            EXPECT_EQ(to_hex(in.subspan(0, 16), false), expected.at("channel_id").get<std::string>());
            EXPECT_EQ(load_be(in.subspan(16, 2)), expected.at("frame_number").get<std::uint64_t>());
            EXPECT_EQ(load_be(in.subspan(18, 4)), expected.at("frame_data_length").get<std::uint64_t>());
            EXPECT_EQ(1 + kFrameOverhead + load_be(in.subspan(18, 4)),
                      expected.at("total_calldata_length").get<std::uint64_t>());
            EXPECT_EQ(to_hex(in.subspan(22), false), expected.at("frame_data_prefix_hex").get<std::string>());
        } else if (kind != "parse_frames") {
            ADD_FAILURE() << "unhandled kind " << kind;
        }
    }
    EXPECT_EQ(ran, 17);  // 16 decode_frame + 1 frame_header_only
}

}  // namespace
}  // namespace baton::protocol
