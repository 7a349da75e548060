// SPDX-License-Identifier: MIT
#include <baton/batcher/backup_planner.hpp>

namespace baton::batcher {

void BackupPlanner::on_queue(std::uint64_t l1_head, bool full_channel_waiting) noexcept {
    if (!full_channel_waiting) {
        ready_since_.reset();
    } else if (!ready_since_) {
        ready_since_ = l1_head;
    }
}

std::optional<Window> BackupPlanner::candidate(const BackupRung& rung, std::uint64_t landing) const noexcept {
    if (rung.rung == 0 || landing < rung.opens_at || landing >= rung.window_end) return std::nullopt;
    if (rung.rung != 1 && !(ready_since_ && landing >= *ready_since_ + g1_)) return std::nullopt;
    return Window{rung.opens_at, rung.window_end};
}

BackupPlanner::Update BackupPlanner::observe(std::optional<Window> open) noexcept {
    Update update;
    if (current_ && open != current_) {
        update.closed = true;
        current_.reset();
    }
    if (open && !current_) {
        current_ = open;
        update.opened = true;
    }
    return update;
}

}  // namespace baton::batcher
