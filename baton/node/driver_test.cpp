// SPDX-License-Identifier: MIT
#include <baton/node/driver.hpp>

#include <baton/core/secp256k1.hpp>
#include <baton/derive/test_util/fake_l1_chain.hpp>
#include <baton/derive/test_util/test_rollup.hpp>
#include <baton/node/test_util/mem_engine.hpp>
#include <baton/process/logging.hpp>
#include <baton/protocol/batch.hpp>
#include <baton/protocol/channel_out.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <map>

namespace baton::node {
namespace {

using process::LogFormat;
using process::make_logger;

using derive::test_util::FakeL1Chain;
using derive::test_util::test_address;
using derive::test_util::test_key;
using test_util::batch_of;
using test_util::MemEngine;

constexpr std::uint64_t kNow = 4'000'000'000;  // far past every block: build at once

class CountingMetrics final : public DriverMetrics {
public:
    void record_engine_error(EngineErrorKind) override { ++engine_errors; }
    void record_pipeline_reset() override { ++resets; }
    void record_unsafe_reorg() override { ++unsafe_reorgs; }
    void record_deposit_only_block() override { ++deposit_only; }
    int engine_errors = 0, resets = 0, unsafe_reorgs = 0, deposit_only = 0;
};

struct Node {
    Node(const protocol::RollupConfig& rollup, DriverMode mode, FakeL1Chain& l1)
        : engine(rollup.genesis.l2.hash, rollup.genesis.l2.number, rollup.genesis.l2_time) {
        make_driver(rollup, mode, l1);
    }
    void make_driver(const protocol::RollupConfig& rollup, DriverMode mode, FakeL1Chain& l1,
                     std::uint64_t l1_confs = 0) {
        DriverConfig config;
        config.mode = mode;
        config.l1_confs = l1_confs;
        auto lookup = [&rollup](const derive::L1BlockRef&) -> derive::PipelineResult<protocol::SystemConfig> {
            return rollup.genesis.system_config;
        };
        auto logger = make_logger(to_string(mode), LogFormat::kLogfmt, spdlog::level::debug,
                                  std::make_shared<spdlog::sinks::null_sink_mt>());
        driver = std::make_unique<Driver>(rollup, config, engine, l1, lookup, logger, derive::Telemetry{},
                                          &metrics);
    }
    // Steps derivation until idle; returns the first error, if any.
    std::optional<DriverError> derive_until_idle() {
        for (int i = 0; i < 100'000; ++i) {
            auto r = driver->derive_step();
            if (!r) return r.error();
            if (*r == DeriveProgress::kIdle) return std::nullopt;
        }
        return DriverError{Severity::kCritical, DriverErrorSource::kDerivation, "never idle"};
    }

    MemEngine engine;
    CountingMetrics metrics;
    std::unique_ptr<Driver> driver;
};

class DriverTest : public ::testing::Test {
protected:
    void SetUp() override {
        rollup_ = derive::test_util::make_test_rollup(std::nullopt);
        rollup_.genesis.l1 = l1_.genesis().id();
        rollup_.genesis.l2_time = l1_.genesis().timestamp;
        rollup_.genesis.l2.hash = keccak256(Bytes{'l', '2', 'g'});
        rollup_.deposit_contract_address = test_address(0xd0);
    }

    Bytes user_tx(std::uint8_t user) {
        return derive::test_util::user_transfer(rollup_.l2_chain_id, user, nonces_[user]++);
    }

    // Sequences `n` blocks on `seq`, each with one user txn in the pool.
    void sequence(Node& seq, int n) {
        for (int i = 0; i < n; ++i) {
            seq.engine.pool = {user_tx(static_cast<std::uint8_t>(i % 3))};
            auto r = seq.driver->sequence_step(l1_.head(), kNow);
            ASSERT_TRUE(r) << to_string(r.error());
            ASSERT_TRUE(*r);
        }
    }

    // Posts `batches` as one zlib channel in a new L1 block.
    void post(const std::vector<protocol::SingularBatch>& batches) {
        std::vector<Bytes> encoded;
        encoded.reserve(batches.size());
        for (const auto& b : batches) encoded.push_back(protocol::encode_batch(protocol::Batch{b}));
        ASSERT_TRUE(derive::test_util::post_channel(l1_, test_key(1), rollup_.batch_inbox_address,
                                                    static_cast<std::uint8_t>(++channels_), encoded));
    }
    void post_blocks(const MemEngine& engine, std::uint64_t first, std::uint64_t last) {
        std::vector<protocol::SingularBatch> batches;
        for (std::uint64_t n = first; n <= last; ++n) batches.push_back(batch_of(engine, n));
        post(batches);
    }

    // 20 sequenced blocks over L1 blocks 0..3, with a user deposit in L1 block 3.
    void build_twenty(Node& seq) {
        l1_.mine_empty(2);  // L1 #1 at +12, #2 at +24
        ASSERT_TRUE(seq.driver->start());
        sequence(seq, 12);  // L2 +2 .. +24
        l1_.add_deposit(rollup_.deposit_contract_address, test_address(0x31), test_address(0x32), 5, 100'000,
                        {});
        l1_.mine();        // #3 at +36
        sequence(seq, 8);  // L2 +26 .. +40
    }

    protocol::RollupConfig rollup_;
    FakeL1Chain l1_{900};
    std::map<std::uint8_t, std::uint64_t> nonces_;
    int channels_ = 0;
};

TEST_F(DriverTest, SequencerPicksOriginsAndPutsDepositsFirst) {
    Node seq(rollup_, DriverMode::kSequencer, l1_);
    build_twenty(seq);
    EXPECT_EQ(seq.driver->unsafe_head().number, 20u);
    for (std::uint64_t n = 1; n <= 20; ++n) {
        const auto& b = seq.engine.at(n);
        const std::uint64_t expected_origin = (b.block.ref.timestamp - rollup_.genesis.l2_time) / 12;
        EXPECT_EQ(b.block.ref.l1_origin.number, expected_origin) << n;
        EXPECT_EQ(b.block.ref.l1_origin.hash, l1_.block(expected_origin).hash) << n;
        ASSERT_GE(b.txns.size(), 2u);
        EXPECT_EQ(b.txns.front()[0], 0x7e);  // L1-info deposit first
        EXPECT_NE(b.txns.back()[0], 0x7e);   // the pool txn last
        EXPECT_EQ(b.block.fee_recipient, derive::kSequencerFeeVaultAddress);
    }
    // The first block of epoch 3 carries the user deposit right after the L1-info deposit.
    const auto& first_of_3 = seq.engine.at(18);
    EXPECT_EQ(first_of_3.block.ref.l1_origin.number, 3u);
    EXPECT_EQ(first_of_3.block.ref.sequence_number, 0u);
    ASSERT_EQ(first_of_3.txns.size(), 3u);
    EXPECT_EQ(first_of_3.txns[1][0], 0x7e);
    EXPECT_EQ(seq.engine.at(19).txns.size(), 2u);
    // Not before its time.
    auto early = seq.driver->sequence_step(l1_.head(), seq.driver->next_block_time() - 1);
    ASSERT_TRUE(early);
    EXPECT_FALSE(*early);
}

TEST_F(DriverTest, VerifierDerivesSequencerChainAndSequencerConsolidates) {
    Node seq(rollup_, DriverMode::kSequencer, l1_);
    build_twenty(seq);
    post_blocks(seq.engine, 1, 10);
    post_blocks(seq.engine, 11, 20);
    l1_.mine_empty(2);

    ASSERT_FALSE(seq.derive_until_idle());
    EXPECT_EQ(seq.driver->safe_head().number, 20u);
    EXPECT_EQ(seq.driver->safe_head(), seq.driver->unsafe_head());
    EXPECT_EQ(seq.metrics.unsafe_reorgs, 0);
    EXPECT_EQ(seq.engine.builds, 20u);  // consolidation built nothing

    Node ver(rollup_, DriverMode::kVerifier, l1_);
    ASSERT_TRUE(ver.driver->start());
    ASSERT_FALSE(ver.derive_until_idle());
    ASSERT_EQ(ver.driver->safe_head().number, 20u);
    for (std::uint64_t n = 1; n <= 20; ++n) {
        EXPECT_EQ(ver.engine.at(n).block.ref, seq.engine.at(n).block.ref) << n;
        EXPECT_EQ(ver.engine.at(n).txns, seq.engine.at(n).txns) << n;
    }
    EXPECT_EQ(ver.driver->unsafe_head(), ver.driver->safe_head());
    ASSERT_TRUE(ver.driver->current_l1());
    EXPECT_EQ(ver.driver->current_l1()->number, l1_.head().number);

    // Finality follows the L1 block each safe block was derived from.
    ver.driver->on_l1_finalized(l1_.block(4));
    EXPECT_EQ(ver.driver->finalized_head().number, 10u);
    ver.driver->on_l1_finalized(l1_.head());
    EXPECT_EQ(ver.driver->finalized_head(), ver.driver->safe_head());
}

TEST_F(DriverTest, DifferentBatchReplacesUnsafeBlocks) {
    Node seq(rollup_, DriverMode::kSequencer, l1_);
    l1_.mine_empty(1);
    ASSERT_TRUE(seq.driver->start());
    sequence(seq, 4);
    const B256 old_block_2 = seq.engine.at(2).block.ref.hash;
    // L1 says block 2 was empty (another sequencer's batch): blocks 2..4 are replaced.
    std::vector<protocol::SingularBatch> batches;
    for (std::uint64_t n = 1; n <= 4; ++n) batches.push_back(batch_of(seq.engine, n));
    batches[1].transactions.clear();
    batches.resize(2);
    post(batches);
    l1_.mine_empty(1);
    ASSERT_FALSE(seq.derive_until_idle());
    EXPECT_EQ(seq.metrics.unsafe_reorgs, 1);
    EXPECT_EQ(seq.driver->safe_head().number, 2u);
    EXPECT_EQ(seq.driver->unsafe_head(), seq.driver->safe_head());
    EXPECT_NE(seq.engine.at(2).block.ref.hash, old_block_2);
    EXPECT_EQ(seq.engine.at(2).txns.size(), 1u);
    EXPECT_EQ(seq.engine.tip().ref.number, 2u);
    // The sequencer continues on the derived chain.
    sequence(seq, 1);
    EXPECT_EQ(seq.driver->unsafe_head().parent_hash, seq.engine.at(2).block.ref.hash);
}

TEST_F(DriverTest, RejectedDerivedTxnsGiveDepositOnlyBlock) {
    Node seq(rollup_, DriverMode::kSequencer, l1_);
    l1_.mine_empty(1);
    ASSERT_TRUE(seq.driver->start());
    sequence(seq, 4);
    post_blocks(seq.engine, 1, 4);
    l1_.mine_empty(1);

    Node ver(rollup_, DriverMode::kVerifier, l1_);
    ver.engine.rejected.insert(keccak256(seq.engine.at(2).txns.back()));
    ASSERT_TRUE(ver.driver->start());
    ASSERT_FALSE(ver.derive_until_idle());
    EXPECT_EQ(ver.metrics.deposit_only, 1);
    EXPECT_EQ(ver.engine.at(1).block.ref, seq.engine.at(1).block.ref);
    ASSERT_GE(ver.driver->safe_head().number, 2u);
    EXPECT_EQ(ver.engine.at(2).txns.size(), 1u);  // the L1-info deposit only
    EXPECT_EQ(ver.engine.at(2).block.ref.timestamp, seq.engine.at(2).block.ref.timestamp);
}

TEST_F(DriverTest, VerifierRestartResumesFromEngineHead) {
    Node seq(rollup_, DriverMode::kSequencer, l1_);
    build_twenty(seq);
    post_blocks(seq.engine, 1, 10);
    Node ver(rollup_, DriverMode::kVerifier, l1_);
    ASSERT_TRUE(ver.driver->start());
    ASSERT_FALSE(ver.derive_until_idle());
    ASSERT_EQ(ver.driver->safe_head().number, 10u);
    const std::size_t builds = ver.engine.builds;

    // A new driver over the same engine, no persisted heads: the engine head is taken as safe.
    ver.make_driver(rollup_, DriverMode::kVerifier, l1_);
    ASSERT_TRUE(ver.driver->start());
    EXPECT_EQ(ver.driver->safe_head().number, 10u);
    post_blocks(seq.engine, 11, 20);
    l1_.mine_empty(1);
    ASSERT_FALSE(ver.derive_until_idle());
    ASSERT_EQ(ver.driver->safe_head().number, 20u);
    EXPECT_EQ(ver.engine.builds, builds + 10);
    for (std::uint64_t n = 1; n <= 20; ++n)
        EXPECT_EQ(ver.engine.at(n).block.ref, seq.engine.at(n).block.ref) << n;
}

TEST_F(DriverTest, PersistedHeadsAreUsedOnlyWhenTheEngineHasThem) {
    Node seq(rollup_, DriverMode::kSequencer, l1_);
    build_twenty(seq);
    post_blocks(seq.engine, 1, 20);
    ASSERT_FALSE(seq.derive_until_idle());
    const PersistedHeads heads{seq.engine.at(12).block.id(), seq.engine.at(8).block.id()};

    seq.make_driver(rollup_, DriverMode::kSequencer, l1_);
    ASSERT_TRUE(seq.driver->start(heads));
    EXPECT_EQ(seq.driver->safe_head().number, 12u);
    EXPECT_EQ(seq.driver->finalized_head().number, 8u);
    EXPECT_EQ(seq.driver->unsafe_head().number, 20u);

    // Unknown hash: ignored; a sequencer then re-derives from genesis, consolidating its blocks.
    PersistedHeads stale = heads;
    stale.safe.hash[5] ^= 1;
    seq.make_driver(rollup_, DriverMode::kSequencer, l1_);
    ASSERT_TRUE(seq.driver->start(stale));
    EXPECT_EQ(seq.driver->safe_head().number, 0u);
    ASSERT_FALSE(seq.derive_until_idle());
    EXPECT_EQ(seq.driver->safe_head().number, 20u);
    EXPECT_EQ(seq.metrics.unsafe_reorgs, 0);
}

TEST_F(DriverTest, OutagesAreTemporaryAndLoseNothing) {
    Node seq(rollup_, DriverMode::kSequencer, l1_);
    build_twenty(seq);
    post_blocks(seq.engine, 1, 20);
    l1_.mine_empty(1);

    Node ver(rollup_, DriverMode::kVerifier, l1_);
    ASSERT_TRUE(ver.driver->start());
    int temporary = 0;
    // L1 down for a while.
    l1_.fail_next_calls(5);
    for (int i = 0; i < 5; ++i) {
        auto r = ver.driver->derive_step();
        if (!r) {
            EXPECT_TRUE(r.error().temporary()) << to_string(r.error());
            ++temporary;
        }
    }
    EXPECT_GT(temporary, 0);
    // Engine down while attributes are in hand.
    for (int i = 0; i < 200 && ver.engine.builds < 3; ++i) ASSERT_TRUE(ver.driver->derive_step());
    ver.engine.down = true;
    for (int i = 0; i < 5; ++i) {
        auto r = ver.driver->derive_step();
        ASSERT_FALSE(r);
        EXPECT_TRUE(r.error().temporary());
        EXPECT_EQ(r.error().source, DriverErrorSource::kEngine);
    }
    ver.engine.down = false;
    ASSERT_FALSE(ver.derive_until_idle());
    ASSERT_EQ(ver.driver->safe_head().number, 20u);
    for (std::uint64_t n = 1; n <= 20; ++n)
        EXPECT_EQ(ver.engine.at(n).block.ref, seq.engine.at(n).block.ref) << n;
}

TEST_F(DriverTest, PoolTxnTheEngineRefusesGivesEmptyBlockAndKeepsThePool) {
    Node seq(rollup_, DriverMode::kSequencer, l1_);
    l1_.mine_empty(1);
    ASSERT_TRUE(seq.driver->start());
    const Bytes bad = user_tx(1);
    seq.engine.pool = {bad};
    seq.engine.rejected.insert(keccak256(bad));
    auto r = seq.driver->sequence_step(l1_.head(), kNow);
    ASSERT_TRUE(r) << to_string(r.error());
    ASSERT_TRUE(*r);
    EXPECT_EQ(seq.engine.at(1).txns.size(), 1u);  // the L1-info deposit only
    EXPECT_EQ(seq.engine.pool, std::vector<Bytes>{bad});
    EXPECT_EQ(seq.metrics.engine_errors, 1);  // tried once with the pool, then without
    // Once the engine takes it, the txn goes into the next block.
    seq.engine.rejected.clear();
    r = seq.driver->sequence_step(l1_.head(), kNow);
    ASSERT_TRUE(r && *r);
    EXPECT_EQ(seq.engine.at(2).txns.back(), bad);
}

TEST_F(DriverTest, ConfDepthHoldsBackTheOrigin) {
    Node seq(rollup_, DriverMode::kSequencer, l1_);
    seq.make_driver(rollup_, DriverMode::kSequencer, l1_, 2);
    l1_.mine_empty(3);  // L1 #1..#3 at +12, +24, +36
    ASSERT_TRUE(seq.driver->start());
    sequence(seq, 18);  // L2 up to +36: time allows origin 3, but only #1 is 2 below the head
    EXPECT_EQ(seq.driver->unsafe_head().l1_origin.number, 1u);
    l1_.mine_empty(1);  // head #4: #2 becomes usable
    sequence(seq, 1);
    EXPECT_EQ(seq.driver->unsafe_head().l1_origin.number, 2u);
}

TEST_F(DriverTest, ReorgedOriginRewindsUnsafeChain) {
    Node seq(rollup_, DriverMode::kSequencer, l1_);
    l1_.mine_empty(2);
    ASSERT_TRUE(seq.driver->start());
    sequence(seq, 12);
    EXPECT_EQ(seq.driver->unsafe_head().l1_origin.number, 2u);
    l1_.reorg(1);  // L1 #2 replaced
    auto r = seq.driver->sequence_step(l1_.head(), kNow);
    ASSERT_TRUE(r);
    EXPECT_FALSE(*r);
    EXPECT_EQ(seq.driver->unsafe_head().number, 0u);  // back to the safe head (genesis)
    EXPECT_EQ(seq.metrics.unsafe_reorgs, 1);
    sequence(seq, 12);
    EXPECT_EQ(seq.driver->unsafe_head().l1_origin, l1_.block(2).id());
}

TEST_F(DriverTest, WrongGenesisIsCriticalConfigError) {
    protocol::RollupConfig other = rollup_;
    other.genesis.l2.hash[0] ^= 1;
    Node ver(rollup_, DriverMode::kVerifier, l1_);
    ver.make_driver(other, DriverMode::kVerifier, l1_);
    auto r = ver.driver->start();
    ASSERT_FALSE(r);
    EXPECT_FALSE(r.error().temporary());
    EXPECT_EQ(r.error().source, DriverErrorSource::kConfig);
    // And an L1 whose genesis.l1 differs.
    protocol::RollupConfig wrong_l1 = rollup_;
    wrong_l1.genesis.l1.hash[0] ^= 1;
    ver.make_driver(wrong_l1, DriverMode::kVerifier, l1_);
    r = ver.driver->start();
    ASSERT_FALSE(r);
    EXPECT_FALSE(r.error().temporary());
    EXPECT_EQ(r.error().source, DriverErrorSource::kConfig);
}

TEST_F(DriverTest, ParsesModes) {
    EXPECT_EQ(parse_driver_mode("sequencer"), DriverMode::kSequencer);
    EXPECT_EQ(parse_driver_mode("verifier"), DriverMode::kVerifier);
    EXPECT_FALSE(parse_driver_mode("validator"));
}

}  // namespace
}  // namespace baton::node
