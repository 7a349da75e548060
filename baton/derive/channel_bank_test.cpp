// SPDX-License-Identifier: MIT
#include <baton/derive/channel_bank.hpp>
#include <baton/derive/channel_provider.hpp>
#include <baton/derive/test_util/fake_stages.hpp>
#include <baton/derive/test_util/recording.hpp>
#include <baton/derive/test_util/test_rollup.hpp>
#include <baton/protocol/test_util/frame_json.hpp>
#include <baton/protocol/test_util/vectors.hpp>

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

// Pre-Holocene rollup with Canyon on or off.
protocol::RollupConfig bank_rollup(bool canyon, std::uint64_t channel_timeout) {
    auto rollup = test_util::make_test_rollup(std::nullopt);
    rollup.holocene_time.reset();
    rollup.granite_time.reset();
    if (!canyon) {
        rollup.canyon_time.reset();
        rollup.delta_time.reset();
        rollup.ecotone_time.reset();
        rollup.fjord_time.reset();
    }
    rollup.channel_timeout = channel_timeout;
    return rollup;
}

// Steps the bank until it yields a channel or eof (not-enough-data means "call again").
PipelineResult<Bytes> read_channel(RawChannelProvider& stage) {
    for (int guard = 0; guard < 1000; ++guard) {
        auto r = stage.next_raw_channel();
        if (r || !r.error().is(Severity::kTemporary, Reason::kNotEnoughData)) return r;
    }
    return baton::unexpected(critical(Reason::kInvariant, "no progress"));
}

void run_bank_case(const nlohmann::json& c) {
    const std::string name = case_name(c);
    const auto& config = c.at("config");
    ASSERT_FALSE(config.at("holocene_active").get<bool>()) << name;
    auto rollup = bank_rollup(config.at("canyon_active").get<bool>(),
                              config.at("channel_timeout").get<std::uint64_t>());
    ASSERT_TRUE(c.at("all_frames_in_same_l1_block").get<bool>()) << name;

    auto frames = std::make_unique<ScriptedFrameProvider>();
    auto* feed = frames.get();
    feed->set_origin(5, kTime);
    ChannelBank bank(rollup, std::move(frames));
    for (const auto& ev : c.at("events")) {
        const auto op = ev.at("op").get<std::string>();
        if (op == "ingest_frame") {
            auto f = frame_from_json(ev.at("frame"));
            ASSERT_TRUE(f) << name;
            feed->push(std::move(*f));
        } else if (op == "read_channel") {
            auto got = read_channel(bank);
            if (ev.contains("expected") && ev["expected"] == "eof") {
                ASSERT_FALSE(got) << name;
                EXPECT_TRUE(got.error().is_eof()) << name << ": " << to_string(got.error());
            } else {
                ASSERT_TRUE(got) << name << ": " << to_string(got.error());
                auto want = hex_field(ev, "expected_data_hex");
                ASSERT_TRUE(want) << name;
                EXPECT_EQ(*got, *want) << name;
            }
        } else {
            ADD_FAILURE() << "unknown op " << op << " in " << name;
        }
    }
}

void run_add_frame_case(const nlohmann::json& c) {
    const std::string name = case_name(c);
    auto id = hex_field(c, "channel_id");
    ASSERT_TRUE(id && id->size() == 16) << name;
    protocol::ChannelId cid{};
    std::copy(id->begin(), id->end(), cid.begin());
    protocol::Channel channel(cid);
    const bool holocene = c.at("holocene_active").get<bool>();
    for (const auto& step : c.at("steps")) {
        auto f = frame_from_json(step.at("frame"));
        ASSERT_TRUE(f) << name;
        bool failed = holocene && !is_next_in_order(channel, *f);
        if (!failed) failed = !channel.add_frame(std::move(*f)).has_value();
        EXPECT_EQ(failed, step.at("expect_error").get<bool>()) << name;
        EXPECT_EQ(channel.size(), step.at("channel_size_after").get<std::size_t>()) << name;
    }
    if (c.contains("expected_channel_data_utf8")) {
        ASSERT_TRUE(channel.is_ready()) << name;
        EXPECT_EQ(channel.data(), to_bytes(as_view(c["expected_channel_data_utf8"].get<std::string>())))
            << name;
    }
}

TEST(ChannelBankTest, Vectors) {
    std::string error;
    auto doc = load_vectors("channel_bank.json", &error);
    ASSERT_TRUE(doc.is_object()) << error;
    std::size_t bank_cases = 0;
    std::size_t add_frame_cases = 0;
    for (const auto& c : doc.at("cases")) {
        if (c.value("kind", std::string()) == "channel_add_frame") {
            ++add_frame_cases;
            run_add_frame_case(c);
        } else {
            ++bank_cases;
            run_bank_case(c);
        }
    }
    EXPECT_EQ(bank_cases, 4u);
    EXPECT_EQ(add_frame_cases, 11u);
}

TEST(ChannelBankTest, TimedOutHeadChannelIsDroppedAndUnblocksTheQueue) {
    auto rollup = bank_rollup(/*canyon=*/false, /*channel_timeout=*/10);
    auto frames = std::make_unique<ScriptedFrameProvider>();
    auto* feed = frames.get();
    feed->set_origin(5, kTime);
    test_util::RecordingTelemetry rec;
    ChannelBank bank(rollup, std::move(frames), rec.telemetry());
    feed->push(make_frame('a', 0, "stuck", false));
    EXPECT_TRUE(read_channel(bank).error().is_eof());
    feed->set_origin(12, kTime);
    feed->push(make_frame('b', 0, "ready", true));
    EXPECT_TRUE(read_channel(bank).error().is_eof());  // a (head) blocks b before Canyon
    feed->set_origin(16, kTime);                       // 5 + 10 < 16: a times out
    auto got = read_channel(bank);
    ASSERT_TRUE(got);
    EXPECT_EQ(*got, to_bytes(as_view("ready")));
    EXPECT_EQ(rec.metrics.drops(DropReason::kChannelTimedOut), 1u);
}

TEST(ChannelProviderTest, SwitchesFromBankToAssemblerAtHolocene) {
    auto rollup = bank_rollup(/*canyon=*/true, 300);
    rollup.granite_time = kTime;
    rollup.holocene_time = kTime + 12;
    auto frames = std::make_unique<ScriptedFrameProvider>();
    auto* feed = frames.get();
    feed->set_origin(5, kTime);
    test_util::RecordingTelemetry rec;
    ChannelProvider mux(rollup, std::move(frames), rec.telemetry());

    // Pre-Holocene: out-of-order frames are buffered and reassembled by the bank.
    feed->push(make_frame('a', 1, "world", true));
    feed->push(make_frame('a', 0, "hello ", false));
    feed->push(make_frame('b', 0, "open", false));  // left unfinished in the bank
    auto got = read_channel(mux);
    ASSERT_TRUE(got);
    EXPECT_EQ(*got, to_bytes(as_view("hello world")));
    EXPECT_EQ(mux.holocene(), false);
    EXPECT_TRUE(read_channel(mux).error().is_eof());

    // Holocene: the bank's unfinished channel b is gone, and out-of-order frames are refused.
    feed->set_origin(6, kTime + 12);
    feed->push(make_frame('b', 1, "rest", true));
    feed->push(make_frame('c', 1, "late", true));
    feed->push(make_frame('c', 0, "early", false));
    EXPECT_TRUE(read_channel(mux).error().is_eof());
    EXPECT_EQ(mux.holocene(), true);
    EXPECT_EQ(rec.metrics.drops(DropReason::kFrameWithoutChannel), 2u);  // b:1 and c:1

    ASSERT_TRUE(mux.signal(ResetSignal{}));
    EXPECT_EQ(feed->signals.size(), 1u);  // forwarded once, not once per sub-stage
}

}  // namespace
}  // namespace baton::derive
