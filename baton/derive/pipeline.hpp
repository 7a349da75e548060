// SPDX-License-Identifier: MIT
#pragma once

// The derivation pipeline (op-node DerivationPipeline, kona DerivationPipeline): every stage wired
// in one function, driven one step at a time by the node.
//
//   L1Traversal → L1Retrieval → FrameQueue → ChannelProvider → ChannelReader → BatchStream
//     → BatchValidator → AttributesQueue
//
// ## The step contract
// The node loops: `r = step()`, then
// - kPreparedAttributes: take them with next_attributes(), have the engine execute them (the L2
//   provider's safe head must then be the new block, or a deposit-only replacement of it), step
//   again. Until taken, step() answers kPreparedAttributes again without doing anything.
// - kAdvancedOrigin: the pipeline moved to the next L1 block; step again at once.
// - kNotEnoughData: progress was made without output; step again at once.
// - kEof: derivation reached the L1 head (the next L1 block does not exist yet); wait for a new L1
//   block, then step again.
// - kResetRequired: the pipeline's L1 view is stale (reorg, hash mismatch, inconsistent L1 data;
//   last_error() says which). Compute the restart point with reset_l1_origin_number(), rebuild the
//   SystemConfig as of that L1 block, and call reset().
// - kOriginAdvanceFailed / kStepFailed: last_error() has the error. Temporary (a provider failure):
//   retry later with backoff; no state was lost. Critical: halt.
// The Holocene activation reset is handled inside step() (an ActivationSignal at the block
// traversal entered) and reported as kAdvancedOrigin.
//
// ## Reset
// reset(l2_safe_head, l1_origin, system_config) restarts every stage at `l1_origin`.
// - `l1_origin` must be reset_l1_origin_number(...) blocks' worth behind the safe head's origin so
//   that channels still open at the safe head are read again from their first frame.
// - `system_config` is the SystemConfig *as of `l1_origin`* (its updates included). It must include
//   Baton's batch_inbox, which is in no L2 state: the node rebuilds it from L1 by replaying
//   ConfigUpdate logs (BATCH_INBOX included, from baton_time) of the SystemConfig contract up to
//   `l1_origin`, starting from rollup.json's genesis system config.
// - Before the first step the pipeline must be reset (kStepFailed with kMissingOrigin otherwise).

#include <baton/derive/attributes_queue.hpp>
#include <baton/derive/l1_traversal.hpp>
#include <baton/derive/metrics.hpp>
#include <baton/derive/providers.hpp>

#include <cstdint>
#include <memory>
#include <optional>

namespace baton::derive {

enum class StepResult : std::uint8_t {
    kPreparedAttributes,
    kAdvancedOrigin,
    kNotEnoughData,
    kEof,
    kResetRequired,
    kOriginAdvanceFailed,
    kStepFailed,
};

const char* to_string(StepResult r) noexcept;

// The L1 block number a reset restarts traversal at: the safe head's L1 origin minus the channel
// timeout (judged by that origin's timestamp), not before the L1 genesis. A channel whose first
// frame landed earlier has timed out by the safe head's origin, so no frame before this block can
// contribute a batch after the safe head (op-node initialReset walks the L2 chain back to the same
// block, every epoch having at least one L2 block). The sequencing window needs no extra margin:
// batches are only read from channels, and the validator drains everything at or before the safe
// head's origin.
std::uint64_t reset_l1_origin_number(const protocol::RollupConfig& rollup, const BlockId& safe_head_l1_origin,
                                     std::uint64_t safe_head_l1_origin_time) noexcept;

class Pipeline {
public:
    // `traversal` is the first stage of the chain `last` owns (for the Holocene activation signal).
    Pipeline(L2ChainProvider& l2, std::unique_ptr<AttributesQueue> last, L1Traversal& traversal,
             Telemetry telemetry);

    StepResult step();
    // The attributes of the last kPreparedAttributes, once.
    std::optional<AttributesWithParent> next_attributes();
    PipelineResult<void> reset(const L2BlockRef& l2_safe_head, const L1BlockRef& l1_origin,
                               const protocol::SystemConfig& system_config);
    // Holocene: the engine rejected the last attributes' payload. The node builds the deposit-only
    // replacement itself; the rest of the span and of the channel are dropped here.
    PipelineResult<void> on_invalid_payload();

    std::optional<L1BlockRef> origin() const { return last_->origin(); }
    const std::optional<PipelineError>& last_error() const noexcept { return last_error_; }

private:
    StepResult fail(StepResult result, PipelineError error);

    L2ChainProvider& l2_;
    std::unique_ptr<AttributesQueue> last_;
    L1Traversal& traversal_;
    Telemetry telemetry_;
    std::optional<AttributesWithParent> prepared_;
    std::optional<std::uint64_t> awaiting_timestamp_;  // taken, not yet executed
    std::optional<PipelineError> last_error_;
};

// Wires every stage in one place. `rollup`, `l1`, `l2` and the telemetry's logger and metrics
// outlive the pipeline. The pipeline must be reset before the first step.
std::unique_ptr<Pipeline> make_pipeline(const protocol::RollupConfig& rollup, L1Provider& l1,
                                        L2ChainProvider& l2, Telemetry telemetry = {});

}  // namespace baton::derive
