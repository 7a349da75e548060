// SPDX-License-Identifier: MIT
#include <baton/apps/node_command.hpp>

#include <baton/apps/cli_support.hpp>
#include <baton/core/address.hpp>
#include <baton/node/node_service.hpp>
#include <baton/node/rollup_config_json.hpp>
#include <baton/process/logging.hpp>
#include <baton/process/stop_signal.hpp>

#include <CLI/CLI.hpp>

#include <atomic>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

namespace baton::apps {
namespace {

struct NodeArgs {
    std::string mode;
    std::string l1_url;
    std::string l1_beacon_url;
    std::string l2_engine_url;
    std::string rollup_config;
    int rpc_port = 9545;
    int metrics_port = 7300;
    std::string log_format = "logfmt";
    std::string log_level = "info";
    std::uint64_t l1_confs = 0;
    std::string data_dir;
    std::string fee_recipient = "0x4200000000000000000000000000000000000011";
    std::uint64_t startup_wait = 10;
    // Rotating mode.
    std::string leader;
    std::vector<std::string> peers;
    std::uint64_t l1_block_time = 12;
    std::uint64_t sequencing_offset = 2;
    double handover_wait = 3.0;
};

// A day: longer is a typo (or a wrapped negative), and std::chrono::seconds would overflow near 2^63.
constexpr std::uint64_t kMaxStartupWaitSeconds = 86'400;
// A day of 12-second L1 blocks: a deeper confirmation depth would stall the sequencer's origin.
constexpr std::uint64_t kMaxL1Confs = 7'200;
// Rotating mode: bounds that keep the sequencing map and the handover meaningful.
constexpr std::uint64_t kMaxL1BlockTime = 3'600;
constexpr std::uint64_t kMaxSequencingOffset = 1'024;
constexpr double kMaxHandoverWaitSeconds = 600.0;

int fail_config(const std::string& message) {
    std::cerr << "error: " << message << "\n";
    return 2;
}

int run_node(const NodeArgs& args) {
    const auto mode = node::parse_driver_mode(args.mode);
    if (!mode)
        return fail_config("--mode must be sequencer, verifier or rotating, not \"" + args.mode + "\"");
    if (args.l1_url.empty()) return fail_config("--l1 (or BATON_NODE_L1) is required");
    if (args.l2_engine_url.empty()) return fail_config("--l2-engine (or BATON_NODE_L2_ENGINE) is required");
    if (args.rollup_config.empty())
        return fail_config("--rollup-config (or BATON_NODE_ROLLUP_CONFIG) is required");
    const auto format = process::parse_log_format(args.log_format);
    if (!format) return fail_config("--log-format must be logfmt or json, not \"" + args.log_format + "\"");
    const auto level = process::parse_log_level(args.log_level);
    if (!level)
        return fail_config("--log-level must be debug, info, warn or error, not \"" + args.log_level + "\"");
    const auto fee_recipient = parse_address(args.fee_recipient);
    if (!fee_recipient) {
        return fail_config("--fee-recipient \"" + args.fee_recipient + "\" is not an address (" +
                           to_string(fee_recipient.error()) + ")");
    }

    std::optional<Address> leader;
    if (!args.leader.empty()) {
        auto parsed = parse_address(args.leader);
        if (!parsed)
            return fail_config("--leader \"" + args.leader + "\" is not an address (" +
                               to_string(parsed.error()) + ")");
        leader = *parsed;
    }
    if (*mode == node::DriverMode::kRotating && !leader)
        return fail_config(
            "--mode rotating needs --leader (the batcher address whose turns this node sequences)");
    if (*mode != node::DriverMode::kRotating && (leader || !args.peers.empty()))
        return fail_config("--leader and --peer are for --mode rotating");

    std::ifstream in(args.rollup_config);
    if (!in) return fail_config("cannot read --rollup-config " + args.rollup_config);
    std::stringstream text;
    text << in.rdbuf();
    auto rollup = node::load_runnable_rollup_config_json(text.str());
    if (!rollup) {
        return fail_config("invalid rollup config " + args.rollup_config + ": " +
                           node::to_one_line(rollup.error()));
    }

    node::NodeServiceConfig config;
    config.mode = *mode;
    config.l1_url = args.l1_url;
    config.l1_beacon_url = args.l1_beacon_url;
    config.l2_engine_url = args.l2_engine_url;
    config.rollup = *rollup;
    config.rpc_port = args.rpc_port;
    if (args.metrics_port != 0) config.metrics_port = args.metrics_port;
    config.l1_confs = args.l1_confs;
    if (!args.data_dir.empty()) config.data_dir = args.data_dir;
    config.fee_recipient = *fee_recipient;
    config.startup_wait = std::chrono::seconds(args.startup_wait);
    config.leader = leader;
    config.peers = args.peers;
    config.l1_block_time = args.l1_block_time;
    config.sequencing_offset = args.sequencing_offset;
    config.handover_wait = std::chrono::milliseconds(static_cast<std::int64_t>(args.handover_wait * 1000.0));

    auto logger = process::make_logger("node", *format, *level);
    // Handlers first: a signal during the startup wait stops the node at once.
    const std::atomic<bool>& stop = process::install_stop_signals();
    auto service = node::NodeService::make(std::move(config), logger, &stop);
    if (!service) {
        if (service.error().stopped()) {
            process::log(*logger, spdlog::level::info, "stopped during startup", {});
            logger->flush();
            return 0;
        }
        return fail_config(service.error().message);
    }
    const int code = (*service)->run(stop);
    logger->flush();
    return code;
}

}  // namespace

void add_node_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<NodeArgs>();
    CLI::App* cmd = app.add_subcommand(
        "node",
        "Run the rollup node: a sequencer builds L2 blocks every block_time and derives its safe chain from "
        "L1; a verifier derives and builds every block from L1 alone; a rotating node builds the L2 blocks "
        "of "
        "its leader's turns and follows its peers' in between (docs/node.md). Every flag is also an "
        "environment variable "
        "BATON_NODE_<FLAG> (e.g. BATON_NODE_L2_ENGINE). Exit 0 on SIGINT/SIGTERM, 1 on a critical error, 2 "
        "on "
        "bad configuration.");
    cmd->add_option("--mode", args->mode,
                    "sequencer (builds blocks), verifier (derives them from L1) or rotating (builds its "
                    "leader's turns, follows its peers')")
        ->envname("BATON_NODE_MODE");
    cmd->add_option("--l1", args->l1_url, "L1 JSON-RPC URL (http://host:port)")->envname("BATON_NODE_L1");
    cmd->add_option(
           "--l1-beacon", args->l1_beacon_url,
           "beacon API URL blob data is read from (GET /eth/v1/beacon/blobs/{block}); default: the --l1 "
           "URL, where anvil serves it; anvil_getBlobByHash is the fallback. Every blob is checked "
           "against its versioned hash (KZG)")
        ->envname("BATON_NODE_L1_BEACON");
    cmd->add_option("--l2-engine", args->l2_engine_url,
                    "L2 engine URL: an anvil started with --network optimism --order fifo --no-mining")
        ->envname("BATON_NODE_L2_ENGINE");
    cmd->add_option("--rollup-config", args->rollup_config, "rollup.json of the chain")
        ->envname("BATON_NODE_ROLLUP_CONFIG");
    cmd->add_option("--rpc-port", args->rpc_port,
                    "port of the node's JSON-RPC server on 127.0.0.1 (baton_syncStatus, baton_rollupConfig, "
                    "baton_outputAtBlock); 0 picks a free port")
        ->envname("BATON_NODE_RPC_PORT")
        ->check(whole_number(0, 65535))
        ->capture_default_str();
    cmd->add_option("--metrics-port", args->metrics_port,
                    "port of the Prometheus GET /metrics server on 127.0.0.1; 0 disables metrics")
        ->envname("BATON_NODE_METRICS_PORT")
        ->check(whole_number(0, 65535))
        ->capture_default_str();
    cmd->add_option("--log-format", args->log_format, "logfmt (op-node style t=… lvl=… msg=…) or json")
        ->envname("BATON_NODE_LOG_FORMAT")
        ->capture_default_str();
    cmd->add_option("--log-level", args->log_level, "debug, info, warn or error")
        ->envname("BATON_NODE_LOG_LEVEL")
        ->capture_default_str();
    cmd->add_option("--l1-confs", args->l1_confs,
                    "sequencer: L1 blocks an origin must be below the L1 head before it is adopted")
        ->envname("BATON_NODE_L1_CONFS")
        ->check(whole_number(0, kMaxL1Confs))
        ->capture_default_str();
    cmd->add_option(
           "--data-dir", args->data_dir,
           "directory for the persisted safe and finalized heads (heads.json, replaced atomically); "
           "without it a verifier resumes from its engine head and a sequencer re-derives from genesis")
        ->envname("BATON_NODE_DATA_DIR");
    cmd->add_option("--fee-recipient", args->fee_recipient,
                    "sequencer and rotating: coinbase of built blocks; verifiers reproduce it from the batch "
                    "(a Baton span batch under batcherHash v1), else derived blocks use the fee vault")
        ->envname("BATON_NODE_FEE_RECIPIENT")
        ->capture_default_str();
    cmd->add_option("--startup-wait", args->startup_wait,
                    "seconds to wait at startup for the L1 and L2 nodes to answer before exiting with code 2")
        ->envname("BATON_NODE_STARTUP_WAIT")
        ->check(whole_number(0, kMaxStartupWaitSeconds))
        ->capture_default_str();
    cmd->add_option("--leader", args->leader,
                    "rotating: the batcher address whose turns this node sequences (its leaderAt windows)")
        ->envname("BATON_NODE_LEADER");
    cmd->add_option("--peer", args->peers,
                    "rotating: another rotating node's RPC URL (repeat the flag); blocks are fetched from "
                    "and served to them")
        ->envname("BATON_NODE_PEER");
    cmd->add_option("--l1-block-time", args->l1_block_time,
                    "rotating: L1 seconds per block, for the map from L2 timestamps to L1 blocks")
        ->envname("BATON_NODE_L1_BLOCK_TIME")
        ->check(whole_number(1, kMaxL1BlockTime))
        ->capture_default_str();
    cmd->add_option("--sequencing-offset", args->sequencing_offset,
                    "rotating: a leader sequences the L2 blocks of the L1 blocks this many blocks before its "
                    "posting window")
        ->envname("BATON_NODE_SEQUENCING_OFFSET")
        ->check(whole_number(0, kMaxSequencingOffset))
        ->capture_default_str();
    cmd->add_option("--handover-wait", args->handover_wait,
                    "rotating: seconds a node whose turn began waits for the outgoing builder's last blocks "
                    "before building them itself")
        ->envname("BATON_NODE_HANDOVER_WAIT")
        ->check(CLI::Range(0.0, kMaxHandoverWaitSeconds))
        ->capture_default_str();
    cmd->callback([args, &exit_code] { exit_code = run_node(*args); });
}

}  // namespace baton::apps
