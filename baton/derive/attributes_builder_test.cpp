// SPDX-License-Identifier: MIT
#include <baton/core/keccak.hpp>
#include <baton/derive/attributes_builder.hpp>
#include <baton/derive/attributes_queue.hpp>
#include <baton/derive/pipeline.hpp>
#include <baton/derive/test_util/fake_l1_chain.hpp>
#include <baton/derive/test_util/recording.hpp>
#include <baton/derive/test_util/test_rollup.hpp>
#include <baton/protocol/deposit.hpp>
#include <baton/protocol/l1_info.hpp>

#include <gtest/gtest.h>

namespace baton::derive {
namespace {

using test_util::address_word;
using test_util::test_address;

B256 word(std::uint64_t v) {
    B256 w{};
    for (std::size_t i = 0; i < 8; ++i) w[31 - i] = static_cast<std::uint8_t>(v >> (8 * i));
    return w;
}

// A TransactionDeposited log as the OptimismPortal emits it (version 0, opaqueData packed).
Log deposit_log(const Address& portal, const Address& from, const Address& to, std::uint64_t mint,
                std::uint64_t gas, ByteView data, std::size_t opaque_cut = 0) {
    Bytes opaque;
    append(opaque, word(mint));
    append(opaque, word(0));  // value
    append_be(opaque, gas, 8);
    opaque.push_back(0);  // isCreation
    append(opaque, data);
    opaque.resize(opaque.size() - opaque_cut);
    Log log;
    log.address = portal;
    log.topics = {protocol::kTransactionDepositedTopic, address_word(from), address_word(to), word(0)};
    append(log.data, word(32));
    append(log.data, word(opaque.size()));
    append(log.data, opaque);
    log.data.resize(64 + (opaque.size() + 31) / 32 * 32, 0);
    return log;
}

class AttributesBuilderTest : public ::testing::Test {
protected:
    void SetUp() override {
        rollup.deposit_contract_address = test_address(0xd0);
        rollup.genesis.l2_time = l1.genesis().timestamp;
        parent.hash[0] = 0x22;
        parent.timestamp = rollup.genesis.l2_time + 10;
        parent.l1_origin = l1.genesis().id();
        parent.sequence_number = 5;
    }

    // Adds a tx to the pending L1 block whose receipt carries `logs`.
    void add_receipt(std::vector<Log> logs, bool status = true) {
        DynamicFeeTx tx;
        tx.chain_id = 900;
        tx.nonce = nonce_++;
        tx.gas_limit = 100'000;
        Transaction t{tx};
        EXPECT_TRUE(sign(t, test_util::test_key(60)));
        Receipt r;
        r.type = TxType::kDynamicFee;
        r.status = status;
        r.logs = std::move(logs);
        l1.add_tx(std::move(t), std::move(r));
    }

    protocol::SingularBatch batch_at(const L1BlockRef& epoch, std::vector<Bytes> txs = {}) const {
        protocol::SingularBatch b;
        b.parent_hash = parent.hash;
        b.epoch_num = epoch.number;
        b.epoch_hash = epoch.hash;
        b.timestamp = parent.timestamp + rollup.block_time;
        b.transactions = std::move(txs);
        return b;
    }

    protocol::RollupConfig rollup = test_util::make_test_rollup();
    test_util::FakeL1Chain l1{900};
    test_util::RecordingTelemetry rec;
    L2BlockRef parent;
    std::uint64_t nonce_ = 0;
};

TEST_F(AttributesBuilderTest, FirstBlockOfEpochHasL1InfoThenUserDepositsThenBatchTxs) {
    const Address portal = rollup.deposit_contract_address;
    const Address alice = test_address(0xa1), bob = test_address(0xb0);
    add_receipt({deposit_log(portal, alice, bob, 7, 50'000, Bytes{0xca, 0xfe})});          // log 0: kept
    add_receipt({deposit_log(portal, alice, bob, 1, 21'000, Bytes{})}, /*status=*/false);  // log 1: reverted
    add_receipt({deposit_log(test_address(0x01), alice, bob, 1, 21'000, Bytes{}),  // log 2: not the portal
                 deposit_log(portal, alice, bob, 1, 21'000, Bytes{}, 10),          // log 3: malformed
                 deposit_log(portal, bob, alice, 0, 30'000, Bytes{0x01})});        // log 4: kept
    const L1BlockRef epoch = l1.mine();
    const Bytes user_tx{0x02, 0xc0};

    AttributesBuilder builder(rollup, l1, rec.telemetry());
    protocol::SystemConfig config = rollup.genesis.system_config;
    std::uint64_t config_block = 0;
    auto built = builder.build(parent, batch_at(epoch, {user_tx}), config, config_block);
    ASSERT_TRUE(built) << to_string(built.error());
    const PayloadAttributes& a = built->attributes;
    EXPECT_EQ(a.timestamp, parent.timestamp + 2);
    EXPECT_EQ(a.prev_randao, test_util::FakeL1Chain::header_of(epoch).mix_hash);
    EXPECT_EQ(a.fee_recipient, kSequencerFeeVaultAddress);
    EXPECT_EQ(a.gas_limit, 30'000'000u);
    EXPECT_TRUE(a.no_tx_pool);
    EXPECT_EQ(built->sequence_number, 0u);
    EXPECT_EQ(built->l1_origin, epoch.id());
    EXPECT_EQ(config_block, epoch.number);
    ASSERT_EQ(a.transactions.size(), 4u);

    auto info_tx = decode_transaction(a.transactions[0]);
    ASSERT_TRUE(info_tx);
    const auto& info = std::get<DepositTx>(*info_tx);
    EXPECT_EQ(info.source_hash, protocol::l1_info_deposit_source_hash(epoch.hash, 0));
    auto decoded = protocol::decode_l1_info_calldata(info.data);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->format, protocol::L1InfoFormat::kEcotone);
    EXPECT_EQ(decoded->info.number, epoch.number);
    EXPECT_EQ(decoded->info.block_hash, epoch.hash);
    EXPECT_EQ(decoded->info.sequence_number, 0u);
    EXPECT_EQ(decoded->info.batcher_hash, rollup.genesis.system_config.batcher_hash);

    auto first = decode_transaction(a.transactions[1]);
    auto second = decode_transaction(a.transactions[2]);
    ASSERT_TRUE(first && second);
    const auto& d0 = std::get<DepositTx>(*first);
    const auto& d1 = std::get<DepositTx>(*second);
    // source hash = keccak(uint256(0) ++ keccak(l1 hash ++ uint256(log index))), computed here.
    Bytes inner;
    append(inner, epoch.hash);
    append(inner, word(4));
    Bytes outer;
    append(outer, word(0));
    append(outer, keccak256(inner));
    EXPECT_EQ(d1.source_hash, keccak256(outer));
    EXPECT_EQ(d0.source_hash, protocol::user_deposit_source_hash(epoch.hash, 0));
    EXPECT_EQ(d0.from, alice);
    EXPECT_EQ(d0.to, std::optional<Address>(bob));
    EXPECT_EQ(d0.mint, U256(7));
    EXPECT_EQ(d0.gas_limit, 50'000u);
    EXPECT_EQ(d0.data, (Bytes{0xca, 0xfe}));
    EXPECT_EQ(d1.from, bob);
    EXPECT_EQ(a.transactions[3], user_tx);
    EXPECT_EQ(rec.metrics.drops(DropReason::kMalformedDeposit), 1u);
}

TEST_F(AttributesBuilderTest, SameEpochHasNoDepositsAndCountsTheSequenceNumber) {
    add_receipt(
        {deposit_log(rollup.deposit_contract_address, test_address(1), test_address(2), 1, 21'000, {})});
    l1.mine();
    AttributesBuilder builder(rollup, l1, rec.telemetry());
    protocol::SystemConfig config = rollup.genesis.system_config;
    std::uint64_t config_block = 0;
    auto built = builder.build(parent, batch_at(l1.genesis()), config, config_block);
    ASSERT_TRUE(built) << to_string(built.error());
    EXPECT_EQ(built->sequence_number, 6u);
    EXPECT_EQ(built->attributes.transactions.size(), 1u);
}

// The batch's fee recipient (a Baton span batch's block) counts under batcherHash v1 only.
TEST_F(AttributesBuilderTest, FeeRecipientOfTheBatchUnderLeaderElectionOnly) {
    const L1BlockRef epoch = l1.mine();
    const Address leader = test_address(0x1e);
    AttributesBuilder builder(rollup, l1, rec.telemetry());
    auto build = [&](const B256& batcher_hash, std::optional<Address> recipient) {
        protocol::SystemConfig config = rollup.genesis.system_config;
        config.batcher_hash = batcher_hash;
        std::uint64_t config_block = 0;
        auto batch = batch_at(epoch);
        batch.fee_recipient = recipient;
        auto built = builder.build(parent, batch, config, config_block);
        EXPECT_TRUE(built) << to_string(built.error());
        return built ? built->attributes.fee_recipient : Address{};
    };
    const B256 v1 = protocol::make_leader_election_batcher_hash();
    const B256 v0 = protocol::make_batcher_hash(test_address(0xba));
    EXPECT_EQ(build(v1, leader), leader);
    EXPECT_EQ(build(v0, leader), kSequencerFeeVaultAddress);
    EXPECT_EQ(build(v1, std::nullopt), kSequencerFeeVaultAddress);
    EXPECT_EQ(build(v0, std::nullopt), kSequencerFeeVaultAddress);
}

// The version in force is the epoch's: an update to v1 in a block before it counts.
TEST_F(AttributesBuilderTest, FeeRecipientFollowsABatcherHashUpdateBeforeTheEpoch) {
    l1.add_config_update(rollup.l1_system_config_address, protocol::ConfigUpdateType::kBatcher,
                         protocol::make_leader_election_batcher_hash());
    const L1BlockRef epoch = l1.mine();
    const Address leader = test_address(0x1e);
    AttributesBuilder builder(rollup, l1, rec.telemetry());
    protocol::SystemConfig config = rollup.genesis.system_config;  // v0 as of genesis
    std::uint64_t config_block = 0;
    auto batch = batch_at(epoch);
    batch.fee_recipient = leader;
    auto built = builder.build(parent, batch, config, config_block);
    ASSERT_TRUE(built) << to_string(built.error());
    EXPECT_EQ(built->attributes.fee_recipient, leader);
}

TEST_F(AttributesBuilderTest, SystemConfigCatchesUpToTheEpochAndWrongEpochsAreResets) {
    l1.add_config_update(rollup.l1_system_config_address, protocol::ConfigUpdateType::kGasLimit,
                         word(50'000'000));
    l1.mine();  // #1
    const L1BlockRef epoch2 = l1.mine();
    AttributesBuilder builder(rollup, l1, rec.telemetry());
    protocol::SystemConfig config = rollup.genesis.system_config;
    std::uint64_t config_block = 0;
    // Parent in epoch 1 (after a reset at genesis the queue's copy is as of block 0).
    parent.l1_origin = l1.block(1).id();
    parent.timestamp = epoch2.timestamp;
    auto built = builder.build(parent, batch_at(epoch2), config, config_block);
    ASSERT_TRUE(built) << to_string(built.error());
    EXPECT_EQ(built->attributes.gas_limit, 50'000'000u);
    EXPECT_EQ(config_block, 2u);

    auto wrong_hash = batch_at(epoch2);
    wrong_hash.epoch_num = 2;
    wrong_hash.epoch_hash[0] ^= 1;
    parent.l1_origin = l1.block(2).id();
    auto mismatch = builder.build(parent, wrong_hash, config, config_block);
    ASSERT_FALSE(mismatch);
    EXPECT_TRUE(mismatch.error().is(Severity::kReset, Reason::kBlockHashMismatch));

    parent.l1_origin = l1.genesis().id();
    auto skip = builder.build(parent, batch_at(epoch2), config, config_block);
    ASSERT_FALSE(skip);
    EXPECT_TRUE(skip.error().is(Severity::kReset, Reason::kInconsistentL1Data));
}

TEST(ResetWalkBack, ChannelTimeoutBeforeTheSafeHeadsOriginNotBeforeGenesis) {
    protocol::RollupConfig rollup = test_util::make_test_rollup();
    rollup.genesis.l1.number = 10;
    // Granite from genesis: the channel timeout is 50 L1 blocks.
    EXPECT_EQ(reset_l1_origin_number(rollup, BlockId{{}, 200}, 1'000'000), 150u);
    EXPECT_EQ(reset_l1_origin_number(rollup, BlockId{{}, 55}, 1'000'000), 10u);
    rollup.granite_time = std::nullopt;
    EXPECT_EQ(reset_l1_origin_number(rollup, BlockId{{}, 1000}, 1'000'000), 700u);
}

}  // namespace
}  // namespace baton::derive
