// SPDX-License-Identifier: MIT
#include <baton/protocol/channel_out.hpp>

#include <baton/protocol/channel_in.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <gtest/gtest.h>

namespace baton::protocol {
namespace {

ChannelId channel_id() {
    ChannelId id{};
    for (std::size_t i = 0; i < id.size(); ++i) id[i] = static_cast<std::uint8_t>(0xa0 + i);
    return id;
}

std::vector<Bytes> sample_batches() {
    std::vector<Bytes> out;
    for (int i = 0; i < 40; ++i) {
        Bytes b(300 + static_cast<std::size_t>(i) * 37);
        b[0] = static_cast<std::uint8_t>(i % 2);
        std::uint32_t x = static_cast<std::uint32_t>(i) + 1;
        for (std::size_t j = 1; j < b.size(); ++j) {
            x = x * 1664525u + 1013904223u;  // incompressible enough to need several frames
            b[j] = static_cast<std::uint8_t>(x >> 24);
        }
        out.push_back(b);
    }
    return out;
}

TEST(ChannelOutTest, RoundTripsThroughFramesAndReader) {
    for (auto algo : {CompressionAlgo::kZlib, CompressionAlgo::kBrotli}) {
        ChannelOut out(channel_id(), algo, algo == CompressionAlgo::kZlib ? 9 : 6);
        const auto batches = sample_batches();
        for (const auto& b : batches) ASSERT_TRUE(out.add_batch(b).has_value());
        EXPECT_EQ(out.batch_count(), batches.size());
        ASSERT_TRUE(out.close().has_value());
        EXPECT_EQ(out.add_batch(batches[0]).error(), ChannelOutError::kClosed);

        const std::size_t max_frame_size = 1000;
        auto frames = out.frames(max_frame_size);
        ASSERT_TRUE(frames.has_value());
        ASSERT_GT(frames->size(), 1U);

        // Deliver the frames out of order, one tx each.
        Channel ch(channel_id());
        for (std::size_t i = frames->size(); i-- > 0;) {
            const auto& f = (*frames)[i];
            EXPECT_EQ(f.number, i);
            EXPECT_EQ(f.is_last, i + 1 == frames->size());
            EXPECT_LE(encoded_size(f), max_frame_size);
            const auto tx = encode_tx_payload(std::span<const Frame>(&f, 1));
            auto decoded = decode_tx_payload(tx);
            ASSERT_TRUE(decoded.has_value());
            ASSERT_TRUE(ch.add_frame((*decoded)[0]).has_value());
        }
        ASSERT_TRUE(ch.is_ready());
        EXPECT_EQ(ch.data(), Bytes(out.compressed().begin(), out.compressed().end()));

        auto content = read_channel(ch.data(), true, kMaxRlpBytesPerChannelFjord);
        ASSERT_TRUE(content.has_value());
        EXPECT_EQ(content->algo, algo);
        EXPECT_EQ(content->end, ChannelEnd::kComplete);
        EXPECT_EQ(content->batches, batches);
    }
}

TEST(ChannelOutTest, OneFrameWhenItFitsAndExactFitHasNoEmptyTail) {
    ChannelOut out(channel_id(), CompressionAlgo::kZlib);
    ASSERT_TRUE(out.add_batch(Bytes{0x00, 0x01, 0x02}).has_value());
    EXPECT_EQ(out.frames(1000).error(), ChannelOutError::kNotClosed);
    ASSERT_TRUE(out.close().has_value());
    const auto size = out.compressed().size();

    auto one = out.frames(size + kFrameOverhead);
    ASSERT_TRUE(one.has_value());
    ASSERT_EQ(one->size(), 1U);
    EXPECT_TRUE(one->front().is_last);

    auto two = out.frames(size + kFrameOverhead - 1);
    ASSERT_TRUE(two.has_value());
    ASSERT_EQ(two->size(), 2U);
    EXPECT_EQ((*two)[1].data.size(), 1U);

    EXPECT_EQ(out.frames(kFrameOverhead).error(), ChannelOutError::kFrameSizeTooSmall);
}

TEST(ChannelOutTest, RejectsEmptyBatchAndOverflowWithoutChange) {
    ChannelOut out(channel_id(), CompressionAlgo::kZlib, 9, 100);
    EXPECT_EQ(out.add_batch({}).error(), ChannelOutError::kEmptyBatch);
    ASSERT_TRUE(out.add_batch(Bytes(60, 1)).has_value());                        // 62 bytes with header
    EXPECT_EQ(out.add_batch(Bytes(38, 1)).error(), ChannelOutError::kTooLarge);  // 39 more: 101 > 100
    EXPECT_EQ(out.input_bytes(), 62U);
    EXPECT_TRUE(out.add_batch(Bytes(37, 1)).has_value());  // exactly 100
    EXPECT_EQ(out.input_bytes(), 100U);
}

TEST(ChannelOutTest, TooManyFrames) {
    const Bytes data(70'000, 1);
    EXPECT_EQ(split_into_frames(channel_id(), data, kFrameOverhead + 1).error(),
              ChannelOutError::kTooManyFrames);
    auto ok = split_into_frames(channel_id(), ByteView(data).first(65536), kFrameOverhead + 1);
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(ok->size(), 65536U);
    EXPECT_EQ(ok->back().number, 65535);
}

TEST(AppendRlpStringTest, CanonicalForms) {
    Bytes out;
    append_rlp_string(out, Bytes{0x05});
    append_rlp_string(out, Bytes{0x80});
    append_rlp_string(out, Bytes{});
    EXPECT_EQ(out, (Bytes{0x05, 0x81, 0x80, 0x80}));
    Bytes long_form;
    append_rlp_string(long_form, Bytes(256, 0));
    EXPECT_EQ(long_form[0], 0xb9);
    EXPECT_EQ(long_form[1], 0x01);
    EXPECT_EQ(long_form[2], 0x00);
    EXPECT_EQ(long_form.size(), 259U);
}

}  // namespace
}  // namespace baton::protocol
