// SPDX-License-Identifier: MIT
#include <baton/l1/mechanism_deploy.hpp>

#include <baton/core/address.hpp>
#include <baton/core/hex.hpp>
#include <baton/process/subprocess.hpp>
#include <baton/rpc/client.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include <unistd.h>

#ifndef BATON_DEFAULT_FORGE
#define BATON_DEFAULT_FORGE ""
#endif

namespace baton::l1 {

using process::run_subprocess;
using process::SubprocessError;
using process::SubprocessSpec;

const char* to_string(MechanismDeployError e) noexcept {
    switch (e) {
        case MechanismDeployError::kBadReference:
            return "bad mechanism";
        case MechanismDeployError::kForgeMissing:
            return "forge not found";
        case MechanismDeployError::kSpawn:
            return "cannot run forge";
        case MechanismDeployError::kTimeout:
            return "forge timed out";
        case MechanismDeployError::kForgeFailed:
            return "deploy script failed";
        case MechanismDeployError::kReverted:
            return "deploy script reverted";
        case MechanismDeployError::kBadOutput:
            return "unexpected forge output";
        case MechanismDeployError::kNoCode:
            return "no inbox deployed";
        case MechanismDeployError::kRpc:
            return "rpc error";
    }
    return "unknown mechanism deploy error";
}

std::string to_string(const MechanismDeployFailure& failure) {
    return std::string(to_string(failure.error)) + ": " + failure.detail;
}

namespace {

Unexpected<MechanismDeployFailure> fail(MechanismDeployError e, std::string detail) {
    return unexpected(MechanismDeployFailure{e, std::move(detail)});
}

constexpr std::string_view kRoundRobinScript = "script/DeployRoundRobin.s.sol";
constexpr std::string_view kRoundRobinContract = "DeployRoundRobin";
constexpr std::string_view kStakeScript = "script/DeployStake.s.sol";
constexpr std::string_view kStakeContract = "DeployStake";
constexpr std::string_view kAuctionScript = "script/DeployAuction.s.sol";
constexpr std::string_view kAuctionContract = "DeployAuction";

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

// Drops ANSI colour sequences (ESC [ … letter), in case forge colours its errors.
std::string strip_ansi(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
            i += 2;
            while (i < s.size() && !(s[i] >= '@' && s[i] <= '~')) ++i;
            continue;
        }
        out += s[i];
    }
    return out;
}

std::string addresses_arg(const std::vector<Address>& addresses) {
    std::string out = "[";
    for (std::size_t i = 0; i < addresses.size(); ++i) {
        if (i > 0) out += ",";
        out += to_checksum_hex(addresses[i]);
    }
    return out + "]";
}

std::optional<Address> address_field(const nlohmann::json& value) {
    if (!value.is_string()) return std::nullopt;
    auto parsed = parse_address(value.get<std::string>());
    if (!parsed) {
        // forge prints checksummed addresses; accept any case rather than fail on a checksum.
        std::string lower = value.get<std::string>();
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        parsed = parse_address(lower);
    }
    if (!parsed) return std::nullopt;
    return *parsed;
}

}  // namespace

std::vector<std::string> ladder_env(const LadderOverrides& ladder) {
    std::vector<std::string> env;
    const auto put = [&env](const char* name, const std::optional<std::uint64_t>& value) {
        if (value) env.push_back(std::string(name) + "=" + std::to_string(*value));
    };
    put("BATON_LADDER_G1", ladder.g1);
    put("BATON_LADDER_G2", ladder.g2);
    put("BATON_LADDER_G3", ladder.g3);
    put("BATON_LADDER_MAX_MISSES", ladder.max_misses);
    return env;
}

Result<MechanismScriptRef, MechanismDeployFailure> parse_mechanism_ref(
    std::string_view text, const std::filesystem::path& contracts_dir, const std::filesystem::path& cwd) {
    if (text == kRoundRobinMechanism) {
        return MechanismScriptRef{contracts_dir / kRoundRobinScript, std::string(kRoundRobinContract)};
    }
    if (text == kStakeMechanism) {
        return MechanismScriptRef{contracts_dir / kStakeScript, std::string(kStakeContract)};
    }
    if (text == kAuctionMechanism) {
        return MechanismScriptRef{contracts_dir / kAuctionScript, std::string(kAuctionContract)};
    }
    const auto colon = text.rfind(':');
    const auto usage = std::string("'") + std::string(text) +
                       "': want round-robin, stake, auction or PATH.sol:ScriptContract";
    if (colon == std::string_view::npos || colon + 1 == text.size()) {
        return fail(MechanismDeployError::kBadReference, usage);
    }
    const std::filesystem::path file(text.substr(0, colon));
    const std::string contract(text.substr(colon + 1));
    if (file.extension() != ".sol") return fail(MechanismDeployError::kBadReference, usage);
    const bool identifier =
        std::all_of(contract.begin(), contract.end(),
                    [](unsigned char c) { return std::isalnum(c) != 0 || c == '_' || c == '$'; }) &&
        std::isdigit(static_cast<unsigned char>(contract[0])) == 0;
    if (!identifier) {
        return fail(MechanismDeployError::kBadReference, "'" + contract + "' is not a contract name");
    }
    const auto absolute = (file.is_absolute() ? file : cwd / file).lexically_normal();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(absolute, ec)) {
        return fail(MechanismDeployError::kBadReference, "no file " + absolute.string());
    }
    return MechanismScriptRef{absolute, contract};
}

std::vector<std::string> forge_script_argv(const std::filesystem::path& forge,
                                           const MechanismDeploySpec& spec) {
    return {forge.string(), "script", spec.script.file.string() + ":" + spec.script.contract, "--sig",
            "deploy(address,address[],uint256)", to_checksum_hex(spec.owner), addresses_arg(spec.batchers),
            std::to_string(spec.turn_length), "--rpc-url", spec.l1_url, "--broadcast", "--unlocked",
            "--sender", to_checksum_hex(spec.sender),
            // Each tx after the previous one is mined: a script whose batchers act after the
            // deployment needs that.
            "--slow",
            // No prompt (a tx to an address without code asks for confirmation otherwise).
            "--non-interactive", "--json"};
}

Result<ForgeScriptOutput, MechanismDeployFailure> parse_forge_script_output(std::string_view stdout_text) {
    ForgeScriptOutput out;
    bool saw_result = false;
    std::istringstream lines{std::string(stdout_text)};
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line.front() != '{') continue;
        const auto doc = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (!doc.is_object()) continue;
        if (!saw_result && doc.contains("success")) {
            saw_result = true;
            out.success = doc["success"].is_boolean() && doc["success"].get<bool>();
            if (const auto* value = [&]() -> const nlohmann::json* {
                    auto it = doc.find("returns");
                    if (it == doc.end() || !it->is_object()) return nullptr;
                    auto inbox = it->find("inbox");
                    if (inbox == it->end() || !inbox->is_object()) return nullptr;
                    auto v = inbox->find("value");
                    return v == inbox->end() ? nullptr : &*v;
                }()) {
                out.inbox = address_field(*value);
            }
            continue;
        }
        if (doc.contains("tx_hash") && doc.contains("block_number")) {
            if (doc["block_number"].is_number_unsigned()) {
                out.last_block_num = std::max(out.last_block_num, doc["block_number"].get<std::uint64_t>());
            }
            if (out.inbox && doc.contains("contract_address") && doc.contains("contract_name") &&
                doc["contract_name"].is_string() && address_field(doc["contract_address"]) == out.inbox) {
                out.inbox_contract = doc["contract_name"].get<std::string>();
            }
        }
    }
    if (!saw_result) return fail(MechanismDeployError::kBadOutput, "no result line in forge's JSON output");
    return out;
}

std::string summarize_forge_error(std::string_view stderr_text) {
    const std::string text = strip_ansi(stderr_text);
    std::istringstream lines(text);
    std::string line;
    std::vector<std::string> picked;
    bool compile_error = false;
    while (std::getline(lines, line)) {
        std::string t = trim(line);
        if (t.empty()) continue;
        if (picked.empty()) {
            if (t.rfind("Error", 0) != 0) continue;
            compile_error = t.find("Compiler run failed") != std::string::npos;
            picked.push_back(std::move(t));
            if (!compile_error) break;
            continue;
        }
        // A compile error: the compiler's first message and its location.
        if (t.rfind("-->", 0) == 0) {
            picked.push_back(std::move(t));
            break;
        }
        if (picked.size() == 1) picked.push_back(std::move(t));
    }
    std::string out;
    for (auto p : picked) {
        // forge's "Error: " prefix and the location's trailing colon add nothing to one line.
        if (out.empty() && p.rfind("Error: ", 0) == 0) p.erase(0, 7);
        if (p.rfind("-->", 0) == 0 && p.back() == ':') p.pop_back();
        out += (out.empty() ? "" : " ") + p;
    }
    return out;
}

std::filesystem::path default_contracts_dir() {
    if (const char* env = std::getenv("BATON_CONTRACTS_DIR"); env != nullptr && *env != '\0') return env;
    return std::filesystem::path(BATON_SOURCE_DIR) / "contracts";
}

std::filesystem::path default_forge() {
    if (const char* env = std::getenv("BATON_FORGE"); env != nullptr && *env != '\0') return env;
    return BATON_DEFAULT_FORGE;
}

Result<MechanismDeployment, MechanismDeployFailure> deploy_mechanism(const MechanismDeploySpec& spec,
                                                                     const MechanismDeployOptions& options) {
    const auto forge = options.forge.empty() ? default_forge() : options.forge;
    const auto contracts_dir =
        options.contracts_dir.empty() ? default_contracts_dir() : options.contracts_dir;
    std::error_code ec;
    if (forge.empty() || ::access(forge.c_str(), X_OK) != 0) {
        return fail(MechanismDeployError::kForgeMissing,
                    "'" + forge.string() + "' is not an executable (set BATON_FORGE to the forge binary)");
    }
    if (!std::filesystem::is_regular_file(contracts_dir / "foundry.toml", ec)) {
        return fail(MechanismDeployError::kForgeMissing,
                    "no foundry.toml in " + contracts_dir.string() + " (set BATON_CONTRACTS_DIR)");
    }
    if (options.work_dir.empty()) return fail(MechanismDeployError::kForgeMissing, "no work folder given");

    SubprocessSpec run;
    run.argv = forge_script_argv(forge, spec);
    run.working_dir = contracts_dir;
    run.timeout = options.timeout;
    run.extra_env = {"FOUNDRY_OUT=" + (options.work_dir / "out").string(),
                     "FOUNDRY_CACHE_PATH=" + (options.work_dir / "cache").string(),
                     "FOUNDRY_BROADCAST=" + (options.work_dir / "broadcast").string(),
                     // Plain text in the captured output (no colour codes).
                     "NO_COLOR=1"};
    for (auto& entry : ladder_env(spec.ladder)) run.extra_env.push_back(std::move(entry));
    if (!spec.batcher_keys.empty()) {
        std::string keys;
        for (const auto& k : spec.batcher_keys) keys += (keys.empty() ? "" : ",") + k;
        run.extra_env.push_back("BATON_DEVNET_BATCHER_KEYS=" + keys);
    }
    const std::string what = spec.script.file.filename().string() + ":" + spec.script.contract;
    auto ran = run_subprocess(run);
    if (!ran) {
        const auto kind = ran.error().error == SubprocessError::kTimeout ? MechanismDeployError::kTimeout
                                                                         : MechanismDeployError::kSpawn;
        return fail(kind, what + ": " + ran.error().detail);
    }

    auto parsed = parse_forge_script_output(ran->out);
    const std::string reason = summarize_forge_error(ran->err);
    if (parsed && !parsed->success) {
        return fail(MechanismDeployError::kReverted,
                    what + ": " + (reason.empty() ? "deploy() reverted" : reason));
    }
    if (ran->exit_code != 0) {
        return fail(
            MechanismDeployError::kForgeFailed,
            what + ": " + (reason.empty() ? "forge exited " + std::to_string(ran->exit_code) : reason));
    }
    if (!parsed) return fail(MechanismDeployError::kBadOutput, what + ": " + parsed.error().detail);
    if (!parsed->inbox || *parsed->inbox == Address{}) {
        return fail(MechanismDeployError::kBadOutput, what + ": deploy() returned no inbox address");
    }

    auto client = rpc::Client::make(spec.l1_url);
    if (!client) return fail(MechanismDeployError::kRpc, rpc::to_string(client.error()));
    auto code = client->eth_get_code(*parsed->inbox);
    if (!code) return fail(MechanismDeployError::kRpc, "eth_getCode: " + rpc::to_string(code.error()));
    if (code->empty()) {
        return fail(MechanismDeployError::kNoCode,
                    what + ": deploy() returned " + to_checksum_hex(*parsed->inbox) + ", which has no code");
    }
    MechanismDeployment out;
    out.inbox = *parsed->inbox;
    out.inbox_contract = parsed->inbox_contract.value_or("");
    out.last_block_num = parsed->last_block_num;
    out.artifacts_dir = options.work_dir / "out";
    return out;
}

std::optional<std::vector<std::string>> find_function_signatures(const std::filesystem::path& artifacts_dir,
                                                                 ByteView code) {
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(artifacts_dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_directory() && it->path().filename() == "build-info") {
            it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file() || it->path().extension() != ".json") continue;
        std::ifstream in(it->path(), std::ios::binary);
        std::stringstream buffer;
        buffer << in.rdbuf();
        const auto doc = nlohmann::json::parse(buffer.str(), nullptr, /*allow_exceptions=*/false);
        if (!doc.is_object()) continue;
        const auto deployed = doc.find("deployedBytecode");
        if (deployed == doc.end() || !deployed->is_object() || !deployed->contains("object")) continue;
        const auto& object = (*deployed)["object"];
        if (!object.is_string()) continue;
        auto runtime = decode_hex(object.get<std::string>());
        if (!runtime || runtime->empty() || runtime->size() != code.size()) continue;
        Bytes on_chain(code.begin(), code.end());
        // Immutables are zero in the artifact and filled in at deployment: compare without them.
        if (const auto refs = deployed->find("immutableReferences");
            refs != deployed->end() && refs->is_object()) {
            for (const auto& [id, places] : refs->items()) {
                if (!places.is_array()) continue;
                for (const auto& place : places) {
                    const auto start = place.value("start", std::uint64_t{0});
                    const auto length = place.value("length", std::uint64_t{0});
                    for (std::uint64_t i = start; i < start + length && i < on_chain.size(); ++i) {
                        on_chain[i] = 0;
                        (*runtime)[i] = 0;
                    }
                }
            }
        }
        if (on_chain != *runtime) continue;
        std::vector<std::string> signatures;
        if (const auto ids = doc.find("methodIdentifiers"); ids != doc.end() && ids->is_object()) {
            for (const auto& [signature, selector] : ids->items()) signatures.push_back(signature);
        }
        return signatures;
    }
    return std::nullopt;
}

}  // namespace baton::l1
