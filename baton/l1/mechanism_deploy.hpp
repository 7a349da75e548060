// SPDX-License-Identifier: MIT
#pragma once

// Deploys a leader-election mechanism through its Foundry deploy script (docs/mechanisms.md): the
// one path built-in and user mechanisms share. `round-robin` is
// contracts/script/DeployRoundRobin.s.sol:DeployRoundRobin, `stake` is
// contracts/script/DeployStake.s.sol:DeployStake, `auction` is
// contracts/script/DeployAuction.s.sol:DeployAuction; anything else is `PATH.sol:Contract`,
// a script whose contract inherits MechanismScript and overrides
// `deploy(address owner, address[] batchers, uint256 turnLength) returns (address inbox)`.
//
// Decisions:
// - The forge binary itself (node_modules/@foundry-rs/forge-<platform>/bin/forge), never the npm
//   wrapper, which exits 0 even when forge fails. It runs without a shell, bounded by a timeout.
// - Working directory: the contracts folder. foundry.toml there gives the `baton/` remapping (so a
//   script anywhere on disk resolves `import "baton/..."`) and the solc shim, whose path is relative.
// - FOUNDRY_OUT, FOUNDRY_CACHE_PATH and FOUNDRY_BROADCAST point into a caller-given work folder:
//   forge never rewrites the build's contracts/out (which tests read meanwhile), two runs never race,
//   and a user's file named like a repo file cannot overwrite that file's artifacts.
// - Owner and sender are given by the caller (the devnet's dev account 0); the node signs
//   (`--unlocked`), so no key is on a command line. Batcher keys, for mechanisms whose batchers act at
//   deployment, go through the environment (BATON_DEVNET_BATCHER_KEYS), never argv.
// - forge's `--json` stdout is JSON lines: the first carries `success` and `returns.inbox.value`,
//   then one line per broadcast tx (`contract_address`, `contract_name`, `block_number`). A revert is
//   `"success":false` with the reason on stderr ("Error: script failed: <reason>"); a compile error
//   exits 1 with no JSON. Both become one-line errors.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baton::l1 {

// The built-in mechanisms' names on the command line.
inline constexpr std::string_view kRoundRobinMechanism = "round-robin";
inline constexpr std::string_view kStakeMechanism = "stake";
inline constexpr std::string_view kAuctionMechanism = "auction";

// A deploy script: the .sol file and the script contract in it.
struct MechanismScriptRef {
    std::filesystem::path file;  // absolute
    std::string contract;

    friend bool operator==(const MechanismScriptRef&, const MechanismScriptRef&) = default;
};

enum class [[nodiscard]] MechanismDeployError{
    kBadReference,  // not a built-in name nor `PATH.sol:Contract`, or the file does not exist
    kForgeMissing,  // the forge binary or the contracts folder is not there
    kSpawn,         // forge could not be started
    kTimeout,       // forge did not finish in time
    kForgeFailed,   // forge failed before broadcasting (a compile error, no such contract, …)
    kReverted,      // the script's deploy() reverted (`"success":false`)
    kBadOutput,     // forge succeeded but its output has no inbox address
    kNoCode,        // the returned inbox has no code on L1
    kRpc,           // the L1 could not be asked for the inbox's code
};

const char* to_string(MechanismDeployError e) noexcept;

struct MechanismDeployFailure {
    MechanismDeployError error = MechanismDeployError::kForgeFailed;
    std::string detail;  // one line
};

// "<error>: <detail>".
std::string to_string(const MechanismDeployFailure& failure);

// `round-robin`, `stake`, `auction` or `PATH.sol:Contract`; a relative PATH is taken from `cwd`. The file
// must exist.
Result<MechanismScriptRef, MechanismDeployFailure> parse_mechanism_ref(
    std::string_view text, const std::filesystem::path& contracts_dir, const std::filesystem::path& cwd);

// Overrides of a fallback ladder's parameters for a mechanism's deploy script, exported as
// BATON_LADDER_G1, BATON_LADDER_G2, BATON_LADDER_G3 and BATON_LADDER_MAX_MISSES (unset: the
// script's own default). A script reads them with `vm.envOr`; one without a ladder ignores them.
struct LadderOverrides {
    std::optional<std::uint64_t> g1;
    std::optional<std::uint64_t> g2;
    std::optional<std::uint64_t> g3;
    std::optional<std::uint64_t> max_misses;
};

// The environment entries ("NAME=value") LadderOverrides stands for, in that order.
std::vector<std::string> ladder_env(const LadderOverrides& ladder);

struct MechanismDeploySpec {
    MechanismScriptRef script;
    std::string l1_url;
    Address owner{};   // deploy()'s `owner`
    Address sender{};  // broadcasts (`--unlocked --sender`): the node must hold its key
    std::vector<Address> batchers;
    std::uint64_t turn_length = 4;
    // Exported as BATON_DEVNET_BATCHER_KEYS (comma-separated hex) when not empty.
    std::vector<std::string> batcher_keys;
    LadderOverrides ladder;
};

struct MechanismDeployOptions {
    std::filesystem::path forge;          // empty: default_forge()
    std::filesystem::path contracts_dir;  // empty: default_contracts_dir()
    std::filesystem::path work_dir;       // forge's out/, cache/ and broadcast/ go here (required)
    std::chrono::milliseconds timeout{300'000};
};

struct MechanismDeployment {
    Address inbox{};
    std::string inbox_contract;           // the contract name forge reported for the inbox's creation
    std::uint64_t last_block_num = 0;     // the last block holding one of the script's txs
    std::filesystem::path artifacts_dir;  // where forge wrote the artifacts of this run
};

// forge's argument list (argv[0] included) for `spec`.
std::vector<std::string> forge_script_argv(const std::filesystem::path& forge,
                                           const MechanismDeploySpec& spec);

// What forge's --json stdout says; pure, for tests.
struct ForgeScriptOutput {
    bool success = false;
    std::optional<Address> inbox;
    std::optional<std::string> inbox_contract;
    std::uint64_t last_block_num = 0;
};
Result<ForgeScriptOutput, MechanismDeployFailure> parse_forge_script_output(std::string_view stdout_text);

// One line from forge's stderr for an error message: the first "Error…" line (without "Error: "),
// with the compiler's message and location when it is a compile error, e.g.
//   "Compiler run failed: Error (2314): Expected ';' but got 'is' --> /m/Mine.sol:6:14".
// Empty when stderr has no such line.
std::string summarize_forge_error(std::string_view stderr_text);

// Runs the script against `spec.l1_url` and checks that the inbox has code.
Result<MechanismDeployment, MechanismDeployFailure> deploy_mechanism(const MechanismDeploySpec& spec,
                                                                     const MechanismDeployOptions& options);

// `${BATON_SOURCE_DIR}/contracts` unless the environment variable BATON_CONTRACTS_DIR says otherwise.
std::filesystem::path default_contracts_dir();
// $BATON_FORGE, else the forge binary CMake found (node_modules/@foundry-rs/forge-<platform>/bin/forge).
std::filesystem::path default_forge();

// The ABI function signatures of the artifact under `artifacts_dir` whose runtime code is `code`
// (immutables masked, as they are filled in at deployment). nullopt when none matches.
std::optional<std::vector<std::string>> find_function_signatures(const std::filesystem::path& artifacts_dir,
                                                                 ByteView code);

}  // namespace baton::l1
