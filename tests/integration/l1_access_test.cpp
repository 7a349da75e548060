// SPDX-License-Identifier: MIT
// The node's L1 access on a real anvil (default hardfork, Bpo1 on 1.7.1): l1::RpcL1Provider
// answers what rpc::Client reads directly (block ref, txns, receipts, header), serves blobs through
// anvil_getBlobByHash, and turns a stopped L1 into a temporary error, then recovers on restart.
// l1::SystemConfigTracker, on the real contracts deployed by l1::deploy and updated by their
// owner, answers the config before and after each update block, and agrees with derive's
// L1Traversal walking the same blocks, with Baton active from genesis and from a later time.
#include <tests/support/anvil.hpp>
#include <tests/support/wait.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/transaction.hpp>
#include <baton/derive/l1_traversal.hpp>
#include <baton/derive/signal.hpp>
#include <baton/derive/test_util/recording.hpp>
#include <baton/derive/test_util/test_rollup.hpp>
#include <baton/kzg/kzg.hpp>
#include <baton/l1/beacon_blob_source.hpp>
#include <baton/l1/deploy.hpp>
#include <baton/l1/rpc_l1_provider.hpp>
#include <baton/l1/system_config_tracker.hpp>
#include <baton/protocol/blob.hpp>
#include <baton/rpc/client.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace baton::testing {
namespace {

using derive::Reason;
using derive::Severity;
using rpc::BlockTag;
using rpc::Client;

constexpr std::uint64_t kGwei = 1'000'000'000;

class L1AccessTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto started = Anvil::start();
        ASSERT_TRUE(started) << started.error();
        anvil_.emplace(std::move(*started));
        client_.emplace(Client::make(anvil_->url()).value());
        rpc::ClientOptions fast;
        fast.connect_timeout = std::chrono::milliseconds(1000);
        fast.read_timeout = std::chrono::milliseconds(5000);
        provider_.emplace(Client::make(anvil_->url(), fast).value());
    }

    Client& client() { return *client_; }
    l1::RpcL1Provider& provider() { return *provider_; }

    // Sends a calldata txn from dev `key` without waiting for it to be mined.
    B256 send_calldata(std::size_t key, Bytes data) {
        DynamicFeeTx tx;
        tx.chain_id = kDefaultChainId;
        tx.nonce = client().eth_get_transaction_count(dev_address(key), BlockTag::pending()).value();
        tx.max_priority_fee_per_gas = U256(kGwei);
        tx.max_fee_per_gas = U256(10 * kGwei);
        tx.gas_limit = 100'000;
        tx.to = dev_address(9);
        tx.data = std::move(data);
        Transaction txn(tx);
        EXPECT_TRUE(sign(txn, dev_key(key)));
        auto sent = client().eth_send_raw_transaction(encode_transaction(txn));
        EXPECT_TRUE(sent) << (sent ? "" : rpc::to_string(sent.error()));
        return transaction_hash(txn);
    }

    // An owner call to SystemConfig (dev 0 deployed it and owns it); returns its block.
    std::uint64_t call_system_config(const Address& system_config, std::string_view signature,
                                     std::vector<abi::Type> types, std::vector<abi::Value> args) {
        DynamicFeeTx tx;
        tx.chain_id = kDefaultChainId;
        tx.nonce = client().eth_get_transaction_count(dev_address(0), BlockTag::pending()).value();
        tx.max_priority_fee_per_gas = U256(kGwei);
        tx.max_fee_per_gas = U256(10 * kGwei);
        tx.gas_limit = 200'000;
        tx.to = system_config;
        tx.data = abi::encode_call(abi::selector(signature), types, args).value();
        Transaction txn(tx);
        EXPECT_TRUE(sign(txn, dev_key(0)));
        EXPECT_TRUE(client().eth_send_raw_transaction(encode_transaction(txn)));
        const auto receipt = wait_for_receipt(client(), transaction_hash(txn));
        EXPECT_TRUE(receipt) << (receipt ? "" : receipt.error());
        if (!receipt) return 0;
        EXPECT_TRUE(receipt->succeeded()) << signature;
        EXPECT_EQ(receipt->logs.size(), 1U) << signature;  // one ConfigUpdate
        return receipt->block_number;
    }

    derive::L1BlockRef ref_at(std::uint64_t number) {
        auto ref = provider().block_ref_by_number(number);
        EXPECT_TRUE(ref) << number;
        return ref ? *ref : derive::L1BlockRef{};
    }

    std::optional<Anvil> anvil_;
    std::optional<Client> client_;
    std::optional<l1::RpcL1Provider> provider_;
};

TEST_F(L1AccessTest, AnswersWhatTheNodeReportsForABlockWithCalldataTxns) {
    // Two txns in one block: automine off, send, mine.
    ASSERT_TRUE(client().call("evm_setAutomine", nlohmann::json::array({false})));
    const B256 first = send_calldata(1, Bytes{0x00, 0x01, 0x02, 0x03});
    const B256 second = send_calldata(2, Bytes(300, 0xab));
    ASSERT_TRUE(client().call("evm_mine"));
    ASSERT_TRUE(client().call("evm_setAutomine", nlohmann::json::array({true})));
    const auto receipt = wait_for_receipt(client(), second);
    ASSERT_TRUE(receipt) << receipt.error();
    const std::uint64_t number = receipt->block_number;

    const auto direct = client().eth_get_block_by_number(BlockTag::at(number), true).value().value();
    ASSERT_EQ(direct.transactions.size(), 2U);

    auto ref = provider().block_ref_by_number(number);
    ASSERT_TRUE(ref) << derive::to_string(ref.error());
    EXPECT_EQ(ref->hash, direct.header.hash);
    EXPECT_EQ(ref->number, number);
    EXPECT_EQ(ref->parent_hash, direct.header.parent_hash);
    EXPECT_EQ(ref->timestamp, direct.header.timestamp);

    auto txns = provider().transactions(*ref);
    ASSERT_TRUE(txns) << derive::to_string(txns.error());
    ASSERT_EQ(txns->size(), 2U);
    EXPECT_EQ((*txns)[0].hash, first);
    EXPECT_EQ((*txns)[1].hash, second);
    for (std::size_t i = 0; i < 2; ++i) EXPECT_EQ((*txns)[i].txn, direct.transactions[i].txn);
    EXPECT_EQ(std::get<DynamicFeeTx>((*txns)[1].txn).data, Bytes(300, 0xab));

    auto receipts = provider().receipts(*ref);
    ASSERT_TRUE(receipts) << derive::to_string(receipts.error());
    ASSERT_EQ(receipts->size(), 2U);
    for (std::size_t i = 0; i < 2; ++i) {
        const auto one = client().eth_get_transaction_receipt((*txns)[i].hash).value().value();
        EXPECT_EQ((*receipts)[i], one.receipt) << i;
        EXPECT_TRUE((*receipts)[i].status);
    }

    auto header = provider().header(*ref);
    ASSERT_TRUE(header) << derive::to_string(header.error());
    EXPECT_EQ(header->ref, *ref);
    EXPECT_EQ(header->base_fee, direct.header.base_fee_per_gas.value());
    EXPECT_EQ(header->mix_hash, direct.header.mix_hash);
    EXPECT_EQ(header->parent_beacon_block_root, direct.header.parent_beacon_block_root.value());
    // anvil's blob base fee for the block, via eth_feeHistory, is what the provider computed.
    const auto fees = client().eth_fee_history(1, BlockTag::at(number)).value();
    ASSERT_FALSE(fees.base_fee_per_blob_gas.empty());
    EXPECT_EQ(header->blob_base_fee, fees.base_fee_per_blob_gas.front());

    auto head = provider().head_ref();
    ASSERT_TRUE(head) << derive::to_string(head.error());
    EXPECT_EQ(*head, *ref);
    ASSERT_TRUE(provider().safe_ref());
    ASSERT_TRUE(provider().finalized_ref());

    // Past the head: not an error, just not there yet.
    auto next = provider().block_ref_by_number(number + 1);
    ASSERT_FALSE(next);
    EXPECT_TRUE(next.error().is_eof()) << derive::to_string(next.error());
    EXPECT_EQ(provider().rpc_errors(), 0U);
}

TEST_F(L1AccessTest, ServesBlobsThroughAnvilsBlobMethod) {
    // cast builds the KZG sidecar (Baton has no KZG); the txn comes from an unlocked dev account,
    // so no key is passed on the command line.
    const std::filesystem::path cast = BATON_CAST;
    if (!std::filesystem::exists(cast)) GTEST_SKIP() << "no cast binary at " << cast;
    const auto dir =
        std::filesystem::temp_directory_path() / ("baton_l1_blob_" + std::to_string(anvil_->port()));
    std::filesystem::create_directories(dir);
    const std::string payload = "baton blob payload";
    std::ofstream(dir / "payload.bin") << payload;
    const std::string command =
        cast.string() + " send --rpc-url " + anvil_->url() + " --unlocked --from " +
        std::string(kDevAddresses[3]) + " --blob --path " + (dir / "payload.bin").string() +
        " 0x00000000000000000000000000000000000000ff > " + (dir / "cast.log").string() + " 2>&1";
    const int status = std::system(command.c_str());
    std::filesystem::remove_all(dir);
    ASSERT_EQ(status, 0) << command;

    const std::uint64_t number = client().eth_block_number().value();
    auto ref = provider().block_ref_by_number(number);
    ASSERT_TRUE(ref) << derive::to_string(ref.error());
    auto txns = provider().transactions(*ref);
    ASSERT_TRUE(txns) << derive::to_string(txns.error());
    ASSERT_EQ(txns->size(), 1U);
    const auto* blob_tx = std::get_if<BlobTx>(&(*txns)[0].txn);
    ASSERT_NE(blob_tx, nullptr);
    ASSERT_EQ(blob_tx->blob_versioned_hashes.size(), 1U);

    const derive::IndexedBlobHash wanted[] = {{0, blob_tx->blob_versioned_hashes[0]}};
    auto blobs = provider().blobs(*ref, wanted);
    ASSERT_TRUE(blobs) << derive::to_string(blobs.error());
    ASSERT_EQ(blobs->size(), 1U);
    ASSERT_EQ((*blobs)[0].size(), protocol::kBlobSize);
    // cast's encoding spreads the payload over field elements; its bytes are in there.
    const Bytes needle(payload.begin(), payload.end());
    EXPECT_NE(std::search((*blobs)[0].begin(), (*blobs)[0].end(), needle.begin(), needle.end()),
              (*blobs)[0].end());
    auto header = provider().header(*ref);
    ASSERT_TRUE(header);
    EXPECT_EQ(header->blob_base_fee, U256(1));
}

// Issue 19: anvil's beacon API route serves the blob of a blob tx (both sidecar forms cast sends:
// EIP-7594 cell proofs and legacy EIP-4844 blob proofs), and its KZG commitment, computed by
// Baton, hashes to the versioned hash the tx names: what DataSource checks before decoding.
TEST_F(L1AccessTest, BeaconApiServesBlobsThatVerifyAgainstTheirVersionedHash) {
    const std::filesystem::path cast = BATON_CAST;
    if (!std::filesystem::exists(cast)) GTEST_SKIP() << "no cast binary at " << cast;
    const auto dir =
        std::filesystem::temp_directory_path() / ("baton_l1_beacon_" + std::to_string(anvil_->port()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "payload.bin") << "baton beacon payload";
    auto beacon = l1::BeaconBlobSource::make(anvil_->url());
    ASSERT_TRUE(beacon.has_value());
    auto kzg = kzg::Kzg::mainnet();
    ASSERT_TRUE(kzg.has_value()) << kzg::to_string(kzg.error());

    for (const char* form : {"", " --eip4844"}) {
        SCOPED_TRACE(form);
        const std::string command =
            cast.string() + " send --rpc-url " + anvil_->url() + " --unlocked --from " +
            std::string(kDevAddresses[3]) + " --blob" + form + " --path " + (dir / "payload.bin").string() +
            " 0x00000000000000000000000000000000000000ff > " + (dir / "cast.log").string() + " 2>&1";
        ASSERT_EQ(std::system(command.c_str()), 0) << command;

        auto ref = provider().block_ref_by_number(client().eth_block_number().value());
        ASSERT_TRUE(ref) << derive::to_string(ref.error());
        auto txns = provider().transactions(*ref);
        ASSERT_TRUE(txns && txns->size() == 1U);
        const auto* blob_tx = std::get_if<BlobTx>(&(*txns)[0].txn);
        ASSERT_NE(blob_tx, nullptr);
        const derive::IndexedBlobHash wanted[] = {{0, blob_tx->blob_versioned_hashes.at(0)}};

        auto blobs = (*beacon)->blobs(*ref, wanted);
        ASSERT_TRUE(blobs) << derive::to_string(blobs.error());
        ASSERT_EQ(blobs->size(), 1U);
        auto hash = (*kzg)->blob_versioned_hash((*blobs)[0]);
        ASSERT_TRUE(hash.has_value()) << kzg::to_string(hash.error());
        EXPECT_EQ(to_hex(*hash), to_hex(wanted[0].hash));

        // The same blob through anvil_getBlobByHash, the fallback.
        auto fallback = provider().blobs(*ref, wanted);
        ASSERT_TRUE(fallback) << derive::to_string(fallback.error());
        EXPECT_EQ((*fallback)[0], (*blobs)[0]);
    }
    std::filesystem::remove_all(dir);
}

TEST_F(L1AccessTest, AStoppedL1IsATemporaryErrorAndARestartRecovers) {
    ASSERT_TRUE(client().call("evm_mine"));
    auto before = provider().head_ref();
    ASSERT_TRUE(before) << derive::to_string(before.error());

    anvil_->stop();
    auto down = provider().block_ref_by_number(before->number);
    ASSERT_FALSE(down);
    EXPECT_TRUE(down.error().is(Severity::kTemporary, Reason::kProvider)) << derive::to_string(down.error());
    auto head_down = provider().head_ref();
    ASSERT_FALSE(head_down);
    EXPECT_TRUE(head_down.error().is(Severity::kTemporary, Reason::kProvider));
    // A block not cached yet cannot be read either; still temporary.
    auto receipts_down = provider().receipts(*before);
    ASSERT_FALSE(receipts_down);
    EXPECT_EQ(receipts_down.error().severity, Severity::kTemporary)
        << derive::to_string(receipts_down.error());
    EXPECT_EQ(provider().rpc_errors(), 3U);

    auto restarted = anvil_->restart();
    ASSERT_TRUE(restarted) << restarted.error();
    auto after = provider().block_ref_by_number(before->number);
    ASSERT_TRUE(after) << derive::to_string(after.error());
    EXPECT_EQ(*after, *before);
    ASSERT_TRUE(provider().receipts(*after));
}

TEST_F(L1AccessTest, SystemConfigTrackerFollowsOwnerUpdatesLikeL1Traversal) {
    l1::DeploySpec spec;
    spec.leaders = {dev_address(1), dev_address(2)};
    spec.turn_length = 2;
    spec.lookahead = 4;
    spec.start_block = 10;
    spec.batcher_hash_mode = l1::BatcherHashMode::kV1LeaderElection;
    spec.gas_limit = 30'000'000;
    spec.basefee_scalar = 1368;
    spec.blobbasefee_scalar = 810949;
    auto deployed = l1::deploy(client(), dev_key(0), spec);
    ASSERT_TRUE(deployed) << l1::to_string(deployed.error());
    const Address system_config = deployed->system_config.address;
    const Address first_inbox = deployed->batch_inbox;

    // Genesis is the block before SystemConfig, with an empty config: the replay then covers the
    // constructor's own ConfigUpdate logs (batcher hash, scalars, gas limit, BATCH_INBOX) too.
    const std::uint64_t genesis_number = deployed->system_config.block_num - 1;
    const derive::L1BlockRef genesis = ref_at(genesis_number);
    auto rollup = derive::test_util::make_test_rollup(0);
    rollup.l1_system_config_address = system_config;
    rollup.batch_inbox_address = first_inbox;
    rollup.genesis.l1 = genesis.id();
    rollup.genesis.system_config = protocol::SystemConfig{};

    ASSERT_TRUE(client().call("evm_mine"));
    Address new_inbox{};
    new_inbox[0] = 0x1b;
    new_inbox[19] = 0x0c;
    const std::uint64_t inbox_block =
        call_system_config(system_config, "setBatchInbox(address)", {abi::address_type()}, {new_inbox});
    ASSERT_TRUE(client().call("evm_mine"));
    const std::uint64_t gas_block = call_system_config(system_config, "setGasConfigEcotone(uint32,uint32)",
                                                       {abi::uint_type(32), abi::uint_type(32)},
                                                       {std::uint64_t{2000}, std::uint64_t{700000}});
    const std::uint64_t limit_block = call_system_config(system_config, "setGasLimit(uint64)",
                                                         {abi::uint_type(64)}, {std::uint64_t{45'000'000}});
    // A second BATCH_INBOX, a few seconds later (the late-Baton rollup below activates between).
    ASSERT_TRUE(client().call("evm_increaseTime", nlohmann::json::array({5})));
    Address newer_inbox{};
    newer_inbox[0] = 0x2c;
    const std::uint64_t newer_inbox_block =
        call_system_config(system_config, "setBatchInbox(address)", {abi::address_type()}, {newer_inbox});
    ASSERT_TRUE(client().call("evm_mine"));
    const std::uint64_t head = client().eth_block_number().value();

    derive::test_util::RecordingTelemetry recording;
    l1::SystemConfigTracker tracker(rollup, Client::make(anvil_->url()).value(), recording.telemetry());

    // Before and after each update block.
    auto at = [&](l1::SystemConfigTracker& t, std::uint64_t number) {
        auto got = t.system_config_at(ref_at(number));
        EXPECT_TRUE(got) << number << ": " << (got ? "" : derive::to_string(got.error()));
        return got ? *got : protocol::SystemConfig{};
    };
    EXPECT_EQ(at(tracker, genesis_number), protocol::SystemConfig{});
    const auto deployed_config = at(tracker, deployed->system_config.block_num);
    EXPECT_EQ(deployed_config.batcher_hash, deployed->batcher_hash);
    EXPECT_EQ(deployed_config.batch_inbox, first_inbox);
    EXPECT_EQ(deployed_config.gas_limit, 30'000'000U);
    EXPECT_EQ(protocol::base_fee_scalar(deployed_config.scalar), 1368U);
    EXPECT_EQ(protocol::blob_base_fee_scalar(deployed_config.scalar), 810949U);

    EXPECT_EQ(at(tracker, inbox_block - 1).batch_inbox, first_inbox);
    EXPECT_EQ(at(tracker, inbox_block).batch_inbox, new_inbox);
    EXPECT_EQ(protocol::base_fee_scalar(at(tracker, gas_block - 1).scalar), 1368U);
    const auto after_gas = at(tracker, gas_block);
    EXPECT_EQ(protocol::base_fee_scalar(after_gas.scalar), 2000U);
    EXPECT_EQ(protocol::blob_base_fee_scalar(after_gas.scalar), 700000U);
    EXPECT_EQ(after_gas.gas_limit, 30'000'000U);
    EXPECT_EQ(at(tracker, limit_block).gas_limit, 45'000'000U);
    EXPECT_EQ(at(tracker, newer_inbox_block - 1).batch_inbox, new_inbox);
    EXPECT_EQ(at(tracker, newer_inbox_block).batch_inbox, newer_inbox);
    EXPECT_EQ(tracker.rpc_errors(), 0U);
    EXPECT_EQ(recording.metrics.total_drops(), 0U);

    // Baton active only from just after the first setBatchInbox's block: the constructor's and
    // that owner's BATCH_INBOX are dropped, the later one is honoured.
    auto late = rollup;
    late.baton_time = ref_at(inbox_block).timestamp + 1;
    ASSERT_GT(ref_at(newer_inbox_block).timestamp, *late.baton_time);

    // L1Traversal walking genesis..head holds, at every block, what a fresh tracker computes.
    for (const auto* r : {&rollup, &late}) {
        derive::test_util::RecordingTelemetry walk_telemetry;
        derive::test_util::RecordingTelemetry tracker_telemetry;
        l1::RpcL1Provider walk_provider(Client::make(anvil_->url()).value());
        derive::L1Traversal traversal(*r, walk_provider, walk_telemetry.telemetry());
        ASSERT_TRUE(traversal.signal(derive::ResetSignal{{}, genesis, r->genesis.system_config}));
        l1::SystemConfigTracker forward(*r, Client::make(anvil_->url()).value(),
                                        tracker_telemetry.telemetry());
        for (std::uint64_t n = genesis_number + 1; n <= head; ++n) {
            auto advanced = traversal.advance_origin();
            ASSERT_TRUE(advanced) << n << ": " << derive::to_string(advanced.error());
            ASSERT_EQ(traversal.origin()->number, n);
            l1::SystemConfigTracker fresh(*r, Client::make(anvil_->url()).value());
            auto from_scratch = fresh.system_config_at(*traversal.origin());
            auto from_checkpoint = forward.system_config_at(*traversal.origin());
            ASSERT_TRUE(from_scratch && from_checkpoint) << n;
            EXPECT_EQ(*from_scratch, traversal.system_config()) << "block " << n;
            EXPECT_EQ(*from_checkpoint, traversal.system_config()) << "block " << n;
        }
        if (r == &late) {
            EXPECT_EQ(traversal.system_config().batch_inbox, newer_inbox);
            // Both dropped the constructor's and the first owner's BATCH_INBOX.
            EXPECT_EQ(walk_telemetry.metrics.drops(derive::DropReason::kBatchInboxBeforeBaton), 2U);
            EXPECT_EQ(tracker_telemetry.metrics.drops(derive::DropReason::kBatchInboxBeforeBaton), 2U);
            auto before_newer = l1::SystemConfigTracker(*r, Client::make(anvil_->url()).value())
                                    .system_config_at(ref_at(newer_inbox_block - 1));
            ASSERT_TRUE(before_newer);
            EXPECT_EQ(before_newer->batch_inbox, Address{});
        } else {
            EXPECT_EQ(traversal.system_config().batch_inbox, newer_inbox);
            EXPECT_EQ(traversal.system_config().gas_limit, 45'000'000U);
        }
    }
}

}  // namespace
}  // namespace baton::testing
