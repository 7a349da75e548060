// SPDX-License-Identifier: MIT
#include <baton/derive/l1_retrieval.hpp>
#include <baton/derive/test_util/fake_l1_chain.hpp>
#include <baton/derive/test_util/recording.hpp>
#include <baton/derive/test_util/test_rollup.hpp>
#include <baton/protocol/blob.hpp>

#include <gtest/gtest.h>

namespace baton::derive {
namespace {

using protocol::ConfigUpdateType;
using test_util::address_word;
using test_util::FakeL1Chain;
using test_util::make_test_rollup;
using test_util::test_address;
using test_util::test_key;

Bytes payload(std::string_view tag) {
    return to_bytes(as_view(tag));
}

class L1RetrievalTest : public ::testing::Test {
protected:
    void start(std::optional<std::uint64_t> baton_time = 0, bool leader_election = false) {
        rollup = make_test_rollup(baton_time);
        if (leader_election)
            rollup.genesis.system_config.batcher_hash = protocol::make_leader_election_batcher_hash();
        auto traversal = std::make_unique<L1Traversal>(rollup, l1, rec.telemetry());
        retrieval =
            std::make_unique<L1Retrieval>(std::move(traversal), DataSource(rollup, l1, rec.telemetry()));
        ASSERT_TRUE(retrieval->signal(ResetSignal{{}, l1.genesis(), rollup.genesis.system_config}));
        drain();  // genesis has no txs
    }

    // Everything retrieval yields at the current origin, up to eof.
    std::vector<Bytes> drain() {
        std::vector<Bytes> out;
        for (;;) {
            auto data = retrieval->next_data();
            if (!data) {
                EXPECT_TRUE(data.error().is_eof()) << to_string(data.error());
                return out;
            }
            out.push_back(std::move(*data));
        }
    }

    // Mines the pending block, enters it and returns its payloads.
    std::vector<Bytes> mine_and_read() {
        auto block = l1.mine();
        auto advanced = retrieval->advance_origin();
        EXPECT_TRUE(advanced) << to_string(advanced.error());
        EXPECT_EQ(retrieval->origin(), block);
        return drain();
    }

    FakeL1Chain l1{900};
    protocol::RollupConfig rollup;
    test_util::RecordingTelemetry rec;
    std::unique_ptr<L1Retrieval> retrieval;
    PrivateKey batcher = test_key(1);  // make_test_rollup's v0 batcher
    PrivateKey stranger = test_key(2);
};

TEST_F(L1RetrievalTest, V0ReadsBatcherTxAndIgnoresOtherSenders) {
    start();
    l1.add_batcher_tx(stranger, rollup.batch_inbox_address, payload("stranger"));
    l1.add_batcher_tx(batcher, rollup.batch_inbox_address, payload("batcher"));
    l1.add_batcher_tx(batcher, test_address(0x99), payload("elsewhere"));
    auto out = mine_and_read();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0], payload("batcher"));
    EXPECT_EQ(rec.metrics.drops(DropReason::kUnauthorizedSender), 1u);
    EXPECT_EQ(rec.metrics.total_drops(), 1u);  // the tx to another address is not a drop
}

TEST_F(L1RetrievalTest, V0IgnoresReceiptStatus) {
    // Upstream rule: a reverted batcher tx still delivers its data.
    start();
    l1.add_batcher_tx(batcher, rollup.batch_inbox_address, payload("reverted"), /*success=*/false);
    auto out = mine_and_read();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0], payload("reverted"));
}

TEST_F(L1RetrievalTest, V0DropsUnrecoverableSignature) {
    start();
    DynamicFeeTx tx;
    tx.chain_id = 900;
    tx.to = rollup.batch_inbox_address;
    tx.data = payload("unsigned");
    tx.signature.r = U256(1);
    tx.signature.s = U256(0);  // invalid
    Receipt receipt;
    receipt.status = true;
    l1.add_tx(Transaction{tx}, receipt);
    EXPECT_TRUE(mine_and_read().empty());
    EXPECT_EQ(rec.metrics.drops(DropReason::kInvalidSignature), 1u);
}

TEST_F(L1RetrievalTest, V1ReadsSuccessfulTxFromAnySenderAndIgnoresReverted) {
    start(0, /*leader_election=*/true);
    l1.add_batcher_tx(stranger, rollup.batch_inbox_address, payload("reverted"), /*success=*/false);
    l1.add_batcher_tx(stranger, rollup.batch_inbox_address, payload("leader"));
    l1.add_batcher_tx(test_key(3), rollup.batch_inbox_address, payload("other leader"));
    auto out = mine_and_read();
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0], payload("leader"));
    EXPECT_EQ(out[1], payload("other leader"));
    EXPECT_EQ(rec.metrics.drops(DropReason::kRevertedBatcherTx), 1u);
}

TEST_F(L1RetrievalTest, V1BeforeBatonTimeReadsNothing) {
    start(/*baton_time=*/std::nullopt, /*leader_election=*/true);
    l1.add_batcher_tx(batcher, rollup.batch_inbox_address, payload("a"));
    l1.add_batcher_tx(stranger, rollup.batch_inbox_address, payload("b"));
    EXPECT_TRUE(mine_and_read().empty());
    EXPECT_EQ(rec.metrics.drops(DropReason::kLeaderElectionBeforeBaton), 2u);
    EXPECT_TRUE(rec.logger.contains("leader election before baton"));
}

TEST_F(L1RetrievalTest, SwitchToV1ByBatcherUpdateGovernsTheWholeBlock) {
    start();
    // A stranger's successful tx before the update in the same block: v1 already applies to it.
    l1.add_batcher_tx(stranger, rollup.batch_inbox_address, payload("early"));
    l1.add_config_update(rollup.l1_system_config_address, ConfigUpdateType::kBatcher,
                         protocol::make_leader_election_batcher_hash());
    auto out = mine_and_read();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0], payload("early"));
}

TEST_F(L1RetrievalTest, UnknownBatcherHashVersionReadsNothing) {
    start();
    B256 bad{};
    bad[0] = 0x02;
    rollup.genesis.system_config.batcher_hash = bad;
    ASSERT_TRUE(retrieval->signal(ResetSignal{{}, l1.genesis(), rollup.genesis.system_config}));
    drain();
    l1.add_batcher_tx(batcher, rollup.batch_inbox_address, payload("a"));
    EXPECT_TRUE(mine_and_read().empty());
    EXPECT_EQ(rec.metrics.drops(DropReason::kInvalidBatcherHash), 1u);
}

TEST_F(L1RetrievalTest, InboxChangeIgnoresOldInboxFromThatBlockOn) {
    start(0, /*leader_election=*/true);
    const Address old_inbox = rollup.batch_inbox_address;
    const Address new_inbox = test_address(0x42);
    l1.add_batcher_tx(stranger, old_inbox, payload("old before"));
    auto out = mine_and_read();
    ASSERT_EQ(out.size(), 1u);

    // Same block: a tx to the old inbox *before* the update, the update, then txs to both inboxes.
    l1.add_batcher_tx(stranger, old_inbox, payload("old, same block, earlier"));
    l1.add_batcher_tx(stranger, new_inbox, payload("new, same block, earlier"));
    l1.add_config_update(rollup.l1_system_config_address, ConfigUpdateType::kBatchInbox,
                         address_word(new_inbox));
    l1.add_batcher_tx(stranger, old_inbox, payload("old, same block, later"));
    l1.add_batcher_tx(stranger, new_inbox, payload("new, same block, later"));
    out = mine_and_read();
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0], payload("new, same block, earlier"));
    EXPECT_EQ(out[1], payload("new, same block, later"));

    l1.add_batcher_tx(stranger, old_inbox, payload("old after"));
    l1.add_batcher_tx(stranger, new_inbox, payload("new after"));
    out = mine_and_read();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0], payload("new after"));
}

TEST_F(L1RetrievalTest, InboxFromSystemConfigIgnoredBeforeBaton) {
    // A SystemConfig that somehow carries an inbox (e.g. a reset) is not honoured before baton_time.
    start(std::nullopt);
    auto config = rollup.genesis.system_config;
    config.batch_inbox = test_address(0x42);
    EXPECT_EQ(batch_inbox_at(rollup, config, l1.genesis().timestamp), rollup.batch_inbox_address);
    rollup.baton_time = 0;
    EXPECT_EQ(batch_inbox_at(rollup, config, l1.genesis().timestamp), test_address(0x42));
}

TEST_F(L1RetrievalTest, CalldataAndBlobTxsInBlockOrder) {
    start();
    // A non-batcher blob tx first: its two blobs shift the batcher's blob indices to 2 and 3.
    l1.add_blob_batcher_tx(stranger, test_address(0x99), {payload("x"), payload("y")});
    l1.add_batcher_tx(batcher, rollup.batch_inbox_address, payload("calldata 1"));
    l1.add_blob_batcher_tx(batcher, rollup.batch_inbox_address, {payload("blob 1"), payload("blob 2")}, true,
                           payload("ignored calldata"));
    l1.add_batcher_tx(batcher, rollup.batch_inbox_address, payload("calldata 2"));
    auto out = mine_and_read();
    ASSERT_EQ(out.size(), 4u);
    EXPECT_EQ(out[0], payload("calldata 1"));
    EXPECT_EQ(out[1], payload("blob 1"));
    EXPECT_EQ(out[2], payload("blob 2"));
    EXPECT_EQ(out[3], payload("calldata 2"));
    EXPECT_EQ(l1.blob_calls(), 1u);  // the fake rejects wrong indices, so this also checks them
}

TEST_F(L1RetrievalTest, BlobTxBeforeEcotoneContributesCalldata) {
    rollup = make_test_rollup();
    rollup.ecotone_time.reset();
    rollup.fjord_time.reset();
    rollup.granite_time.reset();
    rollup.holocene_time.reset();
    rollup.baton_time.reset();
    auto traversal = std::make_unique<L1Traversal>(rollup, l1, rec.telemetry());
    retrieval = std::make_unique<L1Retrieval>(std::move(traversal), DataSource(rollup, l1, rec.telemetry()));
    ASSERT_TRUE(retrieval->signal(ResetSignal{{}, l1.genesis(), rollup.genesis.system_config}));
    drain();
    l1.add_blob_batcher_tx(batcher, rollup.batch_inbox_address, {payload("blob")}, true, payload("calldata"));
    auto out = mine_and_read();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0], payload("calldata"));
    EXPECT_EQ(l1.blob_calls(), 0u);
}

// A blob server that lies while `lie` is set: it answers the first blob asked for with another
// (well-formed) blob, or with none at all when `withhold` is set.
class LyingBlobServer final : public L1Provider {
public:
    explicit LyingBlobServer(FakeL1Chain& inner) : inner_(inner) {}
    PipelineResult<L1BlockRef> block_ref_by_number(std::uint64_t n) override {
        return inner_.block_ref_by_number(n);
    }
    PipelineResult<L1BlockRef> block_ref_by_hash(const B256& h) override {
        return inner_.block_ref_by_hash(h);
    }
    PipelineResult<std::vector<L1Txn>> transactions(const L1BlockRef& b) override {
        return inner_.transactions(b);
    }
    PipelineResult<std::vector<Receipt>> receipts(const L1BlockRef& b) override { return inner_.receipts(b); }
    PipelineResult<std::vector<Bytes>> blobs(const L1BlockRef& b,
                                             std::span<const IndexedBlobHash> hs) override {
        auto blobs = inner_.blobs(b, hs);
        if (!blobs || !lie) return blobs;
        if (withhold) return baton::unexpected(temporary(Reason::kMissingL1Data, "no such blob"));
        auto other = protocol::encode_blob(as_view("not the batcher's data"));
        EXPECT_TRUE(other.has_value());
        (*blobs)[0] = std::move(*other);
        return blobs;
    }
    PipelineResult<L1Header> header(const L1BlockRef& b) override { return inner_.header(b); }

    bool lie = false;
    bool withhold = false;

private:
    FakeL1Chain& inner_;
};

class L1RetrievalBlobTest : public L1RetrievalTest {
protected:
    void start_lying() {
        rollup = make_test_rollup();
        auto traversal = std::make_unique<L1Traversal>(rollup, server, rec.telemetry());
        retrieval =
            std::make_unique<L1Retrieval>(std::move(traversal), DataSource(rollup, server, rec.telemetry()));
        ASSERT_TRUE(retrieval->signal(ResetSignal{{}, l1.genesis(), rollup.genesis.system_config}));
        drain();
    }

    LyingBlobServer server{l1};
};

// A blob that verifies against its versioned hash but is not a valid encoding (the batcher's
// fault, not the server's) is dropped, and the tx's other blobs are kept.
TEST_F(L1RetrievalBlobTest, InvalidBlobIsDroppedOthersKept) {
    start_lying();
    Bytes bad = *protocol::encode_blob(payload("bad"));
    bad[1] = 0x07;  // the encoding version byte must be 0
    Bytes good = *protocol::encode_blob(payload("good"));
    l1.add_raw_blob_batcher_tx(batcher, rollup.batch_inbox_address, {bad, good});
    auto out = mine_and_read();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0], payload("good"));
    EXPECT_EQ(rec.metrics.drops(DropReason::kInvalidBlob), 1u);
}

// Issue 19's acceptance: a server answering another blob for a versioned hash stops derivation at
// that block (a temporary error naming the blob, retried, nothing dropped or skipped), and it
// resumes with the right data once the right blob is served.
TEST_F(L1RetrievalBlobTest, MismatchingBlobStopsAtTheBlockUntilTheRightBlobIsServed) {
    start_lying();
    l1.add_batcher_tx(batcher, rollup.batch_inbox_address, payload("calldata first"));
    l1.add_blob_batcher_tx(batcher, rollup.batch_inbox_address, {payload("blob 1"), payload("blob 2")});
    const L1BlockRef block = l1.mine();
    ASSERT_TRUE(retrieval->advance_origin());

    server.lie = true;
    for (int attempt = 0; attempt < 3; ++attempt) {
        auto got = retrieval->next_data();
        ASSERT_FALSE(got.has_value());
        EXPECT_TRUE(got.error().is(Severity::kTemporary, Reason::kBlobMismatch)) << to_string(got.error());
        EXPECT_NE(got.error().detail.find("versioned hash"), std::string::npos) << got.error().detail;
        EXPECT_NE(got.error().detail.find(to_string(block)), std::string::npos) << got.error().detail;
        EXPECT_EQ(retrieval->origin(), block);  // still at that block
    }
    server.withhold = true;
    auto missing = retrieval->next_data();
    ASSERT_FALSE(missing.has_value());
    EXPECT_TRUE(missing.error().is(Severity::kTemporary, Reason::kMissingL1Data))
        << to_string(missing.error());
    EXPECT_EQ(rec.metrics.drops(DropReason::kInvalidBlob), 0u);

    server.lie = false;
    auto out = drain();
    ASSERT_EQ(out.size(), 3u);  // the calldata tx was not consumed by the failed attempts either
    EXPECT_EQ(out[0], payload("calldata first"));
    EXPECT_EQ(out[1], payload("blob 1"));
    EXPECT_EQ(out[2], payload("blob 2"));
}

TEST_F(L1RetrievalTest, TemporaryProviderFailureIsRetriedWithoutLoss) {
    start();
    l1.add_batcher_tx(batcher, rollup.batch_inbox_address, payload("a"));
    l1.add_batcher_tx(batcher, rollup.batch_inbox_address, payload("b"));
    l1.mine();
    ASSERT_TRUE(retrieval->advance_origin());
    l1.fail_next_calls(1);  // the transactions fetch
    auto first = retrieval->next_data();
    ASSERT_FALSE(first);
    EXPECT_TRUE(first.error().is(Severity::kTemporary, Reason::kProvider));
    auto out = drain();
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0], payload("a"));
    EXPECT_EQ(out[1], payload("b"));
}

TEST_F(L1RetrievalTest, ResetDiscardsUnreadPayloads) {
    start();
    l1.add_batcher_tx(batcher, rollup.batch_inbox_address, payload("a"));
    l1.add_batcher_tx(batcher, rollup.batch_inbox_address, payload("b"));
    auto b1 = l1.mine();
    ASSERT_TRUE(retrieval->advance_origin());
    ASSERT_TRUE(retrieval->next_data());
    ASSERT_TRUE(retrieval->signal(ResetSignal{{}, b1, rollup.genesis.system_config}));
    auto out = drain();
    ASSERT_EQ(out.size(), 2u);  // the block is read again from its first payload
    EXPECT_EQ(out[0], payload("a"));
}

}  // namespace
}  // namespace baton::derive
