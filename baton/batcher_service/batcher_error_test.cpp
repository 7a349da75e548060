// SPDX-License-Identifier: MIT
#include <baton/batcher_service/batcher_error.hpp>

#include <gtest/gtest.h>

#include <sstream>

namespace baton::batcher_service {
namespace {

TEST(BatcherErrorTest, PeersThatDoNotAnswerAreTemporaryBadSettingsCritical) {
    EXPECT_EQ(severity_of(TxManagerError::kRpc), Severity::kTemporary);
    EXPECT_EQ(severity_of(TxManagerError::kTimeout), Severity::kTemporary);
    EXPECT_EQ(severity_of(TxManagerError::kEstimateReverted), Severity::kTemporary);
    EXPECT_EQ(severity_of(TxManagerError::kInvalidConfig), Severity::kCritical);
    EXPECT_EQ(severity_of(TxManagerError::kSigning), Severity::kCritical);
    EXPECT_EQ(severity_of(TxManagerError::kNoBaseFee), Severity::kCritical);
}

TEST(BatcherErrorTest, GapsWaitForTheSafeHeadChannelsThatCannotFitAreCritical) {
    EXPECT_EQ(severity_of(batcher::SubmitterError::kNoSafeHead), Severity::kTemporary);
    EXPECT_EQ(severity_of(batcher::SubmitterError::kGap), Severity::kTemporary);
    EXPECT_EQ(severity_of(batcher::SubmitterError::kNotOnSafeHead), Severity::kTemporary);
    EXPECT_EQ(severity_of(batcher::SubmitterError::kInvalidConfig), Severity::kCritical);
    EXPECT_EQ(severity_of(batcher::SubmitterError::kChannelBuildFailed), Severity::kCritical);
    EXPECT_EQ(severity_of(batcher::SubmitterError::kChannelTooLargeForWindow), Severity::kCritical);
}

TEST(BatcherErrorTest, PrintsSeverityThenDetail) {
    auto error = temporary("l1 down");
    EXPECT_EQ(error.error().severity, Severity::kTemporary);
    std::ostringstream out;
    out << error.error();
    EXPECT_EQ(out.str(), to_string(error.error()));
    EXPECT_NE(out.str().find("l1 down"), std::string::npos);
}

}  // namespace
}  // namespace baton::batcher_service
