// SPDX-License-Identifier: MIT
#include <baton/derive/batch_stream.hpp>
#include <baton/derive/test_util/fake_l2_chain.hpp>
#include <baton/derive/test_util/fake_stages.hpp>
#include <baton/derive/test_util/recording.hpp>
#include <baton/derive/test_util/test_rollup.hpp>

#include <gtest/gtest.h>

namespace baton::derive {
namespace {

using protocol::SingularBatch;
using test_util::FakeL2Chain;
using test_util::ScriptedBatchProvider;

L1BlockRef l1_block(std::uint64_t n) {
    L1BlockRef b;
    b.number = n;
    b.timestamp = 1'000'000 + 12 * n;
    b.hash[0] = 0xa1;
    b.hash[31] = static_cast<std::uint8_t>(n);
    if (n > 0) {
        b.parent_hash[0] = 0xa1;
        b.parent_hash[31] = static_cast<std::uint8_t>(n - 1);
    }
    return b;
}

L2BlockRef l2_genesis(const protocol::RollupConfig& rollup) {
    L2BlockRef g;
    g.hash[0] = 0x22;
    g.timestamp = rollup.genesis.l2_time;
    g.l1_origin = l1_block(0).id();
    return g;
}

class BatchStreamTest : public ::testing::Test {
protected:
    void SetUp() override {
        rollup.genesis.l2_time = l1_block(0).timestamp;
        l2 = std::make_unique<FakeL2Chain>(l2_genesis(rollup));
        auto prev = std::make_unique<ScriptedBatchProvider>();
        prev->set_origin(1, l1_block(1).timestamp);
        scripted = prev.get();
        stream = std::make_unique<BatchStream>(rollup, std::move(prev), *l2, rec.telemetry());
        window = {l1_block(0), l1_block(1)};
    }

    SingularBatch batch(std::uint64_t index, std::uint64_t epoch) const {
        SingularBatch b;
        b.epoch_num = epoch;
        b.epoch_hash = l1_block(epoch).hash;
        b.timestamp = rollup.genesis.l2_time + index * rollup.block_time;
        return b;
    }

    protocol::SpanBatch span(std::uint64_t first, std::uint64_t count, const B256& parent) const {
        std::vector<SingularBatch> batches;
        for (std::uint64_t i = first; i < first + count; ++i) batches.push_back(batch(i, 0));
        batches[0].parent_hash = parent;
        auto s = protocol::make_span_batch(
            batches, protocol::SpanBatchParams{rollup.genesis.l2_time, rollup.block_time, rollup.l2_chain_id},
            false);
        EXPECT_TRUE(s);
        return *s;
    }

    PipelineResult<SingularBatch> next() { return stream->next_batch(l2->head(), window); }

    protocol::RollupConfig rollup = test_util::make_test_rollup();
    test_util::RecordingTelemetry rec;
    std::unique_ptr<FakeL2Chain> l2;
    ScriptedBatchProvider* scripted = nullptr;
    std::unique_ptr<BatchStream> stream;
    std::vector<L1BlockRef> window;
};

TEST_F(BatchStreamTest, SpanIsStreamedBlockByBlockOnTheParentServed) {
    scripted->push_channel({span(1, 3, l2->head().hash)});
    for (std::uint64_t i = 1; i <= 3; ++i) {
        auto b = next();
        ASSERT_TRUE(b) << to_string(b.error());
        EXPECT_EQ(b->timestamp, rollup.genesis.l2_time + i * rollup.block_time);
        EXPECT_EQ(b->parent_hash, l2->head().hash);
        EXPECT_EQ(b->epoch_hash, l1_block(0).hash);
        l2->append(b->timestamp, l1_block(0).id(), {});
    }
    auto eof = next();
    ASSERT_FALSE(eof);
    EXPECT_TRUE(eof.error().is_eof());
    EXPECT_EQ(rec.metrics.total_drops(), 0u);
}

// A Baton span batch's blocks keep their fee recipients through the split into singular batches.
TEST_F(BatchStreamTest, BatonSpanBlocksCarryTheirFeeRecipients) {
    protocol::SpanBatch baton = span(1, 3, l2->head().hash);
    const Address a{0x0a}, b{0x0b};
    baton.fee_recipients = {a, b, b};
    scripted->push_channel({baton});
    for (std::uint64_t i = 1; i <= 3; ++i) {
        auto got = next();
        ASSERT_TRUE(got) << to_string(got.error());
        EXPECT_EQ(got->fee_recipient, baton.fee_recipients[i - 1]);
        l2->append(got->timestamp, l1_block(0).id(), {});
    }
    EXPECT_EQ(rec.metrics.total_drops(), 0u);
}

TEST_F(BatchStreamTest, OverlappingSpanSkipsSafeBlocks) {
    const B256 genesis_hash = l2->head().hash;
    l2->append(batch(1, 0).timestamp, l1_block(0).id(), {});
    scripted->push_channel({span(1, 3, genesis_hash)});
    auto b = next();
    ASSERT_TRUE(b) << to_string(b.error());
    EXPECT_EQ(b->timestamp, batch(2, 0).timestamp);
    EXPECT_EQ(stream->buffered(), 1u);
}

TEST_F(BatchStreamTest, InvalidSpanFlushesTheChannel) {
    B256 wrong{};
    wrong[0] = 0x99;
    scripted->push_channel({span(1, 2, wrong)});
    auto b = next();
    ASSERT_FALSE(b);
    EXPECT_TRUE(b.error().is(Severity::kTemporary, Reason::kNotEnoughData));
    EXPECT_EQ(rec.metrics.drops(DropReason::kInvalidSpanBatch), 1u);
    ASSERT_EQ(scripted->signals.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<FlushChannel>(scripted->signals[0]));
    EXPECT_TRUE(rec.logger.contains("span parent check mismatch"));
}

TEST_F(BatchStreamTest, PastSpanIsSkippedQuietly) {
    const B256 genesis_hash = l2->head().hash;
    l2->append(batch(1, 0).timestamp, l1_block(0).id(), {});
    l2->append(batch(2, 0).timestamp, l1_block(0).id(), {});
    scripted->push_channel({span(1, 2, genesis_hash)});
    auto b = next();
    ASSERT_FALSE(b);
    EXPECT_TRUE(b.error().is(Severity::kTemporary, Reason::kNotEnoughData));
    EXPECT_EQ(rec.metrics.total_drops(), 0u);
    EXPECT_TRUE(scripted->signals.empty());
}

// The genesis need not be block 0 (prepare_l2_genesis seals #1): a span reaching below it is bad
// input, dropped, not a question to the L2 provider about a block before genesis.
TEST_F(BatchStreamTest, SpanReachingBelowNonZeroGenesisIsDropped) {
    rollup.genesis.l2.number = 5;
    L2BlockRef genesis = l2_genesis(rollup);
    genesis.number = 5;
    l2 = std::make_unique<FakeL2Chain>(genesis);
    auto prev = std::make_unique<ScriptedBatchProvider>();
    prev->set_origin(1, l1_block(1).timestamp);
    scripted = prev.get();
    stream = std::make_unique<BatchStream>(rollup, std::move(prev), *l2, rec.telemetry());
    l2->append(batch(1, 0).timestamp, l1_block(0).id(), {});
    scripted->push_channel({span(0, 3, genesis.hash)});  // starts at the genesis block's own time
    auto b = next();
    ASSERT_FALSE(b);
    EXPECT_TRUE(b.error().is(Severity::kTemporary, Reason::kNotEnoughData)) << to_string(b.error());
    EXPECT_EQ(rec.metrics.drops(DropReason::kInvalidSpanBatch), 1u);
    EXPECT_TRUE(rec.logger.contains("span starts before L2 genesis"));
}

TEST_F(BatchStreamTest, UndecidedSpanIsKeptUntilTheL2ProviderAnswers) {
    // A span overlapping block 1 needs block 0 (its parent) and block 1's txs from the L2 provider.
    class Failing final : public L2ChainProvider {
    public:
        explicit Failing(FakeL2Chain& inner) : inner_(inner) {}
        PipelineResult<L2BlockRef> safe_head() override { return inner_.safe_head(); }
        PipelineResult<L2BlockRef> l2_block_ref_by_number(std::uint64_t n) override {
            if (failures > 0) {
                --failures;
                return baton::unexpected(temporary(Reason::kProvider, "down"));
            }
            return inner_.l2_block_ref_by_number(n);
        }
        PipelineResult<std::vector<Bytes>> transactions_by_number(std::uint64_t n) override {
            return inner_.transactions_by_number(n);
        }
        int failures = 1;

    private:
        FakeL2Chain& inner_;
    };
    Failing failing(*l2);
    auto prev = std::make_unique<ScriptedBatchProvider>();
    prev->set_origin(1, l1_block(1).timestamp);
    auto* p = prev.get();
    BatchStream s(rollup, std::move(prev), failing, rec.telemetry());
    const B256 genesis_hash = l2->head().hash;
    l2->append(batch(1, 0).timestamp, l1_block(0).id(), {});
    p->push_channel({span(1, 3, genesis_hash)});
    auto first = s.next_batch(l2->head(), window);
    ASSERT_FALSE(first);
    EXPECT_TRUE(first.error().is(Severity::kTemporary, Reason::kProvider));
    auto second = s.next_batch(l2->head(), window);
    ASSERT_TRUE(second) << to_string(second.error());
    EXPECT_EQ(second->timestamp, batch(2, 0).timestamp);
}

TEST_F(BatchStreamTest, SpanNamingAnL1BlockAfterItsInclusionIsSkippedNotKept) {
    // Origin 1 with the window [0, 1]: a span ending in epoch 2 can never be decided here.
    auto s = span(1, 2, l2->head().hash);
    s.l1_origin_num = 2;
    s.origin_bits[1] = true;  // blocks in epochs 1 and 2: the start epoch stays 1
    scripted->push_channel({protocol::Batch{s}, protocol::Batch{batch(1, 0)}});
    auto first = next();
    ASSERT_FALSE(first);
    EXPECT_TRUE(first.error().is(Severity::kTemporary, Reason::kNotEnoughData));
    EXPECT_EQ(rec.metrics.drops(DropReason::kInvalidSpanBatch), 1u);
    EXPECT_TRUE(scripted->signals.empty());  // the span alone
    auto second = next();
    ASSERT_TRUE(second) << to_string(second.error());
    EXPECT_EQ(second->timestamp, batch(1, 0).timestamp);
}

TEST_F(BatchStreamTest, BatonDropsBlocksBeyondTheChannelLimit) {
    ASSERT_EQ(rollup.l2_blocks_per_channel, 4u);
    std::vector<protocol::Batch> first;
    for (std::uint64_t i = 1; i <= 6; ++i) first.emplace_back(batch(i, 0));
    scripted->push_channel(std::move(first));
    scripted->push_channel({protocol::Batch{batch(7, 0)}});
    std::vector<std::uint64_t> served;
    for (int i = 0; i < 20; ++i) {
        auto b = next();
        if (b) {
            served.push_back((b->timestamp - rollup.genesis.l2_time) / rollup.block_time);
            continue;
        }
        if (b.error().is_eof()) break;
    }
    EXPECT_EQ(served, (std::vector<std::uint64_t>{1, 2, 3, 4, 7}));
    EXPECT_EQ(rec.metrics.drops(DropReason::kChannelBlockLimit), 2u);
    EXPECT_TRUE(rec.logger.contains("beyond l2_blocks_per_channel=4"));
}

TEST_F(BatchStreamTest, BatonTruncatesASpanAtTheChannelLimit) {
    scripted->push_channel({span(1, 6, l2->head().hash)});
    std::vector<std::uint64_t> served;
    for (int i = 0; i < 20; ++i) {
        auto b = next();
        if (b) {
            served.push_back((b->timestamp - rollup.genesis.l2_time) / rollup.block_time);
            l2->append(b->timestamp, l1_block(0).id(), {});
            continue;
        }
        if (b.error().is_eof()) break;
    }
    EXPECT_EQ(served, (std::vector<std::uint64_t>{1, 2, 3, 4}));
    EXPECT_EQ(rec.metrics.drops(DropReason::kChannelBlockLimit), 1u);
    EXPECT_TRUE(rec.logger.contains("2 block(s) beyond"));
}

TEST_F(BatchStreamTest, NoChannelLimitBeforeBaton) {
    rollup.baton_time = std::nullopt;
    std::vector<protocol::Batch> first;
    for (std::uint64_t i = 1; i <= 6; ++i) first.emplace_back(batch(i, 0));
    scripted->push_channel(std::move(first));
    int served = 0;
    for (int i = 0; i < 20; ++i) {
        auto b = next();
        if (b)
            ++served;
        else if (b.error().is_eof())
            break;
    }
    EXPECT_EQ(served, 6);
    EXPECT_EQ(rec.metrics.total_drops(), 0u);
}

}  // namespace
}  // namespace baton::derive
