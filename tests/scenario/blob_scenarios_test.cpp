// SPDX-License-Identifier: MIT
// Blob batches through the whole pipeline, with a blob server that lies (issue 19's acceptance): a
// wrong blob for a versioned hash stops derivation at that L1 block with a clear error, nothing is
// derived from it or skipped past it, and once the right blob is served the verifier derives the
// sequencer's chain block for block.
#include "scenario.hpp"

#include <baton/core/hex.hpp>
#include <baton/kzg/kzg.hpp>
#include <baton/protocol/blob.hpp>

namespace baton::scenario {
namespace {

using derive::Reason;
using derive::Severity;
using derive::test_util::test_key;

TEST(ScenarioBlobs, ALyingBlobServerStallsTheVerifierUntilTheRightBlobIsServed) {
    World w;
    const Address inbox = w.rollup.batch_inbox_address;
    w.l1.mine_empty(2);
    w.sequence_n(4);
    const auto frames = w.channel(1, 4);
    ASSERT_EQ(frames.size(), 1u);
    const Bytes payload = World::tx_data(frames[0]);
    w.l1.add_blob_batcher_tx(test_key(1), inbox, {payload});
    const auto kzg = kzg::Kzg::mainnet();
    ASSERT_TRUE(kzg.has_value());
    const B256 versioned_hash = (*kzg)->blob_versioned_hash(*protocol::encode_blob(payload)).value();
    // Another channel's data, well-formed: only the versioned hash tells it apart.
    w.l1.serve_blob_instead(versioned_hash, *protocol::encode_blob(World::tx_data(w.channel(1, 2)[0])));
    const L1BlockRef batch_block = w.l1.mine();
    w.l1.mine_empty(1);

    std::optional<derive::PipelineError> stalled;
    for (int i = 0; i < 200 && !stalled; ++i) {
        const auto r = w.pipeline->step();
        ASSERT_NE(r, derive::StepResult::kPreparedAttributes) << "derived from a wrong blob";
        if (r == derive::StepResult::kStepFailed || r == derive::StepResult::kOriginAdvanceFailed)
            stalled = w.pipeline->last_error();
    }
    ASSERT_TRUE(stalled.has_value()) << "the pipeline never reported the wrong blob";
    EXPECT_TRUE(stalled->is(Severity::kTemporary, Reason::kBlobMismatch)) << derive::to_string(*stalled);
    EXPECT_NE(stalled->detail.find(to_hex(versioned_hash)), std::string::npos) << stalled->detail;
    EXPECT_EQ(w.pipeline->origin(), batch_block);  // stopped at the block, not past it
    for (int i = 0; i < 20; ++i) EXPECT_NE(w.pipeline->step(), derive::StepResult::kPreparedAttributes);
    EXPECT_EQ(w.pipeline->origin(), batch_block);
    EXPECT_EQ(w.ver_chain->head().number, w.rollup.genesis.l2.number);

    w.l1.serve_blob_instead(versioned_hash, std::nullopt);
    const auto derived = w.step_until_idle();
    ASSERT_EQ(derived.size(), 4u);
    w.expect_verifier_matches_sequencer_through(4);
}

}  // namespace
}  // namespace baton::scenario
