// SPDX-License-Identifier: MIT
#include <baton/apps/deploy_command.hpp>

#include <baton/apps/cli_support.hpp>
#include <baton/apps/key_source.hpp>
#include <baton/apps/output_file.hpp>
#include <baton/core/address.hpp>
#include <baton/core/hex.hpp>
#include <baton/l1/deploy.hpp>
#include <baton/rpc/client.hpp>
#include <baton/rpc/transport.hpp>

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace baton::apps {

namespace {

struct DeployArgs {
    std::string l1_url = "http://127.0.0.1:8545";
    std::string key_file;
    std::vector<std::string> leaders;
    std::uint64_t turn_length = 4;
    std::uint64_t lookahead = 8;
    std::uint64_t start_block = 0;
    l1::LadderSpec ladder;
    std::string mode = "v1";
    std::string batcher;
    std::string artifacts_dir;
    std::string out = "deployment.json";
};

int run_deploy(const DeployArgs& args) {
    l1::DeploySpec spec;
    for (const auto& text : args.leaders) {
        auto address = parse_address(text);
        if (!address) {
            std::cerr << "error: --leaders: '" << text << "' is not an address ("
                      << to_string(address.error()) << ")\n";
            return 2;
        }
        spec.leaders.push_back(*address);
    }
    spec.turn_length = args.turn_length;
    spec.lookahead = args.lookahead;
    spec.start_block = args.start_block;
    spec.ladder = args.ladder;
    if (args.mode == "v0") {
        spec.batcher_hash_mode = l1::BatcherHashMode::kV0Address;
        auto batcher = parse_address(args.batcher);
        if (!batcher) {
            std::cerr << "error: --mode v0 needs --batcher <address>\n";
            return 2;
        }
        spec.batcher = *batcher;
    }

    if (auto writable = check_writable(args.out); !writable) {
        std::cerr << "error: --out: " << writable.error() << "\n";
        return 2;
    }
    auto key = load_private_key(args.key_file, "BATON_DEPLOYER_PRIVATE_KEY");
    if (!key) {
        std::cerr << "error: " << key.error() << "\n";
        return 2;
    }
    auto client = rpc::Client::make(args.l1_url);
    if (!client) {
        std::cerr << "error: --l1 " << rpc::redact_url(args.l1_url) << ": " << rpc::to_string(client.error())
                  << "\n";
        return 2;
    }

    l1::DeployOptions options;
    options.artifacts_dir = args.artifacts_dir;
    auto deployment = l1::deploy(*client, *key, spec, options);
    if (!deployment) {
        std::cerr << "error: deploy: " << l1::to_string(deployment.error()) << "\n";
        return deployment.error().kind == l1::DeployErrorKind::kInvalidSpec ? 2 : 1;
    }
    // The addresses first: contracts now exist on L1, and they must be known even if the file
    // cannot be written after all (checked writable above; a full disk still fails here).
    std::cout << "deployed at L1 block " << deployment->deployed_at_block << "\n"
              << "  RoundRobinInbox " << to_checksum_hex(deployment->inbox.address) << "\n"
              << "  DepositPortal   " << to_checksum_hex(deployment->deposit_portal.address) << "\n"
              << "  SystemConfig    " << to_checksum_hex(deployment->system_config.address) << "\n"
              << "  batcherHash     " << to_hex(deployment->batcher_hash) << std::endl;
    if (auto written = l1::write_deployment_json(*deployment, args.out); !written) {
        std::cerr << "error: " << l1::to_string(written.error()) << "\n";
        return 1;
    }
    std::cout << "wrote " << args.out << "\n";
    return 0;
}

}  // namespace

void add_deploy_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<DeployArgs>();
    auto* cmd = app.add_subcommand("deploy", "Deploy the inbox, deposit portal and SystemConfig to L1");
    cmd->footer(
        "The deployer key is read from --private-key-file (mode 600) or BATON_DEPLOYER_PRIVATE_KEY, never\n"
        "from the command line. Artifacts come from `make build` (contracts/out).");
    cmd->add_option("--l1", args->l1_url, "L1 JSON-RPC URL")
        ->capture_default_str()
        ->envname("BATON_DEPLOY_L1");
    cmd->add_option("--private-key-file", args->key_file, "file holding the deployer's private key (hex)");
    cmd->add_option("--leaders", args->leaders, "initial leaders in turn order (comma-separated addresses)")
        ->required()
        ->delimiter(',');
    cmd->add_option("--turn-length", args->turn_length, "L1 blocks per turn (k)")
        ->check(whole_number(1))
        ->capture_default_str();
    cmd->add_option("--lookahead", args->lookahead, "L1 blocks a leader-set change waits before it applies")
        ->check(whole_number())
        ->capture_default_str();
    cmd->add_option("--start-block", args->start_block, "first L1 block with a leader")
        ->check(whole_number())
        ->capture_default_str();
    cmd->add_option("--ladder-g1", args->ladder.g1,
                    "fallback ladder: blocks at the start of a turn only its leader may post in (then the "
                    "next member may)")
        ->check(whole_number(1, 0xffffffffULL))
        ->capture_default_str();
    cmd->add_option("--ladder-g2", args->ladder.g2,
                    "fallback ladder: further blocks before the second member after the leader may post")
        ->check(whole_number(0, 0xffffffffULL))
        ->capture_default_str();
    cmd->add_option("--ladder-g3", args->ladder.g3,
                    "fallback ladder: further blocks before any member may post")
        ->check(whole_number(0, 0xffffffffULL))
        ->capture_default_str();
    cmd->add_option(
           "--ladder-max-misses", args->ladder.max_misses,
           "fallback ladder: turns in a row a leader may miss before it is demoted (until it posts again)")
        ->check(whole_number(1, 255))
        ->capture_default_str();
    cmd->add_option("--mode", args->mode, "batcherHash version: v1 (leader election) or v0 (one batcher)")
        ->check(CLI::IsMember({"v0", "v1"}))
        ->capture_default_str();
    cmd->add_option("--batcher", args->batcher, "with --mode v0: the only batcher address");
    cmd->add_option("--artifacts", args->artifacts_dir, "forge artifacts folder (default: contracts/out)");
    cmd->add_option("--out", args->out, "where to write the deployment JSON")->capture_default_str();
    cmd->callback([args, &exit_code] { exit_code = run_deploy(*args); });
}

}  // namespace baton::apps
