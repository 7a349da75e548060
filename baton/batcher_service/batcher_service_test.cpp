// SPDX-License-Identifier: MIT
#include <baton/batcher_service/batcher_service.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/core/transaction.hpp>
#include <baton/l1/sync_status.hpp>
#include <baton/process/logging.hpp>
#include <baton/protocol/batch.hpp>
#include <baton/protocol/channel_in.hpp>
#include <baton/protocol/l1_info.hpp>
#include <baton/protocol/tx_payload.hpp>
#include <baton/rpc/json_codec.hpp>
#include <baton/rpc/test_util/fake_node.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace baton::batcher_service {
namespace {

using l1::BatcherAuth;
using l1::BatcherHashVersion;
using l1::encode_sync_status_json;
using l1::InMemoryLeaderSchedule;
using l1::SyncStatus;
using process::LogFormat;
using process::make_logger;

using Json = nlohmann::json;
using rpc::RpcError;
using rpc::test_util::FakeNode;
using namespace std::chrono_literals;

const Json& responses() {
    static const Json doc = [] {
        std::ifstream in(std::string(BATON_SOURCE_DIR) + "/baton/rpc/testdata/anvil_responses.json");
        return Json::parse(in)["responses"];
    }();
    return doc;
}

PrivateKey batcher_key() {
    return *PrivateKey::from_hex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
}

Address inbox() {
    Address a{};
    a[0] = 0xff;
    a[19] = 0x42;
    return a;
}

std::shared_ptr<spdlog::logger> quiet_logger() {
    return make_logger("batcher-test", LogFormat::kLogfmt, spdlog::level::off);
}

protocol::RollupConfig rollup_config(std::uint64_t genesis_time) {
    protocol::RollupConfig cfg;
    cfg.block_time = 2;
    cfg.l1_chain_id = 31337;
    cfg.l2_chain_id = 901;
    cfg.activate_forks_through_isthmus();
    cfg.l2_blocks_per_channel = 1;
    cfg.genesis.l2_time = genesis_time;
    cfg.genesis.system_config.gas_limit = 30'000'000;
    Address sc{};
    sc[19] = 0x5c;
    cfg.l1_system_config_address = sc;
    return cfg;
}

// The captured OP block (number 1) with its first txn turned into an L1-info deposit, so the
// service finds an epoch and sequence number in it.
Json l2_block_json(const protocol::RollupConfig& rollup, const protocol::L1Origin& origin) {
    Json block = responses().at("op_block");
    const std::uint64_t ts = *rpc::decode_u64(block["timestamp"]);
    auto deposit = protocol::make_l1_info_deposit(rollup, rollup.genesis.system_config, origin, 3, ts);
    EXPECT_TRUE(deposit);
    Json& tx = block["transactions"][0];
    tx["sourceHash"] = to_hex(deposit->source_hash);
    tx["from"] = to_hex(deposit->from);
    tx["to"] = to_hex(*deposit->to);
    tx["mint"] = "0x0";
    tx["value"] = "0x0";
    tx["gas"] = rpc::encode_quantity(deposit->gas_limit);
    tx["input"] = to_hex(deposit->data);
    tx["isSystemTx"] = deposit->is_system_tx;
    tx["hash"] = to_hex(transaction_hash(Transaction(*deposit)));
    return block;
}

// L1 (v0 SystemConfig naming our address), the L2 engine and a rollup node, all scripted.
struct Fakes {
    FakeNode l1;
    FakeNode l2;
    FakeNode rollup_node;
    std::mutex mutex;
    std::vector<DynamicFeeTx> sent;
    std::atomic<std::uint64_t> current_l1{4};
    std::atomic<std::uint64_t> pending_nonce{0};  // > 0: txs of a previous run in the pool
    Json l2_block;
    protocol::RollupConfig rollup;

    Fakes() {
        const Json l1_head = responses().at("block_hashes");  // number 4
        const std::uint64_t l2_ts = *rpc::decode_u64(responses().at("op_block")["timestamp"]);
        rollup = rollup_config(l2_ts - 2);
        const protocol::L1Origin origin{4, *rpc::decode_u64(l1_head["timestamp"]), U256(7),
                                        *rpc::decode_b256(l1_head["hash"]), U256(1)};
        l2_block = l2_block_json(rollup, origin);

        B256 v0{};
        const Address me = address_from_private_key(batcher_key());
        std::copy(me.begin(), me.end(), v0.begin() + 12);
        l1.on("eth_call", [v0](const Json& params) -> Result<Json, RpcError> {
            const std::string data = params[0].value("input", "");
            if (data == to_hex(abi::selector("batchInbox()")))
                return to_hex(
                    *abi::encode(std::vector{abi::address_type()}, std::vector<abi::Value>{inbox()}));
            if (data == to_hex(abi::selector("batcherHash()")))
                return to_hex(*abi::encode(std::vector{abi::bytes32_type()}, std::vector<abi::Value>{v0}));
            return unexpected(rpc::make_error(rpc::RpcErrorKind::kRpcError, "execution reverted", 3));
        });
        l1.on_result("eth_chainId", "0x7a69");
        l1.on("eth_getTransactionCount", [this](const Json& params) -> Result<Json, RpcError> {
            return rpc::encode_quantity(params[1] == "pending" ? pending_nonce.load() : std::uint64_t{0});
        });
        l1.on_result("eth_blockNumber", "0x4");
        l1.on_result("eth_getBlockByNumber", l1_head);
        l1.on_result("eth_maxPriorityFeePerGas", "0x1");
        l1.on_result("eth_estimateGas", "0x7530");
        l1.on_result("eth_getTransactionReceipt", nullptr);
        l1.on("eth_sendRawTransaction", [this](const Json& params) -> Result<Json, RpcError> {
            auto txn = decode_transaction(*decode_hex(params[0].get<std::string>()));
            std::lock_guard lock(mutex);
            sent.push_back(std::get<DynamicFeeTx>(*txn));
            return to_hex(transaction_hash(*txn));
        });

        l2.on_result("eth_blockNumber", "0x1");
        l2.on("eth_getBlockByNumber", [this](const Json& params) -> Result<Json, RpcError> {
            std::lock_guard lock(mutex);
            if (params[0] == "0x1") return l2_block;
            return Json(nullptr);
        });

        rollup_node.on("baton_syncStatus", [this](const Json&) -> Result<Json, RpcError> {
            std::lock_guard lock(mutex);
            SyncStatus status;
            status.current_l1.number = current_l1.load();
            status.safe_l2.number = 0;
            status.safe_l2.hash = *rpc::decode_b256(l2_block["parentHash"]);
            // The sequencer's node reports block 1 as its unsafe head: the batcher reads up to it.
            status.unsafe_l2.number = 1;
            status.unsafe_l2.hash = *rpc::decode_b256(l2_block["hash"]);
            return encode_sync_status_json(status);
        });
    }

    BatcherServiceConfig config() const {
        BatcherServiceConfig c;
        c.l1_url = l1.url();
        c.l2_engine_url = l2.url();
        c.rollup_node_url = rollup_node.url();
        c.rollup = rollup;
        c.poll_interval = 20ms;
        return c;
    }
    std::size_t node_calls(const std::string& method) const {
        std::size_t n = 0;
        for (const auto& r : rollup_node.requests()) n += r.value("method", "") == method ? 1 : 0;
        return n;
    }
    std::size_t sent_count() {
        std::lock_guard lock(mutex);
        return sent.size();
    }
};

TEST(BatcherServiceTest, BadConfigIsRefusedAtMake) {
    BatcherServiceConfig config;
    config.l1_url = "ftp://nowhere";
    config.l2_engine_url = "http://127.0.0.1:1";
    config.rollup_node_url = "http://127.0.0.1:1";
    config.rollup = rollup_config(0);
    auto bad_url = BatcherService::make(config, batcher_key(), quiet_logger());
    ASSERT_FALSE(bad_url);
    EXPECT_NE(bad_url.error().find("--l1"), std::string::npos);

    config.l1_url = "http://127.0.0.1:1";
    config.max_frame_size = 5;
    auto small_frames = BatcherService::make(config, batcher_key(), quiet_logger());
    ASSERT_FALSE(small_frames);
    EXPECT_NE(small_frames.error().find("max_frame_size"), std::string::npos);
}

TEST(BatcherServiceTest, DeadNodesAreRetriedStepErrorsAndStopIsPrompt) {
    BatcherServiceConfig config;
    config.l1_url = "http://127.0.0.1:1";
    config.l2_engine_url = "http://127.0.0.1:1";
    config.rollup_node_url = "http://127.0.0.1:1";
    config.rollup = rollup_config(0);
    config.poll_interval = 10ms;
    config.max_backoff = 40ms;
    auto service = BatcherService::make(config, batcher_key(), quiet_logger());
    ASSERT_TRUE(service) << service.error();
    auto step = (*service)->step();
    ASSERT_FALSE(step);
    EXPECT_NE(step.error().detail.find("SystemConfig"), std::string::npos) << step.error();
    EXPECT_EQ(step.error().severity, Severity::kTemporary) << "a dead node is retried";

    std::thread runner([s = service->get()] { EXPECT_TRUE(s->run()) << "stopped, not failed"; });
    while ((*service)->stats().step_errors < 3) std::this_thread::sleep_for(5ms);
    (*service)->stop();
    runner.join();
    EXPECT_GE((*service)->stats().step_errors, 3u);
}

TEST(BatcherServiceTest, VersionZeroPostsOnceCaughtUpAndRepostsAfterAnL2Reorg) {
    Fakes fakes;
    fakes.current_l1 = 3;  // behind the L1 head (4): the safe head is not trusted yet
    auto service = BatcherService::make(fakes.config(), batcher_key(), quiet_logger());
    ASSERT_TRUE(service) << service.error();
    auto step = (*service)->step();
    ASSERT_TRUE(step) << step.error();
    EXPECT_EQ(fakes.sent_count(), 0u);

    fakes.current_l1 = 4;
    step = (*service)->step();
    ASSERT_TRUE(step) << step.error();
    ASSERT_EQ(fakes.sent_count(), 1u);
    const DynamicFeeTx& tx = fakes.sent[0];
    EXPECT_EQ(tx.to, inbox());
    EXPECT_EQ(tx.gas_limit, 33'000u);  // the estimate plus 10%
    EXPECT_EQ((*service)->stats().txs_sent, 1u);

    // The calldata is one frame of a closed channel holding L2 block 1 as a span batch.
    auto frames = protocol::decode_tx_payload(tx.data);
    ASSERT_TRUE(frames);
    ASSERT_EQ(frames->size(), 1u);
    EXPECT_TRUE((*frames)[0].is_last);
    auto content = protocol::read_channel((*frames)[0].data, true, protocol::kMaxRlpBytesPerChannelFjord);
    ASSERT_TRUE(content);
    ASSERT_EQ(content->batches.size(), 1u);
    auto batch = protocol::decode_batch(content->batches[0]);
    ASSERT_TRUE(batch);
    ASSERT_TRUE(std::holds_alternative<protocol::SpanBatch>(*batch));
    const auto& span = std::get<protocol::SpanBatch>(*batch);
    EXPECT_EQ(span.block_count(), 1u);
    EXPECT_EQ(span.l1_origin_num, 4u);
    EXPECT_EQ(span.rel_timestamp, 2u);

    // Nothing more to post: the next step sends nothing new.
    step = (*service)->step();
    ASSERT_TRUE(step) << step.error();
    EXPECT_EQ(fakes.sent_count(), 1u);

    // The sequencer rebuilt block 1 (same number, another hash): the re-fed tip shows it, the
    // submitter resets to the safe head and the new block goes out in a new channel.
    {
        std::lock_guard lock(fakes.mutex);
        fakes.l2_block["hash"] = "0x" + std::string(63, '0') + "7";
    }
    step = (*service)->step();
    ASSERT_TRUE(step) << step.error();
    EXPECT_EQ((*service)->submitter().counters().l2_reorgs, 1u);
    step = (*service)->step();
    ASSERT_TRUE(step) << step.error();
    ASSERT_EQ(fakes.sent_count(), 2u);
    auto again = protocol::decode_tx_payload(fakes.sent[1].data);
    ASSERT_TRUE(again);
    EXPECT_NE((*again)[0].id, (*frames)[0].id);
}

TEST(BatcherServiceTest, WaitsForTxsOfAPreviousRunBeforePosting) {
    Fakes fakes;
    fakes.pending_nonce = 2;  // a killed run left two txs in the pool
    auto service = BatcherService::make(fakes.config(), batcher_key(), quiet_logger());
    ASSERT_TRUE(service) << service.error();
    ASSERT_TRUE((*service)->step());
    ASSERT_TRUE((*service)->step());
    EXPECT_EQ(fakes.sent_count(), 0u);
    EXPECT_EQ(fakes.node_calls("baton_syncStatus"), 0u);  // the safe head is not even read yet

    fakes.pending_nonce = 0;  // they landed (in this fake, "latest" stays 0: the nonce re-read)
    ASSERT_TRUE((*service)->step());
    ASSERT_EQ(fakes.sent_count(), 1u);
    EXPECT_EQ(fakes.sent[0].nonce, 0u);
}

// Leader election (v1) through the schedule's in-memory twin: SystemConfig names `batch_inbox`
// with batcherHash v1, and we lead the turns `windows` (start -> end) there.
std::shared_ptr<InMemoryLeaderSchedule> v1_schedule(const std::map<std::uint64_t, std::uint64_t>& windows,
                                                    const Address& batch_inbox = inbox()) {
    auto schedule = std::make_shared<InMemoryLeaderSchedule>();
    BatcherAuth auth;
    auth.version = BatcherHashVersion::kV1LeaderElection;
    auth.batcher_hash[0] = 0x01;
    auth.batch_inbox = batch_inbox;
    schedule->set_auth(auth);
    std::vector<InMemoryLeaderSchedule::Turn> turns;
    turns.reserve(windows.size());
    const Address me = address_from_private_key(batcher_key());
    for (const auto& [start, end] : windows) turns.push_back({start, end, me});
    schedule->set_turns(batch_inbox, std::move(turns), 8);
    return schedule;
}

TEST(BatcherServiceTest, BackToBackTurnsAreOneWindow) {
    // L1 head 4 is the last block of our turn [1, 5). Alone, that turn leaves no block to land in
    // before its end minus the margin; joined with our next turn [5, 9) it does.
    Fakes fakes;
    auto service = BatcherService::make(fakes.config(), batcher_key(), quiet_logger(),
                                        v1_schedule({{1, 5}, {5, 9}, {13, 17}}));
    ASSERT_TRUE(service) << service.error();
    auto step = (*service)->step();
    ASSERT_TRUE(step) << step.error();
    EXPECT_EQ(fakes.sent_count(), 1u);
}

TEST(BatcherServiceTest, ASoleLeadersWindowMovesAheadOfTheHeadAndNeverEnds) {
    // Our turns of 4 back to back, fixed 8 blocks ahead of the L1 head (nextWindow's end stops at
    // that horizon). As the head moves on, the window must keep reaching further: it used to end
    // every lookahead (a wasted block, and the channel in flight dropped, each time).
    Fakes fakes;
    std::atomic<std::uint64_t> head{4};
    std::map<std::uint64_t, std::uint64_t> turns;
    for (std::uint64_t s = 1; s < 200; s += 4) turns[s] = s + 4;
    auto schedule = v1_schedule(turns);
    const Json head_block = responses().at("block_hashes");
    fakes.l1.on("eth_blockNumber",
                [&head](const Json&) -> Result<Json, RpcError> { return rpc::encode_quantity(head.load()); });
    fakes.l1.on("eth_getBlockByNumber", [&head, head_block](const Json&) -> Result<Json, RpcError> {
        Json block = head_block;
        block["number"] = rpc::encode_quantity(head.load());
        return block;
    });
    auto service = BatcherService::make(fakes.config(), batcher_key(), quiet_logger(), schedule);
    ASSERT_TRUE(service) << service.error();
    for (; head < 40; ++head) {
        schedule->set_head(head.load());
        auto step = (*service)->step();
        ASSERT_TRUE(step) << "head " << head << ": " << step.error();
    }
    const BatcherServiceStats stats = (*service)->stats();
    EXPECT_EQ(stats.windows_ended, 0u);
    EXPECT_EQ(stats.wasted_blocks, 0u);
}

TEST(BatcherServiceTest, ATurnEndingNowIsNotStretchedOverAnotherLeadersTurn) {
    Fakes fakes;
    // blocks 5..7 belong to someone else
    auto service =
        BatcherService::make(fakes.config(), batcher_key(), quiet_logger(), v1_schedule({{1, 5}, {8, 12}}));
    ASSERT_TRUE(service) << service.error();
    auto step = (*service)->step();
    ASSERT_TRUE(step) << step.error();
    EXPECT_EQ(fakes.sent_count(), 0u);
}

// Another leader's turn [1, 5), then ours [5, 9): we are its first backup. With a ladder of
// G1 = 2 our rung opens at block 3, if the primary has posted nothing by then.
std::shared_ptr<InMemoryLeaderSchedule> backup_schedule() {
    auto schedule = v1_schedule({{5, 9}});
    Address primary{};
    primary[19] = 0x77;
    schedule->set_turns(inbox(), {{1, 5, primary}, {5, 9, address_from_private_key(batcher_key())}}, 8);
    schedule->set_ladder(inbox(), l1::LadderParameters{2, 1, 1, 2});
    return schedule;
}

// Steps the service at L1 heads first..last (inclusive); returns the head of the first send.
std::optional<std::uint64_t> step_heads(Fakes& fakes, BatcherService& service, std::uint64_t first,
                                        std::uint64_t last) {
    std::atomic<std::uint64_t> head{first};
    const Json head_block = responses().at("block_hashes");
    fakes.l1.on("eth_getBlockByNumber", [&head, head_block](const Json&) -> Result<Json, RpcError> {
        Json block = head_block;
        block["number"] = rpc::encode_quantity(head.load());
        return block;
    });
    fakes.l1.on("eth_blockNumber",
                [&head](const Json&) -> Result<Json, RpcError> { return rpc::encode_quantity(head.load()); });
    std::optional<std::uint64_t> first_send;
    for (; head <= last; ++head) {
        auto step = service.step();
        EXPECT_TRUE(step) << "head " << head << ": " << step.error();
        if (!first_send && fakes.sent_count() > 0) first_send = head.load();
    }
    fakes.l1.on_result("eth_getBlockByNumber", head_block);
    fakes.l1.on_result("eth_blockNumber", "0x4");
    return first_send;
}

TEST(BatcherServiceTest, ABackupPostsOnceItsRungOpensWhileThePrimaryIsSilent) {
    Fakes fakes;
    auto service = BatcherService::make(fakes.config(), batcher_key(), quiet_logger(), backup_schedule());
    ASSERT_TRUE(service) << service.error();
    // The channel (one L2 block) is full from head 1 on; the rung opens at block 3, so the first
    // tx is sent at head 2 (it lands in 3), and only one while it is in flight.
    EXPECT_EQ(step_heads(fakes, **service, 1, 3), 2u);
    EXPECT_EQ(fakes.sent_count(), 1u);
    const BatcherServiceStats stats = (*service)->stats();
    EXPECT_EQ(stats.backup_windows, 1u);
    EXPECT_EQ(stats.backup_txs_sent, 1u);
    EXPECT_EQ(stats.txs_sent, 1u);
}

TEST(BatcherServiceTest, ABackupStaysQuietWhenThePrimaryHasPosted) {
    Fakes fakes;
    auto schedule = backup_schedule();
    schedule->set_primary_posted(inbox(), 1, true);
    auto service = BatcherService::make(fakes.config(), batcher_key(), quiet_logger(), schedule);
    ASSERT_TRUE(service) << service.error();
    EXPECT_EQ(step_heads(fakes, **service, 1, 3), std::nullopt);
    EXPECT_EQ((*service)->stats().backup_windows, 0u);
}

TEST(BatcherServiceTest, ABackupGivesThePrimaryG1BlocksAfterTheChannelFills) {
    // The channel fills only at head 3 (the L2 block appears then): the rung is open from block 3,
    // but the primary gets until block 5 to post it, and block 5 is no longer its window.
    Fakes fakes;
    fakes.current_l1 = 0;
    fakes.rollup_node.on("baton_syncStatus", [&fakes](const Json&) -> Result<Json, RpcError> {
        std::lock_guard lock(fakes.mutex);
        SyncStatus status;
        status.safe_l2.hash = *rpc::decode_b256(fakes.l2_block["parentHash"]);
        status.unsafe_l2.number = fakes.current_l1 >= 3 ? 1 : 0;
        status.unsafe_l2.hash =
            fakes.current_l1 >= 3 ? *rpc::decode_b256(fakes.l2_block["hash"]) : status.safe_l2.hash;
        return encode_sync_status_json(status);
    });
    auto service = BatcherService::make(fakes.config(), batcher_key(), quiet_logger(), backup_schedule());
    ASSERT_TRUE(service) << service.error();
    for (std::uint64_t h = 1; h <= 3; ++h) {
        fakes.current_l1 = h;
        EXPECT_EQ(step_heads(fakes, **service, h, h), std::nullopt) << "head " << h;
    }
    EXPECT_EQ((*service)->stats().backup_windows, 0u);
}

TEST(BatcherServiceTest, ADeadScheduleIsAStepErrorAndNothingIsSent) {
    Fakes fakes;
    auto schedule = v1_schedule({{1, 9}});
    schedule->set_unreachable(true);
    auto service = BatcherService::make(fakes.config(), batcher_key(), quiet_logger(), schedule);
    ASSERT_TRUE(service) << service.error();
    auto step = (*service)->step();
    ASSERT_FALSE(step);
    EXPECT_NE(step.error().detail.find("SystemConfig"), std::string::npos) << step.error();
    EXPECT_EQ(step.error().severity, Severity::kTemporary);
    EXPECT_EQ(fakes.sent_count(), 0u);
    schedule->set_unreachable(false);
    step = (*service)->step();
    ASSERT_TRUE(step) << step.error();
    EXPECT_EQ(fakes.sent_count(), 1u);
}

// A setting that can never work is critical: run() ends at once instead of retrying with backoff
// (it used to retry a fatal error forever), and nothing is sent.
TEST(BatcherServiceTest, ACriticalErrorEndsRunInsteadOfRetrying) {
    Fakes fakes;
    BatcherServiceConfig config = fakes.config();
    config.tx.bump_percent = 5;  // TxManager refuses bumps below 10%
    auto service = BatcherService::make(config, batcher_key(), quiet_logger(), v1_schedule({{1, 9}}));
    ASSERT_TRUE(service) << service.error();
    auto ended = (*service)->run();  // returns by itself: no stop() needed
    ASSERT_FALSE(ended);
    EXPECT_EQ(ended.error().severity, Severity::kCritical) << ended.error();
    EXPECT_NE(ended.error().detail.find("tx manager"), std::string::npos) << ended.error();
    EXPECT_EQ((*service)->stats().steps, 1u);
    EXPECT_EQ(fakes.sent_count(), 0u);
}

// Governance moves the batch inbox: from the next L1 block on, the batcher asks the new inbox's
// schedule (and posts there), without a restart.
TEST(BatcherServiceTest, FollowsAnInboxChangeWithoutARestart) {
    Fakes fakes;
    auto schedule = v1_schedule({{1, 9}});
    auto service = BatcherService::make(fakes.config(), batcher_key(), quiet_logger(), schedule);
    ASSERT_TRUE(service) << service.error();
    ASSERT_TRUE((*service)->step());
    ASSERT_EQ(fakes.sent_count(), 1u);
    EXPECT_EQ(fakes.sent[0].to, inbox());

    Address moved = inbox();
    moved[19] = 0x43;
    const auto moved_schedule = v1_schedule({{1, 9}}, moved);
    BatcherAuth auth = *moved_schedule->read_auth(Address{});
    schedule->set_auth(auth);
    schedule->set_turns(moved, {{1, 9, address_from_private_key(batcher_key())}}, 8);
    ASSERT_TRUE((*service)->step());  // same L1 head: SystemConfig is not read again
    EXPECT_EQ(schedule->reads_of(moved), 0u);

    Json next_head = responses().at("block_hashes");
    next_head["number"] = "0x5";
    fakes.l1.on_result("eth_getBlockByNumber", next_head);
    auto step = (*service)->step();
    ASSERT_TRUE(step) << step.error();
    EXPECT_GE(schedule->reads_of(moved), 1u);  // nextWindow on the new inbox
}

}  // namespace
}  // namespace baton::batcher_service
