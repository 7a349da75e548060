// SPDX-License-Identifier: MIT
#include <baton/batcher/channel_builder.hpp>
#include <baton/batcher/test_util/l2_chain_builder.hpp>
#include <baton/protocol/batch.hpp>
#include <baton/protocol/channel_in.hpp>
#include <baton/protocol/span_batch.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <gtest/gtest.h>

#include <variant>

namespace baton::batcher {
namespace {

constexpr std::uint64_t kChainId = 901;
constexpr std::uint64_t kGenesisTime = 1'000'000;

struct Fixture {
    test_util::L2ChainBuilder chain{kChainId, BlockId{keccak256(Bytes{'g'}), 0}, kGenesisTime, 2};

    static ChannelParams params(protocol::CompressionAlgo algo, bool span = true) {
        ChannelParams p;
        p.algo = algo;
        p.span_batches = span;
        p.span = protocol::SpanBatchParams{kGenesisTime, 2, kChainId};
        return p;
    }
};

// Reassembles the frames the way derivation does and returns the decoded batches.
std::vector<protocol::Batch> read_back(const BuiltChannel& c) {
    protocol::Channel in(c.id);
    for (const auto& f : c.frames) EXPECT_TRUE(in.add_frame(f));
    EXPECT_TRUE(in.is_ready());
    auto content = protocol::read_channel(in.data(), true, protocol::kMaxRlpBytesPerChannelFjord);
    EXPECT_TRUE(content);
    std::vector<protocol::Batch> out;
    if (!content) return out;
    EXPECT_EQ(content->end, protocol::ChannelEnd::kComplete);
    for (const auto& b : content->batches) {
        auto batch = protocol::decode_batch(b);
        EXPECT_TRUE(batch);
        if (batch) out.push_back(*batch);
    }
    return out;
}

TEST(ChannelBuilderTest, SpanBatchChannelDerivesBackToTheBlocks) {
    Fixture fx;
    const auto blocks = fx.chain.next_n(4, 2);
    const auto id = make_channel_id(B256{}, 0);
    auto c = build_channel(id, blocks, Fixture::params(protocol::CompressionAlgo::kBrotli));
    ASSERT_TRUE(c) << to_string(c.error());
    EXPECT_EQ(c->first_block, 1u);
    EXPECT_EQ(c->last_block, 4u);
    EXPECT_EQ(c->block_count(), 4u);
    EXPECT_EQ(c->last_block_id, blocks.back().id());
    ASSERT_EQ(c->frames.size(), 1u);
    EXPECT_TRUE(c->frames[0].is_last);
    EXPECT_EQ(c->frames[0].data[0], protocol::kChannelVersionBrotli);

    const auto batches = read_back(*c);
    ASSERT_EQ(batches.size(), 1u);
    const auto* span = std::get_if<protocol::SpanBatch>(&batches[0]);
    ASSERT_NE(span, nullptr);
    EXPECT_EQ(span->block_count(), 4u);
    auto elements =
        protocol::derive_span_batch(*span, Fixture::params(protocol::CompressionAlgo::kBrotli).span);
    ASSERT_TRUE(elements);
    ASSERT_EQ(elements->size(), 4u);
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ((*elements)[i].timestamp, blocks[i].timestamp);
        EXPECT_EQ((*elements)[i].epoch_num, blocks[i].l1_origin.number);
        EXPECT_EQ((*elements)[i].transactions, to_singular_batch(blocks[i]).transactions);
    }
}

// Blocks that all pay the vault give the type-1 bytes they always did; one block paying someone else
// turns the channel's span batch into a Baton span batch naming every block's recipient.
TEST(ChannelBuilderTest, OneNonVaultBlockMakesABatonSpanBatchOfAllRecipients) {
    Fixture fx;
    auto blocks = fx.chain.next_n(3, 1);
    const auto params = Fixture::params(protocol::CompressionAlgo::kZlib);
    auto vault_only = build_channel(make_channel_id(B256{}, 2), blocks, params);
    ASSERT_TRUE(vault_only);
    auto batches = read_back(*vault_only);
    ASSERT_EQ(batches.size(), 1u);
    EXPECT_EQ(protocol::batch_type(batches[0]), protocol::BatchType::kSpan);
    std::vector<protocol::SingularBatch> singulars;
    singulars.reserve(blocks.size());
    for (const auto& b : blocks) singulars.push_back(to_singular_batch(b));
    auto plain = protocol::make_span_batch(singulars, params.span, blocks.front().sequence_number == 0);
    ASSERT_TRUE(plain);
    EXPECT_EQ(protocol::encode_batch(batches[0]), protocol::encode_span_batch(*plain));
    EXPECT_EQ(protocol::encode_batch(batches[0])[0], 0x01);

    const Address leader{0x1e, 0xad};
    blocks[1].fee_recipient = leader;
    auto rotated = build_channel(make_channel_id(B256{}, 3), blocks, params);
    ASSERT_TRUE(rotated);
    batches = read_back(*rotated);
    ASSERT_EQ(batches.size(), 1u);
    ASSERT_EQ(protocol::batch_type(batches[0]), protocol::BatchType::kBatonSpan);
    const auto& span = std::get<protocol::SpanBatch>(batches[0]);
    EXPECT_EQ(span.fee_recipients, (std::vector<Address>{protocol::kSequencerFeeVaultAddress, leader,
                                                         protocol::kSequencerFeeVaultAddress}));
    auto elements = protocol::derive_span_batch(span, params.span);
    ASSERT_TRUE(elements);
    EXPECT_EQ((*elements)[1].fee_recipient, leader);
}

TEST(ChannelBuilderTest, ZlibAndSingularBatchesBeforeDelta) {
    Fixture fx;
    const auto blocks = fx.chain.next_n(3);
    auto c = build_channel(make_channel_id(B256{}, 1), blocks,
                           Fixture::params(protocol::CompressionAlgo::kZlib, /*span=*/false));
    ASSERT_TRUE(c);
    EXPECT_EQ(c->frames[0].data[0] & 0x0f, 8);  // a zlib header
    const auto batches = read_back(*c);
    ASSERT_EQ(batches.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        const auto* s = std::get_if<protocol::SingularBatch>(&batches[i]);
        ASSERT_NE(s, nullptr);
        EXPECT_EQ(*s, to_singular_batch(blocks[i]));
    }
}

TEST(ChannelBuilderTest, SmallFramesSplitTheChannelOneFramePerTx) {
    Fixture fx;
    const auto blocks = fx.chain.next_n(4, 3);
    ChannelParams p = Fixture::params(protocol::CompressionAlgo::kZlib);
    p.compression_level = 0;  // stored: the size is predictable enough to force several frames
    p.max_frame_size = 200;
    auto c = build_channel(make_channel_id(B256{}, 2), blocks, p);
    ASSERT_TRUE(c);
    ASSERT_GT(c->frames.size(), 2u);
    for (std::size_t i = 0; i < c->frames.size(); ++i) {
        EXPECT_EQ(c->frames[i].number, i);
        EXPECT_EQ(c->frames[i].is_last, i + 1 == c->frames.size());
        const Bytes payload = tx_payload_of(c->frames[i]);
        EXPECT_LE(payload.size(), 201u);
        auto decoded = protocol::decode_tx_payload(payload);
        ASSERT_TRUE(decoded);
        ASSERT_EQ(decoded->size(), 1u);
        EXPECT_EQ((*decoded)[0], c->frames[i]);
    }
    EXPECT_EQ(read_back(*c).size(), 1u);
}

TEST(ChannelBuilderTest, RejectsBadInput) {
    Fixture fx;
    auto blocks = fx.chain.next_n(3);
    const auto id = make_channel_id(B256{}, 3);
    const auto p = Fixture::params(protocol::CompressionAlgo::kBrotli);
    EXPECT_EQ(build_channel(id, {}, p).error(), ChannelBuildError::kNoBlocks);

    auto gap = blocks;
    gap.erase(gap.begin() + 1);
    EXPECT_EQ(build_channel(id, gap, p).error(), ChannelBuildError::kNotContiguous);

    auto forked = blocks;
    forked[2].parent_hash[0] ^= 1;
    EXPECT_EQ(build_channel(id, forked, p).error(), ChannelBuildError::kNotContiguous);

    auto tiny = p;
    tiny.max_frame_size = protocol::kFrameOverhead;
    EXPECT_EQ(build_channel(id, blocks, tiny).error(), ChannelBuildError::kFrameSizeTooSmall);

    auto small_rlp = p;
    small_rlp.max_rlp_bytes = 10;
    EXPECT_EQ(build_channel(id, blocks, small_rlp).error(), ChannelBuildError::kTooLarge);

    auto foreign = blocks;
    test_util::L2ChainBuilder other(999, BlockId{}, kGenesisTime, 2);
    foreign[1].transactions.push_back(other.user_tx());  // signed for chain 999
    EXPECT_EQ(build_channel(id, foreign, p).error(), ChannelBuildError::kInvalidBatch);
}

TEST(ChannelBuilderTest, ParamsFollowTheForks) {
    protocol::RollupConfig r;
    r.genesis.l2_time = 500;
    r.block_time = 2;
    r.l2_chain_id = 7;
    r.delta_time = 100;
    r.fjord_time = 200;
    auto before = ChannelParams::for_rollup(r, 99, 199);
    EXPECT_FALSE(before.span_batches);
    EXPECT_EQ(before.algo, protocol::CompressionAlgo::kZlib);
    EXPECT_EQ(before.max_rlp_bytes, protocol::kMaxRlpBytesPerChannel);
    auto after = ChannelParams::for_rollup(r, 100, 200);
    EXPECT_TRUE(after.span_batches);
    EXPECT_EQ(after.algo, protocol::CompressionAlgo::kBrotli);
    EXPECT_EQ(after.max_rlp_bytes, protocol::kMaxRlpBytesPerChannelFjord);
    EXPECT_EQ(after.span.genesis_l2_time, 500u);
    EXPECT_EQ(after.span.l2_chain_id, 7u);
}

TEST(ChannelBuilderTest, ChannelIdsDependOnSeedAndCounter) {
    B256 seed{};
    const auto a = make_channel_id(seed, 0);
    EXPECT_EQ(a, make_channel_id(seed, 0));
    EXPECT_NE(a, make_channel_id(seed, 1));
    seed[0] = 1;
    EXPECT_NE(a, make_channel_id(seed, 0));
}

}  // namespace
}  // namespace baton::batcher
