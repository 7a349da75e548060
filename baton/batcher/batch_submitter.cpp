// SPDX-License-Identifier: MIT
#include <baton/batcher/batch_submitter.hpp>

#include <algorithm>
#include <iterator>
#include <utility>

namespace baton::batcher {

const char* to_string(SubmitterError e) noexcept {
    switch (e) {
        case SubmitterError::kInvalidConfig:
            return "invalid batcher config";
        case SubmitterError::kNoSafeHead:
            return "no safe head yet";
        case SubmitterError::kGap:
            return "unsafe block beyond the next expected number";
        case SubmitterError::kNotOnSafeHead:
            return "unsafe block does not extend the safe head";
        case SubmitterError::kChannelBuildFailed:
            return "channel build failed";
        case SubmitterError::kChannelTooLargeForWindow:
            return "channel needs more txs than a window can take";
    }
    return "unknown submitter error";
}

const char* to_string(AddOutcome o) noexcept {
    switch (o) {
        case AddOutcome::kAppended:
            return "appended";
        case AddOutcome::kAlreadyQueued:
            return "already queued";
        case AddOutcome::kBelowSafeHead:
            return "below safe head";
        case AddOutcome::kReorgReset:
            return "reorg: reset to safe head";
    }
    return "unknown";
}

const char* to_string(TxFailure f) noexcept {
    switch (f) {
        case TxFailure::kReverted:
            return "reverted";
        case TxFailure::kDropped:
            return "dropped";
    }
    return "unknown";
}

namespace {

SubmitterFailure failure(SubmitterError e, std::string detail = {}) {
    return SubmitterFailure{e, std::move(detail)};
}

}  // namespace

Result<BatchSubmitter, SubmitterFailure> BatchSubmitter::make(const protocol::RollupConfig& rollup,
                                                              const SubmitterConfig& config) {
    const std::uint64_t from_rollup = rollup.l2_blocks_per_channel;
    const std::uint64_t bpc = config.blocks_per_channel != 0 ? config.blocks_per_channel : from_rollup;
    if (bpc == 0)
        return baton::unexpected(failure(SubmitterError::kInvalidConfig,
                                         "blocks_per_channel is 0 and the rollup config has none"));
    // Derivation drops the blocks of a channel beyond the rollup's limit once Baton is active.
    if (rollup.baton_time && from_rollup != 0 && bpc > from_rollup)
        return baton::unexpected(
            failure(SubmitterError::kInvalidConfig, "blocks_per_channel " + std::to_string(bpc) +
                                                        " exceeds the rollup's l2_blocks_per_channel " +
                                                        std::to_string(from_rollup)));
    if (config.max_frame_size <= protocol::kFrameOverhead || config.max_frame_size > protocol::kMaxFrameLen)
        return baton::unexpected(
            failure(SubmitterError::kInvalidConfig,
                    "max_frame_size must be in (23, 1000000], got " + std::to_string(config.max_frame_size)));
    return BatchSubmitter(rollup, config, bpc);
}

BatchSubmitter::BatchSubmitter(const protocol::RollupConfig& rollup, const SubmitterConfig& config,
                               std::uint64_t blocks_per_channel)
    : rollup_(rollup), config_(config), blocks_per_channel_(blocks_per_channel) {}

// ---- state helpers ----

std::uint64_t BatchSubmitter::base_number() const noexcept {
    std::uint64_t base = safe_ ? safe_->number : 0;
    if (!channels_.empty()) base = std::max(base, channels_.back().built.last_block);
    return base;
}

std::optional<std::uint64_t> BatchSubmitter::next_block_wanted() const noexcept {
    if (!safe_) return std::nullopt;
    return blocks_.empty() ? safe_->number + 1 : blocks_.back().number + 1;
}

std::optional<std::uint64_t> BatchSubmitter::last_posted_block() const noexcept {
    if (!safe_) return std::nullopt;
    std::uint64_t last = safe_->number;
    for (const auto& c : channels_)
        if (c.state != ChannelState::kPending) last = std::max(last, c.built.last_block);
    return last;
}

std::size_t BatchSubmitter::channels_in_flight() const noexcept {
    return static_cast<std::size_t>(std::count_if(
        channels_.begin(), channels_.end(), [](const Channel& c) { return c.state == ChannelState::kSent; }));
}

std::optional<std::size_t> BatchSubmitter::find_channel(const protocol::ChannelId& id) const noexcept {
    for (std::size_t i = 0; i < channels_.size(); ++i)
        if (channels_[i].built.id == id) return i;
    return std::nullopt;
}

void BatchSubmitter::drop_channels_from(std::size_t index, bool failed) {
    const std::uint64_t safe_number = safe_ ? safe_->number : 0;
    for (std::size_t i = index; i < channels_.size(); ++i) {
        const Channel& c = channels_[i];
        if (c.state != ChannelState::kPending) {
            if (failed)
                ++counters_.channels_failed;
            else
                ++counters_.channels_dropped;
            // Posted blocks above the safe head go back to the queue (they are still in blocks_).
            if (c.built.last_block > safe_number)
                counters_.blocks_requeued +=
                    c.built.last_block - std::max(c.built.first_block, safe_number + 1) + 1;
        }
        std::erase_if(in_flight_, [&](const auto& entry) { return entry.second.channel == c.built.id; });
    }
    channels_.erase(channels_.begin() + static_cast<std::ptrdiff_t>(index), channels_.end());
}

void BatchSubmitter::reset(bool count_as_reorg) {
    if (count_as_reorg)
        ++counters_.l2_reorgs;
    else
        ++counters_.safe_head_resets;
    drop_channels_from(0, false);
    in_flight_.clear();
    blocks_.clear();
}

void BatchSubmitter::prune_below_safe() {
    const std::uint64_t safe_number = safe_->number;
    while (!blocks_.empty() && blocks_.front().number <= safe_number) blocks_.pop_front();
    // Channels the safe head has passed are done, whoever posted them; a channel the safe head
    // entered but not passed stays (derivation skips its past blocks). A pending channel starting at
    // or below the safe head is rebuilt from safe + 1, as a fresh batcher would cut it.
    while (!channels_.empty() && channels_.front().built.last_block <= safe_number) {
        const auto id = channels_.front().built.id;
        std::erase_if(in_flight_, [&](const auto& entry) { return entry.second.channel == id; });
        channels_.pop_front();
    }
    for (std::size_t i = 0; i < channels_.size(); ++i) {
        if (channels_[i].state == ChannelState::kPending && channels_[i].built.first_block <= safe_number) {
            drop_channels_from(i, false);
            break;
        }
    }
}

// ---- events ----

void BatchSubmitter::on_safe_head(const BlockId& safe) {
    if (!safe_) {
        safe_ = safe;
        blocks_.clear();
        return;
    }
    if (safe.number < safe_->number || (safe.number == safe_->number && safe.hash != safe_->hash)) {
        safe_ = safe;
        reset(false);
        return;
    }
    if (safe.number == safe_->number) return;
    for (const auto& b : blocks_) {
        if (b.number == safe.number && b.hash != safe.hash) {
            // The derived chain differs from the blocks we queued: start over from what L1 says.
            safe_ = safe;
            reset(false);
            return;
        }
    }
    safe_ = safe;
    prune_below_safe();
}

Result<AddOutcome, SubmitterFailure> BatchSubmitter::add_unsafe_block(L2Block block) {
    if (!safe_) return baton::unexpected(failure(SubmitterError::kNoSafeHead));
    if (block.number <= safe_->number) return AddOutcome::kBelowSafeHead;
    if (!blocks_.empty() && block.number <= blocks_.back().number) {
        const L2Block& queued = blocks_[block.number - blocks_.front().number];
        if (queued.hash == block.hash) return AddOutcome::kAlreadyQueued;
        reset(true);  // the sequencer replaced a block we queued (and maybe posted)
        return AddOutcome::kReorgReset;
    }
    const std::uint64_t expected = blocks_.empty() ? safe_->number + 1 : blocks_.back().number + 1;
    if (block.number != expected)
        return baton::unexpected(failure(
            SubmitterError::kGap,
            "got L2 block " + std::to_string(block.number) + ", expected " + std::to_string(expected)));
    if (blocks_.empty()) {
        if (block.parent_hash != safe_->hash)
            return baton::unexpected(failure(
                SubmitterError::kNotOnSafeHead,
                "L2 block " + std::to_string(block.number) + " has another parent than the safe head"));
    } else if (block.parent_hash != blocks_.back().hash) {
        reset(true);  // the queued tip was replaced under us
        return AddOutcome::kReorgReset;
    }
    blocks_.push_back(std::move(block));
    return AddOutcome::kAppended;
}

std::optional<BlockId> BatchSubmitter::queued_head() const noexcept {
    if (blocks_.empty()) return std::nullopt;
    return blocks_.back().id();
}

void BatchSubmitter::on_tx_confirmed(TxId id, std::uint64_t l1_block) {
    const auto it = in_flight_.find(id);
    if (it == in_flight_.end()) {
        ++counters_.stale_tx_events;
        return;
    }
    const InFlight tx = it->second;
    in_flight_.erase(it);
    ++counters_.txs_confirmed;
    counters_.frames_confirmed += tx.frame_count;
    const auto index = find_channel(tx.channel);
    if (!index) return;  // unreachable: dropping a channel erases its txs
    Channel& c = channels_[*index];
    c.frames_confirmed += tx.frame_count;
    c.last_landed = std::max(c.last_landed, l1_block);
    if (c.state == ChannelState::kSent && c.frames_confirmed >= c.built.frames.size()) {
        c.state = ChannelState::kConfirmed;
        ++counters_.channels_confirmed;
    }
}

void BatchSubmitter::on_tx_failed(TxId id, TxFailure why) {
    if (why == TxFailure::kReverted)
        ++counters_.txs_reverted;
    else
        ++counters_.txs_dropped;
    const auto it = in_flight_.find(id);
    if (it == in_flight_.end()) {
        ++counters_.stale_tx_events;
        return;
    }
    const auto index = find_channel(it->second.channel);
    in_flight_.erase(it);
    if (index) drop_channels_from(*index, true);
}

void BatchSubmitter::on_window_end() {
    std::size_t first_unconfirmed = 0;
    while (first_unconfirmed < channels_.size() &&
           channels_[first_unconfirmed].state == ChannelState::kConfirmed)
        ++first_unconfirmed;
    drop_channels_from(first_unconfirmed, false);
}

void BatchSubmitter::reset_to_safe_head() {
    if (safe_) reset(false);
}

// ---- output ----

Result<void, SubmitterFailure> BatchSubmitter::build_next_channel(const L1Head& head) {
    const std::uint64_t base = base_number();
    if (blocks_.empty() || blocks_.back().number < base + blocks_per_channel_) return {};
    const std::size_t first = static_cast<std::size_t>(base + 1 - blocks_.front().number);
    std::vector<L2Block> run(blocks_.begin() + static_cast<std::ptrdiff_t>(first),
                             blocks_.begin() + static_cast<std::ptrdiff_t>(first + blocks_per_channel_));
    ChannelParams params = ChannelParams::for_rollup(rollup_, run.front().timestamp, head.timestamp);
    params.max_frame_size = config_.max_frame_size;
    params.compression_level = config_.compression_level;
    const protocol::ChannelId id = make_channel_id(config_.channel_id_seed, channel_counter_);
    auto built = build_channel(id, run, params);
    if (!built)
        return baton::unexpected(failure(SubmitterError::kChannelBuildFailed,
                                         std::string(to_string(built.error())) + " (L2 blocks " +
                                             std::to_string(run.front().number) + ".." +
                                             std::to_string(run.back().number) + ")"));
    ++channel_counter_;
    ++counters_.channels_opened;
    channels_.push_back(Channel{std::move(*built), ChannelState::kPending, 0, 0});
    return {};
}

Result<std::vector<TxRequest>, SubmitterFailure> BatchSubmitter::next_txs(const Plan& plan) {
    std::vector<TxRequest> out;
    if (!safe_) return out;

    // Confirmed channels the safe head never reached: their data is not where we thought.
    for (std::size_t i = 0; i < channels_.size(); ++i) {
        const Channel& c = channels_[i];
        const std::uint64_t head = plan.l1_head.number;
        if (c.state == ChannelState::kConfirmed && head > c.last_landed &&
            head - c.last_landed > config_.confirmed_timeout) {
            ++counters_.confirmed_timeouts;
            drop_channels_from(i, false);
            break;
        }
    }
    if (plan.action != PlanAction::kSubmit) return out;

    for (std::size_t handed_out = 0; plan.max_channels == 0 || handed_out < plan.max_channels; ++handed_out) {
        if (channels_.empty() || channels_.back().state != ChannelState::kPending) {
            auto built = build_next_channel(plan.l1_head);
            if (!built) return baton::unexpected(built.error());
            if (channels_.empty() || channels_.back().state != ChannelState::kPending)
                break;  // not enough blocks
        }
        Channel& c = channels_.back();
        const std::uint64_t frames = c.built.frames.size();
        if (frames > plan.window_tx_capacity)
            return baton::unexpected(failure(SubmitterError::kChannelTooLargeForWindow,
                                             std::to_string(frames) + " frames for a window of " +
                                                 std::to_string(plan.window_tx_capacity) + " txs"));
        const std::uint64_t in_flight = in_flight_.size();  // includes what this call handed out
        const std::uint64_t available = plan.tx_budget > in_flight ? plan.tx_budget - in_flight : 0;
        if (frames > available) break;  // it could not finish in this window: keep it for the next
        if (config_.max_txs_in_flight != 0 && in_flight != 0 &&
            in_flight + frames > config_.max_txs_in_flight)
            break;  // sent once enough of the in-flight txs are confirmed

        for (const auto& f : c.built.frames) {
            TxRequest tx;
            tx.id = next_tx_id_++;
            tx.channel = c.built.id;
            tx.frame_numbers = {f.number};
            tx.payload = tx_payload_of(f);
            tx.first_block = c.built.first_block;
            tx.last_block = c.built.last_block;
            tx.closes_channel = f.is_last;
            tx.last_landing_block = plan.last_landing_block;
            in_flight_[tx.id] = InFlight{c.built.id, 1};
            out.push_back(std::move(tx));
            ++counters_.txs_sent;
            ++counters_.frames_sent;
        }
        c.state = ChannelState::kSent;
        ++counters_.channels_submitted;
    }
    return out;
}

}  // namespace baton::batcher
