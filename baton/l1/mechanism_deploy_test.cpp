// SPDX-License-Identifier: MIT
#include <baton/l1/mechanism_deploy.hpp>
#include <baton/l1/test_util/fake_contract_calls.hpp>

#include <baton/core/address.hpp>
#include <baton/core/hex.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace baton::l1 {
namespace {

namespace fs = std::filesystem;

using test_util::addr;

// A scratch folder for one test.
struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() /
               ("baton-mechanism-deploy-test-" +
                std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

TEST(ParseMechanismRefTest, RoundRobinIsTheShippedScript) {
    auto ref = parse_mechanism_ref("round-robin", "/repo/contracts", "/elsewhere");
    ASSERT_TRUE(ref);
    EXPECT_EQ(ref->file, fs::path("/repo/contracts/script/DeployRoundRobin.s.sol"));
    EXPECT_EQ(ref->contract, "DeployRoundRobin");
}

TEST(ParseMechanismRefTest, StakeIsTheShippedScript) {
    auto ref = parse_mechanism_ref("stake", "/repo/contracts", "/elsewhere");
    ASSERT_TRUE(ref);
    EXPECT_EQ(ref->file, fs::path("/repo/contracts/script/DeployStake.s.sol"));
    EXPECT_EQ(ref->contract, "DeployStake");
}

TEST(ParseMechanismRefTest, AuctionIsTheShippedScript) {
    auto ref = parse_mechanism_ref("auction", "/repo/contracts", "/elsewhere");
    ASSERT_TRUE(ref);
    EXPECT_EQ(ref->file, fs::path("/repo/contracts/script/DeployAuction.s.sol"));
    EXPECT_EQ(ref->contract, "DeployAuction");
}

TEST(ParseMechanismRefTest, TakesAPathRelativeToTheWorkingDirectory) {
    TempDir dir;
    write(dir.path / "my" / "Mine.sol", "// mechanism\n");
    auto ref = parse_mechanism_ref("my/Mine.sol:MineScript", "/repo/contracts", dir.path);
    ASSERT_TRUE(ref) << ref.error().detail;
    EXPECT_EQ(ref->file, dir.path / "my" / "Mine.sol");
    EXPECT_EQ(ref->contract, "MineScript");
    auto absolute = parse_mechanism_ref((dir.path / "my" / "Mine.sol").string() + ":MineScript", "/x", "/y");
    ASSERT_TRUE(absolute);
    EXPECT_EQ(absolute->file, dir.path / "my" / "Mine.sol");
}

TEST(ParseMechanismRefTest, RejectsWhatIsNotAScriptReference) {
    TempDir dir;
    write(dir.path / "Mine.sol", "// mechanism\n");
    for (const std::string bad : {"raft", "Mine.sol", "Mine.sol:", "Mine.txt:Script", "Mine.sol:1Script",
                                  "Mine.sol:My-Script", "Missing.sol:Script"}) {
        auto ref = parse_mechanism_ref(bad, "/repo/contracts", dir.path);
        ASSERT_FALSE(ref) << bad;
        EXPECT_EQ(ref.error().error, MechanismDeployError::kBadReference) << bad;
    }
}

TEST(ForgeScriptArgvTest, CallsDeployWithOwnerBatchersAndTurnLength) {
    MechanismDeploySpec spec;
    spec.script = {"/m/Mine.sol", "MineScript"};
    spec.l1_url = "http://127.0.0.1:8545";
    spec.owner = addr(1);
    spec.sender = addr(1);
    spec.batchers = {addr(2), addr(3)};
    spec.turn_length = 5;
    spec.batcher_keys = {"0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"};
    const auto argv = forge_script_argv("/bin/forge", spec);
    const std::vector<std::string> want = {
        "/bin/forge",
        "script",
        "/m/Mine.sol:MineScript",
        "--sig",
        "deploy(address,address[],uint256)",
        to_checksum_hex(addr(1)),
        "[" + to_checksum_hex(addr(2)) + "," + to_checksum_hex(addr(3)) + "]",
        "5",
        "--rpc-url",
        "http://127.0.0.1:8545",
        "--broadcast",
        "--unlocked",
        "--sender",
        to_checksum_hex(addr(1)),
        "--slow",
        "--non-interactive",
        "--json"};
    EXPECT_EQ(argv, want);
    // Keys travel in the environment only.
    for (const auto& a : argv) EXPECT_EQ(a.find("59c6995e"), std::string::npos) << a;
}

// Shapes of forge 1.x `script --json` output (the first line trimmed of its traces).
constexpr const char* kSuccessOutput =
    R"({"logs":[],"returns":{"inbox":{"internal_type":"address","value":"0x5FbDB2315678afecb367f032d93F642f64180aa3"}},"success":true,"raw_logs":[],"traces":[]}
{"chain":31337,"estimated_gas_price":"2.000000001","estimated_total_gas_used":728395}
{"chain":"anvil-hardhat","status":"success","tx_hash":"0x4409ad65ce97dadf9ec87a0f4f3e24b4e4b717e117665df1ae8ab4a4b4cf6a31","contract_address":"0x5FbDB2315678afecb367f032d93F642f64180aa3","block_number":1,"gas_used":560304,"gas_price":1000000001,"contract_name":"FixedRotationInbox"}
{"chain":"anvil-hardhat","status":"success","tx_hash":"0x5509ad65ce97dadf9ec87a0f4f3e24b4e4b717e117665df1ae8ab4a4b4cf6a31","contract_address":null,"block_number":3,"gas_used":50000,"gas_price":1000000001}
{"status":"success","transactions":"/tmp/broadcast/FixedRotation.sol/31337/deploy-latest.json"}
)";

TEST(LadderEnvTest, ExportsOnlyTheParametersThatAreSet) {
    EXPECT_TRUE(ladder_env(LadderOverrides{}).empty());
    LadderOverrides ladder;
    ladder.g1 = 3;
    ladder.max_misses = 4;
    EXPECT_EQ(ladder_env(ladder),
              (std::vector<std::string>{"BATON_LADDER_G1=3", "BATON_LADDER_MAX_MISSES=4"}));
}

TEST(ParseForgeScriptOutputTest, ReadsTheInboxItsContractAndTheLastBlock) {
    auto out = parse_forge_script_output(kSuccessOutput);
    ASSERT_TRUE(out) << out.error().detail;
    EXPECT_TRUE(out->success);
    ASSERT_TRUE(out->inbox);
    EXPECT_EQ(to_checksum_hex(*out->inbox), "0x5FbDB2315678afecb367f032d93F642f64180aa3");
    EXPECT_EQ(out->inbox_contract, "FixedRotationInbox");
    EXPECT_EQ(out->last_block_num, 3U);
}

TEST(ParseForgeScriptOutputTest, ReadsARevert) {
    auto out = parse_forge_script_output(
        R"({"logs":[],"returns":{"inbox":{"internal_type":"address","value":"0x0000000000000000000000000000000000000000"}},"success":false,"traces":[]})"
        "\n");
    ASSERT_TRUE(out);
    EXPECT_FALSE(out->success);
}

TEST(ParseForgeScriptOutputTest, RejectsOutputWithoutAResult) {
    auto out = parse_forge_script_output("Compiling 3 files\nnot json\n");
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().error, MechanismDeployError::kBadOutput);
}

TEST(SummarizeForgeErrorTest, GivesTheCompilerMessageAndWhere) {
    const std::string err =
        "Error: Compiler run failed:\n"
        "Error (2314): Expected ';' but got 'is'\n"
        " --> /tmp/Broken.sol:6:14:\n"
        "  |\n"
        "6 |         this is not solidity;\n";
    EXPECT_EQ(summarize_forge_error(err),
              "Compiler run failed: Error (2314): Expected ';' but got 'is' --> /tmp/Broken.sol:6:14");
}

TEST(SummarizeForgeErrorTest, GivesTheRevertReason) {
    EXPECT_EQ(summarize_forge_error("\x1b[31mError: \x1b[0mscript failed: need k > 0 and a batcher\n"),
              "script failed: need k > 0 and a batcher");
    EXPECT_EQ(summarize_forge_error("warning: something\n"), "");
}

TEST(FindFunctionSignaturesTest, MatchesTheRuntimeCodeWithImmutablesMasked) {
    TempDir dir;
    // Runtime 0x6001 7f<32-byte immutable> 00; the immutable sits at bytes 3..34.
    const std::string zeros(64, '0');
    const std::string immutable_refs = R"json({"7":[{"start":3,"length":32}]})json";
    write(dir.path / "Other.sol" / "Other.json",
          R"json({"deployedBytecode":{"object":"0x60027f)json" + zeros +
              R"json(00","immutableReferences":{}},"methodIdentifiers":{"x()":"0c55699c"}})json");
    write(dir.path / "Mine.sol" / "MineInbox.json",
          R"json({"deployedBytecode":{"object":"0x60017f)json" + zeros +
              R"json(00","immutableReferences":)json" + immutable_refs +
              R"json(},"methodIdentifiers":{"leaderAt(uint256)":"064a40ee","lookahead()":"3b5351e5"}})json");
    write(dir.path / "build-info" / "abc.json", R"json({"not":"an artifact"})json");
    Bytes code = *decode_hex("0x60017f" + std::string(62, '0') + "05" + "00");
    auto signatures = find_function_signatures(dir.path, code);
    ASSERT_TRUE(signatures);
    EXPECT_EQ(*signatures, (std::vector<std::string>{"leaderAt(uint256)", "lookahead()"}));
    code[0] = 0x61;
    EXPECT_FALSE(find_function_signatures(dir.path, code));
}

}  // namespace
}  // namespace baton::l1
