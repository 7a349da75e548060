// SPDX-License-Identifier: MIT
// The stages built so far, wired by hand the way make_pipeline will wire them, over FakeL1Chain:
// real compressed channels, framed and posted by several leaders under batcherHash v1.
#include <baton/derive/channel_provider.hpp>
#include <baton/derive/channel_reader.hpp>
#include <baton/derive/frame_queue.hpp>
#include <baton/derive/l1_retrieval.hpp>
#include <baton/derive/l1_traversal.hpp>
#include <baton/derive/test_util/fake_l1_chain.hpp>
#include <baton/derive/test_util/recording.hpp>
#include <baton/derive/test_util/test_rollup.hpp>
#include <baton/protocol/channel_out.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <gtest/gtest.h>

namespace baton::derive {
namespace {

using protocol::SingularBatch;

SingularBatch make_batch(std::uint64_t n) {
    SingularBatch b;
    b.epoch_num = n;
    b.timestamp = 1000 + 2 * n;
    b.transactions = {Bytes{0x02, static_cast<std::uint8_t>(n)}};
    return b;
}

// Frames of one zlib channel holding batches [first, first + count), at most `frame_size` bytes each.
std::vector<protocol::Frame> channel_frames(std::uint8_t id, std::uint64_t first, std::uint64_t count,
                                            std::size_t frame_size) {
    protocol::ChannelId cid{};
    cid[0] = id;
    protocol::ChannelOut out(cid, protocol::CompressionAlgo::kZlib);
    for (std::uint64_t n = first; n < first + count; ++n)
        EXPECT_TRUE(out.add_batch(protocol::encode_batch(protocol::Batch{make_batch(n)})));
    EXPECT_TRUE(out.close());
    auto frames = out.frames(frame_size);
    EXPECT_TRUE(frames);
    return frames ? *frames : std::vector<protocol::Frame>{};
}

Bytes tx_of(const protocol::Frame& f) {
    return protocol::encode_tx_payload(std::vector<protocol::Frame>{f});
}

class PipelineFirstHalf : public ::testing::Test {
protected:
    void SetUp() override {
        rollup.genesis.system_config.batcher_hash = protocol::make_leader_election_batcher_hash();
        auto traversal = std::make_unique<L1Traversal>(rollup, l1, rec.telemetry());
        auto retrieval =
            std::make_unique<L1Retrieval>(std::move(traversal), DataSource(rollup, l1, rec.telemetry()));
        auto queue = std::make_unique<FrameQueue>(rollup, std::move(retrieval), rec.telemetry());
        auto channels = std::make_unique<ChannelProvider>(rollup, std::move(queue), rec.telemetry());
        reader = std::make_unique<ChannelReader>(rollup, std::move(channels), rec.telemetry());
        EXPECT_TRUE(reader->signal(ResetSignal{{}, l1.genesis(), rollup.genesis.system_config}));
    }

    // Steps until the head of L1 is exhausted; returns the epoch numbers of the batches read and
    // stops at the first reset or critical error (kept in `last_error`).
    std::vector<std::uint64_t> step_until_idle() {
        std::vector<std::uint64_t> epochs;
        for (int guard = 0; guard < 10'000; ++guard) {
            auto b = reader->next_batch();
            if (b) {
                epochs.push_back(std::get<SingularBatch>(*b).epoch_num);
                continue;
            }
            if (b.error().is(Severity::kTemporary, Reason::kNotEnoughData)) continue;
            if (!b.error().is_eof()) {
                last_error = b.error();
                return epochs;
            }
            auto advanced = reader->advance_origin();
            if (!advanced) {
                if (!advanced.error().is_eof()) last_error = advanced.error();
                return epochs;
            }
        }
        ADD_FAILURE() << "pipeline did not go idle";
        return epochs;
    }

    protocol::RollupConfig rollup = test_util::make_test_rollup();
    test_util::FakeL1Chain l1{900};
    test_util::RecordingTelemetry rec;
    std::unique_ptr<ChannelReader> reader;
    std::optional<PipelineError> last_error;
    PrivateKey leader_a = test_util::test_key(21);
    PrivateKey leader_b = test_util::test_key(22);
};

TEST_F(PipelineFirstHalf, LeadersTakeTurnsAndRevertedTxsAreIgnored) {
    auto ch1 = channel_frames(1, 1, 4, 40);
    auto ch2 = channel_frames(2, 5, 4, 40);
    ASSERT_GE(ch1.size(), 2u);
    ASSERT_GE(ch2.size(), 2u);

    // Leader A posts channel 1 over two blocks; a tx of B in A's window reverts (the inbox refused
    // it) and carries a frame 0 that would otherwise evict A's unfinished channel.
    l1.add_batcher_tx(leader_a, rollup.batch_inbox_address, tx_of(ch1[0]));
    l1.add_batcher_tx(leader_b, rollup.batch_inbox_address, tx_of(ch2[0]), /*success=*/false);
    l1.mine();
    for (std::size_t i = 1; i < ch1.size(); ++i)
        l1.add_batcher_tx(leader_a, rollup.batch_inbox_address, tx_of(ch1[i]));
    l1.mine();
    // Then B's turn: channel 2, all frames in one block.
    for (const auto& f : ch2) l1.add_batcher_tx(leader_b, rollup.batch_inbox_address, tx_of(f));
    l1.mine();

    auto epochs = step_until_idle();
    EXPECT_FALSE(last_error) << to_string(*last_error);
    EXPECT_EQ(epochs, (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
    EXPECT_EQ(rec.metrics.drops(DropReason::kRevertedBatcherTx), 1u);
    EXPECT_EQ(rec.metrics.drops(DropReason::kChannelReplaced), 0u);
}

TEST_F(PipelineFirstHalf, ReorgIsAResetAndTheNewBranchIsDerived) {
    auto ch1 = channel_frames(1, 1, 2, 100000);
    auto ch2 = channel_frames(2, 3, 2, 100000);
    l1.add_batcher_tx(leader_a, rollup.batch_inbox_address, tx_of(ch1[0]));
    auto b1 = l1.mine();
    l1.add_batcher_tx(leader_a, rollup.batch_inbox_address, tx_of(ch2[0]));
    l1.mine();
    EXPECT_EQ(step_until_idle(), (std::vector<std::uint64_t>{1, 2, 3, 4}));

    // Block 2 is replaced by a branch where leader B posted channel 2 one block later.
    l1.rewind(1);
    l1.mine();
    l1.add_batcher_tx(leader_b, rollup.batch_inbox_address, tx_of(ch2[0]));
    l1.mine();
    EXPECT_TRUE(step_until_idle().empty());
    ASSERT_TRUE(last_error);
    EXPECT_TRUE(last_error->is(Severity::kReset, Reason::kReorgDetected));

    // The driver resets to the common ancestor (block 1) with its SystemConfig.
    last_error.reset();
    ASSERT_TRUE(reader->signal(ResetSignal{{}, b1, rollup.genesis.system_config}));
    EXPECT_EQ(step_until_idle(), (std::vector<std::uint64_t>{1, 2, 3, 4}));
    EXPECT_FALSE(last_error);
    EXPECT_EQ(reader->origin(), l1.head());
}

}  // namespace
}  // namespace baton::derive
