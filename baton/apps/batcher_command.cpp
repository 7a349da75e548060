// SPDX-License-Identifier: MIT
#include <baton/apps/batcher_command.hpp>

#include <baton/apps/cli_support.hpp>
#include <baton/apps/key_source.hpp>
#include <baton/batcher_service/batcher_service.hpp>
#include <baton/core/address.hpp>
#include <baton/node/rollup_config_json.hpp>
#include <baton/process/logging.hpp>
#include <baton/process/stop_signal.hpp>
#include <baton/protocol/blob.hpp>
#include <baton/rpc/transport.hpp>

#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

namespace baton::apps {

namespace {

// Numbers are typed options with a whole_number range check: a bad value is CLI11's parse error,
// which main.cpp prints as the one `error:` line, exit 2, like every other configuration error.
struct BatcherArgs {
    std::string l1_url;
    std::string l2_engine_url;
    std::string rollup_node_url;
    std::string rollup_config;
    std::string key_file;
    std::uint64_t safety_margin = 1;
    std::uint64_t poll_interval_ms = 250;
    std::uint64_t max_frame_size = 119999;
    std::optional<std::uint64_t> priority_fee;  // wei; unset: eth_maxPriorityFeePerGas
    std::uint64_t resubmit_after = 3;
    std::uint64_t max_bumps = 5;
    bool no_backup = false;
    std::string data_availability = "calldata";
    std::string log_format = "logfmt";
    std::string log_level = "info";
};

// A minute between loop iterations is already far too slow to follow L1; the cap also keeps the
// millisecond count inside std::chrono's signed range.
constexpr std::uint64_t kMaxPollIntervalMs = 60'000;

int config_error(const std::string& message) {
    std::cerr << "error: " << message << "\n";
    return 2;
}

int run_batcher(const BatcherArgs& args) {
    if (args.l1_url.empty()) return config_error("--l1 is required");
    if (args.l2_engine_url.empty()) return config_error("--l2-engine is required");
    if (args.rollup_node_url.empty()) return config_error("--rollup-node is required");
    if (args.rollup_config.empty()) return config_error("--rollup-config is required");
    const auto format = process::parse_log_format(args.log_format);
    if (!format) return config_error("--log-format: '" + args.log_format + "' is not logfmt or json");
    const auto level = process::parse_log_level(args.log_level);
    if (!level)
        return config_error("--log-level: '" + args.log_level + "' is not debug, info, warn or error");

    const auto da = batcher_service::parse_data_availability(args.data_availability);
    if (!da) {
        return config_error("--data-availability: '" + args.data_availability +
                            "' is not calldata, blobs or auto");
    }
    if (*da != batcher_service::DataAvailability::kCalldata &&
        args.max_frame_size + 1 > protocol::kMaxBlobDataSize) {
        return config_error("--max-frame-size " + std::to_string(args.max_frame_size) +
                            " does not fit a blob (at most " +
                            std::to_string(protocol::kMaxBlobDataSize - 1) + " with --data-availability " +
                            args.data_availability + ")");
    }

    batcher_service::BatcherServiceConfig config;
    config.data_availability = *da;
    config.l1_url = args.l1_url;
    config.l2_engine_url = args.l2_engine_url;
    config.rollup_node_url = args.rollup_node_url;

    config.safety_margin = args.safety_margin;
    config.backup = !args.no_backup;
    config.poll_interval = std::chrono::milliseconds(static_cast<std::int64_t>(args.poll_interval_ms));
    config.max_frame_size = static_cast<std::size_t>(args.max_frame_size);
    if (args.priority_fee) config.tx.tip = U256(*args.priority_fee);
    config.tx.resubmit_after_blocks = args.resubmit_after;
    config.tx.max_bumps = args.max_bumps;

    std::ifstream in(args.rollup_config);
    if (!in) return config_error("--rollup-config: cannot read " + args.rollup_config);
    std::stringstream text;
    text << in.rdbuf();
    auto rollup = node::load_runnable_rollup_config_json(text.str());
    if (!rollup) {
        return config_error("--rollup-config " + args.rollup_config + ": " +
                            node::to_one_line(rollup.error()));
    }
    config.rollup = *rollup;

    auto key = load_private_key(args.key_file, "BATON_BATCHER_PRIVATE_KEY");
    if (!key) return config_error(key.error());

    auto logger = process::make_logger("batcher", *format, *level);
    auto service = batcher_service::BatcherService::make(std::move(config), *key, logger);
    if (!service) return config_error(service.error());

    const std::atomic<bool>& stop = process::install_stop_signals();
    process::log(*logger, spdlog::level::info, "batcher starting",
                 {{"address", to_checksum_hex((*service)->address())},
                  {"l1", rpc::redact_url(args.l1_url)},
                  {"l2_engine", rpc::redact_url(args.l2_engine_url)},
                  {"rollup_node", rpc::redact_url(args.rollup_node_url)}});
    std::atomic<bool> done{false};
    bool failed = false;
    std::thread worker([&] {
        failed = !(*service)->run();
        done = true;
    });
    while (!stop && !done) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    (*service)->stop();
    worker.join();
    // A critical error (logged by the service) is not retried: exit 1 so a supervisor sees it.
    return failed ? 1 : 0;
}

}  // namespace

void add_batcher_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<BatcherArgs>();
    auto* cmd =
        app.add_subcommand("batcher", "Post L2 batches to the L1 inbox in this batcher's leader windows");
    cmd->footer(
        "Every flag can also be given as an environment variable BATON_BATCHER_<FLAG> (e.g.\n"
        "BATON_BATCHER_L1, BATON_BATCHER_SAFETY_MARGIN). The key is read from --private-key-file (a\n"
        "mode-600 file holding hex) or from BATON_BATCHER_PRIVATE_KEY, never from the command line.\n"
        "SIGINT or SIGTERM stops the batcher cleanly. Bad configuration: one `error:` line, exit 2.");
    cmd->add_option("--l1", args->l1_url, "L1 JSON-RPC URL (inbox, SystemConfig, txs)")
        ->envname("BATON_BATCHER_L1");
    cmd->add_option("--l2-engine", args->l2_engine_url,
                    "the sequencer's L2 engine JSON-RPC URL (unsafe blocks with full txs)")
        ->envname("BATON_BATCHER_L2_ENGINE");
    cmd->add_option("--rollup-node", args->rollup_node_url,
                    "the sequencer's rollup node JSON-RPC URL (baton_syncStatus: the safe head to start "
                    "from, the unsafe head to post up to)")
        ->envname("BATON_BATCHER_ROLLUP_NODE");
    cmd->add_option("--rollup-config", args->rollup_config,
                    "rollup.json (inbox/SystemConfig addresses, "
                    "blocks per channel, forks)")
        ->envname("BATON_BATCHER_ROLLUP_CONFIG");
    cmd->add_option("--private-key-file", args->key_file,
                    "file holding the batcher's private key (hex, mode 600)")
        ->envname("BATON_BATCHER_PRIVATE_KEY_FILE");
    cmd->add_option("--safety-margin", args->safety_margin,
                    "L1 blocks kept free at the end of each leader window (a tx landing later reverts)")
        ->check(whole_number())
        ->capture_default_str()
        ->envname("BATON_BATCHER_SAFETY_MARGIN");
    cmd->add_option("--poll-interval", args->poll_interval_ms, "milliseconds between loop iterations")
        ->check(whole_number(1, kMaxPollIntervalMs))
        ->capture_default_str()
        ->envname("BATON_BATCHER_POLL_INTERVAL");
    cmd->add_option("--max-frame-size", args->max_frame_size,
                    "largest encoded frame in bytes (one frame per tx; calldata is this + 1)")
        ->check(whole_number())
        ->capture_default_str()
        ->envname("BATON_BATCHER_MAX_FRAME_SIZE");
    cmd->add_option("--priority-fee", args->priority_fee,
                    "fixed priority fee in wei (default: the node's eth_maxPriorityFeePerGas)")
        ->check(whole_number())
        ->envname("BATON_BATCHER_PRIORITY_FEE");
    cmd->add_option("--resubmit-after", args->resubmit_after,
                    "L1 blocks without inclusion before a tx is resent with fees +10%")
        ->check(whole_number(1))
        ->capture_default_str()
        ->envname("BATON_BATCHER_RESUBMIT_AFTER");
    cmd->add_option(
           "--data-availability", args->data_availability,
           "calldata, blobs (one blob per tx, KZG-committed) or auto (the cheaper at the L1's fees when "
           "each tx is sent)")
        ->envname("BATON_BATCHER_DATA_AVAILABILITY")
        ->capture_default_str();
    cmd->add_option("--max-bumps", args->max_bumps, "fee bumps before a tx is given up")
        ->check(whole_number())
        ->capture_default_str()
        ->envname("BATON_BATCHER_MAX_BUMPS");
    cmd->add_flag("--no-backup", args->no_backup,
                  "never post in other leaders' windows, even when the inbox's fallback ladder opens a rung "
                  "(default: back them up; docs/batcher.md)")
        ->envname("BATON_BATCHER_NO_BACKUP");
    cmd->add_option("--log-format", args->log_format, "logfmt or json")
        ->capture_default_str()
        ->envname("BATON_BATCHER_LOG_FORMAT");
    cmd->add_option("--log-level", args->log_level, "debug, info, warn or error")
        ->capture_default_str()
        ->envname("BATON_BATCHER_LOG_LEVEL");
    cmd->callback([args, &exit_code] { exit_code = run_batcher(*args); });
}

}  // namespace baton::apps
