// SPDX-License-Identifier: MIT
#pragma once

// Channel provider: the fork mux between the pre-Holocene ChannelBank and the Holocene
// ChannelAssembler (kona's ChannelProvider), chosen by the origin's timestamp on every call. When
// the choice changes (Holocene activation, or an L1 reorg back across it) the incoming stage starts
// empty, as kona builds a fresh one.
//
// Both sub-stages read frames from the one frame queue this stage owns, through a borrowing adapter;
// signals reach the frame queue once, from here.

#include <baton/derive/channel_assembler.hpp>
#include <baton/derive/channel_bank.hpp>
#include <baton/derive/frame_queue.hpp>

#include <memory>
#include <optional>

namespace baton::derive {

class ChannelProvider final : public RawChannelProvider {
public:
    ChannelProvider(const protocol::RollupConfig& rollup, std::unique_ptr<NextFrameProvider> prev,
                    Telemetry telemetry = {});
    ~ChannelProvider() override;

    std::optional<L1BlockRef> origin() const override { return prev_->origin(); }
    PipelineResult<void> advance_origin() override { return prev_->advance_origin(); }
    PipelineResult<void> signal(const Signal& signal) override;

    PipelineResult<Bytes> next_raw_channel() override;

    // Which sub-stage served the last call (nullopt before the first).
    std::optional<bool> holocene() const noexcept { return holocene_; }

private:
    const protocol::RollupConfig& rollup_;
    std::unique_ptr<NextFrameProvider> prev_;
    Telemetry telemetry_;
    std::optional<bool> holocene_;
    std::unique_ptr<ChannelBank> bank_;
    std::unique_ptr<ChannelAssembler> assembler_;
};

}  // namespace baton::derive
