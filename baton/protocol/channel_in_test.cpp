// SPDX-License-Identifier: MIT
#include <baton/protocol/channel_in.hpp>

#include <baton/core/hex.hpp>
#include <baton/protocol/channel_out.hpp>
#include <baton/protocol/test_util/vectors.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace baton::protocol {
namespace {

ChannelId channel_id(std::uint8_t tag) {
    ChannelId id{};
    id.fill(tag);
    return id;
}

Frame frame(std::uint16_t number, Bytes data, bool is_last, std::uint8_t tag = 7) {
    return Frame{channel_id(tag), number, std::move(data), is_last};
}

TEST(ChannelTest, ReadyWhenClosedAndComplete) {
    Channel ch(channel_id(7));
    ASSERT_TRUE(ch.add_frame(frame(2, {5, 6}, true)).has_value());
    EXPECT_TRUE(ch.is_closed());
    EXPECT_FALSE(ch.is_ready());
    ASSERT_TRUE(ch.add_frame(frame(0, {1, 2}, false)).has_value());
    EXPECT_FALSE(ch.is_ready());
    ASSERT_TRUE(ch.add_frame(frame(1, {3, 4}, false)).has_value());
    EXPECT_TRUE(ch.is_ready());
    EXPECT_EQ(ch.data(), (Bytes{1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(ch.size(), 6 + 3 * kFrameSizeOverhead);
    EXPECT_EQ(ch.highest_number(), 2);
}

TEST(ChannelTest, RejectsWithReasonsAndStaysUnchanged) {
    Channel ch(channel_id(7));
    ASSERT_TRUE(ch.add_frame(frame(0, {1}, false)).has_value());
    ASSERT_TRUE(ch.add_frame(frame(3, {4}, true)).has_value());
    const auto size = ch.size();

    EXPECT_EQ(ch.add_frame(frame(1, {}, false, 8)).error(), ChannelError::kWrongChannel);
    EXPECT_EQ(ch.add_frame(frame(1, {}, true)).error(), ChannelError::kAlreadyClosed);
    EXPECT_EQ(ch.add_frame(frame(0, {9}, false)).error(), ChannelError::kDuplicateFrame);
    EXPECT_EQ(ch.add_frame(frame(3, {9}, false)).error(), ChannelError::kDuplicateFrame);
    EXPECT_EQ(ch.add_frame(frame(4, {9}, false)).error(), ChannelError::kFrameAfterClose);
    EXPECT_EQ(ch.size(), size);
    EXPECT_EQ(ch.frame_count(), 2U);
    EXPECT_FALSE(ch.is_ready());
}

TEST(ChannelTest, ClosingFramePrunesHigherNumbers) {
    Channel ch(channel_id(7));
    ASSERT_TRUE(ch.add_frame(frame(0, {1}, false)).has_value());
    ASSERT_TRUE(ch.add_frame(frame(4, {1, 2, 3}, false)).has_value());
    ASSERT_TRUE(ch.add_frame(frame(5, {1, 2, 3}, false)).has_value());
    EXPECT_EQ(ch.highest_number(), 5);
    ASSERT_TRUE(ch.add_frame(frame(1, {2}, true)).has_value());
    EXPECT_EQ(ch.frame_count(), 2U);
    EXPECT_EQ(ch.highest_number(), 1);
    // Upstream counts only the closing frame after pruning (see channel_in.hpp).
    EXPECT_EQ(ch.size(), 1 + kFrameSizeOverhead);
    EXPECT_TRUE(ch.is_ready());
    EXPECT_EQ(ch.data(), (Bytes{1, 2}));
}

// kona's Channel frame-validity table (channel.rs test_frame_validity): accept/reject and size
// after every frame.
TEST(ChannelTest, FrameValidityTableMatchesKona) {
    struct Step {
        Frame frame;
        bool ok;
        std::size_t size;
    };
    const auto id = channel_id(0xff);
    const auto text = [](const char* s) { return Bytes(s, s + std::char_traits<char>::length(s)); };
    const std::vector<std::vector<Step>> cases = {
        {{Frame{channel_id(0xee), 0, {}, false}, false, 0}},
        {{Frame{id, 2, text("four"), true}, true, 204}, {Frame{id, 1, {}, true}, false, 204}},
        {{Frame{id, 2, text("four"), false}, true, 204}, {Frame{id, 2, text("seven"), false}, false, 204}},
        {{Frame{id, 2, text("four"), true}, true, 204}, {Frame{id, 2, text("seven"), true}, false, 204}},
        {{Frame{id, 2, text("four"), true}, true, 204}, {Frame{id, 10, text("seven"), false}, false, 204}},
        {{Frame{id, 0, text("seven"), false}, true, 205}, {Frame{id, 1, text("four"), true}, true, 409}},
        {{Frame{id, 1, text("seven__"), false}, true, 207}, {Frame{id, 2, text("four"), false}, true, 411}},
        {{Frame{id, 0, text("seven__"), false}, true, 207}, {Frame{id, 1, text("four"), false}, true, 411}},
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        Channel ch(id);
        for (const auto& step : cases[i]) {
            EXPECT_EQ(ch.add_frame(step.frame).has_value(), step.ok) << "case " << i;
            EXPECT_EQ(ch.size(), step.size) << "case " << i;
        }
    }
}

Bytes rlp_stream(const std::vector<Bytes>& batches) {
    Bytes out;
    for (const auto& b : batches) append_rlp_string(out, b);
    return out;
}

TEST(SplitBatchesTest, SplitsCanonicalStrings) {
    const std::vector<Bytes> batches = {
        {0x00}, {0x7f}, {0x01, 0x02}, Bytes(55, 0xaa), Bytes(56, 0xbb), Bytes(70'000, 0xcc), {}};
    const auto stream = rlp_stream(batches);
    auto content = split_batches(stream, DecompressStatus::kComplete);
    EXPECT_EQ(content.end, ChannelEnd::kComplete);
    EXPECT_EQ(content.end_offset, stream.size());
    EXPECT_EQ(content.batches, batches);
}

TEST(SplitBatchesTest, MalformedItemKeepsEarlierBatches) {
    const Bytes good = rlp_stream({{0x00, 0x01}});
    const std::vector<std::pair<const char*, Bytes>> bad = {
        {"list", {0xc1, 0x00}},
        {"single byte with header", {0x81, 0x05}},
        {"long form for short string", {0xb8, 0x02, 0x01, 0x02}},
        {"length with leading zero", {0xb9, 0x00, 0x40}},
        {"runs past the end", {0x83, 0x01}},
    };
    for (const auto& [what, tail] : bad) {
        Bytes stream = good;
        append(stream, tail);
        auto content = split_batches(stream, DecompressStatus::kComplete);
        EXPECT_EQ(content.end, ChannelEnd::kDecodeError) << what;
        EXPECT_EQ(content.end_offset, good.size()) << what;
        ASSERT_EQ(content.batches.size(), 1U) << what;
    }
}

TEST(SplitBatchesTest, CutItemEndsAsTheStreamDid) {
    Bytes stream = rlp_stream({{0x00, 0x01}, Bytes(100, 0x02)});
    stream.resize(stream.size() - 10);
    EXPECT_EQ(split_batches(stream, DecompressStatus::kTruncated).end, ChannelEnd::kTruncated);
    EXPECT_EQ(split_batches(stream, DecompressStatus::kCorrupt).end, ChannelEnd::kCorrupt);
    EXPECT_EQ(split_batches(stream, DecompressStatus::kLimitReached).end, ChannelEnd::kSizeLimit);
    EXPECT_EQ(split_batches(stream, DecompressStatus::kTruncated).batches.size(), 1U);
}

TEST(BatchSplitterTest, YieldsViewsIntoTheStreamAndEndsAsSplitBatches) {
    const std::vector<Bytes> batches = {{0x00}, {0x01, 0x02}, Bytes(70'000, 0xcc)};
    Bytes stream = rlp_stream(batches);
    stream.push_back(0xc1);  // a list: malformed after three good batches
    BatchSplitter splitter(stream, DecompressStatus::kComplete);
    std::size_t n = 0;
    while (auto batch = splitter.next()) {
        ASSERT_LT(n, batches.size());
        EXPECT_TRUE(std::equal(batch->begin(), batch->end(), batches[n].begin(), batches[n].end()));
        // No copy: the batch lies inside the stream it was split from.
        EXPECT_GE(batch->data(), stream.data());
        EXPECT_LE(batch->data() + batch->size(), stream.data() + stream.size());
        ++n;
    }
    EXPECT_EQ(n, batches.size());
    const auto content = split_batches(stream, DecompressStatus::kComplete);
    EXPECT_EQ(splitter.end(), content.end);
    EXPECT_EQ(splitter.end(), ChannelEnd::kDecodeError);
    EXPECT_EQ(splitter.end_offset(), content.end_offset);
    EXPECT_FALSE(splitter.next().has_value()) << "stays exhausted";
}

TEST(ChannelReaderTest, SizeLimitKeepsBatchesWhollyBeforeIt) {
    const std::vector<Bytes> batches = {Bytes(1000, 1), Bytes(1000, 2), Bytes(1000, 3)};
    const auto stream = rlp_stream(batches);
    const auto channel = compress_zlib(stream);
    // The limit falls inside the third batch.
    auto content = read_channel(channel, false, stream.size() - 5);
    ASSERT_TRUE(content.has_value());
    EXPECT_EQ(content->end, ChannelEnd::kSizeLimit);
    ASSERT_EQ(content->batches.size(), 2U);
    EXPECT_EQ(content->batches[1], batches[1]);
}

TEST(ChannelReaderTest, TruncatedZlibYieldsBatchesBeforeTheCut) {
    std::vector<Bytes> batches;
    for (int i = 0; i < 50; ++i) {
        Bytes b(997);
        for (std::size_t j = 0; j < b.size(); ++j)
            b[j] = static_cast<std::uint8_t>((static_cast<std::size_t>(i) * 131 + j * j) & 0xff);
        batches.push_back(b);
    }
    const auto channel = compress_zlib(rlp_stream(batches), 1);
    auto content = read_channel(ByteView(channel).first(channel.size() / 2), false, kMaxRlpBytesPerChannel);
    ASSERT_TRUE(content.has_value());
    EXPECT_EQ(content->end, ChannelEnd::kTruncated);
    ASSERT_GT(content->batches.size(), 0U);
    ASSERT_LT(content->batches.size(), batches.size());
    for (std::size_t i = 0; i < content->batches.size(); ++i) EXPECT_EQ(content->batches[i], batches[i]);
}

TEST(ChannelReaderTest, PullsBatchesOneByOne) {
    const std::vector<Bytes> batches = {{0x00, 0x01}, {0x01, 0x02, 0x03}};
    Bytes channel = compress_channel(rlp_stream(batches), CompressionAlgo::kBrotli, 5);
    EXPECT_EQ(ChannelReader::open(channel, false, kMaxRlpBytesPerChannel).error(),
              CompressionError::kBrotliBeforeFjord);
    auto reader = ChannelReader::open(channel, true, kMaxRlpBytesPerChannelFjord);
    ASSERT_TRUE(reader.has_value());
    EXPECT_EQ(reader->algo(), CompressionAlgo::kBrotli);
    EXPECT_EQ(reader->next_batch(), batches[0]);
    EXPECT_EQ(reader->next_batch(), batches[1]);
    EXPECT_EQ(reader->next_batch(), std::nullopt);
    EXPECT_EQ(reader->end(), ChannelEnd::kComplete);
    EXPECT_EQ(reader->next_batch(), std::nullopt);
}

// The real OP Mainnet batcher tx: calldata → frames → channel → zlib → one span batch.
TEST(ChannelVectorsTest, OpMainnetBatcherTxEndToEnd) {
    std::string error;
    const auto cases = test_util::load_cases("op_mainnet_batcher_tx.json", &error);
    ASSERT_EQ(cases.size(), 1U) << error;
    const auto& c = cases[0];
    const auto& expected = c.at("expected");
    auto tx = test_util::hex_field(c, "input_tx_hex");
    ASSERT_TRUE(tx.has_value());
    // The calldata is the last field before the access list and signature; find it by its frame header.
    auto header = decode_hex("00" + expected.at("frames")[0].at("channel_id").get<std::string>());
    ASSERT_TRUE(header.has_value());
    auto at = std::search(tx->begin(), tx->end(), header->begin(), header->end());
    ASSERT_NE(at, tx->end());
    const auto calldata_length = expected.at("calldata_length").get<std::size_t>();
    ASSERT_LE(static_cast<std::size_t>(tx->end() - at), tx->size());
    const ByteView calldata(&*at, calldata_length);

    auto frames = decode_tx_payload(calldata);
    ASSERT_TRUE(frames.has_value()) << to_string(frames.error().error);
    ASSERT_EQ(frames->size(), expected.at("frames").size());
    EXPECT_EQ(frames->front().data.size(), expected["frames"][0].at("frame_data_length").get<std::size_t>());
    EXPECT_EQ(encode_tx_payload(*frames), Bytes(calldata.begin(), calldata.end()));

    Channel ch(frames->front().id);
    for (auto& f : *frames) ASSERT_TRUE(ch.add_frame(f).has_value());
    ASSERT_TRUE(ch.is_ready());
    const auto data = ch.data();
    const auto& chan = expected.at("channel");
    EXPECT_EQ(data.size(), chan.at("compressed_length").get<std::size_t>());

    auto out = decompress_channel(data, false, kMaxRlpBytesPerChannel);
    ASSERT_TRUE(out.has_value());
    // op-batcher ends its zlib stream with a sync flush (00 00 ff ff) and no final block, so the
    // stream is "truncated" right after the last batch: every batch is still there.
    EXPECT_EQ(out->status, DecompressStatus::kTruncated);
    EXPECT_EQ(out->data.size(), chan.at("decompressed_length").get<std::size_t>());

    auto content = read_channel(data, false, kMaxRlpBytesPerChannel);
    ASSERT_TRUE(content.has_value());
    EXPECT_EQ(content->end, ChannelEnd::kTruncated);
    EXPECT_EQ(content->end_offset, out->data.size());
    ASSERT_EQ(content->batches.size(), chan.at("batch_count").get<std::size_t>());
    EXPECT_EQ(content->batches[0][0], 1) << "a span batch";
    // Re-wrapping the batch gives the decompressed stream back byte for byte.
    Bytes rewrapped;
    append_rlp_string(rewrapped, content->batches[0]);
    EXPECT_EQ(rewrapped, out->data);
}

}  // namespace
}  // namespace baton::protocol
