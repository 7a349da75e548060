// SPDX-License-Identifier: MIT
#pragma once

// Channel reader: opens each raw channel (zlib, or brotli from Fjord, judged by the origin's
// timestamp when the channel is opened), reads at most MAX_RLP_BYTES_PER_CHANNEL of it, and yields
// its batches decoded, one per call (op-node ChannelInReader, kona ChannelReader).
// - A channel that cannot be opened (unknown compression, brotli before Fjord) is dropped whole.
// - A batch that fails to decode, and a stream that is cut, corrupt or over the size cap, drop the
//   rest of the channel; the batches before stay.
// - A span batch at an origin before Delta is dropped alone (op-node drops it early; the batch
//   stage would reject it anyway). A Baton span batch (0xBA) needs Delta too, and is dropped alone
//   at an origin before baton_time.
// Each drop is counted and the call answers temporary/kNotEnoughData so the driver steps again.
// FlushChannel (Holocene fast channel invalidation) and restarts drop the channel being read.

#include <baton/derive/batch_stream.hpp>
#include <baton/derive/channel_assembler.hpp>
#include <baton/derive/metrics.hpp>
#include <baton/derive/stage.hpp>
#include <baton/protocol/batch.hpp>
#include <baton/protocol/channel_in.hpp>
#include <baton/protocol/rollup_config.hpp>

#include <memory>
#include <optional>

namespace baton::derive {

class ChannelReader final : public NextBatchProvider {
public:
    ChannelReader(const protocol::RollupConfig& rollup, std::unique_ptr<RawChannelProvider> prev,
                  Telemetry telemetry = {});

    std::optional<L1BlockRef> origin() const override { return prev_->origin(); }
    PipelineResult<void> advance_origin() override { return prev_->advance_origin(); }
    PipelineResult<void> signal(const Signal& signal) override;

    PipelineResult<protocol::Batch> next_batch() override;
    std::uint64_t channel_serial() const override { return channel_serial_; }

    bool has_channel() const noexcept { return reader_.has_value(); }

private:
    const protocol::RollupConfig& rollup_;
    std::unique_ptr<RawChannelProvider> prev_;
    Telemetry telemetry_;
    std::optional<protocol::ChannelReader> reader_;
    std::uint64_t channel_serial_ = 0;
};

}  // namespace baton::derive
