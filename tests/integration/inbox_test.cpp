// SPDX-License-Identifier: MIT
// The L1 contracts on a real anvil, driven only by Baton's deployer, signer and rpc client: the
// round-robin inbox accepts a batch from the leader of the block it lands in and reverts for
// anyone else (non-leader, next leader one block early, current leader one block late), reverts
// decode into NotLeader(sender, block) with core's ABI, leaderAt/nextWindow agree with what
// landed, and SystemConfig's constructor logs parse with protocol's ConfigUpdate parser.
//
// Block numbers are controlled exactly: anvil automines one block per tx, and empty blocks are
// added with evm_mine, so a tx sent at head N lands in block N + 1.
#include <tests/support/anvil.hpp>
#include <tests/support/wait.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/address.hpp>
#include <baton/core/assert.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/secp256k1.hpp>
#include <baton/core/transaction.hpp>
#include <baton/l1/artifact.hpp>
#include <baton/l1/deploy.hpp>
#include <baton/protocol/frame.hpp>
#include <baton/protocol/system_config.hpp>
#include <baton/protocol/tx_payload.hpp>
#include <baton/rpc/client.hpp>
#include <baton/rpc/json_codec.hpp>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace baton::testing {
namespace {

using rpc::BlockTag;
using rpc::Client;

constexpr std::uint64_t kGwei = 1'000'000'000;
// Schedule under test: leaders dev 1, 2, 3; k = 3 blocks per turn from block 8, so
//   [8, 11) dev 1, [11, 14) dev 2, [14, 17) dev 3, [17, 20) dev 1, …
// The deployment itself takes blocks 1..3 (inbox, portal, SystemConfig).
constexpr std::uint64_t kTurnLength = 3;
constexpr std::uint64_t kLookahead = 10;
constexpr std::uint64_t kStartBlock = 8;
constexpr std::size_t kLeaderKeys[] = {1, 2, 3};
constexpr std::size_t kOutsiderKey = 4;

// The dev key index expected to lead `block_num` under the schedule above.
std::size_t expected_leader(std::uint64_t block_num) {
    return kLeaderKeys[((block_num - kStartBlock) / kTurnLength) % std::size(kLeaderKeys)];
}

// What a batcher posts: the derivation version byte, then one frame.
Bytes batch_calldata() {
    protocol::Frame frame;
    for (std::size_t i = 0; i < frame.id.size(); ++i) frame.id[i] = static_cast<std::uint8_t>(0xa0 + i);
    frame.data.assign(200, 0);
    for (std::size_t i = 0; i < frame.data.size(); ++i) frame.data[i] = static_cast<std::uint8_t>(i * 7 + 1);
    frame.is_last = true;
    Bytes out = {protocol::kDerivationVersion0};
    protocol::encode_frame(out, frame);
    return out;
}

l1::DeploySpec leader_spec() {
    l1::DeploySpec spec;
    for (auto k : kLeaderKeys) spec.leaders.push_back(dev_address(k));
    spec.turn_length = kTurnLength;
    spec.lookahead = kLookahead;
    spec.start_block = kStartBlock;
    // Plain round robin: the fallback ladder's backups never open inside a turn (G1 = k), so only
    // the leader may post, which these tests pin (the ladder's rules are the forge tests').
    spec.ladder.g1 = kTurnLength;
    spec.ladder.g2 = 0;
    spec.ladder.g3 = 0;
    spec.batcher_hash_mode = l1::BatcherHashMode::kV1LeaderElection;
    spec.gas_limit = 30'000'000;
    spec.basefee_scalar = 1368;
    spec.blobbasefee_scalar = 810949;
    return spec;
}

class InboxTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto started = Anvil::start();
        ASSERT_TRUE(started) << started.error();
        anvil_.emplace(std::move(*started));
        auto client = Client::make(anvil_->url());
        ASSERT_TRUE(client);
        client_.emplace(std::move(*client));
        auto artifact = l1::load_artifact(l1::default_artifacts_dir(), "RoundRobinInbox");
        ASSERT_TRUE(artifact) << l1::to_string(artifact.error());
        inbox_artifact_ = std::move(*artifact);
    }

    Client& client() { return *client_; }

    void deploy(const l1::DeploySpec& spec) {
        auto deployed = l1::deploy(client(), dev_key(0), spec);
        ASSERT_TRUE(deployed) << l1::to_string(deployed.error());
        deployment_ = *deployed;
    }

    std::uint64_t head() { return client().eth_block_number().value(); }

    // Mines empty blocks until the head is `block_num`.
    void mine_until(std::uint64_t block_num) {
        ASSERT_LE(head(), block_num);
        while (head() < block_num) ASSERT_TRUE(client().call("evm_mine"));
    }

    // Sends `data` to the inbox from dev `key_index` with a fixed gas limit (a non-leader's
    // estimate fails, and the revert must still land) and returns the receipt.
    rpc::TransactionReceipt send_batch(std::size_t key_index, const Bytes& data) {
        DynamicFeeTx tx;
        tx.chain_id = kDefaultChainId;
        tx.nonce = client().eth_get_transaction_count(dev_address(key_index), BlockTag::pending()).value();
        const auto block = client().eth_get_block_by_number(BlockTag::latest(), false).value();
        BATON_ASSERT(block.has_value() && block->header.base_fee_per_gas.has_value());
        tx.max_priority_fee_per_gas = U256(kGwei);
        tx.max_fee_per_gas = *block->header.base_fee_per_gas * U256(2) + U256(kGwei);
        tx.gas_limit = 200'000;
        tx.to = deployment_.batch_inbox;
        tx.data = data;
        Transaction txn(tx);
        EXPECT_TRUE(sign(txn, dev_key(key_index)));
        auto sent = client().eth_send_raw_transaction(encode_transaction(txn));
        EXPECT_TRUE(sent) << (sent ? "" : rpc::to_string(sent.error()));
        auto receipt = wait_for_receipt(client(), transaction_hash(txn));
        EXPECT_TRUE(receipt) << (receipt ? "" : receipt.error());
        return receipt ? *receipt : rpc::TransactionReceipt{};
    }

    // Sends a batch landing in block `block_num` (mining empty blocks before it).
    rpc::TransactionReceipt send_batch_in(std::uint64_t block_num, std::size_t key_index) {
        mine_until(block_num - 1);
        auto receipt = send_batch(key_index, batch_calldata());
        EXPECT_EQ(receipt.block_number, block_num);
        EXPECT_EQ(receipt.from, dev_address(key_index));
        return receipt;
    }

    Result<Bytes, rpc::RpcError> view(std::string_view signature, std::span<const abi::Type> types,
                                      std::span<const abi::Value> args, BlockTag tag = BlockTag::latest()) {
        auto data = abi::encode_call(abi::selector(signature), types, args);
        BATON_ASSERT(data.has_value());
        rpc::CallRequest request;
        request.to = deployment_.inbox.address;
        request.data = *data;
        return client().eth_call(request, tag);
    }

    Address leader_at(std::uint64_t block_num) {
        const abi::Type types[] = {abi::uint_type()};
        const abi::Value args[] = {block_num};
        auto out = view("leaderAt(uint256)", types, args);
        EXPECT_TRUE(out) << (out ? "" : rpc::to_string(out.error()));
        if (!out) return {};
        const abi::Type ret[] = {abi::address_type()};
        auto decoded = abi::decode(ret, *out);
        EXPECT_TRUE(decoded);
        return decoded ? std::get<Address>((*decoded)[0].v) : Address{};
    }

    std::pair<std::uint64_t, std::uint64_t> next_window(std::size_t key_index, std::uint64_t from) {
        const abi::Type types[] = {abi::address_type(), abi::uint_type()};
        const abi::Value args[] = {dev_address(key_index), from};
        auto out = view("nextWindow(address,uint256)", types, args);
        EXPECT_TRUE(out) << (out ? "" : rpc::to_string(out.error()));
        if (!out) return {};
        const abi::Type ret[] = {abi::uint_type(), abi::uint_type()};
        auto decoded = abi::decode(ret, *out);
        EXPECT_TRUE(decoded);
        if (!decoded) return {};
        return {std::get<U256>((*decoded)[0].v).to_u64().value(),
                std::get<U256>((*decoded)[1].v).to_u64().value()};
    }

    // A status-0 inbox tx must be NotLeader(sender, block): checks that through the revert data of
    // an eth_call replay of the same tx on the parent block's state, decoded by core's ABI.
    void expect_not_leader_revert(const rpc::TransactionReceipt& receipt) {
        EXPECT_FALSE(receipt.succeeded());
        // eth_call at block N runs with block.number = N, so the replay on the parent's state
        // overrides the number with the block the tx landed in (eth_call's block overrides).
        rpc::CallRequest request;
        request.from = receipt.from;
        request.to = deployment_.batch_inbox;
        request.data = batch_calldata();
        auto call = client().call(
            "eth_call", nlohmann::json::array({rpc::encode_call_request(request),
                                               rpc::encode_block_tag(BlockTag::at(receipt.block_number - 1)),
                                               nlohmann::json::object(),
                                               {{"number", rpc::encode_quantity(receipt.block_number)}}}));
        ASSERT_FALSE(call);
        ASSERT_TRUE(call.error().has_revert_data()) << rpc::to_string(call.error());
        const abi::Type types[] = {abi::address_type(), abi::uint_type()};
        auto error = abi::decode_custom_error(*call.error().data, types);
        ASSERT_TRUE(error) << abi::to_string(error.error());
        EXPECT_EQ(error->selector, abi::selector("NotLeader(address,uint256)"));
        EXPECT_EQ(to_hex(error->selector), "0x63dd705a");
        EXPECT_EQ(std::get<Address>(error->args[0].v), receipt.from);
        EXPECT_EQ(std::get<U256>(error->args[1].v), U256(receipt.block_number));
        EXPECT_NE(leader_at(receipt.block_number), receipt.from);
    }

    std::optional<Anvil> anvil_;
    std::optional<Client> client_;
    l1::Artifact inbox_artifact_;
    l1::Deployment deployment_;
};

TEST_F(InboxTest, DeploymentLandsInOrderAndIsWrittenForTheDevnet) {
    deploy(leader_spec());
    EXPECT_EQ(deployment_.inbox.block_num, 1u);
    EXPECT_EQ(deployment_.deposit_portal.block_num, 2u);
    EXPECT_EQ(deployment_.system_config.block_num, 3u);
    EXPECT_EQ(deployment_.deployed_at_block, 3u);
    EXPECT_EQ(deployment_.batch_inbox, deployment_.inbox.address);
    EXPECT_EQ(deployment_.batcher_hash, protocol::make_leader_election_batcher_hash());
    for (const auto* c : {&deployment_.inbox, &deployment_.deposit_portal, &deployment_.system_config}) {
        EXPECT_FALSE(client().eth_get_code(c->address).value().empty());
        EXPECT_GT(c->gas_used, 100'000u);
    }
    // The deployed runtime is the artifact's runtime, apart from immutables (the inbox has three).
    EXPECT_EQ(client().eth_get_code(deployment_.deposit_portal.address).value(),
              l1::load_artifact(l1::default_artifacts_dir(), "DepositPortal").value().runtime_code);

    // SystemConfig.startBlock() is the block it was deployed in: derivation starts reading there.
    rpc::CallRequest start_block;
    start_block.to = deployment_.system_config.address;
    start_block.data = abi::encode_call(abi::selector("startBlock()"), {}, {}).value();
    auto start = client().eth_call(start_block);
    ASSERT_TRUE(start);
    EXPECT_EQ(U256::from_be(ByteView(*start)).value(), U256(deployment_.deployed_at_block));

    const auto path =
        std::filesystem::temp_directory_path() / ("baton-inbox-test-" + std::to_string(::getpid()) + ".json");
    ASSERT_TRUE(l1::write_deployment_json(deployment_, path));
    std::ifstream in(path);
    const auto doc = nlohmann::json::parse(in);
    std::filesystem::remove(path);
    EXPECT_EQ(doc["system_config"], to_checksum_hex(deployment_.system_config.address));
    EXPECT_EQ(doc["batch_inbox"], to_checksum_hex(deployment_.inbox.address));
    EXPECT_EQ(doc["deposit_portal"], to_checksum_hex(deployment_.deposit_portal.address));
    EXPECT_EQ(doc["deployed_at_block"], 3);
    EXPECT_EQ(doc["leaders"], nlohmann::json::array({kDevAddresses[1], kDevAddresses[2], kDevAddresses[3]}));
    EXPECT_EQ(doc["turn_length"], kTurnLength);
    EXPECT_EQ(doc["lookahead"], kLookahead);
    EXPECT_EQ(doc["start_block"], kStartBlock);
}

TEST_F(InboxTest, LeaderBatchSucceedsAndNonLeaderRevertsWithNotLeader) {
    deploy(leader_spec());
    const std::uint64_t block = 9;  // dev 1's turn [8, 11)
    ASSERT_EQ(expected_leader(block), 1u);
    mine_until(block - 1);

    // Pre-submission checks, as a batcher makes them: the leader's estimate succeeds, the
    // outsider's eth_call and eth_estimateGas fail with NotLeader(outsider, pending block).
    rpc::CallRequest request;
    request.to = deployment_.batch_inbox;
    request.data = batch_calldata();
    request.from = dev_address(1);
    auto leader_estimate = client().eth_estimate_gas(request);
    ASSERT_TRUE(leader_estimate) << rpc::to_string(leader_estimate.error());
    EXPECT_GT(*leader_estimate, 21'000u);

    request.from = dev_address(kOutsiderKey);
    const abi::Type types[] = {abi::address_type(), abi::uint_type()};
    for (const bool estimate : {false, true}) {
        std::optional<rpc::RpcError> error;
        if (estimate) {
            auto r = client().eth_estimate_gas(request);
            ASSERT_FALSE(r);
            error = r.error();
        } else {
            auto r = client().eth_call(request, BlockTag::pending());
            ASSERT_FALSE(r);
            error = r.error();
        }
        ASSERT_TRUE(error->has_revert_data()) << rpc::to_string(*error);
        auto decoded = abi::decode_custom_error(*error->data, types);
        ASSERT_TRUE(decoded) << abi::to_string(decoded.error());
        EXPECT_EQ(decoded->selector, abi::selector("NotLeader(address,uint256)"));
        EXPECT_EQ(std::get<Address>(decoded->args[0].v), dev_address(kOutsiderKey));
        EXPECT_EQ(std::get<U256>(decoded->args[1].v), U256(block)) << (estimate ? "estimate" : "call");
        // The artifact names it the same way the deployer reports reverts.
        EXPECT_EQ(l1::describe_revert(inbox_artifact_, *error->data),
                  "NotLeader(" + to_hex(dev_address(kOutsiderKey)) + ", " + std::to_string(block) + ")");
    }

    const auto ok = send_batch_in(block, 1);
    EXPECT_TRUE(ok.succeeded());
    EXPECT_EQ(leader_at(ok.block_number), dev_address(1));
    // The inbox emits nothing; derivation reads the calldata, not logs.
    EXPECT_TRUE(ok.logs.empty());

    // The identical tx from a non-leader (also a member, dev 3, whose turn is later) lands and
    // reverts.
    const auto bad = send_batch_in(block + 1, 3);
    expect_not_leader_revert(bad);
    const auto outsider = send_batch_in(block + 2, kOutsiderKey);
    expect_not_leader_revert(outsider);
}

TEST_F(InboxTest, WindowsAreExactTooEarlyAndTooLateRevert) {
    deploy(leader_spec());
    // dev 2 leads [11, 14).
    mine_until(9);
    const auto window = next_window(2, 9);
    EXPECT_EQ(window, (std::pair<std::uint64_t, std::uint64_t>{11, 14}));
    EXPECT_EQ(next_window(1, 9), (std::pair<std::uint64_t, std::uint64_t>{9, 11}));  // leads `from`
    EXPECT_EQ(next_window(3, 9), (std::pair<std::uint64_t, std::uint64_t>{14, 17}));
    EXPECT_EQ(next_window(kOutsiderKey, 9), (std::pair<std::uint64_t, std::uint64_t>{0, 0}));

    const auto early = send_batch_in(10, 2);  // one block before dev 2's window
    expect_not_leader_revert(early);
    const auto first = send_batch_in(11, 2);  // first block of the window
    EXPECT_TRUE(first.succeeded());
    const auto last = send_batch_in(13, 2);  // last block of the window
    EXPECT_TRUE(last.succeeded());
    const auto late = send_batch_in(14, 2);  // one block after the window ends
    expect_not_leader_revert(late);
    const auto next = send_batch_in(15, 3);  // dev 3's turn [14, 17)
    EXPECT_TRUE(next.succeeded());

    // leaderAt agrees with the schedule over several rounds, and with every tx that landed.
    EXPECT_EQ(leader_at(0), Address{});
    EXPECT_EQ(leader_at(kStartBlock - 1), Address{});
    for (std::uint64_t b = kStartBlock; b < kStartBlock + 4 * kTurnLength * 3; ++b) {
        EXPECT_EQ(leader_at(b), dev_address(expected_leader(b))) << "block " << b;
    }
    for (const auto* r : {&early, &first, &last, &late, &next}) {
        EXPECT_EQ(r->succeeded(), leader_at(r->block_number) == r->from) << "block " << r->block_number;
    }
    // The window reported before the fact is the one the chain enforced: accepted at its first and
    // last block, rejected just outside.
    EXPECT_EQ(first.block_number, window.first);
    EXPECT_EQ(last.block_number, window.second - 1);
    EXPECT_EQ(early.block_number, window.first - 1);
    EXPECT_EQ(late.block_number, window.second);
    EXPECT_EQ(next_window(2, 14), (std::pair<std::uint64_t, std::uint64_t>{20, 23}));
}

TEST_F(InboxTest, SystemConfigLogsParseWithProtocolParser) {
    l1::DeploySpec spec = leader_spec();
    deploy(spec);
    auto receipt = client().eth_get_transaction_receipt(deployment_.system_config.txn_hash);
    ASSERT_TRUE(receipt && receipt->has_value());
    // Through eth_getLogs as derivation reads them, filtered by address and the event topic.
    rpc::LogFilter filter;
    filter.from_block = BlockTag::at(deployment_.deployed_at_block);
    filter.to_block = BlockTag::at(deployment_.deployed_at_block);
    filter.addresses = {deployment_.system_config.address};
    filter.topics = {{protocol::kConfigUpdateTopic}};
    auto logs = client().eth_get_logs(filter);
    ASSERT_TRUE(logs) << rpc::to_string(logs.error());
    // BATCHER, FEE_SCALARS, GAS_LIMIT, BATCH_INBOX (the unsafe block signer is stored silently).
    ASSERT_EQ(logs->size(), 4u);

    std::vector<protocol::ConfigUpdateType> types;
    for (const auto& log : *logs) {
        auto update = protocol::decode_config_update(log.log.topics, log.log.data);
        ASSERT_TRUE(update) << protocol::to_string(update.error().error);
        types.push_back(update->type);
        switch (update->type) {
            case protocol::ConfigUpdateType::kBatcher: {
                EXPECT_EQ(update->batcher_hash, protocol::make_leader_election_batcher_hash());
                auto auth = protocol::decode_batcher_hash(update->batcher_hash);
                ASSERT_TRUE(auth);
                EXPECT_EQ(auth->version, protocol::BatcherHashVersion::kLeaderElection);
                break;
            }
            case protocol::ConfigUpdateType::kFeeScalars:
                EXPECT_EQ(protocol::base_fee_scalar(update->scalar), spec.basefee_scalar);
                EXPECT_EQ(protocol::blob_base_fee_scalar(update->scalar), spec.blobbasefee_scalar);
                break;
            case protocol::ConfigUpdateType::kGasLimit:
                EXPECT_EQ(update->gas_limit, spec.gas_limit);
                break;
            case protocol::ConfigUpdateType::kBatchInbox:
                EXPECT_EQ(update->batch_inbox, deployment_.inbox.address);
                break;
            default:
                ADD_FAILURE() << "unexpected update type " << static_cast<int>(update->type);
        }
    }
    EXPECT_EQ(types, (std::vector<protocol::ConfigUpdateType>{
                         protocol::ConfigUpdateType::kBatcher, protocol::ConfigUpdateType::kFeeScalars,
                         protocol::ConfigUpdateType::kGasLimit, protocol::ConfigUpdateType::kBatchInbox}));
    // The receipt's logs are the same ones.
    std::size_t config_logs = 0;
    for (const auto& log : (*receipt)->receipt.logs) {
        if (!log.topics.empty() && log.topics[0] == protocol::kConfigUpdateTopic) ++config_logs;
    }
    EXPECT_EQ(config_logs, 4u);
}

TEST_F(InboxTest, VersionZeroModeAnnouncesTheBatcherAddress) {
    l1::DeploySpec spec = leader_spec();
    spec.batcher_hash_mode = l1::BatcherHashMode::kV0Address;
    spec.batcher = dev_address(1);
    deploy(spec);
    rpc::LogFilter filter;
    filter.from_block = BlockTag::at(deployment_.deployed_at_block);
    filter.to_block = BlockTag::at(deployment_.deployed_at_block);
    filter.addresses = {deployment_.system_config.address};
    filter.topics = {{protocol::kConfigUpdateTopic}};
    auto logs = client().eth_get_logs(filter);
    ASSERT_TRUE(logs && !logs->empty());
    auto update = protocol::decode_config_update((*logs)[0].log.topics, (*logs)[0].log.data);
    ASSERT_TRUE(update);
    ASSERT_EQ(update->type, protocol::ConfigUpdateType::kBatcher);
    auto auth = protocol::decode_batcher_hash(update->batcher_hash);
    ASSERT_TRUE(auth);
    EXPECT_EQ(auth->version, protocol::BatcherHashVersion::kAddress);
    EXPECT_EQ(auth->batcher, dev_address(1));
}

TEST(InboxDeployTimeoutTest, NodeThatDoesNotMineIsABoundedTimeout) {
    auto anvil = Anvil::start({.args = {"--no-mining"}});
    ASSERT_TRUE(anvil) << anvil.error();
    auto client = Client::make(anvil->url());
    ASSERT_TRUE(client);
    l1::DeployOptions options;
    options.receipt_timeout = std::chrono::milliseconds(500);
    const auto started = std::chrono::steady_clock::now();
    auto result = l1::deploy(*client, dev_key(0), leader_spec(), options);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, l1::DeployErrorKind::kTimeout) << l1::to_string(result.error());
    EXPECT_EQ(result.error().contract, "RoundRobinInbox");
    EXPECT_LT(elapsed, std::chrono::seconds(5));
}

// An artifacts directory whose "RoundRobinInbox" is a stand-in with the given creation code and
// the NotLeader error in its ABI; the other artifacts are the real ones. Removed on destruction.
class StandInArtifacts {
public:
    explicit StandInArtifacts(std::string_view creation_hex)
        : dir_(std::filesystem::temp_directory_path() / ("baton-stand-in-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_ / "RoundRobinInbox.sol");
        std::ofstream out(dir_ / "RoundRobinInbox.sol" / "RoundRobinInbox.json");
        out << R"({"abi":[{"type":"error","name":"NotLeader","inputs":[{"name":"sender","type":"address"},)"
               R"({"name":"l1Block","type":"uint256"}]}],"bytecode":{"object":")"
            << creation_hex << R"("},"deployedBytecode":{"object":"0x"}})";
        for (const std::string name : {"DepositPortal", "SystemConfig"}) {
            const auto file = std::filesystem::path(name + ".sol") / (name + ".json");
            std::filesystem::create_directories(dir_ / (name + ".sol"));
            std::filesystem::copy_file(l1::default_artifacts_dir() / file, dir_ / file);
        }
    }
    ~StandInArtifacts() {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    StandInArtifacts(const StandInArtifacts&) = delete;
    StandInArtifacts& operator=(const StandInArtifacts&) = delete;

    const std::filesystem::path& dir() const { return dir_; }

private:
    std::filesystem::path dir_;
};

// The deployer mirrors every constructor check, so the real artifacts cannot be made to revert
// from a valid spec; stand-in creation code that reverts with NotLeader(0, 0) exercises the paths.
constexpr std::string_view kNotLeaderZeroArgs = "NotLeader(0x0000000000000000000000000000000000000000, 0)";

TEST(InboxDeployRevertTest, ConstructorRevertIsDecodedFromTheEstimate) {
    auto anvil = Anvil::start();
    ASSERT_TRUE(anvil) << anvil.error();
    auto client = Client::make(anvil->url());
    ASSERT_TRUE(client);
    // PUSH4 sel, PUSH1 224, SHL, PUSH1 0, MSTORE, PUSH1 68, PUSH1 0, REVERT.
    const StandInArtifacts artifacts("0x6363dd705a60e01b60005260446000fd");
    l1::DeployOptions options;
    options.artifacts_dir = artifacts.dir();
    auto result = l1::deploy(*client, dev_key(0), leader_spec(), options);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, l1::DeployErrorKind::kReverted) << l1::to_string(result.error());
    EXPECT_EQ(result.error().contract, "RoundRobinInbox");
    EXPECT_NE(result.error().detail.find("eth_estimateGas: " + std::string(kNotLeaderZeroArgs)),
              std::string::npos)
        << result.error().detail;
    ASSERT_TRUE(result.error().revert_data.has_value());
    EXPECT_EQ(result.error().revert_data->size(), 68u);
    // Nothing was sent: the estimate caught it.
    EXPECT_EQ(client->eth_get_transaction_count(dev_address(0)).value(), 0u);
}

TEST(InboxDeployRevertTest, StatusZeroReceiptIsReplayedAndDecoded) {
    auto anvil = Anvil::start();
    ASSERT_TRUE(anvil) << anvil.error();
    auto client = Client::make(anvil->url());
    ASSERT_TRUE(client);
    // Reverts only when GASPRICE != 0: eth_estimateGas (no fees) succeeds, the signed tx lands
    // with status 0, and the replay (which carries the tx's fees) recovers the revert.
    //   GASPRICE ISZERO PUSH1 0x15 JUMPI <revert NotLeader(0, 0)> JUMPDEST STOP
    const StandInArtifacts artifacts("0x3a156015576363dd705a60e01b60005260446000fd5b00");
    l1::DeployOptions options;
    options.artifacts_dir = artifacts.dir();
    auto result = l1::deploy(*client, dev_key(0), leader_spec(), options);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, l1::DeployErrorKind::kReverted) << l1::to_string(result.error());
    EXPECT_NE(result.error().detail.find("status 0 in block 1"), std::string::npos) << result.error().detail;
    EXPECT_NE(result.error().detail.find(kNotLeaderZeroArgs), std::string::npos) << result.error().detail;
    ASSERT_TRUE(result.error().revert_data.has_value());
    // The tx was sent and mined.
    EXPECT_EQ(client->eth_get_transaction_count(dev_address(0)).value(), 1u);
}

TEST(InboxDeployRevertTest, CreationWithoutCodeIsNoContract) {
    auto anvil = Anvil::start();
    ASSERT_TRUE(anvil) << anvil.error();
    auto client = Client::make(anvil->url());
    ASSERT_TRUE(client);
    const StandInArtifacts artifacts("0x00");  // STOP: succeeds and leaves an empty account
    l1::DeployOptions options;
    options.artifacts_dir = artifacts.dir();
    auto result = l1::deploy(*client, dev_key(0), leader_spec(), options);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, l1::DeployErrorKind::kNoContract) << l1::to_string(result.error());
    EXPECT_EQ(result.error().contract, "RoundRobinInbox");
}

}  // namespace
}  // namespace baton::testing
