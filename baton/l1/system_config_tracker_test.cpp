// SPDX-License-Identifier: MIT
// SystemConfigTracker over a scripted node: a chain of headers with ConfigUpdate logs at chosen
// blocks, served by eth_getBlockByNumber and eth_getLogs (which honours the asked range).
#include <baton/l1/system_config_tracker.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/derive/test_util/recording.hpp>
#include <baton/derive/test_util/test_rollup.hpp>
#include <baton/rpc/json_codec.hpp>
#include <baton/rpc/test_util/fake_node.hpp>

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace baton::l1 {
namespace {

using derive::DropReason;
using derive::L1BlockRef;
using derive::Reason;
using derive::Severity;
using nlohmann::json;
using protocol::ConfigUpdateType;
using rpc::test_util::FakeNode;

std::string hex(ByteView b) {
    return to_hex(b);
}
std::string hex(const B256& h) {
    return to_hex(ByteView(h.data(), h.size()));
}

constexpr std::uint64_t kGenesisTime = 1'000'000;
constexpr std::uint64_t kGenesisNumber = 1;

B256 word(std::uint64_t v) {
    B256 w{};
    for (int i = 0; i < 8; ++i) w[31 - static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (8 * i));
    return w;
}

// A ConfigUpdate log's data: abi.encode(bytes payload).
Bytes update_data(const Bytes& payload) {
    const abi::Type types[] = {abi::bytes_type()};
    const abi::Value values[] = {abi::Value(payload)};
    return abi::encode(types, values).value();
}

struct ScriptedLog {
    ConfigUpdateType type;
    Bytes payload;
};

// Blocks 0..head with hashes keccak(salt ‖ n); logs by block number.
class ScriptedL1 {
public:
    explicit ScriptedL1(Address system_config) : system_config_(system_config) {
        node_.on("eth_getBlockByNumber", [this](const json& params) -> Result<json, rpc::RpcError> {
            std::lock_guard lock(mutex_);
            const auto n = rpc::decode_u64(params.at(0));
            if (!n || *n > head_) return json(nullptr);
            return header_json(*n);
        });
        node_.on("eth_getLogs", [this](const json& params) -> Result<json, rpc::RpcError> {
            std::lock_guard lock(mutex_);
            const json& f = params.at(0);
            const auto from = rpc::decode_u64(f.at("fromBlock")).value();
            const auto to = rpc::decode_u64(f.at("toBlock")).value();
            ranges_.push_back({from, to});
            json out = json::array();
            for (const auto& [number, entries] : logs_) {
                if (number < from || number > to || number > head_) continue;
                std::uint64_t index = 0;
                for (const auto& e : entries) {
                    out.push_back(
                        json{{"address", to_hex(ByteView(system_config_.data(), 20))},
                             {"topics", json::array({hex(protocol::kConfigUpdateTopic), hex(word(0)),
                                                     hex(word(static_cast<std::uint64_t>(e.type)))})},
                             {"data", hex(update_data(e.payload))},
                             {"blockNumber", rpc::encode_quantity(number)},
                             {"blockHash", hex(hash(number))},
                             {"transactionHash", hex(keccak256(e.payload))},
                             {"transactionIndex", rpc::encode_quantity(index)},
                             {"logIndex", rpc::encode_quantity(index)},
                             {"removed", false}});
                    ++index;
                }
            }
            return out;
        });
    }

    std::string url() const { return node_.url(); }
    B256 hash(std::uint64_t n) const {
        const std::string text = salt_ + std::to_string(n);
        return keccak256(as_view(text));
    }
    L1BlockRef ref(std::uint64_t n) const {
        std::lock_guard lock(mutex_);
        return L1BlockRef{hash(n), n, n == 0 ? B256{} : hash(n - 1),
                          kGenesisTime + (n - kGenesisNumber) * 12};
    }
    void add(std::uint64_t number, ConfigUpdateType type, Bytes payload) {
        std::lock_guard lock(mutex_);
        logs_[number].push_back({type, std::move(payload)});
    }
    // Changes every hash (a deep reorg in the test's terms).
    void reorg(std::string salt) {
        std::lock_guard lock(mutex_);
        salt_ = std::move(salt);
    }
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges() const {
        std::lock_guard lock(mutex_);
        return ranges_;
    }

private:
    json header_json(std::uint64_t n) const {
        json b =
            json::parse(R"({"sha3Uncles":"0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347",
            "miner":"0x0000000000000000000000000000000000000000",
            "stateRoot":"0x0000000000000000000000000000000000000000000000000000000000000000",
            "transactionsRoot":"0x0000000000000000000000000000000000000000000000000000000000000000",
            "receiptsRoot":"0x0000000000000000000000000000000000000000000000000000000000000000",
            "difficulty":"0x0","gasLimit":"0x1c9c380","gasUsed":"0x0","extraData":"0x",
            "mixHash":"0x0000000000000000000000000000000000000000000000000000000000000000",
            "nonce":"0x0000000000000000","baseFeePerGas":"0x1","transactions":[]})");
        b["logsBloom"] = "0x" + std::string(512, '0');
        b["hash"] = hex(hash(n));
        b["parentHash"] = hex(n == 0 ? B256{} : hash(n - 1));
        b["number"] = rpc::encode_quantity(n);
        b["timestamp"] = rpc::encode_quantity(kGenesisTime + (n - kGenesisNumber) * 12);
        return b;
    }

    Address system_config_;
    FakeNode node_;
    mutable std::mutex mutex_;
    std::uint64_t head_ = 40;
    std::string salt_ = "a";
    std::map<std::uint64_t, std::vector<ScriptedLog>> logs_;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges_;
};

Bytes payload_word(const B256& w) {
    return Bytes(w.begin(), w.end());
}

Address inbox_a() {
    Address a{};
    a[0] = 0xaa;
    return a;
}

B256 address_word(const Address& a) {
    B256 w{};
    std::copy(a.begin(), a.end(), w.begin() + 12);
    return w;
}

protocol::RollupConfig rollup_for(const ScriptedL1& l1, std::optional<std::uint64_t> baton_time) {
    auto rollup = derive::test_util::make_test_rollup(baton_time);
    rollup.genesis.l1 = protocol::BlockId{l1.hash(kGenesisNumber), kGenesisNumber};
    return rollup;
}

SystemConfigTracker make_tracker(const ScriptedL1& l1, const protocol::RollupConfig& rollup,
                                 derive::Telemetry telemetry = {}, SystemConfigTrackerOptions options = {}) {
    return SystemConfigTracker(rollup, rpc::Client::make(l1.url()).value(), telemetry, options);
}

// Block 1 genesis; 3: gas limit 40M; 5: BATCH_INBOX; 7: a malformed gas limit, then gas limit 50M.
void script(ScriptedL1& l1) {
    l1.add(3, ConfigUpdateType::kGasLimit, payload_word(word(40'000'000)));
    l1.add(5, ConfigUpdateType::kBatchInbox, payload_word(address_word(inbox_a())));
    l1.add(7, ConfigUpdateType::kGasLimit, Bytes(5, 0x01));
    l1.add(7, ConfigUpdateType::kGasLimit, payload_word(word(50'000'000)));
}

TEST(SystemConfigTrackerTest, ReplaysUpdatesUpToAndIncludingTheBlock) {
    const Address system_config = derive::test_util::test_address(0x5c);
    ScriptedL1 l1(system_config);
    script(l1);
    const auto rollup = rollup_for(l1, 0);
    derive::test_util::RecordingTelemetry recording;

    struct Expect {
        std::uint64_t block;
        std::uint64_t gas_limit;
        Address inbox;
    };
    const Expect expects[] = {
        {1, 30'000'000, {}},        {2, 30'000'000, {}},         {3, 40'000'000, {}},
        {4, 40'000'000, {}},        {5, 40'000'000, inbox_a()},  {6, 40'000'000, inbox_a()},
        {7, 50'000'000, inbox_a()}, {30, 50'000'000, inbox_a()},
    };
    for (const auto& e : expects) {
        // A fresh tracker per block (no checkpoint), as after a restart.
        auto tracker = make_tracker(l1, rollup, recording.telemetry());
        auto got = tracker.system_config_at(l1.ref(e.block));
        ASSERT_TRUE(got) << e.block << ": " << derive::to_string(got.error());
        EXPECT_EQ(got->gas_limit, e.gas_limit) << e.block;
        EXPECT_EQ(got->batch_inbox, e.inbox) << e.block;
        EXPECT_EQ(got->batcher_hash, rollup.genesis.system_config.batcher_hash);
        EXPECT_EQ(tracker.rpc_errors(), 0U);
    }
    // The malformed update was dropped and counted each time block 7 was replayed (twice).
    EXPECT_EQ(recording.metrics.drops(DropReason::kMalformedConfigUpdate), 2U);
}

TEST(SystemConfigTrackerTest, BatchInboxIsIgnoredBeforeBatonTime) {
    ScriptedL1 l1(derive::test_util::test_address(0x5c));
    script(l1);
    // Baton activates at block 6's timestamp: block 5's BATCH_INBOX is dropped.
    const auto rollup = rollup_for(l1, kGenesisTime + std::uint64_t{5} * 12);
    derive::test_util::RecordingTelemetry recording;
    auto tracker = make_tracker(l1, rollup, recording.telemetry());
    auto got = tracker.system_config_at(l1.ref(10));
    ASSERT_TRUE(got) << derive::to_string(got.error());
    EXPECT_EQ(got->batch_inbox, Address{});
    EXPECT_EQ(got->gas_limit, 50'000'000U);
    EXPECT_EQ(recording.metrics.drops(DropReason::kBatchInboxBeforeBaton), 1U);

    // The same update in a block after baton_time is honoured.
    l1.add(12, ConfigUpdateType::kBatchInbox, payload_word(address_word(inbox_a())));
    auto later = tracker.system_config_at(l1.ref(12));
    ASSERT_TRUE(later) << derive::to_string(later.error());
    EXPECT_EQ(later->batch_inbox, inbox_a());
}

TEST(SystemConfigTrackerTest, LogQueriesAreBoundedAndResumeFromTheCheckpoint) {
    ScriptedL1 l1(derive::test_util::test_address(0x5c));
    script(l1);
    const auto rollup = rollup_for(l1, 0);
    SystemConfigTrackerOptions options;
    options.max_log_range = 4;
    auto tracker = make_tracker(l1, rollup, {}, options);

    auto at_10 = tracker.system_config_at(l1.ref(10));
    ASSERT_TRUE(at_10) << derive::to_string(at_10.error());
    EXPECT_EQ(at_10->gas_limit, 50'000'000U);
    // Blocks 2..10 in ranges of at most 4: [2,5] [6,9] [10,10].
    const std::vector<std::pair<std::uint64_t, std::uint64_t>> first = {{2, 5}, {6, 9}, {10, 10}};
    EXPECT_EQ(l1.ranges(), first);

    auto at_10_again = tracker.system_config_at(l1.ref(10));
    ASSERT_TRUE(at_10_again);
    EXPECT_EQ(tracker.log_queries(), 3U);  // answered from the checkpoint

    l1.add(13, ConfigUpdateType::kGasLimit, payload_word(word(60'000'000)));
    auto at_13 = tracker.system_config_at(l1.ref(13));
    ASSERT_TRUE(at_13) << derive::to_string(at_13.error());
    EXPECT_EQ(at_13->gas_limit, 60'000'000U);
    EXPECT_EQ(at_13->batch_inbox, inbox_a());  // carried from the checkpoint
    EXPECT_EQ(l1.ranges().back(), (std::pair<std::uint64_t, std::uint64_t>{11, 13}));

    // Earlier than the checkpoint: replayed from genesis.
    auto at_4 = tracker.system_config_at(l1.ref(4));
    ASSERT_TRUE(at_4);
    EXPECT_EQ(at_4->gas_limit, 40'000'000U);
    EXPECT_EQ(at_4->batch_inbox, Address{});
}

TEST(SystemConfigTrackerTest, AStaleBlockIsAResetAndAReorgedCheckpointIsDropped) {
    ScriptedL1 l1(derive::test_util::test_address(0x5c));
    script(l1);
    const auto rollup = rollup_for(l1, 0);
    auto tracker = make_tracker(l1, rollup);
    const L1BlockRef old_8 = l1.ref(8);
    const L1BlockRef old_9 = l1.ref(9);
    ASSERT_TRUE(tracker.system_config_at(old_8));

    // Every block changes hash (the test's deep reorg).
    l1.reorg("b");
    // The config as of a block, named by its hash, never changes: the checkpoint still answers.
    auto same = tracker.system_config_at(old_8);
    ASSERT_TRUE(same) << derive::to_string(same.error());
    EXPECT_EQ(same->gas_limit, 50'000'000U);
    // A block of the old chain that needs logs cannot be answered: the node's logs are another
    // chain's now.
    const std::uint64_t queries = tracker.log_queries();
    auto stale = tracker.system_config_at(old_9);
    ASSERT_FALSE(stale);
    EXPECT_TRUE(stale.error().is(Severity::kReset, Reason::kBlockHashMismatch))
        << derive::to_string(stale.error());
    // The reorged checkpoint was not resumed from: the replay started over at genesis + 1.
    EXPECT_EQ(tracker.log_queries(), queries + 1);
    EXPECT_EQ(l1.ranges().back(), (std::pair<std::uint64_t, std::uint64_t>{2, 9}));

    // On the new chain the answer comes from the new chain's logs (the genesis hash is only
    // checked for a query at the genesis number itself).
    auto again = tracker.system_config_at(l1.ref(9));
    ASSERT_TRUE(again) << derive::to_string(again.error());
    EXPECT_EQ(again->gas_limit, 50'000'000U);
}

TEST(SystemConfigTrackerTest, RejectsBlocksBeforeGenesisAndDeadNodes) {
    ScriptedL1 l1(derive::test_util::test_address(0x5c));
    const auto rollup = rollup_for(l1, 0);
    auto tracker = make_tracker(l1, rollup);
    auto before = tracker.system_config_at(l1.ref(0));
    ASSERT_FALSE(before);
    EXPECT_EQ(before.error().severity, Severity::kCritical);
    L1BlockRef wrong_genesis = l1.ref(kGenesisNumber);
    wrong_genesis.hash = l1.hash(99);
    auto wrong = tracker.system_config_at(wrong_genesis);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().severity, Severity::kCritical);

    auto at_genesis = tracker.system_config_at(l1.ref(kGenesisNumber));
    ASSERT_TRUE(at_genesis) << derive::to_string(at_genesis.error());
    EXPECT_EQ(*at_genesis, rollup.genesis.system_config);

    std::string url;
    {
        FakeNode gone;
        url = gone.url();
    }
    SystemConfigTracker dead(rollup, rpc::Client::make(url).value());
    auto got = dead.system_config_at(l1.ref(5));
    ASSERT_FALSE(got);
    EXPECT_TRUE(got.error().is(Severity::kTemporary, Reason::kProvider)) << derive::to_string(got.error());
    EXPECT_EQ(dead.rpc_errors(), 1U);
}

}  // namespace
}  // namespace baton::l1
