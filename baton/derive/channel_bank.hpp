// SPDX-License-Identifier: MIT
#pragma once

// Channel bank: the pre-Holocene channel stage (op-node ChannelBank; OP-PROTOCOL.md §4). It is here
// so that a chain whose derivation starts before holocene_time derives its pre-Holocene L1 blocks
// with upstream rules; Baton's own rules all sit after Holocene.
// - A frame of an unknown channel id opens a channel tagged with the current origin's number and
//   appends it to a FIFO queue. A frame for a timed-out channel, or one the channel refuses
//   (protocol::Channel::add_frame), is dropped.
// - After each accepted frame, whole channels are evicted from the queue head until Σ size is at
//   most MAX_CHANNEL_BANK_SIZE (100 MB, 1 GB from Fjord).
// - Reading first drops timed-out channels from the head (open + channel_timeout < origin), then
//   returns the head channel if it is ready; from Canyon on, the first ready channel in FIFO order.
// - next_raw_channel() alternates as op-node's NextData does: try to read; if nothing is ready,
//   ingest one frame and report temporary/kNotEnoughData.
// Timeouts, sizes and read order are judged by the current origin's timestamp.

#include <baton/core/bytes.hpp>
#include <baton/derive/channel_assembler.hpp>
#include <baton/derive/frame_queue.hpp>
#include <baton/derive/metrics.hpp>
#include <baton/protocol/channel_in.hpp>
#include <baton/protocol/rollup_config.hpp>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>

namespace baton::derive {

// MAX_CHANNEL_BANK_SIZE, judged by the L1 block being processed.
inline std::uint64_t max_channel_bank_size_at(const protocol::RollupConfig& rollup, std::uint64_t l1_time) {
    return rollup.is_fjord_active(l1_time) ? 1'000'000'000 : 100'000'000;
}

class ChannelBank final : public RawChannelProvider {
public:
    ChannelBank(const protocol::RollupConfig& rollup, std::unique_ptr<NextFrameProvider> prev,
                Telemetry telemetry = {});

    std::optional<L1BlockRef> origin() const override { return prev_->origin(); }
    PipelineResult<void> advance_origin() override { return prev_->advance_origin(); }
    PipelineResult<void> signal(const Signal& signal) override;

    PipelineResult<Bytes> next_raw_channel() override;

    std::size_t channel_count() const noexcept { return queue_.size(); }

private:
    struct Entry {
        protocol::Channel channel;
        std::uint64_t open_block = 0;
    };

    bool timed_out(const Entry& e, const L1BlockRef& origin) const;
    // The next ready channel's data, dropping timed-out head channels first.
    std::optional<Bytes> read(const L1BlockRef& origin);
    void ingest(protocol::Frame frame, const L1BlockRef& origin);

    const protocol::RollupConfig& rollup_;
    std::unique_ptr<NextFrameProvider> prev_;
    Telemetry telemetry_;
    // FIFO by opening order; ids are unique in it. A channel bank holds few channels, so a linear
    // lookup by id beats keeping a map in sync with the queue.
    std::deque<Entry> queue_;
};

}  // namespace baton::derive
