// SPDX-License-Identifier: MIT
// The step contract of Pipeline over FakeL1Chain and FakeL2Chain (the scenarios in tests/scenario
// drive whole runs).
#include <baton/derive/pipeline.hpp>
#include <baton/derive/test_util/fake_l1_chain.hpp>
#include <baton/derive/test_util/fake_l2_chain.hpp>
#include <baton/derive/test_util/recording.hpp>
#include <baton/derive/test_util/test_rollup.hpp>

#include <gtest/gtest.h>

namespace baton::derive {
namespace {

class PipelineTest : public ::testing::Test {
protected:
    void SetUp() override {
        rollup.genesis.l1 = l1.genesis().id();
        rollup.genesis.l2_time = l1.genesis().timestamp;
        rollup.seq_window_size = 2;  // empty batches soon, so the pipeline has output without batchers
        L2BlockRef g;
        g.hash[0] = 0x22;
        g.timestamp = rollup.genesis.l2_time;
        g.l1_origin = l1.genesis().id();
        l2 = std::make_unique<test_util::FakeL2Chain>(g);
        pipeline = make_pipeline(rollup, l1, *l2, rec.telemetry());
    }

    protocol::RollupConfig rollup = test_util::make_test_rollup();
    test_util::FakeL1Chain l1{900};
    std::unique_ptr<test_util::FakeL2Chain> l2;
    test_util::RecordingTelemetry rec;
    std::unique_ptr<Pipeline> pipeline;
};

TEST_F(PipelineTest, StepBeforeResetFails) {
    EXPECT_EQ(pipeline->step(), StepResult::kStepFailed);
    ASSERT_TRUE(pipeline->last_error());
    EXPECT_EQ(pipeline->last_error()->reason, Reason::kMissingOrigin);
}

TEST_F(PipelineTest, EofAtTheL1HeadThenEmptyBatchesOnceTheWindowExpires) {
    ASSERT_TRUE(pipeline->reset(l2->head(), l1.genesis(), rollup.genesis.system_config));
    EXPECT_EQ(pipeline->step(), StepResult::kEof);
    l1.mine_empty(3);
    StepResult r = StepResult::kEof;
    for (int i = 0; i < 100 && r != StepResult::kPreparedAttributes; ++i) r = pipeline->step();
    ASSERT_EQ(r, StepResult::kPreparedAttributes);
    // Not taken: step() answers the same and does nothing.
    EXPECT_EQ(pipeline->step(), StepResult::kPreparedAttributes);
    auto a = pipeline->next_attributes();
    ASSERT_TRUE(a);
    EXPECT_FALSE(pipeline->next_attributes());
    EXPECT_EQ(a->attributes.timestamp, rollup.genesis.l2_time + 2);
    EXPECT_EQ(a->attributes.transactions.size(), 1u);  // the L1-info deposit only
    // Not executed yet: the step is refused, temporarily.
    EXPECT_EQ(pipeline->step(), StepResult::kStepFailed);
    EXPECT_TRUE(pipeline->last_error()->is(Severity::kTemporary, Reason::kNotEnoughData));
    l2->append(a->attributes.timestamp, a->l1_origin, a->attributes.transactions);
    r = StepResult::kEof;
    for (int i = 0; i < 100 && r != StepResult::kPreparedAttributes; ++i) r = pipeline->step();
    EXPECT_EQ(r, StepResult::kPreparedAttributes);
}

TEST_F(PipelineTest, ReorgUnderThePipelineRequiresAReset) {
    ASSERT_TRUE(pipeline->reset(l2->head(), l1.genesis(), rollup.genesis.system_config));
    l1.mine_empty(1);
    EXPECT_EQ(pipeline->step(), StepResult::kAdvancedOrigin);
    l1.reorg(1);
    l1.mine_empty(1);
    StepResult r = StepResult::kAdvancedOrigin;
    for (int i = 0; i < 100 && (r == StepResult::kAdvancedOrigin || r == StepResult::kNotEnoughData); ++i)
        r = pipeline->step();
    EXPECT_EQ(r, StepResult::kResetRequired);
    ASSERT_TRUE(pipeline->last_error());
    EXPECT_EQ(pipeline->last_error()->severity, Severity::kReset);
}

}  // namespace
}  // namespace baton::derive
