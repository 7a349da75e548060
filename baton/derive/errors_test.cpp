// SPDX-License-Identifier: MIT
#include <baton/derive/errors.hpp>
#include <baton/derive/metrics.hpp>
#include <baton/derive/signal.hpp>

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace baton::derive {
namespace {

TEST(PipelineErrorTest, BuildersSetSeverity) {
    EXPECT_EQ(temporary(Reason::kEof).severity, Severity::kTemporary);
    EXPECT_EQ(reset(Reason::kReorgDetected).severity, Severity::kReset);
    EXPECT_EQ(critical(Reason::kInvariant).severity, Severity::kCritical);
}

TEST(PipelineErrorTest, EofIsDistinctFromNotEnoughData) {
    EXPECT_TRUE(temporary(Reason::kEof).is_eof());
    EXPECT_FALSE(temporary(Reason::kNotEnoughData).is_eof());
    // An eof reason under another severity is not the "advance the origin" signal.
    EXPECT_FALSE(reset(Reason::kEof).is_eof());
    EXPECT_NE(temporary(Reason::kEof), temporary(Reason::kNotEnoughData));
}

TEST(PipelineErrorTest, ToStringNamesSeverityReasonAndDetail) {
    EXPECT_EQ(to_string(reset(Reason::kReorgDetected, "block 7")), "reset/reorg detected: block 7");
    EXPECT_EQ(to_string(temporary(Reason::kNotEnoughData)), "temporary/not enough data");
}

TEST(PipelineErrorTest, ResultCarriesError) {
    PipelineResult<int> r = baton::unexpected(critical(Reason::kUnsupportedFork, "x"));
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Severity::kCritical, Reason::kUnsupportedFork));
}

TEST(SignalTest, OnlyFlushChannelIsNotARestart) {
    EXPECT_TRUE(is_restart(Signal{ResetSignal{}}));
    EXPECT_TRUE(is_restart(Signal{ActivationSignal{}}));
    EXPECT_FALSE(is_restart(Signal{FlushChannel{}}));
}

TEST(DropReasonTest, EveryReasonHasItsOwnName) {
    // A switch fallthrough would give two reasons one name and mislabel drops in logs.
    std::set<std::string> names;
    for (std::size_t i = 0; i < kDropReasonCount; ++i) {
        std::string name = to_string(static_cast<DropReason>(i));
        EXPECT_NE(name, "unknown") << i;
        names.insert(name);
    }
    EXPECT_EQ(names.size(), kDropReasonCount);
}

}  // namespace
}  // namespace baton::derive
