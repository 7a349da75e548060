// SPDX-License-Identifier: MIT
#pragma once

// The sequencer's block building (op-node's sequencing/, apart from the driver's derivation): the
// next unsafe block after the unsafe head. Its L1 origin comes from select_l1_origin (with the
// conf depth), its L1-info deposit and the epoch's user deposits from derive's AttributesBuilder
// (the code verifiers run), then the engine's pool (no_tx_pool = false) unless the drift or window
// forbids txns. If a build with the pool still fails critically, the block is built without the
// pool rather than halting (a safety net: the engine holds back the pool txns it cannot mine).
//
// The Driver owns the heads and decides when a block is due and whether the unsafe chain still
// sits on canonical L1; the Sequencer only builds. Like the driver it is deterministic: no clock,
// socket or thread.

#include <baton/derive/attributes_builder.hpp>
#include <baton/derive/block_ref.hpp>
#include <baton/derive/metrics.hpp>
#include <baton/derive/providers.hpp>
#include <baton/node/driver_error.hpp>
#include <baton/node/driver_metrics.hpp>
#include <baton/node/engine.hpp>
#include <baton/protocol/rollup_config.hpp>
#include <baton/protocol/system_config.hpp>

#include <spdlog/logger.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

namespace baton::node {

// The SystemConfig as of an L1 block (its updates included): what Pipeline::reset and the
// sequencer's attributes builder start from. The node wires SystemConfigTracker; tests a lambda.
using SystemConfigLookup =
    std::function<derive::PipelineResult<protocol::SystemConfig>(const derive::L1BlockRef& block)>;

struct SequencerConfig {
    std::uint64_t l1_confs = 0;  // L1 blocks behind the head an origin must be
    Address fee_recipient = derive::kSequencerFeeVaultAddress;
};

class Sequencer {
public:
    // `rollup`, `engine`, `l1`, `system_config`, the telemetry's targets and `metrics` outlive the
    // sequencer; `logger` is non-null.
    Sequencer(const protocol::RollupConfig& rollup, SequencerConfig config, Engine& engine,
              derive::L1Provider& l1, const SystemConfigLookup& system_config,
              std::shared_ptr<spdlog::logger> logger, derive::Telemetry telemetry, DriverMetrics& metrics);

    // Builds the block after `unsafe` (at unsafe.timestamp + block_time) on the engine. `origin` is
    // the unsafe head's L1 origin, checked canonical by the caller. nullopt when the sequencer must
    // wait for L1 (sequencer drift reached, or the origin moved under it: re-checked next time).
    DriverResult<std::optional<derive::L2BlockRef>> build_next(const derive::L2BlockRef& unsafe,
                                                               const derive::L1BlockRef& origin,
                                                               const derive::L1BlockRef& l1_head);

    // The unsafe chain was replaced (a reorg, a restart): the SystemConfig the sequencer carried
    // along it no longer applies and is read again from L1.
    void forget_system_config() noexcept { system_config_at_.reset(); }
    // The attributes of the last block build_next built (its pool txns are the engine's: only the
    // deposits are listed).
    const derive::PayloadAttributes& last_attributes() const noexcept { return last_attributes_; }

private:
    DriverResult<void> load_system_config(const derive::L2BlockRef& unsafe);
    DriverError engine_error(const EngineError& e);

    const protocol::RollupConfig& rollup_;
    SequencerConfig config_;
    Engine& engine_;
    derive::L1Provider& l1_;
    const SystemConfigLookup& system_config_;
    std::shared_ptr<spdlog::logger> logger_;
    derive::Telemetry telemetry_;
    DriverMetrics& metrics_;
    // The sequencer's SystemConfig as of L1 block config_block_ (see AttributesBuilder::build).
    std::optional<protocol::SystemConfig> system_config_at_;
    std::uint64_t config_block_ = 0;
    derive::PayloadAttributes last_attributes_;
};

}  // namespace baton::node
