// SPDX-License-Identifier: MIT
#include <baton/derive/channel_reader.hpp>
#include <baton/derive/test_util/fake_stages.hpp>
#include <baton/derive/test_util/recording.hpp>
#include <baton/derive/test_util/test_rollup.hpp>
#include <baton/protocol/channel_out.hpp>
#include <baton/protocol/compression.hpp>

#include <gtest/gtest.h>

namespace baton::derive {
namespace {

using protocol::CompressionAlgo;
using protocol::SingularBatch;
using test_util::ScriptedChannelProvider;

constexpr std::uint64_t kTime = 1'000'000;

SingularBatch make_batch(std::uint64_t n) {
    SingularBatch b;
    b.parent_hash[0] = static_cast<std::uint8_t>(n);
    b.epoch_num = n;
    b.timestamp = 2 * n;
    b.transactions = {Bytes{0x02, static_cast<std::uint8_t>(n)}};
    return b;
}

// A compressed channel holding `batches` (each already `type ++ content`).
Bytes make_channel(const std::vector<Bytes>& batches, CompressionAlgo algo = CompressionAlgo::kZlib) {
    protocol::ChannelOut out(protocol::ChannelId{}, algo);
    for (const auto& b : batches) EXPECT_TRUE(out.add_batch(b));
    EXPECT_TRUE(out.close());
    return to_bytes(out.compressed());
}

Bytes encoded(std::uint64_t n) {
    return protocol::encode_batch(protocol::Batch{make_batch(n)});
}

class ChannelReaderTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto channels = std::make_unique<ScriptedChannelProvider>();
        feed = channels.get();
        feed->set_origin(7, kTime);
        reader = std::make_unique<ChannelReader>(rollup, std::move(channels), rec.telemetry());
    }

    // Every batch the reader yields until eof, stepping over not-enough-data.
    std::vector<protocol::Batch> read_all() {
        std::vector<protocol::Batch> out;
        for (int guard = 0; guard < 1000; ++guard) {
            auto b = reader->next_batch();
            if (b) {
                out.push_back(std::move(*b));
                continue;
            }
            if (b.error().is_eof()) return out;
            EXPECT_TRUE(b.error().is(Severity::kTemporary, Reason::kNotEnoughData)) << to_string(b.error());
        }
        ADD_FAILURE() << "no eof";
        return out;
    }

    protocol::RollupConfig rollup = test_util::make_test_rollup();
    test_util::RecordingTelemetry rec;
    ScriptedChannelProvider* feed = nullptr;
    std::unique_ptr<ChannelReader> reader;
};

TEST_F(ChannelReaderTest, ReadsBatchesOfEachChannelInOrder) {
    feed->push(make_channel({encoded(1), encoded(2)}));
    feed->push(make_channel({encoded(3)}, CompressionAlgo::kBrotli));
    auto got = read_all();
    ASSERT_EQ(got.size(), 3u);
    for (std::uint64_t i = 0; i < 3; ++i) EXPECT_EQ(std::get<SingularBatch>(got[i]), make_batch(i + 1));
    EXPECT_EQ(rec.metrics.total_drops(), 0u);
}

TEST_F(ChannelReaderTest, InvalidBatchDropsTheRestOfTheChannel) {
    feed->push(make_channel({encoded(1), Bytes{0x00, 0xc0}, encoded(2)}));  // 0x00 ++ empty list
    feed->push(make_channel({encoded(3)}));
    auto got = read_all();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(std::get<SingularBatch>(got[0]), make_batch(1));
    EXPECT_EQ(std::get<SingularBatch>(got[1]), make_batch(3));
    EXPECT_EQ(rec.metrics.drops(DropReason::kInvalidBatch), 1u);
}

TEST_F(ChannelReaderTest, BrotliBeforeFjordIsUnreadable) {
    rollup.fjord_time = kTime + 1;
    feed->push(make_channel({encoded(1)}, CompressionAlgo::kBrotli));
    feed->push(make_channel({encoded(2)}));
    auto got = read_all();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(std::get<SingularBatch>(got[0]), make_batch(2));
    EXPECT_EQ(rec.metrics.drops(DropReason::kChannelUnreadable), 1u);
}

TEST_F(ChannelReaderTest, TruncatedStreamKeepsBatchesBeforeTheCut) {
    // Incompressible transactions, so that cutting the compressed tail lands inside the last batch.
    std::vector<Bytes> batches;
    for (std::uint64_t i = 1; i <= 3; ++i) {
        SingularBatch b = make_batch(i);
        Bytes noise(4000);
        std::uint32_t x = static_cast<std::uint32_t>(i) * 2654435761u;
        for (auto& byte : noise) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            byte = static_cast<std::uint8_t>(x);
        }
        b.transactions.push_back(noise);
        batches.push_back(protocol::encode_batch(protocol::Batch{b}));
    }
    Bytes channel = make_channel(batches);
    channel.resize(channel.size() - 2000);
    feed->push(channel);
    auto got = read_all();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(std::get<SingularBatch>(got[1]).epoch_num, 2u);
    EXPECT_EQ(rec.metrics.drops(DropReason::kChannelCut), 1u);
}

TEST_F(ChannelReaderTest, FlushChannelDropsTheChannelBeingRead) {
    feed->push(make_channel({encoded(1), encoded(2)}));
    feed->push(make_channel({encoded(3)}));
    auto first = reader->next_batch();
    ASSERT_TRUE(first);
    EXPECT_TRUE(reader->has_channel());
    ASSERT_TRUE(reader->signal(FlushChannel{}));
    EXPECT_FALSE(reader->has_channel());
    EXPECT_EQ(feed->signals.size(), 1u);
    auto rest = read_all();
    ASSERT_EQ(rest.size(), 1u);
    EXPECT_EQ(std::get<SingularBatch>(rest[0]), make_batch(3));
}

// A Baton span batch (0xBA) of two empty blocks, the second paying `recipient`.
Bytes baton_span_batch(const Address& recipient) {
    std::vector<SingularBatch> blocks{make_batch(4), make_batch(5)};
    for (auto& b : blocks) b.transactions.clear();
    blocks[1].fee_recipient = recipient;
    auto span = protocol::make_span_batch(blocks, protocol::SpanBatchParams{0, 2, 901}, false);
    EXPECT_TRUE(span.has_value());
    return protocol::encode_batch(protocol::Batch{*span});
}

TEST_F(ChannelReaderTest, BatonSpanBatchBeforeBatonTimeIsDroppedAlone) {
    rollup.baton_time = kTime + 1;
    const Address leader{0xAB};
    feed->push(make_channel({encoded(1), baton_span_batch(leader), encoded(2)}));
    auto got = read_all();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(std::get<SingularBatch>(got[0]), make_batch(1));
    EXPECT_EQ(std::get<SingularBatch>(got[1]), make_batch(2));
    EXPECT_EQ(rec.metrics.drops(DropReason::kBatonSpanBatchBeforeBaton), 1u);
    EXPECT_EQ(rec.metrics.total_drops(), 1u);
}

TEST_F(ChannelReaderTest, BatonSpanBatchFromBatonTimeIsRead) {
    rollup.baton_time = kTime;
    const Address leader{0xAB};
    feed->push(make_channel({encoded(1), baton_span_batch(leader)}));
    auto got = read_all();
    ASSERT_EQ(got.size(), 2u);
    ASSERT_EQ(protocol::batch_type(got[1]), protocol::BatchType::kBatonSpan);
    EXPECT_EQ(std::get<protocol::SpanBatch>(got[1]).fee_recipients,
              (std::vector<Address>{protocol::kSequencerFeeVaultAddress, leader}));
    EXPECT_EQ(rec.metrics.total_drops(), 0u);
}

TEST_F(ChannelReaderTest, PassesUpstreamErrorsThrough) {
    feed->push_error(reset(Reason::kReorgDetected));
    auto r = reader->next_batch();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Severity::kReset, Reason::kReorgDetected));
}

}  // namespace
}  // namespace baton::derive
