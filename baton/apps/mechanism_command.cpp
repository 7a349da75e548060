// SPDX-License-Identifier: MIT
#include <baton/apps/mechanism_command.hpp>

#include <baton/apps/cli_support.hpp>
#include <baton/apps/devnet/network.hpp>
#include <baton/core/address.hpp>
#include <baton/core/secp256k1.hpp>
#include <baton/l1/dev_accounts.hpp>
#include <baton/l1/mechanism_check.hpp>
#include <baton/l1/mechanism_deploy.hpp>
#include <baton/rpc/client.hpp>

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

#ifndef BATON_DEFAULT_ANVIL
#define BATON_DEFAULT_ANVIL ""
#endif

namespace baton::apps {

namespace {

namespace fs = std::filesystem;

// Dev account 0 owns and deploys, 1..N are the batchers, and the last one is the outsider: funded
// and unlocked like the batchers, so its batches are real txs, but never a batcher.
constexpr std::size_t kOutsiderAccount = l1::kDevPrivateKeys.size() - 1;
constexpr std::size_t kMaxBatchers = kOutsiderAccount - l1::kFirstBatcherAccount;

struct CheckArgs {
    std::string mechanism;
    std::uint64_t batchers = 3;
    std::uint64_t blocks = 48;
    std::uint64_t turn_length = 4;
    std::string anvil;
    std::string forge;
};

// A temporary folder (anvil's log, forge's out/cache/broadcast), removed on every path.
class ScratchDir {
public:
    static std::optional<ScratchDir> make() {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern =
            std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/baton-mechanism-check-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) return std::nullopt;
        return ScratchDir(pattern);
    }
    ScratchDir(ScratchDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
    ScratchDir& operator=(ScratchDir&&) = delete;
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    ~ScratchDir() {
        std::error_code ec;
        if (!path_.empty()) fs::remove_all(path_, ec);
    }
    const fs::path& path() const noexcept { return path_; }

private:
    explicit ScratchDir(fs::path path) : path_(std::move(path)) {}
    fs::path path_;
};

Address dev_address(std::size_t account) {
    auto key = PrivateKey::from_hex(l1::kDevPrivateKeys[account]);
    return address_from_private_key(*key);
}

void print_report(const l1::MechanismCheckReport& report) {
    for (const auto& outcome : report.rules) {
        std::ostringstream line;
        line << (outcome.violations == 0 ? "ok    " : "FAIL  ") << std::left << std::setw(30)
             << l1::to_string(outcome.rule) << " " << outcome.checked
             << (outcome.rule == l1::MechanismRule::kNoZeroByteSelector ? " selectors" : " blocks");
        if (outcome.rule == l1::MechanismRule::kFallbackAcceptsOnlyLeader) {
            line << ", " << report.fallback_txs << " txs";
        }
        if (outcome.rule == l1::MechanismRule::kViewGas) {
            line << ", most expensive view " << report.max_view_gas << " gas";
        }
        if (outcome.first) {
            line << "; first failure at block " << outcome.first->block_num << ": " << outcome.first->what;
            if (outcome.violations > 1) line << " (" << outcome.violations - 1 << " more failures)";
        }
        std::cout << line.str() << "\n";
    }
    std::size_t broken = 0;
    for (const auto& outcome : report.rules) broken += outcome.violations > 0 ? 1 : 0;
    if (broken == 0) {
        std::cout << "ok: all " << report.rules.size() << " rules hold\n";
    } else {
        std::cout << "FAIL: " << broken << " of " << report.rules.size() << " rules broken\n";
    }
}

int run_check(const CheckArgs& args) {
    std::error_code ec;
    auto script = l1::parse_mechanism_ref(args.mechanism, l1::default_contracts_dir(), fs::current_path(ec));
    if (!script) {
        std::cerr << "error: --mechanism: " << script.error().detail << "\n";
        return 2;
    }
    std::string error;
    const auto anvil = find_tool(args.anvil, "BATON_ANVIL", BATON_DEFAULT_ANVIL, "anvil", error);
    if (!anvil) {
        std::cerr << "error: " << error << "\n";
        return 2;
    }
    const auto forge = find_tool(args.forge, "BATON_FORGE", l1::default_forge().string(), "forge", error);
    if (!forge) {
        std::cerr << "error: " << error << "\n";
        return 2;
    }
    auto scratch = ScratchDir::make();
    if (!scratch) {
        std::cerr << "error: cannot create a temporary folder (TMPDIR)\n";
        return 2;
    }

    auto l1 = devnet::start_anvil(*anvil, "anvil", {}, scratch->path());
    if (!l1) {
        std::cerr << "error: anvil: " << l1.error() << "\n";
        return 2;
    }

    l1::MechanismDeploySpec spec;
    spec.script = *script;
    const std::string url = l1->url();
    spec.l1_url = url;
    spec.owner = dev_address(l1::kDeployerAccount);
    spec.sender = spec.owner;
    spec.turn_length = args.turn_length;
    for (std::size_t i = 0; i < args.batchers; ++i) {
        spec.batchers.push_back(dev_address(l1::kFirstBatcherAccount + i));
        spec.batcher_keys.emplace_back(l1::kDevPrivateKeys[l1::kFirstBatcherAccount + i]);
    }
    l1::MechanismDeployOptions options;
    options.forge = *forge;
    options.work_dir = scratch->path();
    auto deployment = l1::deploy_mechanism(spec, options);
    if (!deployment) {
        std::cerr << "error: " << l1::to_string(deployment.error()) << "\n";
        return 2;
    }

    auto client = rpc::Client::make(url);
    if (!client) {
        std::cerr << "error: anvil " << url << ": " << rpc::to_string(client.error()) << "\n";
        return 2;
    }
    l1::MechanismCheckSpec check;
    check.inbox = deployment->inbox;
    check.batchers = spec.batchers;
    check.outsider = dev_address(kOutsiderAccount);
    check.blocks = args.blocks;
    if (auto code = client->eth_get_code(deployment->inbox); code) {
        check.function_signatures = l1::find_function_signatures(deployment->artifacts_dir, *code);
    }
    const std::string inbox_name = deployment->inbox_contract.empty() ? "inbox" : deployment->inbox_contract;
    std::cout << "mechanism " << script->file.filename().string() << ":" << script->contract << ": "
              << inbox_name << " at " << to_checksum_hex(deployment->inbox) << ", " << args.batchers
              << " batchers (dev accounts 1.." << args.batchers << "), turn length " << args.turn_length
              << std::endl;
    auto report = l1::check_mechanism(*client, check);
    if (!report) {
        std::cerr << "error: check: " << l1::to_string(report.error()) << "\n";
        return 2;
    }
    std::cout << "checked L1 blocks " << report->first_block << ".." << report->last_block << " ("
              << report->last_block - report->first_block + 1 << " blocks)\n";
    print_report(*report);
    return report->passed() ? 0 : 1;
}

}  // namespace

void add_mechanism_command(CLI::App& app, int& exit_code) {
    auto* group =
        app.add_subcommand("mechanism", "Work with leader-election mechanisms (docs/mechanisms.md)");
    group->require_subcommand(1);
    auto args = std::make_shared<CheckArgs>();
    auto* cmd = group->add_subcommand(
        "check",
        "Deploy a mechanism on a throwaway anvil and check every rule of the interface, block by block");
    cmd->footer(
        "Exit 0: every rule holds; 1: a rule fails (named, with the first block where it failed);\n"
        "2: bad input or the check could not run (a script that does not compile, a deploy that reverts).\n"
        "Owner and deployer: anvil dev account 0; batchers: dev accounts 1..N; outsider: dev account 9.");
    cmd->add_option("--mechanism", args->mechanism,
                    "round-robin, stake, auction, or PATH.sol:ScriptContract (a MechanismScript)")
        ->required();
    cmd->add_option("--batchers", args->batchers, "number of batchers (dev accounts 1..N)")
        ->check(whole_number(1, kMaxBatchers))
        ->capture_default_str();
    cmd->add_option("--blocks", args->blocks, "L1 blocks to walk and check")
        ->check(whole_number(1, 10'000))
        ->capture_default_str();
    cmd->add_option("--turn-length", args->turn_length, "deploy()'s turnLength argument (L1 blocks)")
        ->check(whole_number(1, 0xffffffffULL))
        ->capture_default_str();
    cmd->add_option("--anvil", args->anvil, "anvil binary (default: $BATON_ANVIL, else the one from npm)");
    cmd->add_option("--forge", args->forge, "forge binary (default: $BATON_FORGE, else the one from npm)");
    cmd->callback([args, &exit_code] { exit_code = run_check(*args); });
}

}  // namespace baton::apps
