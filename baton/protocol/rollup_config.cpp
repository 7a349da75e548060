// SPDX-License-Identifier: MIT
#include <baton/protocol/rollup_config.hpp>

#include <array>
#include <string>

namespace baton::protocol {

const char* to_string(RollupConfigError e) noexcept {
    switch (e) {
        case RollupConfigError::kBlockTimeZero:
            return "block_time is zero";
        case RollupConfigError::kMissingChannelTimeout:
            return "channel_timeout is zero";
        case RollupConfigError::kInvalidSeqWindowSize:
            return "seq_window_size is less than 2";
        case RollupConfigError::kMissingGenesisL1Hash:
            return "genesis L1 hash is zero";
        case RollupConfigError::kMissingGenesisL2Hash:
            return "genesis L2 hash is zero";
        case RollupConfigError::kGenesisHashesSame:
            return "genesis L1 and L2 hashes are the same";
        case RollupConfigError::kMissingGenesisL2Time:
            return "genesis l2_time is zero";
        case RollupConfigError::kMissingBatcherAddr:
            return "genesis batcher address is zero";
        case RollupConfigError::kMissingScalar:
            return "genesis scalar is zero";
        case RollupConfigError::kMissingGasLimit:
            return "genesis gas limit is zero";
        case RollupConfigError::kMissingBatchInboxAddress:
            return "batch_inbox_address is zero";
        case RollupConfigError::kMissingDepositContractAddress:
            return "deposit_contract_address is zero";
        case RollupConfigError::kMissingL1ChainId:
            return "l1_chain_id is missing";
        case RollupConfigError::kMissingL2ChainId:
            return "l2_chain_id is missing";
        case RollupConfigError::kChainIdsSame:
            return "l1_chain_id and l2_chain_id are the same";
        case RollupConfigError::kL1ChainIdNotPositive:
            return "l1_chain_id is not positive";
        case RollupConfigError::kL2ChainIdNotPositive:
            return "l2_chain_id is not positive";
        case RollupConfigError::kForkPriorMissing:
            return "fork set but prior fork missing";
        case RollupConfigError::kForkPriorLater:
            return "fork set earlier than prior fork";
        case RollupConfigError::kBatonWithoutHolocene:
            return "baton_time needs holocene_time at or before it";
        case RollupConfigError::kInvalidBlocksPerChannel:
            return "l2_blocks_per_channel must be at least 1";
        case RollupConfigError::kBlockTimeTooLarge:
            return "block_time must be at most 3600 seconds";
        case RollupConfigError::kBlocksPerChannelTooLarge:
            return "l2_blocks_per_channel must be at most 3600";
        case RollupConfigError::kInvalidEip1559Params:
            return "genesis eip1559 denominator is zero while the elasticity is not";
        case RollupConfigError::kInvalidChainOpConfig:
            return "chain_op_config has a zero eip1559 denominator or elasticity";
        case RollupConfigError::kJovianUnsupported:
            return "jovian_time is set: Baton's L1Block predeploy has no Jovian setter, so every "
                   "Jovian L1-info deposit would revert";
        case RollupConfigError::kInteropUnsupported:
            return "interop_time is set: Baton implements no interop rules";
        case RollupConfigError::kMissingSystemConfigAddress:
            return "l1_system_config_address is zero: Baton reads the batch inbox, the batcherHash "
                   "and config updates from the SystemConfig contract";
    }
    return "unknown rollup config error";
}

namespace {

struct Fork {
    const char* name;
    const std::optional<std::uint64_t>* time;
};

Result<void, RollupConfigCheckFailure> fail(RollupConfigError e, std::string detail = {}) {
    return baton::unexpected(RollupConfigCheckFailure{e, std::move(detail)});
}

}  // namespace

Result<void, RollupConfigCheckFailure> RollupConfig::check() const {
    if (block_time == 0) return fail(RollupConfigError::kBlockTimeZero);
    if (block_time > kMaxBlockTime) return fail(RollupConfigError::kBlockTimeTooLarge);
    if (channel_timeout == 0) return fail(RollupConfigError::kMissingChannelTimeout);
    if (seq_window_size < 2) return fail(RollupConfigError::kInvalidSeqWindowSize);
    if (genesis.l1.hash == B256{}) return fail(RollupConfigError::kMissingGenesisL1Hash);
    if (genesis.l2.hash == B256{}) return fail(RollupConfigError::kMissingGenesisL2Hash);
    if (genesis.l1.hash == genesis.l2.hash) return fail(RollupConfigError::kGenesisHashesSame);
    if (genesis.l2_time == 0) return fail(RollupConfigError::kMissingGenesisL2Time);
    if (genesis.system_config.batcher_hash == B256{}) return fail(RollupConfigError::kMissingBatcherAddr);
    if (genesis.system_config.scalar == B256{}) return fail(RollupConfigError::kMissingScalar);
    if (genesis.system_config.gas_limit == 0) return fail(RollupConfigError::kMissingGasLimit);
    if (batch_inbox_address == Address{}) return fail(RollupConfigError::kMissingBatchInboxAddress);
    if (deposit_contract_address == Address{}) return fail(RollupConfigError::kMissingDepositContractAddress);
    // Chain ids are unsigned here; the JSON codec reports absent and negative ids itself.
    if (l1_chain_id == l2_chain_id && l1_chain_id != 0) return fail(RollupConfigError::kChainIdsSame);
    if (l1_chain_id == 0) return fail(RollupConfigError::kL1ChainIdNotPositive);
    if (l2_chain_id == 0) return fail(RollupConfigError::kL2ChainIdNotPositive);
    // op-geth's ValidateHolocene1559Params: all-zero means "use the chain defaults", but a zero
    // denominator with an elasticity would divide by zero in the base fee.
    const auto& sc = genesis.system_config;
    if (sc.eip1559_denominator == 0 && sc.eip1559_elasticity != 0)
        return fail(RollupConfigError::kInvalidEip1559Params);
    // The defaults those zeros stand for: each one divides in the base-fee formula.
    if (chain_op_config &&
        (chain_op_config->eip1559_denominator == 0 || chain_op_config->eip1559_denominator_canyon == 0 ||
         chain_op_config->eip1559_elasticity == 0)) {
        return fail(RollupConfigError::kInvalidChainOpConfig);
    }

    // op-node checkForkOrder; pectra_blob_schedule is an L1 schedule switch outside the chain.
    const std::array<Fork, 10> forks = {{{"regolith", &regolith_time},
                                         {"canyon", &canyon_time},
                                         {"delta", &delta_time},
                                         {"ecotone", &ecotone_time},
                                         {"fjord", &fjord_time},
                                         {"granite", &granite_time},
                                         {"holocene", &holocene_time},
                                         {"isthmus", &isthmus_time},
                                         {"jovian", &jovian_time},
                                         {"interop", &interop_time}}};
    for (std::size_t i = 1; i < forks.size(); ++i) {
        const auto& prior = *forks[i - 1].time;
        const auto& next = *forks[i].time;
        if (!next) continue;
        if (!prior) {
            return fail(RollupConfigError::kForkPriorMissing,
                        std::string("fork ") + forks[i].name + " set (to " + std::to_string(*next) +
                            "), but prior fork " + forks[i - 1].name + " missing");
        }
        if (*prior > *next) {
            return fail(RollupConfigError::kForkPriorLater,
                        std::string("fork ") + forks[i].name + " set to " + std::to_string(*next) +
                            ", but prior fork " + forks[i - 1].name + " has higher offset " +
                            std::to_string(*prior));
        }
    }
    if (baton_time) {
        // Baton's rules are written against Holocene's strict ordering.
        if (!holocene_time || *holocene_time > *baton_time) {
            return fail(RollupConfigError::kBatonWithoutHolocene);
        }
        if (l2_blocks_per_channel == 0) return fail(RollupConfigError::kInvalidBlocksPerChannel);
    }
    // Checked with or without baton_time: the field is written back and a later baton_time would
    // make it live.
    if (l2_blocks_per_channel > kMaxL2BlocksPerChannel)
        return fail(RollupConfigError::kBlocksPerChannelTooLarge);
    return {};
}

std::vector<RollupConfigCheckFailure> RollupConfig::unsupported_features() const {
    std::vector<RollupConfigCheckFailure> found;
    const auto add = [&found](RollupConfigError e) { found.push_back({e, to_string(e)}); };
    if (jovian_time) add(RollupConfigError::kJovianUnsupported);
    if (interop_time) add(RollupConfigError::kInteropUnsupported);
    if (l1_system_config_address == Address{}) add(RollupConfigError::kMissingSystemConfigAddress);
    return found;
}

}  // namespace baton::protocol
