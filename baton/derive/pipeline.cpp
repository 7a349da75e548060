// SPDX-License-Identifier: MIT
#include <baton/derive/pipeline.hpp>

#include <baton/derive/batch_stream.hpp>
#include <baton/derive/batch_validator.hpp>
#include <baton/derive/channel_provider.hpp>
#include <baton/derive/channel_reader.hpp>
#include <baton/derive/data_source.hpp>
#include <baton/derive/frame_queue.hpp>
#include <baton/derive/l1_retrieval.hpp>

#include <string>
#include <utility>

namespace baton::derive {

namespace {
constexpr std::string_view kStage = "pipeline";
}  // namespace

const char* to_string(StepResult r) noexcept {
    switch (r) {
        case StepResult::kPreparedAttributes:
            return "prepared attributes";
        case StepResult::kAdvancedOrigin:
            return "advanced origin";
        case StepResult::kNotEnoughData:
            return "not enough data";
        case StepResult::kEof:
            return "eof";
        case StepResult::kResetRequired:
            return "reset required";
        case StepResult::kOriginAdvanceFailed:
            return "origin advance failed";
        case StepResult::kStepFailed:
            return "step failed";
    }
    return "unknown";
}

std::uint64_t reset_l1_origin_number(const protocol::RollupConfig& rollup, const BlockId& safe_head_l1_origin,
                                     std::uint64_t safe_head_l1_origin_time) noexcept {
    const std::uint64_t timeout = rollup.channel_timeout_at(safe_head_l1_origin_time);
    const std::uint64_t genesis = rollup.genesis.l1.number;
    const std::uint64_t origin = safe_head_l1_origin.number;
    if (origin <= genesis + timeout) return genesis;
    return origin - timeout;
}

Pipeline::Pipeline(L2ChainProvider& l2, std::unique_ptr<AttributesQueue> last, L1Traversal& traversal,
                   Telemetry telemetry)
    : l2_(l2), last_(std::move(last)), traversal_(traversal), telemetry_(telemetry) {}

StepResult Pipeline::fail(StepResult result, PipelineError error) {
    telemetry_.log(error.severity == Severity::kTemporary ? LogLevel::kInfo : LogLevel::kWarn, kStage,
                   std::string(to_string(result)) + ": " + to_string(error));
    last_error_ = std::move(error);
    return result;
}

StepResult Pipeline::step() {
    last_error_.reset();
    if (prepared_) return StepResult::kPreparedAttributes;
    auto safe = l2_.safe_head();
    if (!safe) return fail(StepResult::kStepFailed, std::move(safe.error()));
    if (awaiting_timestamp_) {
        if (safe->timestamp < *awaiting_timestamp_) {
            return fail(StepResult::kStepFailed,
                        temporary(Reason::kNotEnoughData, "the last attributes are not executed yet"));
        }
        awaiting_timestamp_.reset();
    }

    auto attributes = last_->next_attributes(*safe);
    if (attributes) {
        prepared_ = std::move(*attributes);
        return StepResult::kPreparedAttributes;
    }
    PipelineError& error = attributes.error();
    if (error.is(Severity::kTemporary, Reason::kNotEnoughData)) return StepResult::kNotEnoughData;
    if (error.severity == Severity::kReset) return fail(StepResult::kResetRequired, std::move(error));
    if (!error.is_eof()) return fail(StepResult::kStepFailed, std::move(error));

    auto advanced = last_->advance_origin();
    if (advanced) return StepResult::kAdvancedOrigin;
    PipelineError& adv = advanced.error();
    if (adv.is_eof()) return StepResult::kEof;
    if (adv.is(Severity::kReset, Reason::kHoloceneActivation)) {
        auto origin = traversal_.origin();
        if (!origin) return fail(StepResult::kOriginAdvanceFailed, critical(Reason::kMissingOrigin));
        auto signalled = last_->signal(ActivationSignal{*safe, *origin, traversal_.system_config()});
        if (!signalled) return fail(StepResult::kOriginAdvanceFailed, std::move(signalled.error()));
        return StepResult::kAdvancedOrigin;
    }
    if (adv.severity == Severity::kReset) return fail(StepResult::kResetRequired, std::move(adv));
    return fail(StepResult::kOriginAdvanceFailed, std::move(adv));
}

std::optional<AttributesWithParent> Pipeline::next_attributes() {
    if (!prepared_) return std::nullopt;
    auto out = std::move(prepared_);
    prepared_.reset();
    awaiting_timestamp_ = out->attributes.timestamp;
    return out;
}

PipelineResult<void> Pipeline::reset(const L2BlockRef& l2_safe_head, const L1BlockRef& l1_origin,
                                     const protocol::SystemConfig& system_config) {
    prepared_.reset();
    awaiting_timestamp_.reset();
    last_error_.reset();
    telemetry_.log(
        LogLevel::kInfo, kStage,
        "reset to " + to_string(l1_origin) + ", safe head #" + std::to_string(l2_safe_head.number));
    return last_->signal(ResetSignal{l2_safe_head, l1_origin, system_config});
}

PipelineResult<void> Pipeline::on_invalid_payload() {
    return last_->signal(FlushChannel{});
}

std::unique_ptr<Pipeline> make_pipeline(const protocol::RollupConfig& rollup, L1Provider& l1,
                                        L2ChainProvider& l2, Telemetry telemetry) {
    auto traversal = std::make_unique<L1Traversal>(rollup, l1, telemetry);
    L1Traversal& traversal_ref = *traversal;
    auto retrieval = std::make_unique<L1Retrieval>(std::move(traversal), DataSource(rollup, l1, telemetry));
    auto frames = std::make_unique<FrameQueue>(rollup, std::move(retrieval), telemetry);
    auto channels = std::make_unique<ChannelProvider>(rollup, std::move(frames), telemetry);
    auto reader = std::make_unique<ChannelReader>(rollup, std::move(channels), telemetry);
    auto stream = std::make_unique<BatchStream>(rollup, std::move(reader), l2, telemetry);
    auto validator = std::make_unique<BatchValidator>(rollup, std::move(stream), telemetry);
    auto queue =
        std::make_unique<AttributesQueue>(std::move(validator), AttributesBuilder(rollup, l1, telemetry));
    return std::make_unique<Pipeline>(l2, std::move(queue), traversal_ref, telemetry);
}

}  // namespace baton::derive
