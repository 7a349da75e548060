// SPDX-License-Identifier: MIT
#pragma once

// RollupConfig: the static chain parameters of rollup.json (OP-PROTOCOL.md §9), as a plain value.
// JSON lives in baton/node/rollup_config_json.*: domain types stay free of serialization.
//
// Fork times are L2 timestamps; an absent fork is never active. Each rule that depends on a fork
// says which timestamp it is judged by (L1 block, L1 origin, L2 block): see OP-PROTOCOL.md §10.
//
// Baton adds two fields:
// - `baton_time`: activation of Baton's derivation rules (batcherHash version 1, BATCH_INBOX
//   updates, channel block limit). Absent = never. It must not precede Holocene.
// - `l2_blocks_per_channel`: how many L2 blocks a channel carries (1..kMaxL2BlocksPerChannel),
//   required with baton_time.
//
// Beyond op-node's Config.Check, check() bounds what op-node leaves open (block_time, the EIP-1559
// parameters), and unsupported_features() lists what a valid config asks for that Baton cannot run.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/protocol/system_config.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace baton::protocol {

struct BlockId {
    B256 hash{};
    std::uint64_t number = 0;

    friend bool operator==(const BlockId&, const BlockId&) = default;
};

struct Genesis {
    BlockId l1;
    BlockId l2;
    std::uint64_t l2_time = 0;
    SystemConfig system_config;

    friend bool operator==(const Genesis&, const Genesis&) = default;
};

// EIP-1559 defaults of the L2 (op-node ChainOpConfig).
struct ChainOpConfig {
    std::uint64_t eip1559_elasticity = 0;
    std::uint64_t eip1559_denominator = 0;
    std::uint64_t eip1559_denominator_canyon = 0;

    friend bool operator==(const ChainOpConfig&, const ChainOpConfig&) = default;
};

inline constexpr std::uint64_t kGraniteChannelTimeout = 50;
inline constexpr std::uint64_t kFjordMaxSequencerDrift = 1800;

// Every OP chain runs 1- or 2-second blocks. An hour is far above any real value, catches a typo or a
// wrapped negative (2^64-1), and keeps genesis.l2_time + n * block_time far from u64 overflow.
inline constexpr std::uint64_t kMaxBlockTime = 3600;
// A batcher holds a channel's blocks until it has exactly this many, and all of them must land within
// the sequencing window of the first one's L1 origin: 3600 two-second blocks is two hours of L2, well
// inside OP Mainnet's 12-hour window (3600 L1 blocks). The devnet uses 4.
inline constexpr std::uint64_t kMaxL2BlocksPerChannel = 3600;

enum class [[nodiscard]] RollupConfigError{
    kBlockTimeZero,                  // ErrBlockTimeZero
    kMissingChannelTimeout,          // ErrMissingChannelTimeout
    kInvalidSeqWindowSize,           // ErrInvalidSeqWindowSize (< 2)
    kMissingGenesisL1Hash,           // ErrMissingGenesisL1Hash
    kMissingGenesisL2Hash,           // ErrMissingGenesisL2Hash
    kGenesisHashesSame,              // ErrGenesisHashesSame
    kMissingGenesisL2Time,           // ErrMissingGenesisL2Time
    kMissingBatcherAddr,             // ErrMissingBatcherAddr (zero batcherHash)
    kMissingScalar,                  // ErrMissingScalar
    kMissingGasLimit,                // ErrMissingGasLimit
    kMissingBatchInboxAddress,       // ErrMissingBatchInboxAddress
    kMissingDepositContractAddress,  // ErrMissingDepositContractAddress
    kMissingL1ChainId,               // ErrMissingL1ChainID (reported by the JSON codec)
    kMissingL2ChainId,               // ErrMissingL2ChainID (reported by the JSON codec)
    kChainIdsSame,                   // ErrChainIDsSame
    kL1ChainIdNotPositive,           // ErrL1ChainIDNotPositive
    kL2ChainIdNotPositive,           // ErrL2ChainIDNotPositive
    kForkPriorMissing,               // "fork X set (to t), but prior fork Y missing"
    kForkPriorLater,                 // "fork X set to t, but prior fork Y has higher offset u"
    kBatonWithoutHolocene,           // baton_time set, holocene_time absent or later
    kInvalidBlocksPerChannel,        // baton_time set and l2_blocks_per_channel == 0
    kBlockTimeTooLarge,              // block_time > kMaxBlockTime
    kBlocksPerChannelTooLarge,       // l2_blocks_per_channel > kMaxL2BlocksPerChannel
    kInvalidEip1559Params,           // genesis eip1559 denominator 0 with a non-zero elasticity
    kInvalidChainOpConfig,           // chain_op_config with a zero denominator or elasticity
    // What unsupported_features() reports: valid for op-node, not runnable by Baton.
    kJovianUnsupported,           // jovian_time set
    kInteropUnsupported,          // interop_time set
    kMissingSystemConfigAddress,  // l1_system_config_address zero
};

const char* to_string(RollupConfigError e) noexcept;

struct RollupConfigCheckFailure {
    RollupConfigError error;
    std::string detail;  // names the forks for the fork-order errors; empty otherwise
};

struct RollupConfig {
    Genesis genesis;
    std::uint64_t block_time = 0;
    std::uint64_t max_sequencer_drift = 0;
    std::uint64_t seq_window_size = 0;
    std::uint64_t channel_timeout = 0;
    // Chain ids are positive; 0 means unset (check() rejects it).
    std::uint64_t l1_chain_id = 0;
    std::uint64_t l2_chain_id = 0;

    std::optional<std::uint64_t> regolith_time;
    std::optional<std::uint64_t> canyon_time;
    std::optional<std::uint64_t> delta_time;
    std::optional<std::uint64_t> ecotone_time;
    std::optional<std::uint64_t> fjord_time;
    std::optional<std::uint64_t> granite_time;
    std::optional<std::uint64_t> holocene_time;
    std::optional<std::uint64_t> pectra_blob_schedule_time;
    std::optional<std::uint64_t> isthmus_time;
    std::optional<std::uint64_t> jovian_time;
    std::optional<std::uint64_t> interop_time;
    std::optional<std::uint64_t> baton_time;
    std::uint64_t l2_blocks_per_channel = 0;

    Address batch_inbox_address{};
    Address deposit_contract_address{};
    Address l1_system_config_address{};
    Address protocol_versions_address{};
    std::optional<ChainOpConfig> chain_op_config;

    bool is_regolith_active(std::uint64_t ts) const noexcept { return active(regolith_time, ts); }
    bool is_canyon_active(std::uint64_t ts) const noexcept { return active(canyon_time, ts); }
    bool is_delta_active(std::uint64_t ts) const noexcept { return active(delta_time, ts); }
    bool is_ecotone_active(std::uint64_t ts) const noexcept { return active(ecotone_time, ts); }
    bool is_fjord_active(std::uint64_t ts) const noexcept { return active(fjord_time, ts); }
    bool is_granite_active(std::uint64_t ts) const noexcept { return active(granite_time, ts); }
    bool is_holocene_active(std::uint64_t ts) const noexcept { return active(holocene_time, ts); }
    bool is_pectra_blob_schedule_active(std::uint64_t ts) const noexcept {
        return active(pectra_blob_schedule_time, ts);
    }
    bool is_isthmus_active(std::uint64_t ts) const noexcept { return active(isthmus_time, ts); }
    bool is_jovian_active(std::uint64_t ts) const noexcept { return active(jovian_time, ts); }
    bool is_interop_active(std::uint64_t ts) const noexcept { return active(interop_time, ts); }
    bool is_baton_active(std::uint64_t ts) const noexcept { return active(baton_time, ts); }

    // Regolith through Isthmus, and Baton's rules, active from `time` (0: genesis); Jovian and later
    // stay off, because Baton's L1Block predeploy has no Jovian setter (docs/node.md). The forks of
    // the devnet and of the tests that run real engines.
    void activate_forks_through_isthmus(std::uint64_t time = 0) noexcept {
        for (auto* fork : {&regolith_time, &canyon_time, &delta_time, &ecotone_time, &fjord_time,
                           &granite_time, &holocene_time, &isthmus_time, &baton_time}) {
            *fork = time;
        }
    }

    // The first L2 block of a fork (the one whose parent precedes it) still carries the old
    // L1-info layout; these say whether `l2_ts` is that block.
    bool is_ecotone_activation_block(std::uint64_t l2_ts) const noexcept {
        return activation_block(ecotone_time, l2_ts);
    }
    bool is_isthmus_activation_block(std::uint64_t l2_ts) const noexcept {
        return activation_block(isthmus_time, l2_ts);
    }
    bool is_jovian_activation_block(std::uint64_t l2_ts) const noexcept {
        return activation_block(jovian_time, l2_ts);
    }

    // Channel timeout in L1 blocks, judged by the timestamp of the L1 block being processed.
    std::uint64_t channel_timeout_at(std::uint64_t l1_time) const noexcept {
        return is_granite_active(l1_time) ? kGraniteChannelTimeout : channel_timeout;
    }
    // Max sequencer drift, judged by the L1 origin's timestamp.
    std::uint64_t max_sequencer_drift_at(std::uint64_t l1_origin_time) const noexcept {
        return is_fjord_active(l1_origin_time) ? kFjordMaxSequencerDrift : max_sequencer_drift;
    }
    // MAX_RLP_BYTES_PER_CHANNEL, judged by the L1 block being processed.
    std::uint64_t max_rlp_bytes_per_channel_at(std::uint64_t l1_time) const noexcept {
        return is_fjord_active(l1_time) ? 100'000'000 : 10'000'000;
    }
    // L2 timestamp of block `l2_number` (>= genesis.l2.number).
    std::uint64_t timestamp_for_block(std::uint64_t l2_number) const noexcept {
        return genesis.l2_time + (l2_number - genesis.l2.number) * block_time;
    }

    // op-node Config.Check plus Baton's rules; the first failing rule wins, in op-node's order.
    Result<void, RollupConfigCheckFailure> check() const;

    // What a config that passes check() asks for and Baton cannot run, each with a one-line reason in
    // `detail`; empty when Baton can run it. The node and the batcher refuse a config with any.
    std::vector<RollupConfigCheckFailure> unsupported_features() const;

    friend bool operator==(const RollupConfig&, const RollupConfig&) = default;

private:
    static bool active(const std::optional<std::uint64_t>& fork, std::uint64_t ts) noexcept {
        return fork.has_value() && ts >= *fork;
    }
    bool activation_block(const std::optional<std::uint64_t>& fork, std::uint64_t l2_ts) const noexcept {
        return active(fork, l2_ts) && l2_ts >= block_time && !active(fork, l2_ts - block_time);
    }
};

}  // namespace baton::protocol
