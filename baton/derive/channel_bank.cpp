// SPDX-License-Identifier: MIT
#include <baton/derive/channel_bank.hpp>

#include <baton/core/hex.hpp>

#include <algorithm>
#include <string>
#include <utility>

namespace baton::derive {

namespace {
constexpr std::string_view kStage = "channel_bank";

std::string channel_text(const protocol::ChannelId& id) {
    return "channel " + to_hex(id);
}
}  // namespace

ChannelBank::ChannelBank(const protocol::RollupConfig& rollup, std::unique_ptr<NextFrameProvider> prev,
                         Telemetry telemetry)
    : rollup_(rollup), prev_(std::move(prev)), telemetry_(telemetry) {}

bool ChannelBank::timed_out(const Entry& e, const L1BlockRef& origin) const {
    return e.open_block + rollup_.channel_timeout_at(origin.timestamp) < origin.number;
}

std::optional<Bytes> ChannelBank::read(const L1BlockRef& origin) {
    while (!queue_.empty() && timed_out(queue_.front(), origin)) {
        telemetry_.drop(kStage, DropReason::kChannelTimedOut,
                        channel_text(queue_.front().channel.id()) + " opened at " +
                            std::to_string(queue_.front().open_block));
        queue_.pop_front();
    }
    // Before Canyon only the head may be read, so an incomplete old channel blocks those behind it.
    const std::size_t candidates =
        rollup_.is_canyon_active(origin.timestamp) ? queue_.size() : std::min<std::size_t>(queue_.size(), 1);
    for (std::size_t i = 0; i < candidates; ++i) {
        const Entry& e = queue_[i];
        if (timed_out(e, origin) || !e.channel.is_ready()) continue;
        Bytes data = e.channel.data();
        queue_.erase(queue_.begin() + static_cast<std::ptrdiff_t>(i));
        return data;
    }
    return std::nullopt;
}

void ChannelBank::ingest(protocol::Frame frame, const L1BlockRef& origin) {
    auto it = std::find_if(queue_.begin(), queue_.end(),
                           [&](const Entry& e) { return e.channel.id() == frame.id; });
    if (it == queue_.end()) {
        queue_.push_back(Entry{protocol::Channel(frame.id), origin.number});
        it = queue_.end() - 1;
    }
    if (timed_out(*it, origin)) {
        telemetry_.drop(kStage, DropReason::kChannelTimedOut,
                        channel_text(frame.id) + " frame " + std::to_string(frame.number));
        return;
    }
    const std::string text = channel_text(frame.id) + " frame " + std::to_string(frame.number);
    auto added = it->channel.add_frame(std::move(frame));
    if (!added) {
        telemetry_.drop(kStage, DropReason::kFrameRejected, text + ": " + protocol::to_string(added.error()));
        return;
    }
    std::uint64_t total = 0;
    for (const auto& e : queue_) total += e.channel.size();
    const std::uint64_t limit = max_channel_bank_size_at(rollup_, origin.timestamp);
    while (total > limit && !queue_.empty()) {
        telemetry_.drop(kStage, DropReason::kChannelBankFull, channel_text(queue_.front().channel.id()));
        total -= queue_.front().channel.size();
        queue_.pop_front();
    }
}

PipelineResult<Bytes> ChannelBank::next_raw_channel() {
    auto origin = prev_->origin();
    if (!origin) return baton::unexpected(temporary(Reason::kMissingOrigin, "channel bank not reset"));
    if (auto data = read(*origin)) return std::move(*data);
    auto frame = prev_->next_frame();
    if (!frame) return baton::unexpected(std::move(frame.error()));
    ingest(std::move(*frame), *origin);
    return baton::unexpected(temporary(Reason::kNotEnoughData));
}

PipelineResult<void> ChannelBank::signal(const Signal& signal) {
    auto forwarded = prev_->signal(signal);
    if (!forwarded) return forwarded;
    // FlushChannel is a Holocene signal; the bank has nothing to flush for it.
    if (is_restart(signal)) queue_.clear();
    return {};
}

}  // namespace baton::derive
