// SPDX-License-Identifier: MIT
#pragma once

// The running rollup node: the Driver's loop with the wall clock, retries with backoff and a stop
// flag, its JSON-RPC server and its metrics server. `baton node` (apps/node_command.cpp) is a thin
// CLI over this; integration tests may run it in-process.
//
// Lifecycle:
// - make() does everything that can fail because of configuration, before anything runs: the URLs,
//   the data dir (a writable directory) and its heads file, binding both ports, a bounded wait for
//   both nodes to answer eth_chainId, both chain ids against rollup.json, and the engine's genesis
//   against genesis.l2 and L1's genesis.l1 (Driver::start). Its error is one line for `error: …`
//   (exit 2). When `stop` is set during the waits, make() returns at once with kStopped (exit 0).
// - run(stop) loops until `stop` is set (SIGINT/SIGTERM; exit 0) or a critical error (exit 1).
//   One iteration: L1 head (and every few seconds L1 safe/finalized), the sequencer's next block
//   when due, then up to kMaxDeriveSteps derivation steps, persisting safe/finalized when they
//   moved and publishing the sync status. Temporary errors (L1 or engine unreachable) are logged
//   and backed off exponentially from 100 ms to max_backoff; the next success resets the backoff.
//
// RPC (rpc::Server, 127.0.0.1, with its limits: rpc/server.hpp):
//   eth_sendRawTransaction ["0x<signed txn>"]  (sequencer and rotating) users' txns, through TxIngress:
//       never refused because a block is being built (tx_ingress.hpp). A verifier answers -32000.
//   baton_syncStatus   the fixed SyncStatus shape (l1/sync_status.hpp)
//   baton_rollupConfig the rollup.json object
//   baton_unsafeBlocks [from, max]  (rotating only) the newest blocks of this node's chain from
//       `from` on, at most min(max, 256), each as node/unsafe_blocks.hpp encodes it: what a peer
//       rebuilds them from
//   baton_rotationStatus  (rotating only) {"leader","feeRecipient","building","blocksBuilt",
//       "built":[{"number","hash"}…] (this node's own blocks, newest last, at most 4096),
//       "blocksFollowed","unsafeBlocksReplaced","reorgs","maxReorgDepth","servedBlocksRejected",
//       "takeovers","handoverWaits"}
//   baton_outputAtBlock [number]  (a JSON integer or a hex quantity)
//       {"version":"0x00…00","outputRoot","blockRef":L2Ref,"stateRoot","withdrawalStorageRoot"}
//       outputRoot = keccak(bytes32(0) ‖ stateRoot ‖ withdrawalStorageRoot ‖ blockHash), with the
//       storage root of L2ToL1MessagePasser (0x4200…0016) from the engine's eth_getProof. When the
//       engine has no eth_getProof (or fails it), outputRoot and withdrawalStorageRoot are null
//       and "error" says why; the rest is still returned. Blocks above the unsafe head are -32602.
// Metrics: GET /metrics on its own port (node_metrics.hpp); metrics_port 0 disables it.

#include <baton/derive/block_ref.hpp>
#include <baton/l1/sync_status.hpp>
#include <baton/node/driver.hpp>
#include <baton/protocol/rollup_config.hpp>

#include <spdlog/logger.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace baton::node {

// 0x4200000000000000000000000000000000000016
inline constexpr Address kL2ToL1MessagePasserAddress = {0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                                        0,    0, 0, 0, 0, 0, 0, 0, 0, 0x16};

struct NodeServiceConfig {
    DriverMode mode = DriverMode::kVerifier;
    std::string l1_url;
    // The beacon API blobs are read from (l1/beacon_blob_source); empty: l1_url, where anvil serves
    // it. anvil_getBlobByHash on l1_url is the fallback either way.
    std::string l1_beacon_url;
    std::string l2_engine_url;
    protocol::RollupConfig rollup;
    int rpc_port = 0;                 // 0: pick a free port
    std::optional<int> metrics_port;  // nullopt: no metrics server; 0: pick a free port
    std::uint64_t l1_confs = 0;
    std::optional<std::filesystem::path> data_dir;
    Address fee_recipient = derive::kSequencerFeeVaultAddress;
    // Rotating mode (docs/node.md, "Rotating mode"): the batcher address whose turns this node
    // sequences, the other rotating nodes' RPC URLs, and the sequencing map's L1 block time and
    // offset (node/rotation.hpp).
    std::optional<Address> leader;
    std::vector<std::string> peers;
    std::uint64_t l1_block_time = 12;
    std::uint64_t sequencing_offset = 2;
    std::chrono::milliseconds handover_wait{3'000};
    std::chrono::milliseconds startup_wait{10'000};
    std::chrono::milliseconds poll_interval{200};
    std::chrono::milliseconds max_backoff{5'000};
};

// Why make() did not give a node.
struct NodeStartError {
    enum class Kind { kConfig, kStopped };
    Kind kind = Kind::kConfig;
    std::string message;
    bool stopped() const noexcept { return kind == Kind::kStopped; }
};

class NodeService {
public:
    // `stop`, when given, is watched during the startup waits (SIGINT/SIGTERM stop a waiting node).
    static Result<std::unique_ptr<NodeService>, NodeStartError> make(NodeServiceConfig config,
                                                                     std::shared_ptr<spdlog::logger> logger,
                                                                     const std::atomic<bool>* stop = nullptr);
    ~NodeService();
    NodeService(const NodeService&) = delete;
    NodeService& operator=(const NodeService&) = delete;

    // Loops until `stop` is true (returns 0) or a critical error (returns 1).
    int run(const std::atomic<bool>& stop);

    int rpc_port() const noexcept;
    // 0 when metrics are disabled.
    int metrics_port() const noexcept;
    l1::SyncStatus sync_status() const;
    // What GET /metrics serves (also when the metrics server is off).
    std::string metrics_text() const;

    struct Impl;

private:
    explicit NodeService(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// keccak256(bytes32(0) ‖ state_root ‖ message_passer_storage_root ‖ block_hash).
B256 output_root_v0(const B256& state_root, const B256& message_passer_storage_root, const B256& block_hash);

}  // namespace baton::node
