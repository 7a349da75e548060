// SPDX-License-Identifier: MIT
#pragma once

// Attributes queue: the last stage (op-node AttributesQueue, kona AttributesQueue). It takes the
// validator's next accepted batch and builds its payload attributes (AttributesBuilder). A batch
// whose attributes cannot be built yet (an L1 provider failure) is kept and retried.
//
// It keeps its own SystemConfig copy (OP-PROTOCOL §8: the attributes side is updated when the L2
// epoch advances, traversal's when the L1 origin does): restarts set it from the signal, as of the
// signal's L1 origin, and building a block of a later epoch applies the updates of the blocks up
// to that epoch.

#include <baton/derive/attributes_builder.hpp>
#include <baton/derive/batch_validator.hpp>
#include <baton/derive/stage.hpp>

#include <memory>
#include <optional>

namespace baton::derive {

class AttributesQueue final : public Stage {
public:
    AttributesQueue(std::unique_ptr<ValidBatchProvider> prev, AttributesBuilder builder);

    std::optional<L1BlockRef> origin() const override { return prev_->origin(); }
    PipelineResult<void> advance_origin() override { return prev_->advance_origin(); }
    PipelineResult<void> signal(const Signal& signal) override;

    // The attributes of the next L2 block on `parent` (the safe head).
    PipelineResult<AttributesWithParent> next_attributes(const L2BlockRef& parent);

    const protocol::SystemConfig& system_config() const noexcept { return system_config_; }

private:
    std::unique_ptr<ValidBatchProvider> prev_;
    AttributesBuilder builder_;
    std::optional<protocol::SingularBatch> batch_;
    protocol::SystemConfig system_config_;
    std::uint64_t config_block_ = 0;
};

}  // namespace baton::derive
