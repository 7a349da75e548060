// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/network.hpp>

#include <baton/core/hex.hpp>
#include <baton/l1/artifact.hpp>
#include <baton/l1/dev_accounts.hpp>
#include <baton/l1/leader_schedule.hpp>
#include <baton/node/anvil_engine.hpp>
#include <baton/node/rollup_config_json.hpp>
#include <baton/rpc/client.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>

#include <fcntl.h>
#include <unistd.h>

namespace baton::apps::devnet {

namespace {

using namespace std::chrono_literals;

rpc::ClientOptions short_timeouts() {
    rpc::ClientOptions options;
    options.connect_timeout = 1000ms;
    options.read_timeout = 10000ms;
    return options;
}

std::string stopped() {
    return "stopped during setup";
}

}  // namespace

Result<void, std::string> write_private_file(const std::filesystem::path& path, const std::string& text) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return unexpected("cannot create " + path.string() + ": " + std::strerror(errno));
    const auto n = ::write(fd, text.data(), text.size());
    const bool ok = n == static_cast<ssize_t>(text.size());
    ::close(fd);
    if (!ok) return unexpected("cannot write " + path.string());
    return {};
}

std::vector<std::string> anvil_history_args(const std::filesystem::path& run_dir, const std::string& name) {
    return {"--prune-history", std::to_string(kAnvilStatesKept), "--cache-path",
            (run_dir / "anvil-cache" / name).string()};
}

Result<process::AnvilProcess, std::string> start_anvil(const std::string& binary, const std::string& name,
                                                       const std::vector<std::string>& args,
                                                       const std::filesystem::path& run_dir) {
    process::AnvilSpec spec;
    spec.binary = binary;
    spec.name = name;
    spec.args = args;
    spec.log_path = run_dir / (name + ".log");
    spec.pid_file = run_dir / "pids.txt";
    spec.startup_timeout = 20s;
    return process::AnvilProcess::start(spec);
}

protocol::RollupConfig make_rollup_config(const l1::Deployment& deployment,
                                          const protocol::BlockId& l1_genesis,
                                          const node::L2Genesis& l2_genesis, std::uint64_t l1_chain_id,
                                          const NetworkConfig& config) {
    protocol::RollupConfig cfg;
    cfg.genesis.l1 = l1_genesis;
    cfg.genesis.l2 = l2_genesis.block;
    cfg.genesis.l2_time = l2_genesis.l2_time;
    auto& sys = cfg.genesis.system_config;
    sys.batcher_hash = deployment.batcher_hash;
    // SystemConfig's versioned scalar: 1 << 248 | blobbasefeeScalar << 32 | basefeeScalar.
    sys.scalar[0] = 0x01;
    const auto put32 = [&](std::size_t at, std::uint32_t v) {
        for (std::size_t i = 0; i < 4; ++i) sys.scalar[at + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
    };
    put32(24, deployment.spec.blobbasefee_scalar);
    put32(28, deployment.spec.basefee_scalar);
    sys.gas_limit = deployment.spec.gas_limit;
    cfg.block_time = config.l2_block_time;
    cfg.max_sequencer_drift = 600;
    // Generous: a leader offline for a few turns must not force empty blocks.
    cfg.seq_window_size = 200;
    cfg.channel_timeout = 50;
    cfg.l1_chain_id = l1_chain_id;
    cfg.l2_chain_id = kL2ChainId;
    cfg.activate_forks_through_isthmus();
    cfg.l2_blocks_per_channel = config.l2_blocks_per_channel;
    cfg.batch_inbox_address = deployment.batch_inbox;
    cfg.deposit_contract_address = deployment.deposit_portal.address;
    cfg.l1_system_config_address = deployment.system_config.address;
    cfg.chain_op_config = protocol::ChainOpConfig{6, 50, 250};
    return cfg;
}

Result<l1::DeployedContract, std::string> deploy_mechanism_inbox(const NetworkConfig& config,
                                                                 const l1::MechanismDeploySpec& spec,
                                                                 const std::string& work_name) {
    l1::MechanismDeployOptions options;
    options.forge = config.forge;
    options.work_dir = config.run_dir / ("forge-" + work_name);
    auto deployed = l1::deploy_mechanism(spec, options);
    if (!deployed) {
        return unexpected("mechanism " + spec.script.file.filename().string() + ":" + spec.script.contract +
                          ": " + l1::to_string(deployed.error()));
    }
    l1::DeployedContract inbox;
    inbox.address = deployed->inbox;
    inbox.block_num = deployed->last_block_num;
    return inbox;
}

Result<Network, std::string> start_network(const NetworkConfig& config, const std::atomic<bool>& stop) {
    Network net;
    const auto& dir = config.run_dir;

    // L1: automine while deploying (each deploy tx is mined at once), interval mining afterwards.
    auto l1 = start_anvil(config.anvil, "anvil-l1", anvil_history_args(dir, "anvil-l1"), dir);
    if (!l1) return unexpected("L1 anvil: " + l1.error());
    net.l1 = std::move(*l1);
    net.l1_url = net.l1.url();
    // The nodes and batchers reach L1 through a proxy that --l1-outage cuts.
    const auto colon = net.l1_url.rfind(':');
    auto proxy = L1Proxy::start(std::stoi(net.l1_url.substr(colon + 1)));
    if (!proxy) return unexpected(proxy.error());
    net.l1_proxy = std::move(*proxy);
    net.l1_baton_url = net.l1_proxy->url();
    if (stop) return unexpected(stopped());

    auto l1_client = rpc::Client::make(net.l1_url, short_timeouts());
    if (!l1_client) return unexpected("L1: " + rpc::to_string(l1_client.error()));
    auto chain_id = l1_client->eth_chain_id();
    if (!chain_id) return unexpected("L1 eth_chainId: " + rpc::to_string(chain_id.error()));
    net.l1_chain_id = *chain_id;

    auto deployer = PrivateKey::from_hex(l1::kDevPrivateKeys[l1::kDeployerAccount]);
    if (!deployer) return unexpected("deployer dev key does not parse");
    l1::MechanismDeploySpec mechanism;
    mechanism.script = config.mechanism;
    mechanism.l1_url = net.l1_url;
    mechanism.owner = address_from_private_key(*deployer);
    mechanism.sender = mechanism.owner;
    mechanism.turn_length = config.turn_length;
    mechanism.ladder = config.ladder;
    for (std::size_t i = 0; i < config.batchers; ++i) {
        auto key = PrivateKey::from_hex(l1::kDevPrivateKeys[l1::kFirstBatcherAccount + i]);
        if (!key) return unexpected("dev key " + std::to_string(i) + " does not parse");
        mechanism.batchers.push_back(address_from_private_key(*key));
        mechanism.batcher_keys.emplace_back(l1::kDevPrivateKeys[l1::kFirstBatcherAccount + i]);
    }
    net.batchers = mechanism.batchers;
    // The inbox comes from the mechanism's deploy script (round robin's too: one path for all);
    // the portal and SystemConfig are Baton's own.
    auto inbox = deploy_mechanism_inbox(config, mechanism, "mechanism");
    if (!inbox) return unexpected(inbox.error());
    l1::DeploySpec spec;
    spec.leaders = net.batchers;
    spec.turn_length = config.turn_length;
    spec.batcher_hash_mode = l1::BatcherHashMode::kV1LeaderElection;
    spec.existing_inbox = *inbox;
    auto lookahead = l1::RpcLeaderSchedule(*l1_client).lookahead(inbox->address);
    if (!lookahead) return unexpected("the mechanism's lookahead(): " + l1::to_string(lookahead.error()));
    spec.lookahead = *lookahead;
    net.mechanism = mechanism;
    l1::DeployOptions deploy_options;
    deploy_options.artifacts_dir = config.artifacts_dir;
    auto deployment = l1::deploy(*l1_client, *deployer, spec, deploy_options);
    if (!deployment) return unexpected("deploy: " + l1::to_string(deployment.error()));
    net.deployment = *deployment;
    if (auto written = l1::write_deployment_json(net.deployment, dir / "deployment.json"); !written) {
        return unexpected(l1::to_string(written.error()));
    }
    auto l1_genesis =
        l1_client->eth_get_block_by_number(rpc::BlockTag::at(net.deployment.deployed_at_block), false);
    if (!l1_genesis || !*l1_genesis) return unexpected("L1 genesis block not readable");
    const auto& l1_header = (*l1_genesis)->header;
    if (auto mined = l1_client->call("evm_setIntervalMining", nlohmann::json::array({config.l1_block_time}));
        !mined) {
        return unexpected("evm_setIntervalMining: " + rpc::to_string(mined.error()));
    }
    if (stop) return unexpected(stopped());

    // L2 engines: identical flags, so identical genesis.
    const std::uint64_t l2_time = l1_header.timestamp;
    const auto l2_args = [&](const std::string& name) {
        std::vector<std::string> args = node::anvil_engine_args(l2_time, kL2ChainId);
        for (auto& arg : anvil_history_args(dir, name)) args.push_back(std::move(arg));
        return args;
    };
    // Names as before for the sequencer's (its log is documented); node i's engine under --rotate.
    const std::size_t engines = config.rotate ? config.batchers : 1;
    for (std::size_t i = 1; i <= engines; ++i) {
        const std::string name = config.rotate ? "anvil-l2-node-" + std::to_string(i) : "anvil-l2-sequencer";
        auto seq = start_anvil(config.anvil, name, l2_args(name), dir);
        if (!seq)
            return unexpected((config.rotate ? name : std::string("sequencer L2 anvil")) + ": " +
                              seq.error());
        net.l2_sequencer_urls.push_back(seq->url());
        net.l2_sequencers.push_back(std::move(*seq));
    }
    net.l2_sequencer_url = net.l2_sequencer_urls.front();
    auto ver = start_anvil(config.anvil, "anvil-l2-verifier", l2_args("anvil-l2-verifier"), dir);
    if (!ver) return unexpected("verifier L2 anvil: " + ver.error());
    net.l2_verifier = std::move(*ver);
    net.l2_verifier_url = net.l2_verifier.url();
    if (stop) return unexpected(stopped());

    auto artifact = l1::load_artifact(config.artifacts_dir, "L1Block");
    if (!artifact) return unexpected("L1Block artifact: " + l1::to_string(artifact.error()));
    std::vector<node::L2Genesis> geneses;
    std::vector<std::string> engine_urls = net.l2_sequencer_urls;
    engine_urls.push_back(net.l2_verifier_url);
    for (const auto& url : engine_urls) {
        auto client = rpc::Client::make(url, short_timeouts());
        if (!client) return unexpected(url + ": " + rpc::to_string(client.error()));
        auto genesis = node::prepare_l2_genesis(*client, artifact->runtime_code, l2_time);
        if (!genesis) return unexpected("L2 genesis on " + url + ": " + node::to_string(genesis.error()));
        geneses.push_back(*genesis);
    }
    for (const auto& other : geneses) {
        if (other.block != geneses[0].block || other.state_root != geneses[0].state_root) {
            return unexpected("the L2 engines have different genesis blocks: " +
                              to_hex(geneses[0].block.hash) + " vs " + to_hex(other.block.hash));
        }
    }
    net.genesis = geneses[0];

    net.rollup = make_rollup_config(net.deployment, protocol::BlockId{l1_header.hash, l1_header.number},
                                    net.genesis, net.l1_chain_id, config);
    const std::string rollup_text = node::encode_rollup_config_json(net.rollup).dump(2) + "\n";
    if (auto checked = node::load_rollup_config_json(rollup_text); !checked) {
        return unexpected("rollup.json does not pass its own check: " + checked.error().message);
    }
    net.rollup_path = dir / "rollup.json";
    {
        std::ofstream out(net.rollup_path);
        out << rollup_text;
        if (!out) return unexpected("cannot write " + net.rollup_path.string());
    }

    std::filesystem::create_directories(dir / "keys");
    std::filesystem::permissions(dir / "keys", std::filesystem::perms::owner_all);
    for (std::size_t i = 0; i < config.batchers; ++i) {
        auto path = dir / "keys" / ("batcher-" + std::to_string(i + 1) + ".key");
        if (auto w = write_private_file(
                path, std::string(l1::kDevPrivateKeys[l1::kFirstBatcherAccount + i]) + "\n");
            !w) {
            return unexpected(w.error());
        }
        net.key_files.push_back(path);
    }
    return net;
}

}  // namespace baton::apps::devnet
