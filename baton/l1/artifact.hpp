// SPDX-License-Identifier: MIT
#pragma once

// Forge artifacts: `contracts/out/<File>.sol/<Name>.json`, the compiled form of Baton's L1
// contracts that the deployer, the integration tests and the gas benchmark load.
//
// Decisions:
// - Only what Baton uses is kept: the creation bytecode (`bytecode.object`), the runtime bytecode
//   (`deployedBytecode.object`) and the ABI reduced to entries with canonical signatures, so
//   callers get selectors and can name a custom-error revert without holding JSON.
// - Bytecode with unlinked library placeholders (`__$<34 hex>$__`) is rejected with the offset of
//   the placeholder: Baton's contracts link no libraries, and sending such code would fail later
//   with a far less helpful error.
// - Canonical signatures expand tuples (`(uint256,address)`) as solc does for selectors.

#include <baton/core/abi.hpp>
#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baton::l1 {

enum class [[nodiscard]] ArtifactError{
    kFileNotFound,     // no file at the path (was `forge build` run?)
    kUnreadable,       // the file exists but could not be read
    kMalformedJson,    // not JSON
    kMissingField,     // a required field is absent or has the wrong JSON type
    kUnlinkedLibrary,  // bytecode holds a `__$…$__` library placeholder
    kBadHex,           // bytecode is not hex (odd length or a bad digit)
    kEmptyBytecode,    // creation bytecode is empty (an interface or abstract contract)
};

const char* to_string(ArtifactError e) noexcept;

struct ArtifactFailure {
    ArtifactError error;
    std::string detail;  // names the file and field, and the offset for hex problems
};

// "<error>: <detail>" for logs and test output.
std::string to_string(const ArtifactFailure& failure);

enum class AbiEntryKind { kFunction, kConstructor, kFallback, kReceive, kEvent, kError };

struct AbiEntry {
    AbiEntryKind kind = AbiEntryKind::kFunction;
    std::string name;                      // empty for constructor/fallback/receive
    std::vector<std::string> input_types;  // canonical type strings, e.g. "address", "uint256[]"
    std::string signature;                 // "NotLeader(address,uint256)"; empty without a name
};

struct Artifact {
    std::string name;  // contract name (the file stem)
    Bytes creation_code;
    Bytes runtime_code;  // empty for abstract contracts
    std::vector<AbiEntry> abi;

    // The entry of the given kind and name, or nullptr. Overloads: the first one in ABI order.
    const AbiEntry* find(AbiEntryKind kind, std::string_view entry_name) const noexcept;
    // The custom error whose selector is `sel`, or nullptr.
    const AbiEntry* find_error(const abi::Selector& sel) const noexcept;
};

// Whether an artifact must carry creation bytecode: a contract to deploy does; an interface read
// for its ABI (ILeaderElection's NotLeader error, whatever mechanism implements it) has none.
enum class ArtifactUse : std::uint8_t { kDeploy, kAbiOnly };

// Parses artifact JSON text; `name` labels the artifact and its error messages.
Result<Artifact, ArtifactFailure> parse_artifact(std::string_view json_text, std::string name,
                                                 ArtifactUse use = ArtifactUse::kDeploy);

// Loads `<dir>/<contract>.sol/<contract>.json`.
Result<Artifact, ArtifactFailure> load_artifact(const std::filesystem::path& artifacts_dir,
                                                std::string_view contract,
                                                ArtifactUse use = ArtifactUse::kDeploy);

// `${BATON_SOURCE_DIR}/contracts/out` as configured at build time, unless the environment
// variable BATON_ARTIFACTS_DIR names another directory.
std::filesystem::path default_artifacts_dir();

// The core ABI type for a canonical type string, when core's codec supports it (uintN, address,
// bool, bytes32, bytes, string); nullopt for arrays, intN, other bytesN and tuples.
std::optional<abi::Type> abi_type_of(std::string_view type);

// A readable form of revert data, using the ABI's custom errors:
//   "NotLeader(0x70997970c51812dc3a010c7d01b50e0d17dc79c8, 12)", "Error(string): reason",
//   "Panic(0x11)", "unknown error 0x12345678 (0x…args)", "empty revert data".
std::string describe_revert(const Artifact& artifact, ByteView revert_data);

}  // namespace baton::l1
