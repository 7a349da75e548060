// SPDX-License-Identifier: MIT
#include <baton/derive/frame_queue.hpp>
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
using protocol::test_util::frame_mismatch;
using protocol::test_util::hex_field;
using protocol::test_util::load_vectors;
using test_util::ScriptedDataProvider;

std::vector<Frame> frames_of(const nlohmann::json& list) {
    std::vector<Frame> out;
    for (const auto& j : list) {
        auto f = frame_from_json(j);
        EXPECT_TRUE(f) << j.dump();
        if (f) out.push_back(std::move(*f));
    }
    return out;
}

void expect_frames(const std::vector<Frame>& got, const nlohmann::json& expected, const std::string& name) {
    ASSERT_EQ(got.size(), expected.size()) << name;
    for (std::size_t i = 0; i < got.size(); ++i)
        EXPECT_EQ(frame_mismatch(got[i], expected[i]), "") << name << " frame " << i;
}

protocol::RollupConfig rollup_with_holocene(bool active) {
    auto rollup = test_util::make_test_rollup(std::nullopt);
    if (!active) rollup.holocene_time.reset();
    return rollup;
}

// Runs `payloads` through a FrameQueue at one origin and returns the frames it yields before eof.
std::vector<Frame> run_queue(const protocol::RollupConfig& rollup, std::vector<Bytes> payloads,
                             test_util::RecordingTelemetry& rec) {
    auto source = std::make_unique<ScriptedDataProvider>();
    source->set_origin(1, 1'000'000);
    for (auto& p : payloads) source->push(std::move(p));
    FrameQueue queue(rollup, std::move(source), rec.telemetry());
    std::vector<Frame> out;
    for (int guard = 0; guard < 1000; ++guard) {
        auto f = queue.next_frame();
        if (f) {
            out.push_back(std::move(*f));
            continue;
        }
        if (f.error().is_eof()) return out;
        EXPECT_TRUE(f.error().is(Severity::kTemporary, Reason::kNotEnoughData)) << to_string(f.error());
    }
    ADD_FAILURE() << "frame queue did not reach eof";
    return out;
}

TEST(FrameQueueTest, HoloceneVectors) {
    std::string error;
    auto doc = load_vectors("frame_queue_holocene.json", &error);
    ASSERT_TRUE(doc.is_object()) << error;
    std::size_t pruned_cases = 0;
    std::size_t tx_data_cases = 0;
    for (const auto& c : doc.at("cases")) {
        const std::string name = case_name(c);
        const std::string kind = c.at("kind").get<std::string>();
        if (kind == "holocene_prune_frame_queue") {
            ++pruned_cases;
            auto input = frames_of(c.at("input_frames"));
            // The pruning function itself.
            std::deque<Frame> queue(input.begin(), input.end());
            auto removed = prune_frame_queue(queue);
            expect_frames({queue.begin(), queue.end()}, c.at("expected_frames"), name);
            EXPECT_EQ(removed.size() + queue.size(), input.size()) << name;
            // And the stage, with the frames as one batcher tx.
            test_util::RecordingTelemetry rec;
            auto got = run_queue(rollup_with_holocene(true), {protocol::encode_tx_payload(input)}, rec);
            expect_frames(got, c.at("expected_frames"), name + " (stage)");
            if (!input.empty()) {
                EXPECT_EQ(rec.metrics.total_drops(), removed.size()) << name;
            }
        } else if (kind == "frame_queue_from_tx_data") {
            ++tx_data_cases;
            auto data = hex_field(c, "input_tx_data_hex");
            ASSERT_TRUE(data) << name;
            test_util::RecordingTelemetry rec;
            auto got = run_queue(rollup_with_holocene(c.at("holocene_active").get<bool>()), {*data}, rec);
            expect_frames(got, c.at("expected_frames"), name);
        } else {
            ADD_FAILURE() << "unknown case kind " << kind << " in " << name;
        }
    }
    EXPECT_EQ(pruned_cases, 15u);
    EXPECT_EQ(tx_data_cases, 2u);
}

TEST(FrameQueueTest, PruneNamesWhyEachFrameWentAway) {
    auto frame = [](std::uint8_t id, std::uint16_t n, bool last) {
        Frame f;
        f.id[0] = id;
        f.number = n;
        f.is_last = last;
        return f;
    };
    std::deque<Frame> q{frame('c', 0, false), frame('c', 1, false), frame('d', 0, false),
                        frame('d', 2, false), frame('d', 1, true),  frame('d', 2, true)};
    auto removed = prune_frame_queue(q);
    ASSERT_EQ(q.size(), 2u);
    EXPECT_EQ(q[0].id[0], 'd');
    EXPECT_EQ(q[1].number, 1);
    ASSERT_EQ(removed.size(), 4u);
    EXPECT_EQ(removed[0].reason, DropReason::kUnclosedChannelEvicted);  // c:1
    EXPECT_EQ(removed[1].reason, DropReason::kUnclosedChannelEvicted);  // c:0
    EXPECT_EQ(removed[2].reason, DropReason::kFrameOutOfOrder);         // d:2
    EXPECT_EQ(removed[3].reason, DropReason::kFrameAfterLast);          // d:2 after d:1!
}

TEST(FrameQueueTest, InvalidPayloadIsDroppedWholeAndCounted) {
    Frame good;
    good.id[0] = 0xaa;
    good.data = {1, 2, 3};
    good.is_last = true;
    Bytes with_garbage = protocol::encode_tx_payload(std::vector<Frame>{good});
    with_garbage.push_back(0x00);  // trailing byte: the whole tx is rejected, its good frame too
    Bytes wrong_version = protocol::encode_tx_payload(std::vector<Frame>{good});
    wrong_version[0] = 0x01;
    Bytes valid = protocol::encode_tx_payload(std::vector<Frame>{good});

    test_util::RecordingTelemetry rec;
    auto got = run_queue(rollup_with_holocene(true), {with_garbage, Bytes{}, wrong_version, valid}, rec);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], good);
    EXPECT_EQ(rec.metrics.drops(DropReason::kInvalidTxPayload), 3u);
    EXPECT_TRUE(rec.logger.contains("invalid tx payload"));
}

TEST(FrameQueueTest, EmptyPayloadYieldsNotEnoughDataThenEof) {
    auto source = std::make_unique<ScriptedDataProvider>();
    source->set_origin(1, 1'000'000);
    source->push(Bytes{0x00});
    auto rollup = rollup_with_holocene(true);
    FrameQueue queue(rollup, std::move(source));
    EXPECT_TRUE(queue.next_frame().error().is(Severity::kTemporary, Reason::kNotEnoughData));
    EXPECT_TRUE(queue.next_frame().error().is_eof());
}

TEST(FrameQueueTest, PreHoloceneKeepsOutOfOrderFrames) {
    Frame a1;
    a1.id[0] = 'a';
    a1.number = 1;
    Frame b0;
    b0.id[0] = 'b';
    test_util::RecordingTelemetry rec;
    auto payload = protocol::encode_tx_payload(std::vector<Frame>{a1, b0});
    EXPECT_EQ(run_queue(rollup_with_holocene(false), {payload}, rec).size(), 2u);
    EXPECT_EQ(run_queue(rollup_with_holocene(true), {payload}, rec).size(), 1u);
}

TEST(FrameQueueTest, ResetClearsQueueAndIsForwarded) {
    Frame a0;
    a0.id[0] = 'a';
    Frame a1 = a0;
    a1.number = 1;
    auto source = std::make_unique<ScriptedDataProvider>();
    auto* raw = source.get();
    source->set_origin(1, 1'000'000);
    source->push(protocol::encode_tx_payload(std::vector<Frame>{a0, a1}));
    auto rollup = rollup_with_holocene(true);
    FrameQueue queue(rollup, std::move(source));
    ASSERT_TRUE(queue.next_frame());
    EXPECT_EQ(queue.queued(), 1u);
    // FlushChannel concerns the channel stage only: queued frames (maybe of the next channel) stay.
    ASSERT_TRUE(queue.signal(FlushChannel{}));
    EXPECT_EQ(queue.queued(), 1u);
    ASSERT_TRUE(queue.signal(ResetSignal{}));
    EXPECT_EQ(queue.queued(), 0u);
    EXPECT_EQ(raw->signals.size(), 2u);
}

}  // namespace
}  // namespace baton::derive
