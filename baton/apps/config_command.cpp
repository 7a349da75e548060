// SPDX-License-Identifier: MIT
#include <baton/apps/config_command.hpp>

#include <baton/core/hex.hpp>
#include <baton/node/rollup_config_json.hpp>
#include <baton/protocol/rollup_config.hpp>
#include <baton/protocol/system_config.hpp>

#include <CLI/CLI.hpp>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace baton::apps {
namespace {

std::string fork_time(const std::optional<std::uint64_t>& time) {
    if (!time) return "not set";
    if (*time == 0) return "0 (genesis)";
    return std::to_string(*time);
}

std::string batcher_auth(const protocol::SystemConfig& sc) {
    const auto auth = protocol::decode_batcher_hash(sc.batcher_hash);
    if (!auth) return to_hex(sc.batcher_hash) + " (invalid version)";
    if (auth->version == protocol::BatcherHashVersion::kLeaderElection)
        return "v1, leader election (the inbox contract authorizes senders)";
    return "v0, batcher " + to_hex(auth->batcher);
}

// Fields that load and are written back but that Baton does not act on.
std::vector<std::string> unused_fields(const protocol::RollupConfig& cfg) {
    std::vector<std::string> unused;
    if (cfg.protocol_versions_address != Address{})
        unused.push_back("protocol_versions_address: Baton does not follow ProtocolVersions signals");
    if (cfg.pectra_blob_schedule_time) {
        unused.push_back(
            "pectra_blob_schedule_time: not applied; the node prices L1 blob gas with its own "
            "update fraction");
    }
    return unused;
}

void print_report(const std::string& path, const protocol::RollupConfig& cfg,
                  const std::vector<protocol::RollupConfigCheckFailure>& unsupported, std::ostream& out) {
    const auto row = [&out](const std::string& name, const std::string& value) {
        out << "  " << std::left << std::setw(26) << name << value << "\n";
    };
    out << "rollup config " << path << "\n";
    out << "chain\n";
    row("l1_chain_id", std::to_string(cfg.l1_chain_id));
    row("l2_chain_id", std::to_string(cfg.l2_chain_id));
    row("block_time", std::to_string(cfg.block_time) + " s");
    row("seq_window_size", std::to_string(cfg.seq_window_size) + " L1 blocks");
    row("channel_timeout", std::to_string(cfg.channel_timeout) + " L1 blocks");
    row("max_sequencer_drift", std::to_string(cfg.max_sequencer_drift) + " s");
    out << "genesis\n";
    row("l1", "#" + std::to_string(cfg.genesis.l1.number) + " " + to_hex(cfg.genesis.l1.hash));
    row("l2", "#" + std::to_string(cfg.genesis.l2.number) + " " + to_hex(cfg.genesis.l2.hash));
    row("l2_time", std::to_string(cfg.genesis.l2_time));
    row("batcherHash", batcher_auth(cfg.genesis.system_config));
    row("gasLimit", std::to_string(cfg.genesis.system_config.gas_limit));
    out << "forks (L2 timestamps)\n";
    // op-node's forks, then Baton's own activation under its own heading.
    for (const auto& [name, time] : node::fork_times(cfg)) {
        if (std::string_view(name) == "baton_time") out << "baton\n";
        row(name, fork_time(time));
    }
    row("l2_blocks_per_channel", cfg.baton_time || cfg.l2_blocks_per_channel != 0
                                     ? std::to_string(cfg.l2_blocks_per_channel)
                                     : "not set");
    row("batch_inbox_address", to_hex(cfg.batch_inbox_address));
    row("l1_system_config_address", to_hex(cfg.l1_system_config_address));
    row("deposit_contract_address", to_hex(cfg.deposit_contract_address));
    out << "unsupported\n";
    if (unsupported.empty()) out << "  none\n";
    for (const auto& u : unsupported) out << "  " << u.detail << "\n";
    out << "not used by Baton\n";
    const auto unused = unused_fields(cfg);
    if (unused.empty()) out << "  none\n";
    for (const auto& u : unused) out << "  " << u << "\n";
}

}  // namespace

int run_config_check(const std::string& path, std::ostream& out, std::ostream& err) {
    std::ifstream in(path);
    if (!in) {
        err << "error: cannot read --rollup-config " << path << "\n";
        return 2;
    }
    std::stringstream text;
    text << in.rdbuf();
    const auto cfg = node::load_rollup_config_json(text.str());
    if (!cfg) {
        err << "error: invalid rollup config " << path << ": " << node::to_one_line(cfg.error()) << "\n";
        return 2;
    }
    const auto unsupported = cfg->unsupported_features();
    print_report(path, *cfg, unsupported, out);
    if (!unsupported.empty()) {
        out.flush();
        std::string reasons;
        for (const auto& u : unsupported) reasons += (reasons.empty() ? "" : "; ") + u.detail;
        err << "error: Baton cannot run " << path << ": " << reasons << "\n";
        return 2;
    }
    out << "ok: Baton can run this chain\n";
    return 0;
}

void add_config_command(CLI::App& app, int& exit_code) {
    auto* config = app.add_subcommand("config", "Inspect configuration files without starting anything");
    config->require_subcommand(1);
    auto path = std::make_shared<std::string>();
    auto* check = config->add_subcommand(
        "check",
        "Load a rollup.json as `baton node` would and print the chain, genesis, fork times, Baton's "
        "fields and what Baton does not support. Exit 0 if Baton can run it, 2 (one `error:` line) if not.");
    check->add_option("--rollup-config", *path, "rollup.json to check")->required();
    check->callback([path, &exit_code] { exit_code = run_config_check(*path, std::cout, std::cerr); });
}

}  // namespace baton::apps
