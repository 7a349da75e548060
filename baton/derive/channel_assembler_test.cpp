// SPDX-License-Identifier: MIT
#include <baton/derive/channel_assembler.hpp>
#include <baton/derive/test_util/fake_l1_chain.hpp>
#include <baton/derive/test_util/fake_stages.hpp>
#include <baton/derive/test_util/recording.hpp>
#include <baton/derive/test_util/test_rollup.hpp>
#include <baton/protocol/test_util/frame_json.hpp>
#include <baton/protocol/test_util/vectors.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace baton::derive {
namespace {

using protocol::Frame;
using protocol::test_util::case_name;
using protocol::test_util::frame_from_json;
using protocol::test_util::hex_field;
using protocol::test_util::load_vectors;
using protocol::test_util::make_frame;
using test_util::ScriptedFrameProvider;

constexpr std::uint64_t kTime = 1'000'000;

TEST(ChannelAssemblerTest, HoloceneVectors) {
    std::string error;
    auto doc = load_vectors("channel_assembler_holocene.json", &error);
    ASSERT_TRUE(doc.is_object()) << error;
    std::size_t cases = 0;
    for (const auto& c : doc.at("cases")) {
        ++cases;
        const std::string name = case_name(c);
        auto rollup = test_util::make_test_rollup(std::nullopt);
        if (c.contains("config")) {
            // Granite's timeout constant is what the case pins; the chain parameter must not be used.
            ASSERT_TRUE(c["config"].at("granite_active").get<bool>()) << name;
            ASSERT_EQ(c["config"].at("channel_timeout").get<std::uint64_t>(),
                      protocol::kGraniteChannelTimeout);
            rollup.channel_timeout = 300;
        }
        std::optional<std::uint64_t> cap;
        if (c.contains("max_rlp_bytes_per_channel_override") &&
            !c["max_rlp_bytes_per_channel_override"].is_null())
            cap = c["max_rlp_bytes_per_channel_override"].get<std::uint64_t>();

        auto frames = std::make_unique<ScriptedFrameProvider>();
        auto* feed = frames.get();
        feed->set_origin(c.value("channel_opened_at_l1_block", std::uint64_t{0}), kTime);
        test_util::RecordingTelemetry rec;
        ChannelAssembler assembler(rollup, std::move(frames), rec.telemetry(), cap);

        std::size_t step_no = 0;
        for (const auto& step : c.at("steps")) {
            const std::string where = name + " step " + std::to_string(step_no++);
            if (step.contains("l1_origin_number"))
                feed->set_origin(step["l1_origin_number"].get<std::uint64_t>(), kTime);
            for (const auto& j : step.at("ingest_frames")) {
                auto f = frame_from_json(j);
                ASSERT_TRUE(f) << where;
                feed->push(std::move(*f));
            }
            auto got = assembler.next_raw_channel();
            if (!step.at("expected_error").is_null()) {
                ASSERT_EQ(step["expected_error"].get<std::string>(), "EOF") << where;
                ASSERT_FALSE(got) << where;
                EXPECT_TRUE(got.error().is_eof()) << where << ": " << to_string(got.error());
            } else {
                ASSERT_TRUE(got) << where << ": " << to_string(got.error());
                auto text = step.at("expected_data_utf8").get<std::string>();
                EXPECT_EQ(*got, to_bytes(as_view(text))) << where;
            }
            auto staging = assembler.staging_channel();
            if (step.at("staging_channel_after").is_null()) {
                EXPECT_FALSE(staging) << where;
            } else {
                auto id = hex_field(step, "staging_channel_after");
                ASSERT_TRUE(id) << where;
                ASSERT_TRUE(staging) << where;
                EXPECT_EQ(Bytes(staging->begin(), staging->end()), *id) << where;
            }
        }
        // "after the frame queue is exhausted the stage returns EOF": drain what is left.
        for (int guard = 0; guard < 16; ++guard) {
            auto r = assembler.next_raw_channel();
            ASSERT_FALSE(r) << name << ": unexpected extra channel";
            if (r.error().is_eof() && feed->items.empty()) break;
        }
        EXPECT_TRUE(assembler.next_raw_channel().error().is_eof()) << name;
    }
    EXPECT_EQ(cases, 9u);
}

class ChannelAssemblerStageTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto frames = std::make_unique<ScriptedFrameProvider>();
        feed = frames.get();
        feed->set_origin(10, kTime);
        assembler = std::make_unique<ChannelAssembler>(rollup, std::move(frames), rec.telemetry());
    }
    protocol::RollupConfig rollup = test_util::make_test_rollup();
    test_util::RecordingTelemetry rec;
    ScriptedFrameProvider* feed = nullptr;
    std::unique_ptr<ChannelAssembler> assembler;
};

TEST_F(ChannelAssemblerStageTest, ReplacedAndStrayFramesAreCounted) {
    feed->push(make_frame('a', 0, "x", false));
    feed->push(make_frame('b', 0, "y", false));  // replaces a
    feed->push(make_frame('b', 2, "z", false));  // out of order
    feed->push(make_frame('c', 1, "w", false));  // other channel
    EXPECT_TRUE(assembler->next_raw_channel().error().is_eof());
    EXPECT_EQ(rec.metrics.drops(DropReason::kChannelReplaced), 1u);
    EXPECT_EQ(rec.metrics.drops(DropReason::kFrameRejected), 2u);
    EXPECT_TRUE(rec.logger.contains("out of order"));
}

TEST_F(ChannelAssemblerStageTest, TimeoutUsesChainParameterBeforeGranite) {
    rollup.granite_time.reset();
    rollup.channel_timeout = 300;
    feed->push(make_frame('a', 0, "x", false));
    EXPECT_TRUE(assembler->next_raw_channel().error().is_eof());
    feed->set_origin(10 + 300, kTime);
    feed->push(make_frame('a', 1, "y", true));
    auto got = assembler->next_raw_channel();
    ASSERT_TRUE(got);
    EXPECT_EQ(*got, to_bytes(as_view("xy")));

    feed->push(make_frame('b', 0, "x", false));
    EXPECT_TRUE(assembler->next_raw_channel().error().is_eof());
    feed->set_origin(10 + 300 + 301, kTime);
    feed->push(make_frame('b', 1, "y", true));
    EXPECT_TRUE(assembler->next_raw_channel().error().is_eof());
    EXPECT_EQ(rec.metrics.drops(DropReason::kChannelTimedOut), 1u);
    EXPECT_EQ(rec.metrics.drops(DropReason::kFrameWithoutChannel), 1u);
}

TEST_F(ChannelAssemblerStageTest, FlushChannelDropsStagingChannel) {
    feed->push(make_frame('a', 0, "x", false));
    EXPECT_TRUE(assembler->next_raw_channel().error().is_eof());
    ASSERT_TRUE(assembler->staging_channel());
    ASSERT_TRUE(assembler->signal(FlushChannel{}));
    EXPECT_FALSE(assembler->staging_channel());
    EXPECT_EQ(feed->signals.size(), 1u);
    feed->push(make_frame('a', 1, "y", true));
    EXPECT_TRUE(assembler->next_raw_channel().error().is_eof());
}

TEST_F(ChannelAssemblerStageTest, PreHoloceneOriginIsUnsupported) {
    rollup.holocene_time = kTime + 1;
    rollup.baton_time.reset();
    feed->push(make_frame('a', 0, "x", true));
    auto got = assembler->next_raw_channel();
    ASSERT_FALSE(got);
    EXPECT_TRUE(got.error().is(Severity::kCritical, Reason::kUnsupportedFork));
    EXPECT_EQ(feed->items.size(), 1u);  // nothing consumed under the wrong rules
}

TEST_F(ChannelAssemblerStageTest, NotEnoughDataIsPassedThrough) {
    feed->push_error(temporary(Reason::kNotEnoughData));
    feed->push(make_frame('a', 0, "x", true));
    EXPECT_TRUE(assembler->next_raw_channel().error().is(Severity::kTemporary, Reason::kNotEnoughData));
    auto got = assembler->next_raw_channel();
    ASSERT_TRUE(got);
    EXPECT_EQ(*got, to_bytes(as_view("x")));
}

// The first half of the pipeline on a fake L1: a channel split over two L1 blocks by a leader-
// election batcher comes out whole; a reorg of the second block is a reset.
TEST(PipelineFirstHalfTest, ChannelAcrossTwoL1BlocksFromFakeL1) {
    auto rollup = test_util::make_test_rollup();
    rollup.genesis.system_config.batcher_hash = protocol::make_leader_election_batcher_hash();
    test_util::FakeL1Chain l1(rollup.l1_chain_id);
    test_util::RecordingTelemetry rec;
    auto traversal = std::make_unique<L1Traversal>(rollup, l1, rec.telemetry());
    auto retrieval =
        std::make_unique<L1Retrieval>(std::move(traversal), DataSource(rollup, l1, rec.telemetry()));
    auto queue = std::make_unique<FrameQueue>(rollup, std::move(retrieval), rec.telemetry());
    ChannelAssembler assembler(rollup, std::move(queue), rec.telemetry());
    ASSERT_TRUE(assembler.signal(ResetSignal{{}, l1.genesis(), rollup.genesis.system_config}));

    auto key = test_util::test_key(9);
    auto tx = [](const std::vector<Frame>& frames) { return protocol::encode_tx_payload(frames); };
    l1.add_batcher_tx(key, rollup.batch_inbox_address, tx({make_frame('a', 0, "hello ", false)}));
    l1.add_batcher_tx(key, rollup.batch_inbox_address, tx({make_frame('z', 5, "stray", false)}), false);
    l1.mine();
    l1.add_batcher_tx(key, rollup.batch_inbox_address, tx({make_frame('a', 1, "world", true)}));
    l1.mine();

    // Step like the driver will: eof advances the origin, not-enough-data steps again.
    std::vector<Bytes> channels;
    for (int guard = 0; guard < 50; ++guard) {
        auto r = assembler.next_raw_channel();
        if (r) {
            channels.push_back(std::move(*r));
            continue;
        }
        if (r.error().is(Severity::kTemporary, Reason::kNotEnoughData)) continue;
        ASSERT_TRUE(r.error().is_eof()) << to_string(r.error());
        if (!assembler.advance_origin()) break;  // eof at the head
    }
    ASSERT_EQ(channels.size(), 1u);
    EXPECT_EQ(channels[0], to_bytes(as_view("hello world")));
    EXPECT_EQ(rec.metrics.drops(DropReason::kRevertedBatcherTx), 1u);
    EXPECT_EQ(assembler.origin(), l1.head());

    l1.reorg(1);
    l1.mine();
    auto r = assembler.advance_origin();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Severity::kReset, Reason::kReorgDetected));
}

}  // namespace
}  // namespace baton::derive
