// SPDX-License-Identifier: MIT
// Offline parts of the deployer: constructor encoding, spec checks (which must fail before any
// RPC), and the deployment JSON. Deploying itself is tested against anvil in
// tests/integration/inbox_test.cpp.
#include <baton/l1/deploy.hpp>

#include <baton/core/address.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/secp256k1.hpp>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace baton::l1 {
namespace {

Address addr(std::string_view text) {
    return parse_address(text).value();
}

const Address kA = addr("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
const Address kB = addr("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
const Address kOwner = addr("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

DeploySpec valid_spec() {
    DeploySpec spec;
    spec.leaders = {kA, kB};
    spec.turn_length = 4;
    spec.lookahead = 8;
    spec.start_block = 10;
    return spec;
}

PrivateKey key() {
    return PrivateKey::from_hex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80").value();
}

// A client that is never reached: every test here must fail before the first call. Port 1 on
// loopback refuses connections, so a call would still be a prompt kRpc, not a hang.
rpc::Client dead_client() {
    return rpc::Client::make("http://127.0.0.1:1").value();
}

TEST(DeployTest, InboxConstructorArgsFollowTheAbiLayout) {
    const Bytes args = encode_inbox_constructor_args(kOwner, valid_spec());
    ASSERT_EQ(args.size(), 32u * 12);
    auto word = [&](std::size_t i) { return to_hex(ByteView(args).subspan(32 * i, 32), false); };
    EXPECT_EQ(word(0), std::string(24, '0') + "f39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    EXPECT_EQ(word(1), std::string(63, '0') + "4");
    EXPECT_EQ(word(2), std::string(63, '0') + "8");
    EXPECT_EQ(word(3), std::string(63, '0') + "a");
    EXPECT_EQ(word(4), std::string(61, '0') + "120");  // offset of the array: 9 head words
    EXPECT_EQ(word(5), std::string(63, '0') + "2");    // ladder g1 (default)
    EXPECT_EQ(word(6), std::string(63, '0') + "1");    // g2
    EXPECT_EQ(word(7), std::string(63, '0') + "1");    // g3
    EXPECT_EQ(word(8), std::string(63, '0') + "2");    // max misses
    EXPECT_EQ(word(9), std::string(63, '0') + "2");    // length
    EXPECT_EQ(word(10), std::string(24, '0') + "70997970c51812dc3a010c7d01b50e0d17dc79c8");
    EXPECT_EQ(word(11), std::string(24, '0') + "3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
}

TEST(DeployTest, LadderParametersAreTheTrailingTuple) {
    DeploySpec spec = valid_spec();
    spec.ladder = LadderSpec{.g1 = 5, .g2 = 0, .g3 = 0xffffffff, .max_misses = 255};
    const Bytes args = encode_inbox_constructor_args(kOwner, spec);
    ASSERT_EQ(args.size(), 32u * 12);
    auto word = [&](std::size_t i) { return to_hex(ByteView(args).subspan(32 * i, 32), false); };
    EXPECT_EQ(word(5), std::string(63, '0') + "5");
    EXPECT_EQ(word(6), std::string(64, '0'));
    EXPECT_EQ(word(7), std::string(56, '0') + "ffffffff");
    EXPECT_EQ(word(8), std::string(62, '0') + "ff");
}

TEST(DeployTest, EmptyRosterEncodesAZeroLengthArray) {
    DeploySpec spec = valid_spec();
    spec.leaders.clear();
    const Bytes args = encode_inbox_constructor_args(kOwner, spec);
    ASSERT_EQ(args.size(), 32u * 10);
    EXPECT_TRUE(std::all_of(args.end() - 32, args.end(), [](std::uint8_t b) { return b == 0; }));
}

TEST(DeployTest, InvalidSpecsFailBeforeAnyRpc) {
    struct Case {
        const char* why;
        void (*edit)(DeploySpec&);
    };
    const Case cases[] = {
        {"turn_length 0", [](DeploySpec& s) { s.turn_length = 0; }},
        {"turn_length 2^32", [](DeploySpec& s) { s.turn_length = 1ULL << 32; }},
        {"lookahead 0", [](DeploySpec& s) { s.lookahead = 0; }},
        {"start_block 2^63", [](DeploySpec& s) { s.start_block = 1ULL << 63; }},
        {"ladder g1 0", [](DeploySpec& s) { s.ladder.g1 = 0; }},
        {"ladder g1 2^32", [](DeploySpec& s) { s.ladder.g1 = 1ULL << 32; }},
        {"ladder g2 2^32", [](DeploySpec& s) { s.ladder.g2 = 1ULL << 32; }},
        {"ladder g3 2^32", [](DeploySpec& s) { s.ladder.g3 = 1ULL << 32; }},
        {"ladder max_misses 0", [](DeploySpec& s) { s.ladder.max_misses = 0; }},
        {"ladder max_misses 256", [](DeploySpec& s) { s.ladder.max_misses = 256; }},
        {"zero leader", [](DeploySpec& s) { s.leaders.push_back(Address{}); }},
        {"duplicate leader", [](DeploySpec& s) { s.leaders.push_back(kA); }},
        {"gas limit low", [](DeploySpec& s) { s.gas_limit = 20'999'999; }},
        {"gas limit high", [](DeploySpec& s) { s.gas_limit = 500'000'001; }},
        {"zero owner", [](DeploySpec& s) { s.owner = Address{}; }},
        {"v0 without batcher", [](DeploySpec& s) { s.batcher_hash_mode = BatcherHashMode::kV0Address; }},
        {"v1 with batcher", [](DeploySpec& s) { s.batcher = kA; }},
        {"v1 with inbox override", [](DeploySpec& s) { s.batch_inbox = kB; }},
        {"v1 with a zero existing inbox", [](DeploySpec& s) { s.existing_inbox = DeployedContract{}; }},
        {"v0 with an existing inbox",
         [](DeploySpec& s) {
             s.batcher_hash_mode = BatcherHashMode::kV0Address;
             s.batcher = kA;
             s.existing_inbox = DeployedContract{kB, 1, {}, 0};
         }},
        {"too many leaders",
         [](DeploySpec& s) {
             s.leaders.clear();
             for (std::uint8_t i = 1; i <= 65; ++i) {
                 Address a{};
                 a[19] = i;
                 s.leaders.push_back(a);
             }
         }},
    };
    auto client = dead_client();
    const auto k = key();
    for (const auto& c : cases) {
        DeploySpec spec = valid_spec();
        c.edit(spec);
        auto result = deploy(client, k, spec);
        ASSERT_FALSE(result) << c.why;
        EXPECT_EQ(result.error().kind, DeployErrorKind::kInvalidSpec)
            << c.why << ": " << to_string(result.error());
    }
}

TEST(DeployTest, MissingArtifactsDirIsAnArtifactError) {
    auto client = dead_client();
    DeployOptions options;
    options.artifacts_dir = "/nonexistent/baton/out";
    auto result = deploy(client, key(), valid_spec(), options);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, DeployErrorKind::kArtifact);
    EXPECT_EQ(result.error().contract, "RoundRobinInbox");
}

TEST(DeployTest, UnreachableNodeIsAnRpcError) {
    auto client = dead_client();
    auto result = deploy(client, key(), valid_spec());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, DeployErrorKind::kRpc) << to_string(result.error());
}

Deployment sample_deployment() {
    Deployment d;
    d.spec = valid_spec();
    d.inbox.address = addr("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    d.inbox.block_num = 1;
    d.deposit_portal.address = addr("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");
    d.deposit_portal.block_num = 2;
    d.system_config.address = addr("0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0");
    d.system_config.block_num = 3;
    d.batch_inbox = d.inbox.address;
    d.batcher_hash[0] = 0x01;
    d.deployed_at_block = 3;
    d.chain_id = 31337;
    return d;
}

TEST(DeployTest, DeploymentJsonHasTheDevnetFields) {
    const auto doc = nlohmann::json::parse(deployment_json(sample_deployment()));
    EXPECT_EQ(doc["system_config"], "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0");
    EXPECT_EQ(doc["batch_inbox"], "0x5FbDB2315678afecb367f032d93F642f64180aa3");
    EXPECT_EQ(doc["deposit_portal"], "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");
    EXPECT_EQ(doc["deployed_at_block"], 3);
    EXPECT_EQ(doc["leaders"], nlohmann::json::array({"0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                                                     "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"}));
    EXPECT_EQ(doc["turn_length"], 4);
    EXPECT_EQ(doc["lookahead"], 8);
    EXPECT_EQ(doc["start_block"], 10);
    EXPECT_EQ(doc["batcher_hash"], "0x01" + std::string(62, '0'));
    EXPECT_EQ(doc["l1_chain_id"], 31337);
    EXPECT_EQ(doc["blocks"]["inbox"], 1);
}

TEST(DeployTest, WriteDeploymentJsonReplacesTheFile) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("baton-deploy-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / "deployment.json";
    {
        std::ofstream old(path);
        old << "stale";
    }
    ASSERT_TRUE(write_deployment_json(sample_deployment(), path));
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), deployment_json(sample_deployment()));
    EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));

    auto bad = write_deployment_json(sample_deployment(), dir / "missing-subdir" / "x.json");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().kind, DeployErrorKind::kIo);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace baton::l1
