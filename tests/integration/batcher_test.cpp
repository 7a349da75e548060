// SPDX-License-Identifier: MIT
// Two batchers (batcher_service::BatcherService, in-process) on real anvils:
//   L1: anvil with 1 s interval mining, contracts deployed by l1::deploy (2 leaders, turn length 4)
//   L2: an OP-mode anvil whose blocks node::AnvilEngine builds (the sequencer stand-in, one block
//       per L1 block, each with a user txn)
//   rollup node: a tiny rpc::Server answering baton_syncStatus; its safe head comes from reading
//       the inbox txs on L1 (complete channels, in L2 order, from the genesis) — a mini derivation
// Asserted: every inbox tx has status 1 and was sent by the leader of its block (so each batcher
// posted only in its own windows), both batchers posted, the frames decode into channels of
// exactly l2_blocks_per_channel blocks whose batches equal the L2 blocks, and a batcher stopped
// mid-window and restarted resumes without posting a block that a confirmed channel already holds.
// Also the TxManager alone: send, fee bump with automine off, NotLeader caught at the estimate, a tx
// landing after its sender's turn reported as reverted (status 0); and
// the two batchers with the real NodeService as sequencer and verifier (the verifier's chain, derived
// from L1 alone, equals the sequencer's).

#include <tests/support/anvil.hpp>

#include <baton/batcher/l2_block.hpp>
#include <baton/batcher_service/batcher_service.hpp>
#include <baton/batcher_service/blob_sidecar.hpp>
#include <baton/batcher_service/tx_manager.hpp>
#include <baton/core/abi.hpp>
#include <baton/core/address.hpp>
#include <baton/core/assert.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/transaction.hpp>
#include <baton/kzg/kzg.hpp>
#include <baton/l1/artifact.hpp>
#include <baton/l1/deploy.hpp>
#include <baton/l1/leader_schedule.hpp>
#include <baton/l1/sync_status.hpp>
#include <baton/node/anvil_engine.hpp>
#include <baton/node/l2_genesis.hpp>
#include <baton/node/node_service.hpp>
#include <baton/process/logging.hpp>
#include <baton/protocol/batch.hpp>
#include <baton/protocol/channel_in.hpp>
#include <baton/protocol/l1_info.hpp>
#include <baton/protocol/span_batch.hpp>
#include <baton/protocol/tx_payload.hpp>
#include <baton/rpc/client.hpp>
#include <baton/rpc/json_codec.hpp>
#include <baton/rpc/server.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace baton::batcher_service {
namespace {

using baton::testing::Anvil;
using baton::testing::dev_address;
using baton::testing::dev_key;

using l1::BatcherHashMode;
using l1::decode_sync_status_json;
using l1::default_artifacts_dir;
using l1::deploy;
using l1::Deployment;
using l1::DeploySpec;
using l1::encode_sync_status_json;
using l1::LeaderSchedule;
using l1::load_artifact;
using l1::RpcLeaderSchedule;
using l1::SyncStatus;
using node::anvil_engine_args;
using node::AnvilEngine;
using node::DriverMode;
using node::L2Genesis;
using node::NodeService;
using node::NodeServiceConfig;
using node::prepare_l2_genesis;
using process::LogFormat;
using process::make_logger;
using protocol::BlockId;
using namespace std::chrono_literals;

constexpr std::uint64_t kL1ChainId = 900;
constexpr std::uint64_t kL2ChainId = 901;
constexpr std::uint64_t kAnvilTimestamp = 1'700'000'000;
constexpr std::uint64_t kL2Time = kAnvilTimestamp + 2;
constexpr std::uint64_t kGwei = 1'000'000'000;
constexpr std::uint64_t kGasLimit = 30'000'000;
constexpr std::uint64_t kBlocksPerChannel = 2;
constexpr std::uint64_t kTurnLength = 4;

protocol::RollupConfig base_rollup() {
    protocol::RollupConfig cfg;
    cfg.block_time = 2;
    cfg.l1_chain_id = kL1ChainId;
    cfg.l2_chain_id = kL2ChainId;
    cfg.max_sequencer_drift = 600;
    cfg.seq_window_size = 3600;
    cfg.channel_timeout = 300;
    cfg.activate_forks_through_isthmus();
    cfg.l2_blocks_per_channel = kBlocksPerChannel;
    return cfg;
}

protocol::SystemConfig l2_system_config() {
    protocol::SystemConfig sys;
    sys.batcher_hash[0] = 0x01;
    sys.scalar[0] = 0x01;
    sys.scalar[27] = 0x01;
    sys.scalar[31] = 0x10;
    sys.gas_limit = kGasLimit;
    return sys;
}

Bytes transfer(std::uint64_t nonce) {
    DynamicFeeTx t;
    t.chain_id = kL2ChainId;
    t.nonce = nonce;
    t.max_priority_fee_per_gas = U256(kGwei);
    t.max_fee_per_gas = U256(20 * kGwei);
    t.gas_limit = 21'000;
    t.to = dev_address(7);
    t.value = U256(1000 + nonce);
    Transaction txn = t;
    BATON_ASSERT(sign(txn, dev_key(5)).has_value());
    return encode_transaction(txn);
}

// One inbox tx as read back from L1.
struct InboxTx {
    std::uint64_t l1_block = 0;
    Address from{};
    B256 hash{};
    bool status = false;
    std::vector<protocol::Frame> frames;
};

// A completed channel: all frames landed with status 1.
struct ReadChannel {
    protocol::ChannelId id{};
    std::uint64_t completed_at = 0;  // L1 block of its last frame
    std::vector<protocol::SpanBatchElement> blocks;
    std::uint64_t first = 0;  // L2 numbers
    std::uint64_t last = 0;
};

// Reads the inbox txs on L1 block by block and keeps the safe head: the end of the longest run of
// complete channels that follow each other from the L2 genesis (Holocene reads channels in order).
class InboxReader {
public:
    InboxReader(const std::string& l1_url, const std::string& l2_url, Address inbox, std::uint64_t from_block,
                protocol::RollupConfig rollup)
        : l1_(*rpc::Client::make(l1_url)),
          l2_(*rpc::Client::make(l2_url)),
          inbox_(inbox),
          next_block_(from_block),
          rollup_(rollup),
          safe_(rollup_.genesis.l2) {}

    // Catches up with the L1 head; returns the sync status to serve.
    Result<SyncStatus, std::string> refresh() {
        std::lock_guard lock(mutex_);
        auto head = l1_.eth_block_number();
        if (!head) return unexpected(rpc::to_string(head.error()));
        for (; next_block_ <= *head; ++next_block_) {
            auto block = l1_.eth_get_block_by_number(rpc::BlockTag::at(next_block_), true);
            if (!block || !block->has_value()) return unexpected(std::string("L1 block read failed"));
            for (const auto& tx : (*block)->transactions) {
                const auto* dyn = std::get_if<DynamicFeeTx>(&tx.txn);
                if (dyn == nullptr || !dyn->to || *dyn->to != inbox_) continue;
                auto receipt = l1_.eth_get_transaction_receipt(tx.hash);
                if (!receipt || !receipt->has_value()) return unexpected(std::string("receipt read failed"));
                InboxTx seen{next_block_, tx.from, tx.hash, (*receipt)->succeeded(), {}};
                if (auto frames = protocol::decode_tx_payload(dyn->data); frames) seen.frames = *frames;
                if (seen.status) take_frames(seen);
                txs_.push_back(std::move(seen));
            }
            advance_safe();
        }
        SyncStatus status;
        status.current_l1.number = next_block_ - 1;
        status.head_l1.number = next_block_ - 1;
        status.safe_l2.hash = safe_.hash;
        status.safe_l2.number = safe_.number;
        // A sequencer's node reports its engine's head as the unsafe head; the batcher reads up to it.
        auto l2_head = l2_.eth_get_block_by_number(rpc::BlockTag::latest(), false);
        if (!l2_head || !l2_head->has_value()) return unexpected(std::string("L2 head read failed"));
        status.unsafe_l2.number = (*l2_head)->header.number;
        status.unsafe_l2.hash = (*l2_head)->header.hash;
        return status;
    }

    std::vector<InboxTx> txs() const {
        std::lock_guard lock(mutex_);
        return txs_;
    }
    std::vector<ReadChannel> channels() const {
        std::lock_guard lock(mutex_);
        return complete_;
    }
    std::vector<std::string> problems() const {
        std::lock_guard lock(mutex_);
        return problems_;
    }
    BlockId safe() const {
        std::lock_guard lock(mutex_);
        return safe_;
    }

private:
    void take_frames(const InboxTx& tx) {
        for (const auto& frame : tx.frames) {
            auto [it, fresh] = open_.try_emplace(frame.id, frame.id);
            (void)fresh;
            if (!it->second.add_frame(frame))
                problems_.push_back("frame rejected in block " + std::to_string(tx.l1_block));
            if (!it->second.is_ready()) continue;
            const Bytes data = it->second.data();
            open_.erase(it);
            auto read = protocol::read_channel(data, true, protocol::kMaxRlpBytesPerChannelFjord);
            if (!read || read->end != protocol::ChannelEnd::kComplete || read->batches.size() != 1) {
                problems_.push_back("channel " + to_hex(frame.id) + " does not read as one batch");
                continue;
            }
            auto batch = protocol::decode_batch(read->batches[0]);
            if (!batch || !std::holds_alternative<protocol::SpanBatch>(*batch)) {
                problems_.push_back("channel " + to_hex(frame.id) + " holds no span batch");
                continue;
            }
            const protocol::SpanBatchParams params{rollup_.genesis.l2_time, rollup_.block_time, kL2ChainId};
            auto elements = protocol::derive_span_batch(std::get<protocol::SpanBatch>(*batch), params);
            if (!elements || elements->empty()) {
                problems_.push_back("channel " + to_hex(frame.id) + ": span batch does not derive");
                continue;
            }
            ReadChannel ch;
            ch.id = frame.id;
            ch.completed_at = tx.l1_block;
            ch.blocks = std::move(*elements);
            ch.first = number_of(ch.blocks.front().timestamp);
            ch.last = number_of(ch.blocks.back().timestamp);
            complete_.push_back(std::move(ch));
        }
    }

    std::uint64_t number_of(std::uint64_t timestamp) const {
        return rollup_.genesis.l2.number + (timestamp - rollup_.genesis.l2_time) / rollup_.block_time;
    }

    void advance_safe() {
        bool moved = true;
        while (moved) {
            moved = false;
            for (const auto& ch : complete_) {
                if (ch.first != safe_.number + 1) continue;
                auto block = l2_.eth_get_block_by_number(rpc::BlockTag::at(ch.last), false);
                if (!block || !block->has_value()) return;
                safe_ = BlockId{(*block)->header.hash, ch.last};
                moved = true;
            }
        }
    }

    mutable std::mutex mutex_;
    rpc::Client l1_;
    rpc::Client l2_;
    Address inbox_;
    std::uint64_t next_block_;
    protocol::RollupConfig rollup_;
    BlockId safe_;
    std::map<protocol::ChannelId, protocol::Channel> open_;
    std::vector<ReadChannel> complete_;
    std::vector<InboxTx> txs_;
    std::vector<std::string> problems_;
};

class BatcherTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto l1 = Anvil::start({.args = {"--chain-id", std::to_string(kL1ChainId)}});
        ASSERT_TRUE(l1) << l1.error();
        l1_ = std::make_unique<Anvil>(std::move(*l1));
        auto l1_client = rpc::Client::make(l1_->url());
        ASSERT_TRUE(l1_client);
        l1_client_.emplace(std::move(*l1_client));
        auto l1_genesis = l1_client_->eth_get_block_by_number(rpc::BlockTag::at(0), false);
        ASSERT_TRUE(l1_genesis && l1_genesis->has_value());
        l1_genesis_ =
            protocol::L1Origin{0, (*l1_genesis)->header.timestamp, *(*l1_genesis)->header.base_fee_per_gas,
                               (*l1_genesis)->header.hash, U256(1)};

        DeploySpec spec;
        spec.leaders = {dev_address(1), dev_address(2)};
        spec.turn_length = kTurnLength;
        spec.lookahead = 8;
        spec.start_block = 0;
        // Plain round robin: the fallback ladder's backups never open inside a turn (G1 = k), so
        // only the leader may post, which these tests rely on.
        spec.ladder.g1 = kTurnLength;
        spec.ladder.g2 = 0;
        spec.ladder.g3 = 0;
        auto deployment = deploy(*l1_client_, dev_key(0), spec);
        ASSERT_TRUE(deployment) << to_string(deployment.error());
        deployment_ = *deployment;

        auto l2 = Anvil::start({.args = anvil_engine_args(kAnvilTimestamp, kL2ChainId)});
        ASSERT_TRUE(l2) << l2.error();
        l2_ = std::make_unique<Anvil>(std::move(*l2));
        auto l1_block = load_artifact(default_artifacts_dir(), "L1Block");
        ASSERT_TRUE(l1_block) << to_string(l1_block.error());
        auto l2_client = rpc::Client::make(l2_->url());
        ASSERT_TRUE(l2_client);
        auto genesis = prepare_l2_genesis(*l2_client, l1_block->runtime_code, kL2Time);
        ASSERT_TRUE(genesis) << to_string(genesis.error());
        engine_.emplace(std::move(*l2_client));

        rollup_ = base_rollup();
        rollup_.genesis.l1 = BlockId{l1_genesis_.hash, 0};
        rollup_.genesis.l2 = genesis->block;
        rollup_.genesis.l2_time = genesis->l2_time;
        rollup_.genesis.system_config = l2_system_config();
        rollup_.batch_inbox_address = deployment_.batch_inbox;
        rollup_.l1_system_config_address = deployment_.system_config.address;
        rollup_.deposit_contract_address = deployment_.deposit_portal.address;
        head_ = genesis->block;
    }

    // The sequencer stand-in: one more L2 block (L1-info deposit + one transfer).
    void build_l2_block() {
        const std::uint64_t i = head_.number - rollup_.genesis.l2.number + 1;
        const std::uint64_t ts = rollup_.genesis.l2_time + rollup_.block_time * i;
        auto deposit = protocol::make_l1_info_deposit(rollup_, l2_system_config(), l1_genesis_, i, ts);
        ASSERT_TRUE(deposit);
        derive::PayloadAttributes a;
        a.timestamp = ts;
        a.gas_limit = kGasLimit;
        a.no_tx_pool = true;
        a.transactions = {encode_transaction(*deposit), transfer(i - 1)};
        auto built = engine_->build_block(head_, a);
        ASSERT_TRUE(built) << to_string(built.error());
        head_ = built->id();
    }

    void start_rollup_node() {
        reader_ = std::make_unique<InboxReader>(l1_->url(), l2_->url(), deployment_.batch_inbox,
                                                deployment_.deployed_at_block, rollup_);
        server_ = std::make_unique<rpc::Server>();
        server_->register_method(
            "baton_syncStatus", [this](const rpc::Server::Json&) -> Result<rpc::Server::Json, rpc::RpcError> {
                auto status = reader_->refresh();
                if (!status)
                    return unexpected(rpc::make_error(rpc::RpcErrorKind::kRpcError, status.error(), -32000));
                return encode_sync_status_json(*status);
            });
        auto port = server_->start();
        ASSERT_TRUE(port) << rpc::to_string(port.error());
    }

    struct Running {
        std::unique_ptr<BatcherService> service;
        std::thread thread;
    };

    Running start_batcher(std::size_t key_index) {
        BatcherServiceConfig config;
        config.l1_url = l1_->url();
        config.l2_engine_url = l2_->url();
        config.rollup_node_url = server_->url();
        config.rollup = rollup_;
        config.poll_interval = 100ms;
        config.safety_margin = 1;
        config.max_frame_size = 90;  // small frames: channels of 2-3 frames, one tx each
        auto logger =
            make_logger("batcher-" + std::to_string(key_index), LogFormat::kLogfmt, spdlog::level::info);
        auto service = BatcherService::make(config, dev_key(key_index), logger);
        BATON_ASSERT(service.has_value());
        Running r;
        r.service = std::move(*service);
        r.thread = std::thread([s = r.service.get()] { s->run(); });
        return r;
    }

    static void stop(Running& r) {
        if (!r.service) return;
        r.service->stop();
        r.thread.join();
        r.service.reset();
    }

    std::uint64_t l1_head() { return *l1_client_->eth_block_number(); }

    std::unique_ptr<Anvil> l1_;
    std::unique_ptr<Anvil> l2_;
    std::optional<rpc::Client> l1_client_;
    protocol::L1Origin l1_genesis_;
    Deployment deployment_;
    std::optional<AnvilEngine> engine_;
    protocol::RollupConfig rollup_;
    BlockId head_;
    std::unique_ptr<InboxReader> reader_;
    std::unique_ptr<rpc::Server> server_;
};

TEST_F(BatcherTest, TwoLeadersPostOnlyInTheirWindowsAndARestartDoesNotRepost) {
    ASSERT_TRUE(l1_client_->call("evm_setIntervalMining", rpc::Server::Json::array({1})));
    for (int i = 0; i < 6; ++i) build_l2_block();
    start_rollup_node();

    Running a = start_batcher(1);
    Running b = start_batcher(2);

    // Run for a few turns while the sequencer keeps building; restart batcher 1 inside one of its
    // windows once it has posted something.
    RpcLeaderSchedule schedule(*l1_client_);
    const auto deadline = std::chrono::steady_clock::now() + 75s;
    std::uint64_t last_l1 = l1_head();
    bool restarted = false;
    bool restarted_in_flight = false;
    std::uint64_t restart_l1 = 0;
    const auto give_up_waiting_for_in_flight = std::chrono::steady_clock::now() + 40s;
    while (std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(100ms);
        const std::uint64_t h = l1_head();
        if (h != last_l1) {
            last_l1 = h;
            build_l2_block();
        }
        if (!restarted && a.service) {
            const auto st = a.service->stats();
            const bool in_flight = st.txs_sent > st.txs_confirmed + st.txs_reverted + st.txs_dropped;
            // Inside its window (it leads this block and the next), once it has confirmed txs;
            // preferably with a tx of it in the pool right now, so the old instance's channel is
            // in flight when the new one starts.
            auto leader = schedule.leader_at(deployment_.batch_inbox, h);
            auto next_leader = schedule.leader_at(deployment_.batch_inbox, h + 1);
            const bool in_window =
                leader && next_leader && *leader == dev_address(1) && *next_leader == dev_address(1);
            const bool late = std::chrono::steady_clock::now() > give_up_waiting_for_in_flight;
            if (in_window && st.txs_confirmed >= 2 && (in_flight || late)) {
                stop(a);
                restart_l1 = h;
                restarted = true;
                restarted_in_flight = in_flight;
                // Restarted at once, like a supervisor would.
                a = start_batcher(1);
            }
        }
        if (restarted && reader_->safe().number >= rollup_.genesis.l2.number + 24 &&
            h >= restart_l1 + 2 * kTurnLength * 2)
            break;
    }
    std::cout << "batcher 1 restarted at L1 block " << restart_l1
              << (restarted_in_flight ? " with a tx in flight\n" : " with nothing in flight\n");
    const std::uint64_t confirmed_after_restart = a.service ? a.service->stats().txs_confirmed : 0;
    stop(a);
    stop(b);
    ASSERT_TRUE(restarted) << "batcher 1 never confirmed two txs";
    EXPECT_GT(confirmed_after_restart, 0u) << "the restarted batcher posted nothing";
    ASSERT_TRUE(reader_->refresh());

    const auto txs = reader_->txs();
    const auto channels = reader_->channels();
    EXPECT_TRUE(reader_->problems().empty()) << reader_->problems().front();
    ASSERT_GE(channels.size(), 6u);
    EXPECT_GE(reader_->safe().number, rollup_.genesis.l2.number + 12);

    // Every inbox tx succeeded and came from the leader of its block.
    std::map<Address, std::size_t> per_sender;
    for (const auto& tx : txs) {
        EXPECT_TRUE(tx.status) << "tx " << to_hex(tx.hash) << " in L1 block " << tx.l1_block << " reverted";
        auto leader = schedule.leader_at(deployment_.batch_inbox, tx.l1_block);
        ASSERT_TRUE(leader) << to_string(leader.error());
        EXPECT_EQ(to_checksum_hex(tx.from), to_checksum_hex(*leader)) << "L1 block " << tx.l1_block;
        ++per_sender[tx.from];
    }
    EXPECT_GT(per_sender[dev_address(1)], 0u);
    EXPECT_GT(per_sender[dev_address(2)], 0u);

    // Channels of exactly l2_blocks_per_channel blocks, equal to the L2 blocks, no block twice.
    std::set<std::uint64_t> covered;
    for (const auto& ch : channels) {
        EXPECT_EQ(ch.blocks.size(), kBlocksPerChannel) << "channel " << to_hex(ch.id);
        EXPECT_EQ(ch.last - ch.first + 1, kBlocksPerChannel);
        for (std::uint64_t n = ch.first; n <= ch.last; ++n) {
            EXPECT_TRUE(covered.insert(n).second) << "L2 block " << n << " posted in two confirmed channels";
            auto block = engine_->client().eth_get_block_by_number(rpc::BlockTag::at(n), true);
            ASSERT_TRUE(block && block->has_value());
            std::vector<Bytes> expected;
            for (const auto& tx : (*block)->transactions) {
                Bytes env = encode_transaction(tx.txn);
                if (!batcher::is_deposit(env)) expected.push_back(std::move(env));
            }
            const auto& element = ch.blocks[n - ch.first];
            EXPECT_EQ(element.timestamp, (*block)->header.timestamp);
            EXPECT_EQ(element.epoch_num, 0u);
            EXPECT_EQ(element.transactions, expected) << "L2 block " << n;
        }
    }
}

// The tx manager alone on anvil: a send that lands, a fee bump while automine is off, and a
// NotLeader revert caught at the estimate (nothing sent).
TEST_F(BatcherTest, TxManagerSendsBumpsAndDetectsReverts) {
    auto inbox_abi = load_artifact(default_artifacts_dir(), "RoundRobinInbox");
    ASSERT_TRUE(inbox_abi) << to_string(inbox_abi.error());
    RpcLeaderSchedule schedule(*l1_client_);
    // With automine on, the pending block is head + 1: pick the leader of that block.
    const std::uint64_t next = l1_head() + 1;
    auto leader = schedule.leader_at(deployment_.batch_inbox, next);
    ASSERT_TRUE(leader) << to_string(leader.error());
    const std::size_t leader_key = *leader == dev_address(1) ? 1 : 2;
    const std::size_t other_key = leader_key == 1 ? 2 : 1;

    // NotLeader: the other batcher's estimate reverts and nothing is sent.
    auto other = TxManager::make(*rpc::Client::make(l1_->url()), dev_key(other_key), {}, *inbox_abi);
    ASSERT_TRUE(other) << to_string(other.error());
    auto refused = other->send({deployment_.batch_inbox, Bytes{0x00, 0x01}, std::nullopt});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().error, TxManagerError::kEstimateReverted);
    EXPECT_NE(refused.error().detail.find("NotLeader("), std::string::npos) << refused.error().detail;
    EXPECT_EQ(*l1_client_->eth_get_transaction_count(dev_address(other_key), rpc::BlockTag::pending()),
              other->next_nonce());

    // A tx to a plain address (no leader check) with automine off: not mined, bumped after one
    // block, and the bumped version is the one that lands.
    ASSERT_TRUE(l1_client_->call("evm_setAutomine", rpc::Server::Json::array({false})));
    TxManagerConfig config;
    config.resubmit_after_blocks = 1;
    auto mgr = TxManager::make(*rpc::Client::make(l1_->url()), dev_key(3), config, *inbox_abi);
    ASSERT_TRUE(mgr) << to_string(mgr.error());
    auto sent = mgr->send({dev_address(8), Bytes{0x01, 0x02}, std::nullopt});
    ASSERT_TRUE(sent) << to_string(sent.error());
    // A fee spike: the next block's base fee is above the tx's max fee, so it stays in the pool.
    ASSERT_TRUE(
        l1_client_->call("anvil_setNextBlockBaseFeePerGas",
                         rpc::Server::Json::array({rpc::encode_quantity(sent->max_fee_per_gas * U256(4))})));
    ASSERT_TRUE(l1_client_->call("evm_mine"));
    auto still = l1_client_->eth_get_transaction_receipt(sent->hash);
    ASSERT_TRUE(still);
    ASSERT_FALSE(still->has_value()) << "the first version was mined despite the fee spike";
    auto outcomes = mgr->poll();
    ASSERT_TRUE(outcomes) << to_string(outcomes.error());
    EXPECT_TRUE(outcomes->empty()) << to_string(outcomes->front().status) << " " << outcomes->front().detail
                                   << " bumps " << outcomes->front().bumps;  // bumped and resent
    ASSERT_TRUE(l1_client_->call("evm_mine"));
    outcomes = mgr->poll();
    ASSERT_TRUE(outcomes) << to_string(outcomes.error());
    ASSERT_EQ(outcomes->size(), 1u);
    EXPECT_EQ((*outcomes)[0].status, TxStatus::kConfirmed);
    EXPECT_EQ((*outcomes)[0].bumps, 1u);
    EXPECT_NE((*outcomes)[0].hash, sent->hash);
    auto receipt = l1_client_->eth_get_transaction_receipt((*outcomes)[0].hash);
    ASSERT_TRUE(receipt && receipt->has_value());
    auto mined = l1_client_->eth_get_transaction_by_hash((*outcomes)[0].hash);
    ASSERT_TRUE(mined && mined->has_value());
    const auto& bumped = std::get<DynamicFeeTx>((*mined)->txn);
    EXPECT_EQ(bumped.nonce, sent->nonce);
    EXPECT_GE(bumped.max_fee_per_gas * U256(100), sent->max_fee_per_gas * U256(110));

    // Status 0: the leader of the pending block sends (its estimate passes), the tx is held back
    // until the turn has passed (a fee spike evicts it; the same signed bytes are sent again
    // after), and it lands in a block its sender does not lead: NotLeader at execution, kReverted.
    const std::uint64_t pending_block = l1_head() + 1;
    auto pending_leader = schedule.leader_at(deployment_.batch_inbox, pending_block);
    ASSERT_TRUE(pending_leader);
    const std::size_t late_key = *pending_leader == dev_address(1) ? 1 : 2;
    TxManagerConfig patient;
    patient.resubmit_after_blocks = 100;  // no bump: the first version must be the one mined
    auto late = TxManager::make(*rpc::Client::make(l1_->url()), dev_key(late_key), patient, *inbox_abi);
    ASSERT_TRUE(late) << to_string(late.error());
    auto late_sent = late->send({deployment_.batch_inbox, Bytes{0x00, 0x02}, std::nullopt});
    ASSERT_TRUE(late_sent) << to_string(late_sent.error());
    // anvil evicts a tx the base fee outgrows, so keep its bytes and give them back afterwards.
    auto pooled = l1_client_->eth_get_transaction_by_hash(late_sent->hash);
    ASSERT_TRUE(pooled && pooled->has_value());
    const Bytes late_raw = encode_transaction((*pooled)->txn);
    for (int i = 0; i < 12; ++i) {
        auto next_leader = schedule.leader_at(deployment_.batch_inbox, l1_head() + 1);
        ASSERT_TRUE(next_leader);
        if (*next_leader != dev_address(late_key)) break;
        ASSERT_TRUE(l1_client_->call(
            "anvil_setNextBlockBaseFeePerGas",
            rpc::Server::Json::array({rpc::encode_quantity(late_sent->max_fee_per_gas * U256(4))})));
        ASSERT_TRUE(l1_client_->call("evm_mine"));
    }
    ASSERT_TRUE(l1_client_->call("anvil_setNextBlockBaseFeePerGas",
                                 rpc::Server::Json::array({rpc::encode_quantity(U256(7))})));
    auto resent = l1_client_->eth_send_raw_transaction(late_raw);
    ASSERT_TRUE(resent) << rpc::to_string(resent.error());
    ASSERT_TRUE(l1_client_->call("evm_mine"));
    auto late_outcomes = late->poll();
    ASSERT_TRUE(late_outcomes) << to_string(late_outcomes.error());
    ASSERT_EQ(late_outcomes->size(), 1u);
    EXPECT_EQ((*late_outcomes)[0].status, TxStatus::kReverted) << (*late_outcomes)[0].detail;
    EXPECT_EQ((*late_outcomes)[0].bumps, 0u);
    auto landed_leader = schedule.leader_at(deployment_.batch_inbox, (*late_outcomes)[0].l1_block);
    ASSERT_TRUE(landed_leader);
    EXPECT_NE(*landed_leader, dev_address(late_key));
    ASSERT_TRUE(l1_client_->call("evm_setAutomine", rpc::Server::Json::array({true})));
}

// The real thing: H1's NodeService as sequencer and verifier (in-process, each over its own OP-mode
// L2 anvil), the two batchers reading the sequencer's engine and its baton_syncStatus. The
// verifier builds its chain from L1 alone; its safe blocks must be the sequencer's, and every
// inbox tx must have succeeded and come from the leader of its block.
class RealNodeBatcherTest : public ::testing::Test {
protected:
    struct RunningNode {
        std::unique_ptr<NodeService> service;
        std::atomic<bool> stop{false};
        std::atomic<int> exit_code{-1};
        std::thread thread;
        ~RunningNode() {
            stop = true;
            if (thread.joinable()) thread.join();
        }
    };

    void SetUp() override {
        auto l1 = Anvil::start({.args = {"--block-time", "1", "--chain-id", std::to_string(kL1ChainId)}});
        ASSERT_TRUE(l1) << l1.error();
        l1_ = std::make_unique<Anvil>(std::move(*l1));
        auto client = rpc::Client::make(l1_->url());
        ASSERT_TRUE(client);
        l1_client_.emplace(std::move(*client));
        DeploySpec spec;
        spec.leaders = {dev_address(1), dev_address(2)};
        spec.turn_length = kTurnLength;
        spec.lookahead = 8;
        spec.start_block = 0;
        // Plain round robin: the fallback ladder's backups never open inside a turn (G1 = k), so
        // only the leader may post, which these tests rely on.
        spec.ladder.g1 = kTurnLength;
        spec.ladder.g2 = 0;
        spec.ladder.g3 = 0;
        auto deployment = deploy(*l1_client_, dev_key(0), spec);
        ASSERT_TRUE(deployment) << to_string(deployment.error());
        deployment_ = *deployment;
        auto l1_genesis =
            l1_client_->eth_get_block_by_number(rpc::BlockTag::at(deployment_.deployed_at_block), false);
        ASSERT_TRUE(l1_genesis && l1_genesis->has_value());
        const auto& header = (*l1_genesis)->header;

        const std::vector<std::string> l2_args = anvil_engine_args(header.timestamp, kL2ChainId);
        auto l1_block = load_artifact(default_artifacts_dir(), "L1Block");
        ASSERT_TRUE(l1_block) << to_string(l1_block.error());
        std::optional<L2Genesis> genesis;
        for (auto* slot : {&seq_anvil_, &ver_anvil_}) {
            auto anvil = Anvil::start({.args = l2_args});
            ASSERT_TRUE(anvil) << anvil.error();
            *slot = std::make_unique<Anvil>(std::move(*anvil));
            auto c = rpc::Client::make((*slot)->url());
            ASSERT_TRUE(c);
            auto g = prepare_l2_genesis(*c, l1_block->runtime_code, header.timestamp);
            ASSERT_TRUE(g) << to_string(g.error());
            genesis = *g;
        }

        rollup_ = base_rollup();
        rollup_.block_time = 1;
        rollup_.seq_window_size = 200;
        rollup_.channel_timeout = 50;
        rollup_.genesis.l1 = BlockId{header.hash, header.number};
        rollup_.genesis.l2 = genesis->block;
        rollup_.genesis.l2_time = genesis->l2_time;
        rollup_.genesis.system_config.batcher_hash = deployment_.batcher_hash;
        rollup_.genesis.system_config.scalar[0] = 0x01;
        rollup_.genesis.system_config.gas_limit = kGasLimit;
        rollup_.l2_blocks_per_channel = 4;
        rollup_.batch_inbox_address = deployment_.batch_inbox;
        rollup_.deposit_contract_address = deployment_.deposit_portal.address;
        rollup_.l1_system_config_address = deployment_.system_config.address;
        rollup_.chain_op_config = protocol::ChainOpConfig{6, 50, 250};
    }

    std::unique_ptr<RunningNode> start_node(DriverMode mode, const Anvil& engine, const std::string& name) {
        NodeServiceConfig c;
        c.mode = mode;
        c.l1_url = l1_->url();
        c.l2_engine_url = engine.url();
        c.rollup = rollup_;
        c.poll_interval = 100ms;
        c.max_backoff = 1000ms;
        auto made =
            NodeService::make(std::move(c), make_logger(name, LogFormat::kLogfmt, spdlog::level::warn));
        BATON_ASSERT(made.has_value());
        auto node = std::make_unique<RunningNode>();
        node->service = std::move(*made);
        node->thread = std::thread([n = node.get()] { n->exit_code = n->service->run(n->stop); });
        return node;
    }

    std::unique_ptr<Anvil> l1_;
    std::unique_ptr<Anvil> seq_anvil_;
    std::unique_ptr<Anvil> ver_anvil_;
    std::optional<rpc::Client> l1_client_;
    Deployment deployment_;
    protocol::RollupConfig rollup_;
};

TEST_F(RealNodeBatcherTest, VerifierDerivesTheSequencerChainFromTwoBatchers) {
    auto seq = start_node(DriverMode::kSequencer, *seq_anvil_, "sequencer");
    auto ver = start_node(DriverMode::kVerifier, *ver_anvil_, "verifier");
    const std::string seq_rpc = "http://127.0.0.1:" + std::to_string(seq->service->rpc_port());

    std::vector<std::unique_ptr<BatcherService>> batchers;
    std::vector<std::thread> threads;
    for (std::size_t key : {1, 2}) {
        BatcherServiceConfig config;
        config.l1_url = l1_->url();
        config.l2_engine_url = seq_anvil_->url();
        config.rollup_node_url = seq_rpc;
        config.rollup = rollup_;
        config.poll_interval = 100ms;
        auto service = BatcherService::make(
            config, dev_key(key),
            make_logger("batcher-" + std::to_string(key), LogFormat::kLogfmt, spdlog::level::info));
        ASSERT_TRUE(service) << service.error();
        batchers.push_back(std::move(*service));
    }
    threads.reserve(batchers.size());
    for (auto& b : batchers) threads.emplace_back([s = b.get()] { s->run(); });

    const std::uint64_t target = rollup_.genesis.l2.number + 20;
    const auto deadline = std::chrono::steady_clock::now() + 80s;
    while (std::chrono::steady_clock::now() < deadline &&
           ver->service->sync_status().safe_l2.number < target) {
        ASSERT_EQ(seq->exit_code.load(), -1) << "sequencer stopped";
        ASSERT_EQ(ver->exit_code.load(), -1) << "verifier stopped";
        std::this_thread::sleep_for(250ms);
    }
    for (auto& b : batchers) b->stop();
    for (auto& t : threads) t.join();
    const SyncStatus v = ver->service->sync_status();
    ASSERT_GE(v.safe_l2.number, target) << "the verifier's safe head stayed at " << v.safe_l2.number;

    // The verifier's chain, built from L1 alone, is the sequencer's block for block.
    auto seq_l2 = rpc::Client::make(seq_anvil_->url());
    auto ver_l2 = rpc::Client::make(ver_anvil_->url());
    ASSERT_TRUE(seq_l2 && ver_l2);
    for (std::uint64_t n = rollup_.genesis.l2.number + 1; n <= v.safe_l2.number; ++n) {
        auto a = seq_l2->eth_get_block_by_number(rpc::BlockTag::at(n), false);
        auto b = ver_l2->eth_get_block_by_number(rpc::BlockTag::at(n), false);
        ASSERT_TRUE(a && a->has_value() && b && b->has_value()) << "L2 block " << n;
        EXPECT_EQ(to_hex((*a)->header.hash), to_hex((*b)->header.hash)) << "L2 block " << n;
    }

    // Every inbox tx succeeded and came from the leader of its block; both batchers posted.
    InboxReader reader(l1_->url(), seq_anvil_->url(), deployment_.batch_inbox, deployment_.deployed_at_block,
                       rollup_);
    ASSERT_TRUE(reader.refresh());
    RpcLeaderSchedule schedule(*l1_client_);
    std::map<Address, std::size_t> per_sender;
    for (const auto& tx : reader.txs()) {
        EXPECT_TRUE(tx.status) << "tx " << to_hex(tx.hash) << " in L1 block " << tx.l1_block << " reverted";
        auto leader = schedule.leader_at(deployment_.batch_inbox, tx.l1_block);
        ASSERT_TRUE(leader) << to_string(leader.error());
        EXPECT_EQ(to_checksum_hex(tx.from), to_checksum_hex(*leader)) << "L1 block " << tx.l1_block;
        ++per_sender[tx.from];
    }
    EXPECT_GT(per_sender[dev_address(1)], 0u);
    EXPECT_GT(per_sender[dev_address(2)], 0u);
    for (const auto& ch : reader.channels()) EXPECT_EQ(ch.blocks.size(), 4u) << "channel " << to_hex(ch.id);
}

// Issue 19: the same network with both batchers on --data-availability blobs. Every inbox tx is a
// type-3 tx with one blob of real channel data (KZG-committed by Baton), sent by the leader of its
// block; the verifier reads the blobs from anvil's beacon route, checks them against their
// versioned hashes and derives the sequencer's chain block for block.
TEST_F(RealNodeBatcherTest, VerifierDerivesTheSequencerChainFromBlobBatches) {
    // anvil loads its own KZG setup on its first blob tx, which holds that eth_sendRawTransaction
    // for seconds (measured: ~5 s here); one blob tx from another key first, so that the
    // batchers' first txs are not the ones that wait (they would land after their window).
    {
        auto kzg = kzg::Kzg::mainnet();
        ASSERT_TRUE(kzg.has_value());
        auto warm = TxManager::make(*rpc::Client::make(l1_->url()), dev_key(5), {});
        ASSERT_TRUE(warm) << to_string(warm.error());
        TxCandidate candidate;
        candidate.to = dev_address(6);
        candidate.blobs = *blob_data_sidecar(**kzg, std::vector<Bytes>{Bytes{0x00}});
        auto warmed = warm->send_and_wait(candidate, 30s);
        ASSERT_TRUE(warmed) << to_string(warmed.error());
    }
    auto seq = start_node(DriverMode::kSequencer, *seq_anvil_, "sequencer");
    auto ver = start_node(DriverMode::kVerifier, *ver_anvil_, "verifier");
    const std::string seq_rpc = "http://127.0.0.1:" + std::to_string(seq->service->rpc_port());

    std::vector<std::unique_ptr<BatcherService>> batchers;
    std::vector<std::thread> threads;
    for (std::size_t key : {1, 2}) {
        BatcherServiceConfig config;
        config.l1_url = l1_->url();
        config.l2_engine_url = seq_anvil_->url();
        config.rollup_node_url = seq_rpc;
        config.rollup = rollup_;
        config.poll_interval = 100ms;
        config.data_availability = DataAvailability::kBlobs;
        auto service = BatcherService::make(
            config, dev_key(key),
            make_logger("batcher-" + std::to_string(key), LogFormat::kLogfmt, spdlog::level::info));
        ASSERT_TRUE(service) << service.error();
        batchers.push_back(std::move(*service));
    }
    threads.reserve(batchers.size());
    for (auto& b : batchers) threads.emplace_back([s = b.get()] { s->run(); });

    const std::uint64_t target = rollup_.genesis.l2.number + 12;
    const auto deadline = std::chrono::steady_clock::now() + 90s;
    while (std::chrono::steady_clock::now() < deadline &&
           ver->service->sync_status().safe_l2.number < target) {
        ASSERT_EQ(seq->exit_code.load(), -1) << "sequencer stopped";
        ASSERT_EQ(ver->exit_code.load(), -1) << "verifier stopped";
        std::this_thread::sleep_for(250ms);
    }
    for (auto& b : batchers) b->stop();
    for (auto& t : threads) t.join();
    const SyncStatus v = ver->service->sync_status();
    ASSERT_GE(v.safe_l2.number, target) << "the verifier's safe head stayed at " << v.safe_l2.number;

    auto seq_l2 = rpc::Client::make(seq_anvil_->url());
    auto ver_l2 = rpc::Client::make(ver_anvil_->url());
    ASSERT_TRUE(seq_l2 && ver_l2);
    for (std::uint64_t n = rollup_.genesis.l2.number + 1; n <= v.safe_l2.number; ++n) {
        auto a = seq_l2->eth_get_block_by_number(rpc::BlockTag::at(n), false);
        auto b = ver_l2->eth_get_block_by_number(rpc::BlockTag::at(n), false);
        ASSERT_TRUE(a && a->has_value() && b && b->has_value()) << "L2 block " << n;
        EXPECT_EQ(to_hex((*a)->header.hash), to_hex((*b)->header.hash)) << "L2 block " << n;
    }

    // Every inbox tx: a blob tx (one blob, no calldata) that succeeded and came from the leader.
    RpcLeaderSchedule schedule(*l1_client_);
    const std::uint64_t head = l1_client_->eth_block_number().value();
    std::size_t blob_txs = 0;
    for (std::uint64_t n = deployment_.deployed_at_block; n <= head; ++n) {
        auto block = l1_client_->eth_get_block_by_number(rpc::BlockTag::at(n), true);
        ASSERT_TRUE(block && block->has_value());
        for (const auto& tx : (*block)->transactions) {
            const auto to = std::visit([](const auto& t) -> std::optional<Address> { return t.to; }, tx.txn);
            if (!to || *to != deployment_.batch_inbox) continue;
            const auto* blob = std::get_if<BlobTx>(&tx.txn);
            ASSERT_NE(blob, nullptr) << "a calldata inbox tx " << to_hex(tx.hash) << " in L1 block " << n;
            EXPECT_EQ(blob->blob_versioned_hashes.size(), 1u);
            EXPECT_TRUE(blob->data.empty());
            auto receipt = l1_client_->eth_get_transaction_receipt(tx.hash);
            ASSERT_TRUE(receipt && receipt->has_value());
            EXPECT_TRUE((*receipt)->succeeded()) << "blob tx " << to_hex(tx.hash) << " reverted";
            auto leader = schedule.leader_at(deployment_.batch_inbox, n);
            ASSERT_TRUE(leader) << to_string(leader.error());
            EXPECT_EQ(to_checksum_hex(tx.from), to_checksum_hex(*leader)) << "L1 block " << n;
            ++blob_txs;
        }
    }
    EXPECT_GT(blob_txs, 0u);
    std::cout << blob_txs << " blob txs, verifier safe head " << v.safe_l2.number << "\n";
}

}  // namespace
}  // namespace baton::batcher_service
