// SPDX-License-Identifier: MIT
#include <baton/l1/artifact.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/address.hpp>
#include <baton/core/hex.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace baton::l1 {
namespace {

const std::filesystem::path kOutDir = std::filesystem::path(BATON_SOURCE_DIR) / "contracts" / "out";

std::string minimal(std::string_view creation, std::string_view runtime = "0x00") {
    return R"({"abi":[{"type":"error","name":"Oops","inputs":[{"name":"a","type":"uint64"},{"name":"b","type":"address"}]},
                      {"type":"function","name":"f","inputs":[{"name":"t","type":"tuple","components":[{"type":"uint256"},{"type":"bytes32"}]},{"name":"xs","type":"address[]"}],"outputs":[]}],
              "bytecode":{"object":")" +
           std::string(creation) + R"(","linkReferences":{}},
              "deployedBytecode":{"object":")" +
           std::string(runtime) + R"("}})";
}

TEST(ArtifactTest, LoadsRoundRobinInboxFromForgeOutput) {
    auto artifact = load_artifact(kOutDir, "RoundRobinInbox");
    ASSERT_TRUE(artifact) << to_string(artifact.error());
    EXPECT_EQ(artifact->name, "RoundRobinInbox");
    // Creation code starts with solc's free-memory-pointer setup (PUSH1 0x80, or PUSH2 past the
    // immutables the constructor keeps in memory); runtime is shorter than it.
    ASSERT_GE(artifact->creation_code.size(), 4u);
    EXPECT_TRUE(artifact->creation_code[0] == 0x60 || artifact->creation_code[0] == 0x61);
    EXPECT_FALSE(artifact->runtime_code.empty());
    EXPECT_LT(artifact->runtime_code.size(), artifact->creation_code.size());

    const AbiEntry* ctor = nullptr;
    for (const auto& e : artifact->abi) {
        if (e.kind == AbiEntryKind::kConstructor) ctor = &e;
    }
    ASSERT_NE(ctor, nullptr);
    EXPECT_EQ(ctor->input_types,
              (std::vector<std::string>{"address", "uint256", "uint256", "uint256", "address[]",
                                        "(uint256,uint256,uint256,uint256)"}));

    const AbiEntry* next_window = artifact->find(AbiEntryKind::kFunction, "nextWindow");
    ASSERT_NE(next_window, nullptr);
    EXPECT_EQ(next_window->signature, "nextWindow(address,uint256)");
    EXPECT_EQ(to_hex(abi::selector(next_window->signature)), "0x229c36e4");

    // NotLeader is declared in ILeaderElection and reaches the inbox ABI; its selector is the
    // one docs/contracts.md publishes.
    const auto not_leader = artifact->find_error(abi::selector("NotLeader(address,uint256)"));
    ASSERT_NE(not_leader, nullptr);
    EXPECT_EQ(not_leader->name, "NotLeader");
    EXPECT_EQ(to_hex(abi::selector(not_leader->signature)), "0x63dd705a");
    EXPECT_NE(artifact->find(AbiEntryKind::kFallback, ""), nullptr);
}

TEST(ArtifactTest, LoadsSystemConfigAndDepositPortal) {
    for (const char* name : {"SystemConfig", "DepositPortal"}) {
        auto artifact = load_artifact(kOutDir, name);
        ASSERT_TRUE(artifact) << to_string(artifact.error());
        EXPECT_FALSE(artifact->creation_code.empty()) << name;
    }
}

TEST(ArtifactTest, DefaultDirectoryIsTheSourceTreesForgeOutput) {
    // The env override is for installs; the tests run against the build tree.
    if (std::getenv("BATON_ARTIFACTS_DIR") == nullptr) {
        EXPECT_EQ(default_artifacts_dir(), kOutDir);
    }
    EXPECT_TRUE(load_artifact(default_artifacts_dir(), "SystemConfig"));
}

TEST(ArtifactTest, MissingFileNamesThePathAndTheFix) {
    auto artifact = load_artifact(kOutDir, "NoSuchContract");
    ASSERT_FALSE(artifact);
    EXPECT_EQ(artifact.error().error, ArtifactError::kFileNotFound);
    EXPECT_NE(artifact.error().detail.find("NoSuchContract.sol/NoSuchContract.json"), std::string::npos);
    EXPECT_NE(artifact.error().detail.find("make build"), std::string::npos);
}

TEST(ArtifactTest, InterfaceHasNoCreationCode) {
    auto artifact = load_artifact(kOutDir, "ILeaderElection");
    ASSERT_FALSE(artifact);
    EXPECT_EQ(artifact.error().error, ArtifactError::kEmptyBytecode);
}

TEST(ArtifactTest, InterfaceLoadsForItsAbiAndDescribesNotLeader) {
    // The batcher reads revert reasons through the interface every mechanism implements, not
    // through one mechanism's artifact.
    auto artifact = load_artifact(kOutDir, "ILeaderElection", ArtifactUse::kAbiOnly);
    ASSERT_TRUE(artifact) << to_string(artifact.error());
    EXPECT_TRUE(artifact->creation_code.empty());
    const auto addr = parse_address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8").value();
    const std::vector<abi::Type> types = {abi::address_type(), abi::uint_type()};
    const std::vector<abi::Value> values = {addr, std::uint64_t{12}};
    auto revert = abi::encode_call(abi::selector("NotLeader(address,uint256)"), types, values);
    ASSERT_TRUE(revert);
    EXPECT_EQ(describe_revert(*artifact, *revert),
              "NotLeader(0x70997970c51812dc3a010c7d01b50e0d17dc79c8, 12)");
}

TEST(ArtifactTest, UnlinkedLibraryPlaceholderIsRejectedWithOffset) {
    auto artifact = parse_artifact(minimal("0x6080__$0123456789abcdef0123456789abcdef01$__6000"), "Linked");
    ASSERT_FALSE(artifact);
    EXPECT_EQ(artifact.error().error, ArtifactError::kUnlinkedLibrary);
    EXPECT_NE(artifact.error().detail.find("bytecode.object at character 6"), std::string::npos)
        << artifact.error().detail;
}

TEST(ArtifactTest, BadHexIsRejectedWithOffset) {
    auto odd = parse_artifact(minimal("0x608"), "Odd");
    ASSERT_FALSE(odd);
    EXPECT_EQ(odd.error().error, ArtifactError::kBadHex);

    auto digit = parse_artifact(minimal("0x60zz"), "Digit");
    ASSERT_FALSE(digit);
    EXPECT_EQ(digit.error().error, ArtifactError::kBadHex);
    EXPECT_NE(digit.error().detail.find("at character 4"), std::string::npos) << digit.error().detail;

    auto runtime = parse_artifact(minimal("0x6000", "0xg0"), "Runtime");
    ASSERT_FALSE(runtime);
    EXPECT_EQ(runtime.error().error, ArtifactError::kBadHex);
    EXPECT_NE(runtime.error().detail.find("deployedBytecode"), std::string::npos);
}

TEST(ArtifactTest, MalformedJsonAndMissingFields) {
    auto not_json = parse_artifact("{\"abi\": [", "Broken");
    ASSERT_FALSE(not_json);
    EXPECT_EQ(not_json.error().error, ArtifactError::kMalformedJson);

    auto no_bytecode = parse_artifact(R"({"abi": []})", "NoCode");
    ASSERT_FALSE(no_bytecode);
    EXPECT_EQ(no_bytecode.error().error, ArtifactError::kMissingField);
    EXPECT_NE(no_bytecode.error().detail.find("bytecode.object"), std::string::npos);

    auto no_abi = parse_artifact(R"({"bytecode": {"object": "0x00"}})", "NoAbi");
    ASSERT_FALSE(no_abi);
    EXPECT_EQ(no_abi.error().error, ArtifactError::kMissingField);

    auto bad_entry =
        parse_artifact(R"({"abi": [{"name": "x"}], "bytecode": {"object": "0x00"}})", "BadEntry");
    ASSERT_FALSE(bad_entry);
    EXPECT_EQ(bad_entry.error().error, ArtifactError::kMissingField);
    EXPECT_NE(bad_entry.error().detail.find("abi[0].type"), std::string::npos);
}

TEST(ArtifactTest, TupleAndArrayParametersGetCanonicalSignatures) {
    auto artifact = parse_artifact(minimal("0x6000"), "Tuples");
    ASSERT_TRUE(artifact) << to_string(artifact.error());
    const AbiEntry* f = artifact->find(AbiEntryKind::kFunction, "f");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->signature, "f((uint256,bytes32),address[])");
    EXPECT_EQ(artifact->creation_code, (Bytes{0x60, 0x00}));
    EXPECT_EQ(artifact->runtime_code, (Bytes{0x00}));
}

TEST(ArtifactTest, DescribeRevertDecodesCustomErrorsReasonsAndPanics) {
    auto artifact = parse_artifact(minimal("0x6000"), "Errors");
    ASSERT_TRUE(artifact);
    const auto addr = parse_address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8").value();
    const std::vector<abi::Type> types = {abi::uint_type(64), abi::address_type()};
    const std::vector<abi::Value> values = {std::uint64_t{12}, addr};
    auto oops = abi::encode_call(abi::selector("Oops(uint64,address)"), types, values);
    ASSERT_TRUE(oops);
    EXPECT_EQ(describe_revert(*artifact, *oops), "Oops(12, 0x70997970c51812dc3a010c7d01b50e0d17dc79c8)");

    const std::vector<abi::Type> str = {abi::string_type()};
    const std::vector<abi::Value> reason = {std::string("nope")};
    auto error_string = abi::encode_call(abi::selector("Error(string)"), str, reason);
    ASSERT_TRUE(error_string);
    EXPECT_EQ(describe_revert(*artifact, *error_string), "Error(string): nope");

    const std::vector<abi::Type> u = {abi::uint_type()};
    const std::vector<abi::Value> code = {std::uint64_t{0x11}};
    auto panic = abi::encode_call(abi::selector("Panic(uint256)"), u, code);
    ASSERT_TRUE(panic);
    EXPECT_EQ(describe_revert(*artifact, *panic), "Panic(0x11)");

    EXPECT_EQ(describe_revert(*artifact, Bytes{}), "empty revert data");
    EXPECT_EQ(describe_revert(*artifact, Bytes{0xde, 0xad, 0xbe, 0xef, 0x01}),
              "unknown error 0xdeadbeef (args 0x01)");
    // Right selector, truncated args: the signature is named, the args shown raw.
    Bytes truncated(oops->begin(), oops->begin() + 20);
    EXPECT_EQ(describe_revert(*artifact, truncated).rfind("Oops(uint64,address) with undecoded args", 0), 0u);
}

TEST(ArtifactTest, AbiTypeOfCoversCoreCodecTypesOnly) {
    ASSERT_TRUE(abi_type_of("uint8"));
    EXPECT_EQ(abi_type_of("uint8")->bits, 8u);
    EXPECT_EQ(abi_type_of("uint256")->bits, 256u);
    EXPECT_EQ(abi_type_of("uint")->bits, 256u);
    EXPECT_TRUE(abi_type_of("address"));
    EXPECT_TRUE(abi_type_of("bytes"));
    EXPECT_FALSE(abi_type_of("uint7"));
    EXPECT_FALSE(abi_type_of("uint264"));
    EXPECT_FALSE(abi_type_of("uint8x"));
    EXPECT_FALSE(abi_type_of("int256"));
    EXPECT_FALSE(abi_type_of("address[]"));
    EXPECT_FALSE(abi_type_of("bytes4"));
}

}  // namespace
}  // namespace baton::l1
