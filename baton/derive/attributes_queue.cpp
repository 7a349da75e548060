// SPDX-License-Identifier: MIT
#include <baton/derive/attributes_queue.hpp>

#include <utility>

namespace baton::derive {

AttributesQueue::AttributesQueue(std::unique_ptr<ValidBatchProvider> prev, AttributesBuilder builder)
    : prev_(std::move(prev)), builder_(builder) {}

PipelineResult<AttributesWithParent> AttributesQueue::next_attributes(const L2BlockRef& parent) {
    if (!batch_) {
        auto batch = prev_->next_valid_batch(parent);
        if (!batch) return baton::unexpected(std::move(batch.error()));
        batch_ = std::move(*batch);
    }
    // A batch kept from an earlier call was validated on the same parent unless the safe head moved
    // meanwhile (the driver executed something else): then it is stale.
    if (batch_->parent_hash != parent.hash) {
        batch_.reset();
        return baton::unexpected(temporary(Reason::kNotEnoughData));
    }
    auto built = builder_.build(parent, *batch_, system_config_, config_block_);
    if (!built) return baton::unexpected(std::move(built.error()));
    if (auto o = prev_->origin()) built->derived_from = *o;
    batch_.reset();
    return built;
}

PipelineResult<void> AttributesQueue::signal(const Signal& signal) {
    auto forwarded = prev_->signal(signal);
    if (!forwarded) return forwarded;
    batch_.reset();
    auto restart = [this](const L1BlockRef& origin, const protocol::SystemConfig& config) {
        system_config_ = config;
        config_block_ = origin.number;
    };
    if (const auto* r = std::get_if<ResetSignal>(&signal)) restart(r->l1_origin, r->system_config);
    // An activation keeps the queue's own copy: only the stages' buffers change.
    return {};
}

}  // namespace baton::derive
