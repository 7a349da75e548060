// SPDX-License-Identifier: MIT
#pragma once

// derive::L2ChainProvider over a node::Engine: what the pipeline reads of the L2 chain (the safe
// head, safe blocks by number and their txns) served from the engine.
//
// Decisions:
// - The safe head is the driver's to move (set_safe_head after each derived block is built; the
//   sequencer's unsafe head runs ahead of it). Until set it is the genesis block.
// - A block's L1 origin and sequence number come from its L1-info deposit; the genesis block has
//   none and gets rollup.json's genesis.l1 with sequence number 0. A later block without an L1-info
//   deposit is a broken engine, critical/kInvariant.
// - Engine errors map by severity: unreachable -> temporary/kProvider (the driver retries), anything
//   else critical/kProvider. A block the engine does not have is temporary/kProvider, as
//   FakeL2Chain answers.

#include <baton/derive/block_ref.hpp>
#include <baton/derive/errors.hpp>
#include <baton/derive/providers.hpp>
#include <baton/node/engine.hpp>
#include <baton/protocol/rollup_config.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace baton::node {

// The L2BlockRef of `block`, with genesis.l1 as the genesis block's origin.
derive::PipelineResult<derive::L2BlockRef> make_l2_block_ref(const EngineBlock& block,
                                                             const protocol::Genesis& genesis);

derive::PipelineError pipeline_error(const EngineError& error);

class EngineL2Chain final : public derive::L2ChainProvider {
public:
    // `engine` outlives this object.
    EngineL2Chain(Engine& engine, protocol::Genesis genesis)
        : engine_(engine), genesis_(std::move(genesis)) {}

    derive::PipelineResult<derive::L2BlockRef> safe_head() override;
    derive::PipelineResult<derive::L2BlockRef> l2_block_ref_by_number(std::uint64_t number) override;
    derive::PipelineResult<std::vector<Bytes>> transactions_by_number(std::uint64_t number) override;

    void set_safe_head(const derive::L2BlockRef& ref) { safe_ = ref; }

private:
    Engine& engine_;
    protocol::Genesis genesis_;
    std::optional<derive::L2BlockRef> safe_;
};

}  // namespace baton::node
