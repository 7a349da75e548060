// SPDX-License-Identifier: MIT
#pragma once

// The scenario world: an L1 (FakeL1Chain), a sequencer that builds its L2 chain with the same
// AttributesBuilder a Baton sequencer uses, batchers that post its blocks as real channels
// (protocol::ChannelOut, zlib, framed into batcher txs), and a verifier: make_pipeline() over the
// L1 and its own FakeL2Chain, stepped until idle, each attributes "executed" by appending a block.
// The verifier's chain must equal the sequencer's block for block (hashes commit to every tx).

#include <baton/core/keccak.hpp>
#include <baton/core/transaction.hpp>
#include <baton/derive/attributes_builder.hpp>
#include <baton/derive/pipeline.hpp>
#include <baton/derive/test_util/fake_l1_chain.hpp>
#include <baton/derive/test_util/fake_l2_chain.hpp>
#include <baton/derive/test_util/recording.hpp>
#include <baton/derive/test_util/test_rollup.hpp>
#include <baton/protocol/batch.hpp>
#include <baton/protocol/channel_out.hpp>
#include <baton/protocol/deposit.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace baton::scenario {

using derive::L1BlockRef;
using derive::L2BlockRef;
using derive::StepResult;
using derive::test_util::FakeL1Chain;
using derive::test_util::FakeL2Chain;

inline L2BlockRef l2_genesis_ref(const protocol::RollupConfig& rollup) {
    L2BlockRef g;
    g.hash = keccak256(Bytes{'l', '2', 'g'});
    g.number = rollup.genesis.l2.number;
    g.timestamp = rollup.genesis.l2_time;
    g.l1_origin = rollup.genesis.l1;
    return g;
}

class World {
public:
    explicit World(std::optional<std::uint64_t> baton_time = 0,
                   protocol::SystemConfig* genesis_config_override = nullptr)
        : rollup(derive::test_util::make_test_rollup(baton_time)) {
        rollup.genesis.l1 = l1.genesis().id();
        rollup.genesis.l2_time = l1.genesis().timestamp;
        rollup.genesis.l2.hash = keccak256(Bytes{'l', '2', 'g'});
        rollup.deposit_contract_address = derive::test_util::test_address(0xd0);
        if (genesis_config_override) rollup.genesis.system_config = *genesis_config_override;
        seq_chain = std::make_unique<FakeL2Chain>(l2_genesis_ref(rollup));
        ver_chain = std::make_unique<FakeL2Chain>(l2_genesis_ref(rollup));
        seq_config = rollup.genesis.system_config;
        pipeline = derive::make_pipeline(rollup, l1, *ver_chain, rec.telemetry());
        EXPECT_TRUE(pipeline->reset(ver_chain->head(), l1.genesis(), rollup.genesis.system_config));
    }

    // ---- sequencer ----
    // A signed 1559 L2 tx from user key `n` (nonces counted per user).
    Bytes user_tx(std::uint8_t n) {
        return derive::test_util::user_transfer(rollup.l2_chain_id, n, user_nonces_[n]++);
    }
    // Builds the next sequencer block: the epoch follows L2 time (the latest L1 block not after it,
    // at most one ahead of the parent's, only if it exists), with `txs`.
    const L2BlockRef& sequence(std::vector<Bytes> txs = {}) {
        const L2BlockRef parent = seq_chain->head();
        const std::uint64_t ts = parent.timestamp + rollup.block_time;
        std::uint64_t epoch = parent.l1_origin.number;
        if (epoch + 1 <= l1.head().number && l1.block(epoch + 1).timestamp <= ts) ++epoch;
        protocol::SingularBatch batch;
        batch.parent_hash = parent.hash;
        batch.epoch_num = epoch;
        batch.epoch_hash = l1.block(epoch).hash;
        batch.timestamp = ts;
        batch.transactions = std::move(txs);
        batch.fee_recipient = seq_fee_recipient;
        derive::AttributesBuilder builder(rollup, l1);
        auto attrs = builder.build(parent, batch, seq_config, seq_config_block_);
        EXPECT_TRUE(attrs) << (attrs ? "" : derive::to_string(attrs.error()));
        const auto& ref = seq_chain->append(ts, l1.block(epoch).id(),
                                            attrs ? attrs->attributes.transactions : std::vector<Bytes>{});
        batches_[ref.number] = batch;
        if (attrs) seq_coinbase[ref.number] = attrs->attributes.fee_recipient;
        return ref;
    }
    void sequence_n(std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) sequence();
    }
    const protocol::SingularBatch& batch_of(std::uint64_t l2_number) { return batches_.at(l2_number); }

    // ---- batcher ----
    // Frames of one channel holding `batches` as singular batches.
    std::vector<protocol::Frame> channel_of(const std::vector<protocol::SingularBatch>& batches) {
        protocol::ChannelId id{};
        id[0] = static_cast<std::uint8_t>(++channel_counter_);
        id[2] = 0xee;
        protocol::ChannelOut out(id, protocol::CompressionAlgo::kZlib);
        for (const auto& b : batches) EXPECT_TRUE(out.add_batch(protocol::encode_batch(protocol::Batch{b})));
        EXPECT_TRUE(out.close());
        auto frames = out.frames(100'000);
        EXPECT_TRUE(frames);
        return frames ? *frames : std::vector<protocol::Frame>{};
    }
    // Frames of one channel holding blocks [first, last] as singular batches (or one span batch).
    std::vector<protocol::Frame> channel(std::uint64_t first, std::uint64_t last, bool span = false,
                                         std::size_t frame_size = 100'000) {
        protocol::ChannelId id{};
        id[0] = static_cast<std::uint8_t>(++channel_counter_);
        id[1] = static_cast<std::uint8_t>(first);
        protocol::ChannelOut out(id, protocol::CompressionAlgo::kZlib);
        if (span) {
            std::vector<protocol::SingularBatch> batches;
            for (std::uint64_t n = first; n <= last; ++n) batches.push_back(batch_of(n));
            const bool starts_epoch = seq_chain->block(first).sequence_number == 0;
            auto s = protocol::make_span_batch(
                batches,
                protocol::SpanBatchParams{rollup.genesis.l2_time, rollup.block_time, rollup.l2_chain_id},
                starts_epoch);
            EXPECT_TRUE(s);
            EXPECT_TRUE(out.add_batch(protocol::encode_batch(protocol::Batch{*s})));
        } else {
            for (std::uint64_t n = first; n <= last; ++n)
                EXPECT_TRUE(out.add_batch(protocol::encode_batch(protocol::Batch{batch_of(n)})));
        }
        EXPECT_TRUE(out.close());
        auto frames = out.frames(frame_size);
        EXPECT_TRUE(frames);
        return frames ? *frames : std::vector<protocol::Frame>{};
    }
    static Bytes tx_data(const protocol::Frame& f) {
        return protocol::encode_tx_payload(std::vector<protocol::Frame>{f});
    }
    // Posts every frame of `frames` from `key` to `inbox` into the pending L1 block.
    void submit(const PrivateKey& key, const Address& inbox, const std::vector<protocol::Frame>& frames,
                bool success = true) {
        for (const auto& f : frames) l1.add_batcher_tx(key, inbox, tx_data(f), success);
    }

    // ---- verifier ----
    // Steps until kEof; executes every attributes on the verifier chain. Stops at kResetRequired
    // (kept in `reset_error`); any other failure fails the test.
    std::vector<L2BlockRef> step_until_idle() {
        std::vector<L2BlockRef> derived;
        for (int guard = 0; guard < 100'000; ++guard) {
            const StepResult r = pipeline->step();
            switch (r) {
                case StepResult::kPreparedAttributes: {
                    auto a = pipeline->next_attributes();
                    EXPECT_TRUE(a);
                    EXPECT_EQ(a->parent, ver_chain->head());
                    derived.push_back(
                        ver_chain->append(a->attributes.timestamp, a->l1_origin, a->attributes.transactions));
                    ver_coinbase[derived.back().number] = a->attributes.fee_recipient;
                    last_attributes = a;
                    break;
                }
                case StepResult::kAdvancedOrigin:
                case StepResult::kNotEnoughData:
                    break;
                case StepResult::kEof:
                    return derived;
                case StepResult::kResetRequired:
                    reset_error = pipeline->last_error();
                    return derived;
                default:
                    ADD_FAILURE() << "step: " << derive::to_string(r) << " "
                                  << (pipeline->last_error() ? derive::to_string(*pipeline->last_error())
                                                             : "");
                    return derived;
            }
        }
        ADD_FAILURE() << "pipeline did not go idle";
        return derived;
    }
    // The verifier chain equals the sequencer's up to `number` (hash by hash, and coinbase).
    void expect_verifier_matches_sequencer_through(std::uint64_t number) {
        ASSERT_GE(ver_chain->head().number, number);
        ASSERT_GE(seq_chain->head().number, number);
        for (std::uint64_t n = rollup.genesis.l2.number; n <= number; ++n) {
            EXPECT_EQ(ver_chain->block(n), seq_chain->block(n)) << "L2 block " << n;
            EXPECT_EQ(ver_chain->txs(n), seq_chain->txs(n)) << "L2 block " << n;
            if (n > rollup.genesis.l2.number) {
                EXPECT_EQ(ver_coinbase[n], seq_coinbase[n]) << "L2 block " << n << " coinbase";
            }
        }
    }

    FakeL1Chain l1{900};
    protocol::RollupConfig rollup;
    derive::test_util::RecordingTelemetry rec;
    std::unique_ptr<FakeL2Chain> seq_chain;
    std::unique_ptr<FakeL2Chain> ver_chain;
    protocol::SystemConfig seq_config;
    std::unique_ptr<derive::Pipeline> pipeline;
    std::optional<derive::AttributesWithParent> last_attributes;
    std::optional<derive::PipelineError> reset_error;
    // The fee recipient the sequencer names in the blocks it builds next (nullopt: none, the vault),
    // and each block's coinbase on both sides (FakeL2Chain's hashes do not commit to it).
    std::optional<Address> seq_fee_recipient;
    std::map<std::uint64_t, Address> seq_coinbase;
    std::map<std::uint64_t, Address> ver_coinbase;

private:
    std::uint64_t seq_config_block_ = 0;
    std::map<std::uint64_t, protocol::SingularBatch> batches_;
    std::map<std::uint8_t, std::uint64_t> user_nonces_;
    int channel_counter_ = 0;
};

// (number, timestamp offset from L2 genesis, epoch) of each block.
struct BlockSummary {
    std::uint64_t number;
    std::uint64_t ts_offset;
    std::uint64_t epoch;
    friend bool operator==(const BlockSummary&, const BlockSummary&) = default;
};
inline std::ostream& operator<<(std::ostream& os, const BlockSummary& b) {
    return os << "#" << b.number << "@+" << b.ts_offset << "/e" << b.epoch;
}
inline std::vector<BlockSummary> summarize(const std::vector<L2BlockRef>& blocks,
                                           const protocol::RollupConfig& r) {
    std::vector<BlockSummary> out;
    for (const auto& b : blocks)
        out.push_back(BlockSummary{b.number, b.timestamp - r.genesis.l2_time, b.l1_origin.number});
    return out;
}

}  // namespace baton::scenario
