// SPDX-License-Identifier: MIT
// Rotating sequencers at a handover (issue 15), in process and deterministic: rotating Drivers on
// in-memory engines over one FakeL1Chain, the handover policy deciding when the incoming builder
// takes over, blocks handed over through the drivers' unsafe-block stores (what
// baton_unsafeBlocks serves), batches posted to L1 by whoever posts next, and an independent
// verifier deriving the chain. Two handovers: the outgoing builder's last blocks reach the incoming
// one but never L1, and they never reach the incoming one at all.

#include <baton/core/secp256k1.hpp>
#include <baton/derive/test_util/fake_l1_chain.hpp>
#include <baton/derive/test_util/test_rollup.hpp>
#include <baton/node/driver.hpp>
#include <baton/node/rotation.hpp>
#include <baton/node/test_util/mem_engine.hpp>
#include <baton/node/unsafe_blocks.hpp>
#include <baton/process/logging.hpp>
#include <baton/protocol/batch.hpp>
#include <baton/protocol/channel_out.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>

namespace baton::scenario {
namespace {

using derive::test_util::FakeL1Chain;
using derive::test_util::test_address;
using derive::test_util::test_key;
using node::DeriveProgress;
using node::Driver;
using node::DriverMode;
using node::RotationAction;
using node::UnsafeBlock;
using node::UnsafeBlockStore;
using node::test_util::batch_of;
using node::test_util::MemEngine;

constexpr std::uint64_t kNow = 4'000'000'000;  // far past every block: a due block is built at once

struct RotatingNode {
    RotatingNode(const protocol::RollupConfig& rollup, FakeL1Chain& l1, const Address& fee_recipient,
                 DriverMode mode = DriverMode::kRotating)
        : engine(rollup.genesis.l2.hash, rollup.genesis.l2.number, rollup.genesis.l2_time) {
        node::DriverConfig config;
        config.mode = mode;
        config.fee_recipient = fee_recipient;
        config.unsafe_store = &store;
        auto lookup = [&rollup](const derive::L1BlockRef&) -> derive::PipelineResult<protocol::SystemConfig> {
            return rollup.genesis.system_config;
        };
        // Quiet: the drivers' logs are not what this test reads.
        auto logger =
            process::make_logger(node::to_string(mode), process::LogFormat::kLogfmt, spdlog::level::off);
        driver = std::make_unique<Driver>(rollup, config, engine, l1, lookup, logger);
        EXPECT_TRUE(driver->start());
    }

    // Builds the next block with `txns` in the pool.
    void build(std::vector<Bytes> txns, const derive::L1BlockRef& l1_head) {
        engine.pool = std::move(txns);
        auto r = driver->sequence_step(l1_head, kNow);
        ASSERT_TRUE(r) << to_string(r.error());
        ASSERT_TRUE(*r);
        engine.pool.clear();
    }
    // What this node serves from `from` on (baton_unsafeBlocks).
    std::vector<UnsafeBlock> serve(std::uint64_t from) const { return store.from(from, 256); }
    void derive_until_idle() {
        for (int i = 0; i < 100'000; ++i) {
            auto r = driver->derive_step();
            ASSERT_TRUE(r) << to_string(r.error());
            if (*r == DeriveProgress::kIdle) return;
        }
        FAIL() << "derivation never idle";
    }
    std::uint64_t head() const { return driver->unsafe_head().number; }
    B256 hash_at(std::uint64_t n) const { return engine.at(n).block.ref.hash; }

    UnsafeBlockStore store;
    MemEngine engine;
    std::unique_ptr<Driver> driver;
};

class RotationScenario : public ::testing::Test {
protected:
    void SetUp() override {
        // Baton from genesis, leader election (batcherHash v1): batches name each block's fee
        // recipient and derivation honours it.
        rollup_ = derive::test_util::make_test_rollup(0);
        rollup_.genesis.system_config.batcher_hash = protocol::make_leader_election_batcher_hash();
        rollup_.genesis.l1 = l1_.genesis().id();
        rollup_.genesis.l2_time = l1_.genesis().timestamp;
        rollup_.genesis.l2.hash = keccak256(Bytes{'l', '2', 'g'});
        rollup_.deposit_contract_address = test_address(0xd0);
        l1_.mine_empty(2);
    }

    // A signed L2 txn of user `n` (its own nonce sequence): what the load generator sends to every
    // rotating node.
    Bytes user_tx(std::uint8_t n) {
        return derive::test_util::user_transfer(rollup_.l2_chain_id, n, nonces_[n]++);
    }

    // Posts blocks first..last of `poster`'s engine as span batches (Baton span batches, since the
    // blocks name their builders' recipients), one channel of at most l2_blocks_per_channel blocks
    // (Baton's consensus rule) per new L1 block: batchers post from their own node's chain.
    void post(const RotatingNode& poster, std::uint64_t first, std::uint64_t last) {
        for (std::uint64_t from = first; from <= last; from += rollup_.l2_blocks_per_channel)
            post_span(poster, from, std::min(last, from + rollup_.l2_blocks_per_channel - 1));
    }
    void post_span(const RotatingNode& poster, std::uint64_t first, std::uint64_t last) {
        std::vector<protocol::SingularBatch> batches;
        for (std::uint64_t n = first; n <= last; ++n) batches.push_back(batch_of(poster.engine, n));
        const protocol::SpanBatchParams params{rollup_.genesis.l2_time, rollup_.block_time,
                                               rollup_.l2_chain_id};
        auto span = protocol::make_span_batch(batches, params,
                                              poster.engine.at(first).block.ref.sequence_number == 0);
        ASSERT_TRUE(span);
        ASSERT_EQ(protocol::batch_type(protocol::Batch{*span}), protocol::BatchType::kBatonSpan);
        ASSERT_TRUE(derive::test_util::post_channel(
            l1_, test_key(1), rollup_.batch_inbox_address, static_cast<std::uint8_t>(++channels_),
            {protocol::encode_batch(protocol::Batch{std::move(*span)})}));
    }

    // Every user txn in blocks 1..last of `engine`, in order.
    static std::vector<B256> user_txns(const MemEngine& engine, std::uint64_t last) {
        std::vector<B256> out;
        for (std::uint64_t n = 1; n <= last; ++n)
            for (const auto& t : engine.at(n).txns)
                if (t[0] != 0x7e) out.push_back(keccak256(t));
        return out;
    }

    protocol::RollupConfig rollup_;
    FakeL1Chain l1_{900};
    std::map<std::uint8_t, std::uint64_t> nonces_;
    int channels_ = 0;
};

const Address kLeaderA = test_address(0xa1);
const Address kLeaderB = test_address(0xb2);
// Each builder's own fee recipient; the follower C's and the verifier's are never used.
const Address kPayA = test_address(0xfa);
const Address kPayB = test_address(0xfb);
const Address kPayC = test_address(0xfc);

TEST_F(RotationScenario, OutgoingBuildersUnpostedBlocksArePostedByTheNextPosterAndNoneIsLost) {
    RotatingNode a(rollup_, l1_, kPayA), b(rollup_, l1_, kPayB);
    // A's turn: it builds 1..6; B follows every one of them.
    for (int i = 0; i < 6; ++i) a.build({user_tx(static_cast<std::uint8_t>(i % 3))}, l1_.head());
    auto followed = b.driver->follow(a.serve(b.head()), false);
    ASSERT_TRUE(followed);
    EXPECT_EQ(followed->applied, 6U);
    EXPECT_EQ(b.head(), 6U);
    for (std::uint64_t n = 1; n <= 6; ++n) EXPECT_EQ(b.hash_at(n), a.hash_at(n)) << n;
    EXPECT_EQ(b.driver->rotation_stats().blocks_followed, 6U);

    // A posts 1..3 in its window, then goes silent for good: 4..6 never reach L1 from A.
    post(a, 1, 3);
    // B's turn: its next block maps to itself, so the policy says build at once.
    node::HandoverPolicy policy(3000);
    EXPECT_EQ(policy.decide(b.driver->next_block_time(), kNow * 1000, kLeaderB, kLeaderB, kLeaderB),
              RotationAction::kBuild);
    for (int i = 0; i < 3; ++i) b.build({user_tx(static_cast<std::uint8_t>(i % 3))}, l1_.head());
    EXPECT_EQ(b.head(), 9U);
    // B posts from its safe head: A's 4..6 and its own 7..9.
    b.derive_until_idle();
    EXPECT_EQ(b.driver->safe_head().number, 3U);
    post(b, b.driver->safe_head().number + 1, b.head());
    l1_.mine_empty(2);
    b.derive_until_idle();
    EXPECT_EQ(b.driver->safe_head().number, 9U);
    EXPECT_EQ(b.driver->rotation_stats().unsafe_blocks_replaced, 0U);

    RotatingNode verifier(rollup_, l1_, protocol::kSequencerFeeVaultAddress, DriverMode::kVerifier);
    verifier.derive_until_idle();
    ASSERT_EQ(verifier.driver->safe_head().number, 9U);
    for (std::uint64_t n = 1; n <= 6; ++n) EXPECT_EQ(verifier.hash_at(n), a.hash_at(n)) << "A's block " << n;
    for (std::uint64_t n = 1; n <= 9; ++n) {
        EXPECT_EQ(verifier.hash_at(n), b.hash_at(n)) << n;
        // Each block pays its builder, though B posted A's last three.
        EXPECT_EQ(verifier.engine.at(n).block.fee_recipient, n <= 6 ? kPayA : kPayB) << n;
    }
    // B consolidated every block as safe: nothing was rebuilt for a fee recipient.
    EXPECT_EQ(b.driver->rotation_stats().unsafe_blocks_replaced, 0U);
    EXPECT_EQ(user_txns(verifier.engine, 9).size(), 9U);  // every user txn, once
}

TEST_F(RotationScenario, BlocksTheIncomingBuilderNeverReceivedAreReplacedEverywhereByWhatL1Says) {
    RotatingNode a(rollup_, l1_, kPayA), b(rollup_, l1_, kPayB), c(rollup_, l1_, kPayC);
    // A builds 1..6 with one user txn each. Every txn also reaches B's pool later (the load
    // generator sends to every node), so none is lost with A's blocks.
    std::vector<Bytes> sent;
    for (int i = 0; i < 6; ++i) {
        sent.push_back(user_tx(static_cast<std::uint8_t>(i)));
        a.build({sent.back()}, l1_.head());
    }
    // C follows all six; B receives only 1..4 (A's last answer never arrived).
    ASSERT_TRUE(c.driver->follow(a.serve(c.head()), false));
    auto partial = a.serve(b.head());
    partial.resize(4);
    ASSERT_TRUE(b.driver->follow(partial, false));
    ASSERT_EQ(b.head(), 4U);
    post(a, 1, 3);

    // B's turn by the clock; block 5 is still A's by the map. B waits the bounded time, then takes
    // over and builds 5' and 6' itself, then its own 7'.
    node::HandoverPolicy policy(3000);
    const std::uint64_t t5 = b.driver->next_block_time();
    EXPECT_EQ(policy.decide(t5, t5 * 1000 + 500, kLeaderA, kLeaderB, kLeaderB),
              RotationAction::kWaitForHandover);
    EXPECT_EQ(policy.decide(t5, t5 * 1000 + 3500, kLeaderA, kLeaderB, kLeaderB), RotationAction::kTakeOver);
    // B's pool holds both of A's lost txns by now; its 5' pays B, so it is another block than A's 5.
    b.build({sent[4], sent[5]}, l1_.head());
    b.build({user_tx(9)}, l1_.head());
    b.build({user_tx(10)}, l1_.head());
    ASSERT_EQ(b.head(), 7U);
    ASSERT_NE(b.hash_at(5), a.hash_at(5));

    // C, a follower holding A's 5 and 6, polls the current builder B: an answer that does not
    // link to C's head is asked again from C's safe head, and B's chain replaces A's two blocks.
    // Another peer's answer could only extend C's chain, never replace it.
    auto from_other = c.driver->follow(b.serve(c.head()), false);
    ASSERT_TRUE(from_other);
    EXPECT_EQ(from_other->applied, 0U);
    EXPECT_EQ(c.hash_at(6), a.hash_at(6));
    auto replaced = c.driver->follow(b.serve(c.driver->safe_head().number + 1), true);
    ASSERT_TRUE(replaced) << to_string(replaced.error());
    EXPECT_EQ(replaced->replaced, 2U);
    EXPECT_EQ(c.driver->rotation_stats().unsafe_blocks_replaced, 2U);
    EXPECT_EQ(c.driver->rotation_stats().max_reorg_depth, 2U);
    for (std::uint64_t n = 1; n <= 7; ++n) EXPECT_EQ(c.hash_at(n), b.hash_at(n)) << n;

    // B posts from its safe head; A, alive again as a follower, derives and ends on B's chain.
    b.derive_until_idle();
    post(b, b.driver->safe_head().number + 1, b.head());
    l1_.mine_empty(2);
    a.derive_until_idle();
    EXPECT_EQ(a.driver->safe_head().number, 7U);
    for (std::uint64_t n = 1; n <= 7; ++n) EXPECT_EQ(a.hash_at(n), b.hash_at(n)) << n;
    EXPECT_EQ(a.driver->rotation_stats().unsafe_blocks_replaced, 2U);  // L1 replaced A's own 5 and 6

    RotatingNode verifier(rollup_, l1_, protocol::kSequencerFeeVaultAddress, DriverMode::kVerifier);
    verifier.derive_until_idle();
    ASSERT_EQ(verifier.driver->safe_head().number, 7U);
    for (std::uint64_t n = 1; n <= 7; ++n) {
        EXPECT_EQ(verifier.hash_at(n), b.hash_at(n)) << n;
        EXPECT_EQ(verifier.engine.at(n).block.fee_recipient, n <= 4 ? kPayA : kPayB) << n;
    }
    // Every user txn A ever included is on the final chain exactly once.
    const auto final_txns = user_txns(verifier.engine, 7);
    EXPECT_EQ(std::set<B256>(final_txns.begin(), final_txns.end()).size(), final_txns.size());
    for (const auto& t : sent)
        EXPECT_NE(std::find(final_txns.begin(), final_txns.end(), keccak256(t)), final_txns.end());
}

}  // namespace
}  // namespace baton::scenario
