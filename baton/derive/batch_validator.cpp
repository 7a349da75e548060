// SPDX-License-Identifier: MIT
#include <baton/derive/batch_validator.hpp>

#include <string>
#include <utility>

namespace baton::derive {

namespace {
constexpr std::string_view kStage = "batch_validator";

std::string describe(const protocol::SingularBatch& b) {
    return "batch ts " + std::to_string(b.timestamp) + " epoch " + std::to_string(b.epoch_num) + " txs " +
           std::to_string(b.transactions.size());
}
}  // namespace

BatchValidator::BatchValidator(const protocol::RollupConfig& rollup,
                               std::unique_ptr<SingularBatchProvider> prev, Telemetry telemetry)
    : rollup_(rollup), prev_(std::move(prev)), telemetry_(telemetry) {}

void BatchValidator::update_origins(const L2BlockRef& parent, const L1BlockRef& prev_origin) {
    const bool behind = prev_origin.number < parent.l1_origin.number;
    if (!origin_ || *origin_ != prev_origin) {
        origin_ = prev_origin;
        if (behind) {
            l1_blocks_.clear();
        } else {
            l1_blocks_.push_back(prev_origin);
        }
    }
    // The safe head moved to a later epoch: drop the epochs before it.
    if (!l1_blocks_.empty() && parent.l1_origin.number > l1_blocks_.front().number) {
        for (std::size_t i = 0; i < l1_blocks_.size(); ++i) {
            if (l1_blocks_[i].number == parent.l1_origin.number) {
                l1_blocks_.erase(l1_blocks_.begin(), l1_blocks_.begin() + static_cast<std::ptrdiff_t>(i));
                break;
            }
        }
    }
}

PipelineResult<protocol::SingularBatch> BatchValidator::derive_empty_batch(const L2BlockRef& parent) {
    const L1BlockRef& epoch = l1_blocks_.front();
    const std::uint64_t expiry = epoch.number + rollup_.seq_window_size;
    // Called only once the origin is exhausted (the stream answered kEof).
    const bool force = expiry <= origin_->number;
    if (!force || l1_blocks_.size() < 2) return baton::unexpected(temporary(Reason::kEof));
    const L1BlockRef& next_epoch = l1_blocks_[1];
    const std::uint64_t next_ts = parent.timestamp + rollup_.block_time;
    const bool first_of_epoch = epoch.number == parent.l1_origin.number + 1;
    if (next_ts < next_epoch.timestamp || first_of_epoch) {
        protocol::SingularBatch empty;
        empty.parent_hash = parent.hash;
        empty.epoch_num = epoch.number;
        empty.epoch_hash = epoch.hash;
        empty.timestamp = next_ts;
        telemetry_.log(LogLevel::kInfo, kStage, "sequencing window expired: empty " + describe(empty));
        return empty;
    }
    // Every empty block this epoch can hold is derived: move the window to the next epoch. kEof, as
    // op-node: the origin advances before the next epoch's first empty block, so batches at the next
    // L1 block still get their chance.
    l1_blocks_.erase(l1_blocks_.begin());
    return baton::unexpected(temporary(Reason::kEof));
}

PipelineResult<protocol::SingularBatch> BatchValidator::next_valid_batch(const L2BlockRef& parent) {
    auto prev_origin = prev_->origin();
    if (!prev_origin) return baton::unexpected(critical(Reason::kMissingOrigin, "batch validator not reset"));
    if (!rollup_.is_holocene_active(prev_origin->timestamp)) {
        return baton::unexpected(
            critical(Reason::kUnsupportedFork, "pre-Holocene batch queue at " + to_string(*prev_origin)));
    }
    update_origins(parent, *prev_origin);

    // A batch read at or before the safe head's origin can only be past: drain it.
    if (prev_origin->number <= parent.l1_origin.number) {
        auto drained = prev_->next_batch(parent, l1_blocks_);
        if (!drained) return baton::unexpected(std::move(drained.error()));
        return baton::unexpected(temporary(Reason::kNotEnoughData));
    }
    if (l1_blocks_.size() < 2) {
        return baton::unexpected(
            critical(Reason::kInvariant, "L1 window shorter than 2 at " + to_string(*origin_)));
    }
    const L1BlockRef& epoch = l1_blocks_.front();
    if (parent.l1_origin != epoch.id() && parent.l1_origin.number + 1 != epoch.number) {
        return baton::unexpected(
            reset(Reason::kInconsistentL1Data,
                  "L1 window epoch " + to_string(epoch) + " does not match the safe head's origin"));
    }

    auto batch = prev_->next_batch(parent, l1_blocks_);
    if (!batch) {
        if (batch.error().is_eof()) return derive_empty_batch(parent);
        return baton::unexpected(std::move(batch.error()));
    }
    const BatchCheck check = check_singular_batch(rollup_, l1_blocks_, parent, *batch, *origin_);
    switch (check.validity) {
        case BatchValidity::kAccept:
            return std::move(*batch);
        case BatchValidity::kPast:
            telemetry_.log(LogLevel::kDebug, kStage, "past " + describe(*batch) + " skipped");
            return baton::unexpected(temporary(Reason::kNotEnoughData));
        case BatchValidity::kDrop: {
            telemetry_.drop(kStage, DropReason::kInvalidBatchBlock,
                            std::string(check.why) + ": " + describe(*batch) + " at " + to_string(*origin_) +
                                "; rest of the channel dropped");
            auto flushed = prev_->signal(FlushChannel{});
            if (!flushed) return baton::unexpected(std::move(flushed.error()));
            return baton::unexpected(temporary(Reason::kNotEnoughData));
        }
        case BatchValidity::kUndecided:
            // Only possible with fewer than 2 L1 blocks, excluded above.
            return baton::unexpected(temporary(Reason::kNotEnoughData));
        case BatchValidity::kFuture:
            break;
    }
    return baton::unexpected(critical(Reason::kInvariant, "future batch under Holocene"));
}

PipelineResult<void> BatchValidator::signal(const Signal& signal) {
    auto forwarded = prev_->signal(signal);
    if (!forwarded) return forwarded;
    auto restart = [this](const L1BlockRef& base) {
        origin_ = base;
        l1_blocks_.assign(1, base);
    };
    if (const auto* r = std::get_if<ResetSignal>(&signal)) restart(r->l1_origin);
    if (const auto* a = std::get_if<ActivationSignal>(&signal)) restart(a->l1_origin);
    return {};
}

}  // namespace baton::derive
