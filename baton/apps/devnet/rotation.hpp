// SPDX-License-Identifier: MIT
#pragma once

// `baton devnet --rotate` (issue 15): what the devnet knows about who built which L2 block, and the
// figures it reports. Pure: the rotation watcher feeds in each node's baton_rotationStatus, the
// end of the run the verifier's safe blocks and the recipients' balances.
//
// - Builder of an L2 block: the batcher whose rotating node lists the block's hash in `built`. Hashes
//   are unique (each builder has its own fee recipient, so two builders never make the same block),
//   so hash → builder is enough; a block no node listed has an unknown builder.
// - fee_recipients_match: every safe L2 block after genesis on the verifier has a known builder and
//   its coinbase (`miner`) is that builder's configured fee recipient. False when no block was
//   derived: nothing was shown.
// - unsafe blocks replaced, handover reorgs, their deepest depth and takeovers: the nodes' own
//   counters (sum, sum, max, sum) as last seen, a killed node's as polled right before the kill.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/core/u256.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace baton::apps::devnet {

// One block in a rotating node's `built` list.
struct BuiltBlock {
    std::uint64_t number = 0;
    B256 hash{};
};

// baton_rotationStatus([]) of a `baton node --mode rotating`.
struct RotationStatus {
    Address leader{};
    Address fee_recipient{};
    bool building = false;
    std::uint64_t blocks_built = 0;
    std::vector<BuiltBlock> built;  // the blocks it built itself, newest last (the last 4096 at most)
    std::uint64_t blocks_followed = 0;
    std::uint64_t unsafe_blocks_replaced = 0;
    std::uint64_t reorgs = 0;
    std::uint64_t max_reorg_depth = 0;
    std::uint64_t takeovers = 0;
    // Optional in the answer (0 when absent): served blocks our engine did not rebuild to the served
    // hash, and turn starts at which the node waited for the outgoing builder's last blocks.
    std::uint64_t served_blocks_rejected = 0;
    std::uint64_t handover_waits = 0;
};

// Numbers may be JSON numbers or hex quantities; a missing or mistyped field is an error naming it.
Result<RotationStatus, std::string> decode_rotation_status(const nlohmann::json& j);

// Batcher i's (1-based) fee recipient under --rotate: 0x000…0fee<i> (0x…fee1, 0x…fee2, …): no dev
// account, no predeploy, no vault, and nobody sends to it, so its balance at the end is what it
// earned as a block producer.
Address fee_recipient_of(std::size_t batcher);

// An L2 block and the batcher (1-based) that built it.
struct BuiltBy {
    std::uint64_t number = 0;
    B256 hash{};
    std::size_t builder = 0;
};

// hash → builder, from every `built` list seen.
class BuilderIndex {
public:
    // Records batcher `builder`'s `built` list; returns its blocks not seen before, oldest first.
    std::vector<BuiltBy> add(std::size_t builder, const std::vector<BuiltBlock>& built);
    std::optional<std::size_t> builder_of(const B256& hash) const;
    std::size_t size() const noexcept { return by_hash_.size(); }

private:
    std::map<B256, std::size_t> by_hash_;
};

// A safe block on the verifier's L2 engine, as the end-of-run check reads it.
struct SafeL2Block {
    std::uint64_t number = 0;
    B256 hash{};
    Address miner{};
};

struct RotationBatcherStats {
    std::size_t index = 0;  // 1-based
    Address fee_recipient{};
    std::uint64_t blocks_built = 0;       // its node's blocksBuilt, last seen
    std::uint64_t safe_blocks_built = 0;  // of the verifier's safe blocks, the ones it built
    std::optional<U256> fee_revenue_wei;  // the recipient's balance on the verifier's engine at the end
    bool node_killed = false;             // --kill-batcher took its node down
};

struct RotationSummary {
    std::vector<RotationBatcherStats> batchers;
    bool fee_recipients_match = false;
    std::uint64_t safe_blocks_checked = 0;
    std::uint64_t blocks_with_unknown_builder = 0;
    std::uint64_t blocks_with_wrong_recipient = 0;  // known builder, other coinbase
    std::optional<std::uint64_t> first_mismatch;    // the first block of either kind
    std::uint64_t unsafe_blocks_replaced = 0;       // sum over the nodes
    std::uint64_t handover_reorgs = 0;              // sum of `reorgs`
    std::uint64_t handover_reorg_depth_max = 0;     // max of `maxReorgDepth`
    std::uint64_t takeovers = 0;                    // sum
    std::uint64_t handover_waits = 0;               // sum
    std::uint64_t served_blocks_rejected = 0;       // sum
};

struct RotationInputs {
    // Per batcher (index i - 1): its node's last status (nullopt: never answered), its recipient,
    // the recipient's balance at the end (nullopt: not read), and whether its node was killed.
    std::vector<std::optional<RotationStatus>> last_status;
    std::vector<Address> fee_recipients;
    std::vector<std::optional<U256>> fee_revenue;
    std::vector<bool> node_killed;
    std::vector<SafeL2Block> safe_blocks;  // the verifier's, after genesis, up to its safe head
};

RotationSummary summarize_rotation(const RotationInputs& inputs, const BuilderIndex& builders);

}  // namespace baton::apps::devnet
