// SPDX-License-Identifier: MIT
#pragma once

// Deploys Baton's L1 contracts (RoundRobinInbox, DepositPortal, SystemConfig) from forge artifacts
// with EIP-1559 transactions signed by Baton, and writes the addresses for the devnet.
//
// Decisions:
// - Order: inbox, portal, then SystemConfig last. SystemConfig needs the inbox address, and
//   deploying it last makes its block (its `startBlock()`, where derivation starts reading
//   ConfigUpdate logs) the block from which all three contracts exist: `deployed_at_block`.
// - One tx at a time: nonce from eth_getTransactionCount (pending), gas from eth_estimateGas plus a
//   margin, fees from the latest base fee and eth_maxPriorityFeePerGas. Each receipt is awaited
//   with a bound, so a node that does not mine is a kTimeout, not a hang. The node must mine by
//   itself (automine or an interval); with anvil --no-mining, deploy with automine on first.
// - A revert is reported with its decoded custom error (via the artifact ABI): from
//   eth_estimateGas before sending, or, for status 0, from replaying the tx with eth_call at the
//   parent block.
// - The deployer key is only used to sign; it is never logged or copied into errors.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/core/secp256k1.hpp>
#include <baton/rpc/client.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace baton::l1 {

enum class BatcherHashMode {
    kV0Address,         // upstream: batcherHash = the batcher address (spec.batcher)
    kV1LeaderElection,  // Baton: batcherHash = 0x01 ‖ 0…; the inbox contract authorizes senders
};

struct DeployedContract {
    Address address{};
    std::uint64_t block_num = 0;  // L1 block that holds the creation tx
    B256 txn_hash{};
    std::uint64_t gas_used = 0;
};

// RoundRobinInbox's fallback ladder (its constructor's trailing LadderConfig; docs/mechanisms.md
// § The fallback ladder): when a turn's leader is silent, the next member may post from block G1 of
// the turn, the one after it from G1 + G2, any member from G1 + G2 + G3, and a leader that missed
// max_misses turns in a row is demoted until it posts again.
struct LadderSpec {
    std::uint64_t g1 = 2;          // blocks of a turn only its leader may post in, [1, 2^32)
    std::uint64_t g2 = 1;          // further blocks before the second backup may post, < 2^32
    std::uint64_t g3 = 1;          // further blocks before any member may post, < 2^32
    std::uint64_t max_misses = 2;  // misses in a row that demote a leader, [1, 255]
};

struct DeploySpec {
    std::vector<Address> leaders;   // initial roster, in turn order
    std::uint64_t turn_length = 0;  // k, L1 blocks per turn (>= 1)
    std::uint64_t lookahead = 0;    // L >= 1
    std::uint64_t start_block = 0;  // first block with a leader
    LadderSpec ladder;              // the inbox's fallback ladder
    BatcherHashMode batcher_hash_mode = BatcherHashMode::kV1LeaderElection;
    // kV0Address only: the one batcher allowed by derivation.
    std::optional<Address> batcher;
    // What SystemConfig announces as BATCH_INBOX. Unset: the inbox contract. Setting it is only
    // allowed in kV0Address mode (leader election needs the contract to check senders).
    std::optional<Address> batch_inbox;
    std::uint64_t gas_limit = 30'000'000;  // L2 gas limit, 21M..500M
    std::uint32_t basefee_scalar = 1368;
    std::uint32_t blobbasefee_scalar = 810949;
    // kV1LeaderElection only: the inbox a mechanism's deploy script already created
    // (node/mechanism_deploy.hpp). deploy() then creates only the portal and SystemConfig; the roster
    // and turn fields above are recorded as the script's inputs, not used.
    std::optional<DeployedContract> existing_inbox;
    std::optional<Address> owner;                // unset: the deployer
    std::optional<Address> unsafe_block_signer;  // unset: the deployer
};

struct DeployOptions {
    std::filesystem::path artifacts_dir;  // empty: default_artifacts_dir()
    std::chrono::milliseconds receipt_timeout{60'000};
    std::chrono::milliseconds poll_interval{50};
    // Gas limit = estimate * (100 + margin) / 100.
    std::uint64_t gas_margin_percent = 20;
};

enum class [[nodiscard]] DeployErrorKind{
    kInvalidSpec,  // the spec breaks a rule the contracts would revert on, or is contradictory
    kArtifact,     // an artifact could not be loaded
    kRpc,          // a JSON-RPC call failed (transport, node error, decoding)
    kReverted,     // a deployment reverted (estimate or receipt status 0); detail has the error
    kTimeout,      // no receipt within the bound
    kNoContract,   // a successful receipt without a contract address or code
    kSigning,      // signing failed
    kIo,           // the deployment JSON could not be written
};

const char* to_string(DeployErrorKind kind) noexcept;

struct DeployError {
    DeployErrorKind kind = DeployErrorKind::kRpc;
    std::string contract;  // which deployment failed, empty when none in particular
    std::string detail;
    std::optional<Bytes> revert_data;  // raw revert bytes for kReverted, when the node gave them
};

// "<kind> (<contract>): <detail>".
std::string to_string(const DeployError& error);

struct Deployment {
    DeployedContract inbox;  // RoundRobinInbox
    DeployedContract deposit_portal;
    DeployedContract system_config;
    Address batch_inbox{};  // what SystemConfig announces (the inbox unless overridden)
    B256 batcher_hash{};
    std::uint64_t deployed_at_block = 0;  // == system_config.block_num: everything exists from here
    DeploySpec spec;
    std::uint64_t chain_id = 0;
};

// Deploys all three contracts (two with spec.existing_inbox). Fails on the first error; contracts
// deployed before it stay.
Result<Deployment, DeployError> deploy(rpc::Client& client, const PrivateKey& deployer,
                                       const DeploySpec& spec, const DeployOptions& options = {});

// Deploys one more RoundRobinInbox with `spec`'s roster and turns, owned by spec.owner (unset: the
// deployer); for governance moving the batch inbox (SystemConfig.setBatchInbox).
Result<DeployedContract, DeployError> deploy_inbox(rpc::Client& client, const PrivateKey& deployer,
                                                   const DeploySpec& spec, const DeployOptions& options = {});

// The devnet's view of a deployment:
//   {"system_config":"0x…","batch_inbox":"0x…","deposit_portal":"0x…","deployed_at_block":N,
//    "leaders":["0x…",…],"turn_length":K,"lookahead":L,"start_block":S,
//    "inbox_contract":"0x…","batcher_hash":"0x…","l1_chain_id":C,
//    "blocks":{"inbox":…,"deposit_portal":…,"system_config":…}}
// Addresses are EIP-55 checksummed.
std::string deployment_json(const Deployment& deployment);
// Writes deployment_json() to `path` (replacing it through a temp file and a rename, so a reader
// never sees half a file).
Result<void, DeployError> write_deployment_json(const Deployment& deployment,
                                                const std::filesystem::path& path);

// ABI encoding of RoundRobinInbox's constructor arguments (core's ABI codec has no arrays):
// (owner, turn_length, lookahead, start_block, leaders, (g1, g2, g3, max_misses)).
Bytes encode_inbox_constructor_args(const Address& owner, const DeploySpec& spec);

}  // namespace baton::l1
