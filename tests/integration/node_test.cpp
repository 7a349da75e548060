// SPDX-License-Identifier: MIT
// The rollup node end to end: a real L1 anvil (one block a second) with the contracts deployed by
// l1::deploy (v1 leader election, one leader), two OP-mode L2 anvils with prepare_l2_genesis, and
// two in-process NodeServices, a sequencer and a verifier. No batcher exists in this test's world:
// the test posts the sequencer's blocks itself, four blocks per channel (rollup.json's
// l2_blocks_per_channel) as one brotli span batch, framed into calldata txs from the leader to the
// inbox. Along the way it sends L2 transfers and a contract deployment to the sequencer, an L1
// deposit through the portal, restarts the verifier, and stops the L1 anvil for a few seconds.
// The verifier must end with the sequencer's chain: for every safe block equal txn hashes, state
// roots and block hashes.

#include <tests/support/anvil.hpp>
#include <tests/support/wait.hpp>

#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/core/transaction.hpp>
#include <baton/l1/artifact.hpp>
#include <baton/l1/deploy.hpp>
#include <baton/l1/sync_status.hpp>
#include <baton/node/anvil_engine.hpp>
#include <baton/node/l2_genesis.hpp>
#include <baton/node/node_service.hpp>
#include <baton/node/rollup_config_json.hpp>
#include <baton/process/logging.hpp>
#include <baton/protocol/batch.hpp>
#include <baton/protocol/channel_out.hpp>
#include <baton/protocol/span_batch.hpp>
#include <baton/protocol/tx_payload.hpp>
#include <baton/rpc/client.hpp>
#include <baton/rpc/server.hpp>

#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/sinks/ostream_sink.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace baton::node {
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
using l1::load_artifact;
using l1::SyncStatus;
using process::LogFormat;
using process::make_logger;
using Json = nlohmann::json;
using namespace std::chrono_literals;

constexpr std::uint64_t kL2ChainId = 901;
constexpr std::uint64_t kGwei = 1'000'000'000;
constexpr std::size_t kLeader = 1;     // dev account that posts batches
constexpr std::size_t kDepositor = 3;  // dev account that deposits on L1
constexpr std::size_t kUserA = 5;      // L2 senders
constexpr std::size_t kUserB = 6;
constexpr std::uint64_t kTarget = 34;  // safe blocks both nodes must reach

std::filesystem::path temp_dir() {
    auto dir = std::filesystem::temp_directory_path() /
               ("baton_node_test_" + std::to_string(::getpid()) + "_" + std::to_string(std::rand()));
    std::filesystem::create_directories(dir);
    return dir;
}

// A logger whose lines the test can read (and prints them on failure).
struct CapturedLog {
    std::ostringstream out;
    std::shared_ptr<spdlog::logger> logger;
    explicit CapturedLog(const std::string& name) {
        logger = make_logger(name, LogFormat::kLogfmt, spdlog::level::info,
                             std::make_shared<spdlog::sinks::ostream_sink_mt>(out, true));
    }
    std::string text() {
        logger->flush();
        return out.str();
    }
};

// A NodeService running on its own thread.
class RunningNode {
public:
    RunningNode(NodeServiceConfig config, std::shared_ptr<spdlog::logger> logger) {
        auto made = NodeService::make(std::move(config), std::move(logger));
        if (!made) {
            error = made.error().message;
            return;
        }
        service = std::move(*made);
        thread = std::thread([this] { exit_code = service->run(stop); });
    }
    ~RunningNode() { shutdown(); }
    int shutdown() {
        stop = true;
        if (thread.joinable()) thread.join();
        return exit_code;
    }

    std::string error;
    std::unique_ptr<NodeService> service;
    std::atomic<bool> stop{false};
    std::atomic<int> exit_code{-1};
    std::thread thread;
};

// `baton node` as a child process with stdout and stderr in `log_path`; killed by its destructor
// if the test did not stop it.
class ChildNode {
public:
    ChildNode(const std::vector<std::string>& args, const std::filesystem::path& log_path) : log_(log_path) {
        std::vector<std::string> argv_s = {BATON_BINARY, "node"};
        argv_s.insert(argv_s.end(), args.begin(), args.end());
        std::vector<char*> argv;
        argv.reserve(argv_s.size() + 1);
        for (auto& a : argv_s) argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
        posix_spawn_file_actions_destroy(&actions);
    }
    ~ChildNode() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    bool started() const { return pid_ > 0; }
    std::string log() const {
        std::ifstream in(log_);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
    // The RPC port from the "node started" line, once it is there.
    std::optional<int> wait_rpc_port(std::chrono::seconds timeout) const {
        const auto until = std::chrono::steady_clock::now() + timeout;
        const std::regex started(R"(msg="node started".* rpc=http://127\.0\.0\.1:([0-9]+))");
        while (std::chrono::steady_clock::now() < until) {
            std::smatch m;
            const std::string text = log();
            if (std::regex_search(text, m, started)) return std::stoi(m[1].str());
            std::this_thread::sleep_for(100ms);
        }
        return std::nullopt;
    }
    // SIGTERM, then the exit status (-1 if it did not exit within `timeout`).
    int terminate(std::chrono::seconds timeout) {
        ::kill(pid_, SIGTERM);
        const auto until = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < until) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            std::this_thread::sleep_for(50ms);
        }
        return -1;
    }

private:
    std::filesystem::path log_;
    pid_t pid_ = -1;
};

class NodeTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = temp_dir();
        // L1: one block a second from the start (kept across the fixture's restart).
        auto l1 = Anvil::start({.args = {"--block-time", "1"}});
        ASSERT_TRUE(l1) << l1.error();
        l1_ = std::make_unique<Anvil>(std::move(*l1));
        auto client = rpc::Client::make(
            l1_->url(),
            rpc::ClientOptions{.connect_timeout = 1000ms, .read_timeout = 5000ms, .write_timeout = 2000ms});
        ASSERT_TRUE(client);
        l1_client_ = std::make_unique<rpc::Client>(std::move(*client));

        DeploySpec spec;
        spec.leaders = {dev_address(kLeader)};
        spec.turn_length = 4;
        spec.lookahead = 8;
        spec.start_block = 0;
        spec.batcher_hash_mode = BatcherHashMode::kV1LeaderElection;
        auto deployment = deploy(*l1_client_, dev_key(0), spec);
        ASSERT_TRUE(deployment) << to_string(deployment.error());
        deployment_ = *deployment;
        auto l1_genesis =
            l1_client_->eth_get_block_by_number(rpc::BlockTag::at(deployment_.deployed_at_block), false);
        ASSERT_TRUE(l1_genesis && *l1_genesis);
        const auto& header = (*l1_genesis)->header;
        auto l1_chain_id = l1_client_->eth_chain_id();
        ASSERT_TRUE(l1_chain_id);

        const std::vector<std::string> l2_args = anvil_engine_args(header.timestamp, kL2ChainId);
        auto seq_anvil = Anvil::start({.args = l2_args});
        ASSERT_TRUE(seq_anvil) << seq_anvil.error();
        seq_anvil_ = std::make_unique<Anvil>(std::move(*seq_anvil));
        auto ver_anvil = Anvil::start({.args = l2_args});
        ASSERT_TRUE(ver_anvil) << ver_anvil.error();
        ver_anvil_ = std::make_unique<Anvil>(std::move(*ver_anvil));
        auto l1_block = load_artifact(default_artifacts_dir(), "L1Block");
        ASSERT_TRUE(l1_block) << to_string(l1_block.error());
        std::optional<L2Genesis> genesis;
        for (const Anvil* a : {seq_anvil_.get(), ver_anvil_.get()}) {
            auto c = rpc::Client::make(a->url());
            ASSERT_TRUE(c);
            auto g = prepare_l2_genesis(*c, l1_block->runtime_code, header.timestamp);
            ASSERT_TRUE(g) << to_string(g.error());
            if (genesis) {
                ASSERT_EQ(g->block, genesis->block);
            }
            genesis = *g;
        }

        auto& cfg = rollup_;
        cfg.genesis.l1 = protocol::BlockId{header.hash, header.number};
        cfg.genesis.l2 = genesis->block;
        cfg.genesis.l2_time = genesis->l2_time;
        cfg.genesis.system_config.batcher_hash = deployment_.batcher_hash;
        cfg.genesis.system_config.scalar[0] = 0x01;
        cfg.genesis.system_config.gas_limit = 30'000'000;
        cfg.block_time = 1;
        cfg.max_sequencer_drift = 600;
        cfg.seq_window_size = 200;
        cfg.channel_timeout = 50;
        cfg.l1_chain_id = *l1_chain_id;
        cfg.l2_chain_id = kL2ChainId;
        cfg.activate_forks_through_isthmus();
        cfg.l2_blocks_per_channel = 4;
        cfg.batch_inbox_address = deployment_.batch_inbox;
        cfg.deposit_contract_address = deployment_.deposit_portal.address;
        cfg.l1_system_config_address = deployment_.system_config.address;
        cfg.chain_op_config = protocol::ChainOpConfig{6, 50, 250};
        next_to_post_ = cfg.genesis.l2.number + 1;
        rollup_path_ = dir_ / "rollup.json";
        std::ofstream(rollup_path_) << encode_rollup_config_json(rollup_).dump(2) << "\n";
        auto checked = load_rollup_config_json(encode_rollup_config_json(rollup_).dump());
        ASSERT_TRUE(checked) << checked.error().message;

        auto seq_client = rpc::Client::make(seq_anvil_->url());
        auto ver_client = rpc::Client::make(ver_anvil_->url());
        ASSERT_TRUE(seq_client && ver_client);
        seq_engine_ = std::make_unique<AnvilEngine>(std::move(*seq_client));
        ver_engine_ = std::make_unique<AnvilEngine>(std::move(*ver_client));
        auto seq_raw = rpc::Client::make(seq_anvil_->url());
        auto ver_raw = rpc::Client::make(ver_anvil_->url());
        ASSERT_TRUE(seq_raw && ver_raw);
        seq_l2_ = std::make_unique<rpc::Client>(std::move(*seq_raw));
        ver_l2_ = std::make_unique<rpc::Client>(std::move(*ver_raw));
    }

    void TearDown() override {
        std::error_code ec;
        if (!HasFailure()) std::filesystem::remove_all(dir_, ec);
    }

    NodeServiceConfig config(DriverMode mode, const Anvil& engine) const {
        NodeServiceConfig c;
        c.mode = mode;
        c.l1_url = l1_->url();
        c.l2_engine_url = engine.url();
        c.rollup = rollup_;
        c.rpc_port = 0;
        c.metrics_port = 0;
        c.poll_interval = 100ms;
        c.max_backoff = 1000ms;
        return c;
    }

    // ---- the test's batcher ----
    // Posts every complete group of l2_blocks_per_channel unsafe blocks of the sequencer. Returns
    // false when L1 or the sequencer's engine did not answer (the caller retries later).
    bool post_ready(std::uint64_t unsafe_head) {
        const std::uint64_t n = rollup_.l2_blocks_per_channel;
        while (next_to_post_ + n - 1 <= unsafe_head) {
            std::vector<protocol::SingularBatch> batches;
            bool first_starts_epoch = false;
            for (std::uint64_t i = next_to_post_; i < next_to_post_ + n; ++i) {
                auto block = seq_engine_->block_by_number(i);
                auto txns = seq_engine_->transactions_by_number(i);
                if (!block || !*block || !txns || !*txns) return false;
                if (i == next_to_post_) first_starts_epoch = (**block).ref.sequence_number == 0;
                protocol::SingularBatch b;
                b.parent_hash = (**block).ref.parent_hash;
                b.epoch_num = (**block).ref.l1_origin.number;
                b.epoch_hash = (**block).ref.l1_origin.hash;
                b.timestamp = (**block).ref.timestamp;
                for (auto& t : **txns)
                    if (!t.empty() && t[0] != 0x7e) b.transactions.push_back(t);
                batches.push_back(std::move(b));
            }
            auto span = protocol::make_span_batch(
                batches, protocol::SpanBatchParams{rollup_.genesis.l2_time, rollup_.block_time, kL2ChainId},
                first_starts_epoch);
            EXPECT_TRUE(span);
            if (!span) return false;
            protocol::ChannelId id{};
            id[0] = 0xba;
            id[8] = static_cast<std::uint8_t>(next_to_post_ >> 8);
            id[9] = static_cast<std::uint8_t>(next_to_post_);
            protocol::ChannelOut out(id, protocol::CompressionAlgo::kBrotli);
            EXPECT_TRUE(out.add_batch(protocol::encode_batch(protocol::Batch{*span})));
            EXPECT_TRUE(out.close());
            auto frames = out.frames(100'000);
            EXPECT_TRUE(frames);
            if (!frames) return false;
            for (const auto& f : *frames) {
                if (!send_l1(protocol::encode_tx_payload(std::vector<protocol::Frame>{f}))) return false;
            }
            ++channels_posted_;
            next_to_post_ += n;
        }
        return true;
    }

    bool send_l1(const Bytes& calldata) {
        auto nonce = l1_client_->eth_get_transaction_count(dev_address(kLeader), rpc::BlockTag::pending());
        if (!nonce) return false;
        DynamicFeeTx tx;
        tx.chain_id = rollup_.l1_chain_id;
        tx.nonce = *nonce;
        tx.max_priority_fee_per_gas = U256(kGwei);
        tx.max_fee_per_gas = U256(100 * kGwei);
        tx.gas_limit = 1'000'000;
        tx.to = deployment_.batch_inbox;
        tx.data = calldata;
        Transaction t{std::move(tx)};
        if (!sign(t, dev_key(kLeader))) return false;
        auto hash = l1_client_->eth_send_raw_transaction(encode_transaction(t));
        if (!hash) return false;
        auto receipt = baton::testing::wait_for_receipt(*l1_client_, *hash, 10s);
        if (!receipt) return false;
        EXPECT_TRUE(receipt->succeeded()) << "batcher tx reverted: not the leader?";
        return receipt->succeeded();
    }

    // ---- L2 users ----
    std::optional<B256> send_l2(std::size_t user, std::optional<Address> to, Bytes data, std::uint64_t gas) {
        DynamicFeeTx tx;
        tx.chain_id = kL2ChainId;
        // The nonce is used only once the node took the txn: a refused send must not leave a gap.
        tx.nonce = l2_nonces_[user];
        tx.max_priority_fee_per_gas = U256(1000);
        tx.max_fee_per_gas = U256(100 * kGwei);
        tx.gas_limit = gas;
        tx.to = to;
        tx.value = to ? U256(12345) : U256(0);
        tx.data = std::move(data);
        Transaction t{std::move(tx)};
        if (!sign(t, dev_key(user))) return std::nullopt;
        // Users send to the sequencer node, as they would on a real chain: it never refuses a valid
        // txn because a block is being built (the engine's own port does, under its pool gate).
        auto hash = seq_node_->eth_send_raw_transaction(encode_transaction(t));
        EXPECT_TRUE(hash) << rpc::to_string(hash.error());
        if (!hash) return std::nullopt;
        ++l2_nonces_[user];
        return *hash;
    }

    std::filesystem::path dir_;
    std::unique_ptr<Anvil> l1_, seq_anvil_, ver_anvil_;
    std::unique_ptr<rpc::Client> l1_client_, seq_l2_, ver_l2_;
    std::unique_ptr<rpc::Client> seq_node_;  // the sequencer node's own RPC
    std::unique_ptr<AnvilEngine> seq_engine_, ver_engine_;
    Deployment deployment_;
    protocol::RollupConfig rollup_;
    std::filesystem::path rollup_path_;
    std::uint64_t next_to_post_ = 1;
    int channels_posted_ = 0;
    std::map<std::size_t, std::uint64_t> l2_nonces_;
};

TEST_F(NodeTest, VerifierDerivesSequencerChainThroughRestartAndL1Outage) {
    CapturedLog seq_log("sequencer");
    CapturedLog ver_log("verifier");
    auto seq = std::make_unique<RunningNode>(config(DriverMode::kSequencer, *seq_anvil_), seq_log.logger);
    ASSERT_TRUE(seq->service) << seq->error;
    {
        auto node_client = rpc::Client::make("http://127.0.0.1:" + std::to_string(seq->service->rpc_port()));
        ASSERT_TRUE(node_client);
        seq_node_ = std::make_unique<rpc::Client>(std::move(*node_client));
    }
    NodeServiceConfig ver_config = config(DriverMode::kVerifier, *ver_anvil_);
    ver_config.data_dir = dir_ / "verifier-data";
    auto ver = std::make_unique<RunningNode>(ver_config, ver_log.logger);
    ASSERT_TRUE(ver->service) << ver->error;

    // A user deposit on L1: plain ETH to the portal is deposited to the sender's L2 address.
    {
        auto nonce = l1_client_->eth_get_transaction_count(dev_address(kDepositor), rpc::BlockTag::pending());
        ASSERT_TRUE(nonce);
        DynamicFeeTx tx;
        tx.chain_id = rollup_.l1_chain_id;
        tx.nonce = *nonce;
        tx.max_priority_fee_per_gas = U256(kGwei);
        tx.max_fee_per_gas = U256(100 * kGwei);
        tx.gas_limit = 500'000;
        tx.to = deployment_.deposit_portal.address;
        tx.value = U256(kGwei) * U256(kGwei);  // 1 ETH
        Transaction t{std::move(tx)};
        ASSERT_TRUE(sign(t, dev_key(kDepositor)));
        auto hash = l1_client_->eth_send_raw_transaction(encode_transaction(t));
        ASSERT_TRUE(hash) << rpc::to_string(hash.error());
        auto receipt = baton::testing::wait_for_receipt(*l1_client_, *hash, 10s);
        ASSERT_TRUE(receipt) << receipt.error();
        ASSERT_TRUE(receipt->succeeded());
    }
    for (std::size_t user : {kUserA, kUserB}) {
        auto n = seq_l2_->eth_get_transaction_count(dev_address(user), rpc::BlockTag::pending());
        ASSERT_TRUE(n);
        l2_nonces_[user] = *n;
    }

    bool restarted = false;
    bool outage_done = false;
    std::uint64_t unsafe_before_restart = 0;
    std::optional<B256> create_txn;
    std::vector<B256> transfers;
    std::uint64_t last_sent_at = 0;
    const auto deadline = std::chrono::steady_clock::now() + 100s;
    while (std::chrono::steady_clock::now() < deadline) {
        ASSERT_EQ(seq->exit_code.load(), -1) << "sequencer stopped\n" << seq_log.text();
        ASSERT_EQ(ver->exit_code.load(), -1) << "verifier stopped\n" << ver_log.text();
        const SyncStatus s = seq->service->sync_status();
        const SyncStatus v = ver->service->sync_status();
        // One transfer per new unsafe block (two users alternating) and one contract deployment.
        if (s.unsafe_l2.number > last_sent_at && transfers.size() < 40) {
            last_sent_at = s.unsafe_l2.number;
            auto h = send_l2(transfers.size() % 2 ? kUserB : kUserA, dev_address(8), {}, 21'000);
            if (h) transfers.push_back(*h);
            if (transfers.size() == 6) {
                // Init code returning a 10-byte runtime that returns 42.
                create_txn = send_l2(kUserA, std::nullopt,
                                     *decode_hex("0x600a600c600039600a6000f3602a60005260206000f3"), 100'000);
            }
        }
        if (l1_->is_running()) post_ready(s.unsafe_l2.number);

        if (!restarted && v.safe_l2.number >= 12) {
            // Restart the verifier: it must resume from its engine's head.
            ASSERT_EQ(ver->shutdown(), 0);
            unsafe_before_restart = ver->service->sync_status().unsafe_l2.number;
            ver.reset();
            ver = std::make_unique<RunningNode>(ver_config, ver_log.logger);
            ASSERT_TRUE(ver->service) << ver->error;
            EXPECT_GE(ver->service->sync_status().unsafe_l2.number, unsafe_before_restart);
            EXPECT_GE(ver->service->sync_status().safe_l2.number, 12u);
            restarted = true;
        } else if (restarted && !outage_done && v.safe_l2.number >= 20) {
            // An L1 outage: stop the L1 anvil (state kept) for a few seconds.
            l1_->stop();
            std::this_thread::sleep_for(4s);
            auto r = l1_->restart();
            ASSERT_TRUE(r) << r.error();
            outage_done = true;
        } else if (outage_done && v.safe_l2.number >= kTarget && s.safe_l2.number >= kTarget) {
            break;
        }
        std::this_thread::sleep_for(200ms);
    }
    const SyncStatus s = seq->service->sync_status();
    const SyncStatus v = ver->service->sync_status();
    ASSERT_TRUE(outage_done) << "seq safe " << s.safe_l2.number << ", ver safe " << v.safe_l2.number << "\n"
                             << ver_log.text();
    ASSERT_GE(v.safe_l2.number, kTarget) << ver_log.text();
    ASSERT_GE(s.safe_l2.number, kTarget) << seq_log.text();

    // RPC: sync status and output roots over the wire, equal on both nodes.
    auto seq_rpc = rpc::Client::make("http://127.0.0.1:" + std::to_string(seq->service->rpc_port()));
    auto ver_rpc = rpc::Client::make("http://127.0.0.1:" + std::to_string(ver->service->rpc_port()));
    ASSERT_TRUE(seq_rpc && ver_rpc);
    auto status_json = seq_rpc->call("baton_syncStatus");
    ASSERT_TRUE(status_json) << rpc::to_string(status_json.error());
    auto status = decode_sync_status_json(*status_json);
    ASSERT_TRUE(status) << status.error().message;
    EXPECT_GE(status->safe_l2.number, kTarget);
    EXPECT_GE(status->unsafe_l2.number, status->safe_l2.number);
    EXPECT_GT(status->head_l1.number, 0u);
    auto rollup_json = ver_rpc->call("baton_rollupConfig");
    ASSERT_TRUE(rollup_json);
    auto rollup_back = decode_rollup_config_json(*rollup_json);
    ASSERT_TRUE(rollup_back);
    EXPECT_EQ(*rollup_back, rollup_);
    auto out_seq = seq_rpc->call("baton_outputAtBlock", Json::array({20}));
    auto out_ver = ver_rpc->call("baton_outputAtBlock", Json::array({"0x14"}));
    ASSERT_TRUE(out_seq && out_ver);
    ASSERT_TRUE((*out_seq)["outputRoot"].is_string()) << out_seq->dump();
    EXPECT_EQ((*out_seq)["outputRoot"], (*out_ver)["outputRoot"]);
    {
        auto block = seq_engine_->block_by_number(20);
        ASSERT_TRUE(block && *block);
        auto storage = decode_hex_fixed<32>((*out_seq)["withdrawalStorageRoot"].get<std::string>());
        ASSERT_TRUE(storage);
        EXPECT_EQ((*out_seq)["outputRoot"],
                  to_hex(output_root_v0((**block).state_root, *storage, (**block).ref.hash)));
        EXPECT_EQ((*out_seq)["blockRef"]["number"], 20);
    }
    auto too_high = seq_rpc->call("baton_outputAtBlock", Json::array({1'000'000}));
    ASSERT_FALSE(too_high);
    EXPECT_EQ(too_high.error().code, rpc::kInvalidParams);
    // Below the L2 genesis (#1 here: block 0 is anvil's own) is the caller's mistake too, not a
    // broken invariant of the node.
    auto below_genesis = seq_rpc->call("baton_outputAtBlock", Json::array({0}));
    ASSERT_FALSE(below_genesis);
    EXPECT_EQ(below_genesis.error().code, rpc::kInvalidParams) << rpc::to_string(below_genesis.error());
    // A verifier takes no user txns; the sequencer refuses garbage and deposits before its engine.
    auto at_verifier = ver_rpc->call("eth_sendRawTransaction", Json::array({"0x02"}));
    ASSERT_FALSE(at_verifier);
    EXPECT_NE(at_verifier.error().message.find("verifier"), std::string::npos);
    auto garbage = seq_rpc->call("eth_sendRawTransaction", Json::array({"0x02c0ffee"}));
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error().code, rpc::kInvalidParams);

    // Metrics over HTTP.
    {
        httplib::Client http("127.0.0.1", seq->service->metrics_port());
        auto res = http.Get("/metrics");
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 200);
        EXPECT_NE(res->body.find("baton_node_head{head=\"safe_l2\"}"), std::string::npos) << res->body;
        EXPECT_NE(res->body.find("baton_node_derivation_drops_total"), std::string::npos);
    }
    const std::string seq_metrics = seq->service->metrics_text();
    const std::string ver_metrics = ver->service->metrics_text();

    EXPECT_EQ(seq->shutdown(), 0);
    EXPECT_EQ(ver->shutdown(), 0);

    // The outage was logged and backed off, then both went on.
    const std::string seq_text = seq_log.text();
    const std::string ver_text = ver_log.text();
    EXPECT_NE(seq_text.find("temporary error; backing off"), std::string::npos) << seq_text;
    EXPECT_NE(ver_text.find("temporary error; backing off"), std::string::npos) << ver_text;
    EXPECT_NE(seq_text.find("msg=\"recovered\""), std::string::npos);
    EXPECT_NE(ver_text.find("msg=\"recovered\""), std::string::npos);
    EXPECT_NE(seq_metrics.find("baton_node_temporary_errors_total{source=\"L1\"}"), std::string::npos)
        << seq_metrics;
    // The sequencer never had to replace its own blocks.
    EXPECT_NE(seq_metrics.find("baton_node_unsafe_reorgs_total 0"), std::string::npos) << seq_metrics;
    EXPECT_TRUE(std::filesystem::exists(dir_ / "verifier-data" / "heads.json"));

    // Block by block: equal txn hashes, state roots and hashes over the whole safe chain.
    const std::uint64_t last = std::min(s.safe_l2.number, v.safe_l2.number);
    bool saw_user_deposit = false;
    std::size_t user_txns = 0;
    std::set<B256> included;
    for (std::uint64_t n = rollup_.genesis.l2.number + 1; n <= last; ++n) {
        auto a = seq_engine_->block_by_number(n);
        auto b = ver_engine_->block_by_number(n);
        ASSERT_TRUE(a && *a && b && *b) << n;
        EXPECT_EQ((**a).txn_hashes, (**b).txn_hashes) << "L2 block " << n;
        EXPECT_EQ((**a).state_root, (**b).state_root) << "L2 block " << n;
        EXPECT_EQ((**a).ref, (**b).ref) << "L2 block " << n;
        auto txns = seq_engine_->transactions_by_number(n);
        ASSERT_TRUE(txns && *txns);
        if ((*txns)->size() >= 2 && (**txns)[1][0] == 0x7e) saw_user_deposit = true;
        for (const auto& t : **txns)
            if (t[0] != 0x7e) ++user_txns;
        included.insert((**a).txn_hashes.begin(), (**a).txn_hashes.end());
    }
    EXPECT_TRUE(saw_user_deposit) << "the L1 deposit did not reach the safe chain";
    EXPECT_GE(user_txns, 10u);
    ASSERT_TRUE(create_txn);
    if (included.contains(*create_txn)) {
        auto receipt = ver_l2_->eth_get_transaction_receipt(*create_txn);
        ASSERT_TRUE(receipt && *receipt);
        ASSERT_TRUE((**receipt).contract_address);
        auto code = ver_l2_->eth_get_code(*(**receipt).contract_address);
        ASSERT_TRUE(code);
        EXPECT_EQ(to_hex(*code), "0x602a60005260206000f3");
    } else {
        ADD_FAILURE() << "the contract deployment is not in the first " << last << " safe blocks";
    }
    // The CLI: `baton node` as a child process over the verifier's engine and data dir resumes
    // from the persisted heads, serves baton_syncStatus, and stops cleanly on SIGTERM.
    {
        ChildNode child({"--mode", "verifier", "--l1", l1_->url(), "--l2-engine", ver_anvil_->url(),
                         "--rollup-config", rollup_path_.string(), "--rpc-port", "0", "--metrics-port", "0",
                         "--data-dir", (dir_ / "verifier-data").string()},
                        dir_ / "child-verifier.log");
        ASSERT_TRUE(child.started());
        const auto port = child.wait_rpc_port(30s);
        ASSERT_TRUE(port) << child.log();
        auto client = rpc::Client::make("http://127.0.0.1:" + std::to_string(*port));
        ASSERT_TRUE(client);
        auto status_doc = client->call("baton_syncStatus");
        ASSERT_TRUE(status_doc) << rpc::to_string(status_doc.error());
        auto child_status = decode_sync_status_json(*status_doc);
        ASSERT_TRUE(child_status);
        EXPECT_GE(child_status->safe_l2.number, v.safe_l2.number) << child.log();
        EXPECT_EQ(child.terminate(10s), 0) << child.log();
        EXPECT_NE(child.log().find("msg=\"node stopped\""), std::string::npos) << child.log();
    }

    std::cout << "safe blocks compared: " << last << ", user txns: " << user_txns
              << ", channels posted: " << channels_posted_ << "\n";
}

}  // namespace
}  // namespace baton::node
