// SPDX-License-Identifier: MIT
#pragma once

// The SystemConfig as of an L1 block, rebuilt from L1 alone: what Pipeline::reset() needs after a
// restart or a reorg (pipeline.hpp: "the SystemConfig *as of `l1_origin`*, its updates included",
// with Baton's batch_inbox, which no L2 state holds).
//
// Starts from rollup.json's genesis.system_config, which is the config at genesis.l1, and applies
// the SystemConfig contract's ConfigUpdate logs of blocks (genesis.l1, block] in log order. The
// logs come from eth_getLogs (address + ConfigUpdate topic) in bounded block ranges; each block that
// has some is applied with derive::apply_system_config_updates, the very function L1Traversal uses
// when it walks the same blocks, so both agree by construction: status-1 logs only (eth_getLogs
// returns nothing else), BATCH_INBOX honoured only from baton_time (judged by the block's
// timestamp), a malformed update dropped and counted through the given Telemetry.
//
// Reorgs: every block holding logs is checked against the hash the node reports at its number, and
// `block` itself is checked last; a mismatch is reset/kBlockHashMismatch (the caller's view or the
// node's changed). RPC failures are classified as RpcL1Provider's (rpc_l1_provider.hpp).
//
// The last answer is kept as a checkpoint: a later query at or after it replays only the blocks
// since, once the checkpoint block is confirmed still canonical.

#include <baton/derive/block_ref.hpp>
#include <baton/derive/errors.hpp>
#include <baton/derive/metrics.hpp>
#include <baton/protocol/rollup_config.hpp>
#include <baton/protocol/system_config.hpp>
#include <baton/rpc/client.hpp>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

namespace baton::l1 {

struct SystemConfigTrackerOptions {
    // Blocks per eth_getLogs call. Public endpoints commonly cap ranges (1k..10k blocks).
    std::uint64_t max_log_range = 1000;
};

class SystemConfigTracker {
public:
    SystemConfigTracker(const protocol::RollupConfig& rollup, rpc::Client client,
                        derive::Telemetry telemetry = {}, SystemConfigTrackerOptions options = {});

    // The config after `block`'s own updates. `block` before genesis.l1, or genesis.l1's number
    // with another hash, is critical/kInvariant (a misconfigured rollup.json or the wrong L1).
    derive::PipelineResult<protocol::SystemConfig> system_config_at(const derive::L1BlockRef& block);

    // Failed or rejected RPC calls since construction.
    std::uint64_t rpc_errors() const noexcept { return rpc_errors_.load(std::memory_order_relaxed); }
    // eth_getLogs calls made since construction (tests check the range bound and the checkpoint).
    std::uint64_t log_queries() const noexcept { return log_queries_; }

private:
    struct Checkpoint {
        derive::L1BlockRef block;
        protocol::SystemConfig config;
    };

    // The hash the node has at `number`; reset when it is not `expected`.
    derive::PipelineResult<derive::L1BlockRef> canonical(std::uint64_t number, const B256& expected);
    Unexpected<derive::PipelineError> fail(derive::PipelineError e);

    protocol::RollupConfig rollup_;
    rpc::Client client_;
    derive::Telemetry telemetry_;
    SystemConfigTrackerOptions options_;
    std::optional<Checkpoint> checkpoint_;
    std::atomic<std::uint64_t> rpc_errors_{0};
    std::uint64_t log_queries_ = 0;
};

}  // namespace baton::l1
