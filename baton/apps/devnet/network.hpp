// SPDX-License-Identifier: MIT
#pragma once

// The devnet's chains, set up in order: the L1 anvil (automine while the contracts are deployed,
// then interval mining every l1_block_time seconds), the contracts (l1::deploy, v1 leader
// election, the batchers as leaders in turn order), the two L2 engines (anvil --network optimism
// --order fifo --no-mining, same --timestamp and --chain-id, node::prepare_l2_genesis on both,
// genesis checked equal; with --rotate one engine per rotating node instead of the sequencer's, all
// with the same genesis), rollup.json and the batchers' key files (mode 600).
//
// Everything is written under the run folder:
//   anvil-l1.log anvil-l2-sequencer.log anvil-l2-verifier.log  process logs
//   deployment.json rollup.json                                  what the nodes and batchers read
//   keys/batcher-<i>.key                                         private keys, mode 600
//   pids.txt                                                     "<name> <pid>" of every child

#include <baton/apps/devnet/l1_proxy.hpp>
#include <baton/core/result.hpp>
#include <baton/l1/deploy.hpp>
#include <baton/l1/mechanism_deploy.hpp>
#include <baton/node/l2_genesis.hpp>
#include <baton/process/anvil_process.hpp>
#include <baton/protocol/rollup_config.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace baton::apps::devnet {

inline constexpr std::uint64_t kL2ChainId = 901;

// Every anvil of the devnet keeps this many block states, in memory only (--prune-history). By
// default anvil 1.7.1 keeps 500 in memory and writes every older one under ~/.foundry/anvil/tmp/,
// never deleted (8-11 GB after 40k-block runs); the devnet never reads state that old (the deepest
// rollback is an L2 reorg back to the safe head, the deepest L1 reorg --l1-reorg's 32 blocks).
// Blocks, txs, receipts and logs are all kept. The state cache folder anvil still creates on a
// reorg or rollback goes under the run folder (`anvil-cache/<name>`), not the home directory.
inline constexpr std::uint64_t kAnvilStatesKept = 256;
std::vector<std::string> anvil_history_args(const std::filesystem::path& run_dir, const std::string& name);

struct NetworkConfig {
    std::filesystem::path run_dir;
    std::string anvil;  // binary
    std::filesystem::path artifacts_dir;
    l1::MechanismScriptRef mechanism;  // its deploy script creates the inbox
    std::filesystem::path forge;       // the forge binary the script runs with
    std::size_t batchers = 3;
    std::uint64_t turn_length = 4;
    l1::LadderOverrides ladder;  // for the mechanism's deploy script
    std::uint64_t l1_block_time = 2;
    std::uint64_t l2_block_time = 2;
    std::uint64_t l2_blocks_per_channel = 4;
    // With --rotate, one L2 engine per rotating node (`anvil-l2-node-<i>`) instead of the sequencer's.
    bool rotate = false;
};

struct Network {
    process::AnvilProcess l1;
    // The sequencer's engine, or with --rotate one per rotating node (node i's is [i - 1]).
    std::vector<process::AnvilProcess> l2_sequencers;
    process::AnvilProcess l2_verifier;
    std::string l1_url;                          // the L1 anvil: the devnet's own view and its fault injector
    std::unique_ptr<L1Proxy> l1_proxy;           // in front of L1; what the nodes and batchers use
    std::string l1_baton_url;                    // l1_proxy's URL
    std::string l2_sequencer_url;                // l2_sequencer_urls[0]
    std::vector<std::string> l2_sequencer_urls;  // same order as l2_sequencers
    std::string l2_verifier_url;
    std::uint64_t l1_chain_id = 0;
    l1::Deployment deployment;
    node::L2Genesis genesis;
    protocol::RollupConfig rollup;
    std::filesystem::path rollup_path;
    std::vector<Address> batchers;                 // batcher i (1-based) is batchers[i - 1]
    std::vector<std::filesystem::path> key_files;  // same order
    l1::MechanismDeploySpec mechanism;             // how the inbox was deployed (--change-inbox repeats it)
};

// Runs the mechanism's deploy script (`spec`) with config's forge; forge's output goes to
// `<run dir>/forge-<work_name>`. The inbox it returned, with the block of the script's last tx.
Result<l1::DeployedContract, std::string> deploy_mechanism_inbox(const NetworkConfig& config,
                                                                 const l1::MechanismDeploySpec& spec,
                                                                 const std::string& work_name);

// `stop` is checked between steps, so Ctrl-C during setup ends it early (the error says so). On
// failure the processes started so far are stopped by the returned error path's destructors.
Result<Network, std::string> start_network(const NetworkConfig& config, const std::atomic<bool>& stop);

// The rollup.json the devnet writes (pure, for tests): every fork through Isthmus at genesis,
// baton_time 0, Jovian unset (Baton's L1Block has no Jovian setter, docs/node.md).
protocol::RollupConfig make_rollup_config(const l1::Deployment& deployment,
                                          const protocol::BlockId& l1_genesis,
                                          const node::L2Genesis& l2_genesis, std::uint64_t l1_chain_id,
                                          const NetworkConfig& config);

// One of the devnet's anvils (process::AnvilProcess): `name` names its log (`<run dir>/<name>.log`)
// and its line in pids.txt; `args` come after --host/--port. Waits up to 20 s for eth_chainId.
Result<process::AnvilProcess, std::string> start_anvil(const std::string& binary, const std::string& name,
                                                       const std::vector<std::string>& args,
                                                       const std::filesystem::path& run_dir);

// Writes `text` to `path` with mode 600, refusing to follow an existing file.
Result<void, std::string> write_private_file(const std::filesystem::path& path, const std::string& text);

}  // namespace baton::apps::devnet
