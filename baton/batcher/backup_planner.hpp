// SPDX-License-Identifier: MIT
#pragma once

// When may this batcher post in *another* leader's window? The fallback ladder (IFallbackLadder,
// docs/mechanisms.md "The fallback ladder") opens a rung for a window's backups G1 blocks into the
// window when its primary has posted nothing. BackupPlanner turns what the inbox says (rungOf and
// postingRights at the block a tx sent now would land in) into a window to post in, or none.
//
//   landing = head + blocks_to_inclusion
//   candidate:  rung != 0, opens_at <= landing < window_end, and
//               rung 1 (a demoted primary's stand-in: it posts at once), or a full channel has
//               been waiting since block r and landing >= r + G1
//   open:       candidate and postingRights(me, landing) != 0 (the primary has still posted nothing)
//
// Decisions:
// - The G1 wait after the channel filled is Baton's rule, not the contract's: the contract lets a
//   backup in at start + G1 whatever happened before, but a channel that filled late in the window
//   would then be posted by the primary and its backups at the same time (duplicate data, a miss
//   charged to an honest primary, a reverted backup tx). Waiting G1 blocks with a full channel
//   gives every honest primary the same G1 blocks the ladder gives it from the window's start.
// - A window stays the same window while its start and end do: anything else (the right closed
//   because the primary posted, the window ended, another window opened) is reported as closed
//   once, so the service drops what was not confirmed (and never posts it twice into that window).

#include <baton/batcher/window_planner.hpp>

#include <cstdint>
#include <optional>

namespace baton::batcher {

// IFallbackLadder.rungOf(me, landing).
struct BackupRung {
    std::uint8_t rung = 0;  // 0 none, 1 primary (or a demoted primary's stand-in), 2..4 backups
    std::uint64_t opens_at = 0;
    std::uint64_t window_end = 0;  // exclusive
};

class BackupPlanner {
public:
    explicit BackupPlanner(std::uint64_t g1) : g1_(g1) {}

    // The queue was (or was not) long enough for a full channel at L1 head `l1_head`.
    void on_queue(std::uint64_t l1_head, bool full_channel_waiting) noexcept;

    // The window to post in if postingRights confirms it (the service asks only then).
    std::optional<Window> candidate(const BackupRung& rung, std::uint64_t landing) const noexcept;

    struct Update {
        bool closed = false;  // the window posted in until now is over (drop what is unconfirmed)
        bool opened = false;  // a new window to post in starts now
    };
    // The outcome of this head: the window whose right is open, or none.
    Update observe(std::optional<Window> open) noexcept;

    const std::optional<Window>& current() const noexcept { return current_; }
    std::optional<std::uint64_t> channel_ready_since() const noexcept { return ready_since_; }

private:
    std::uint64_t g1_;
    std::optional<std::uint64_t> ready_since_;
    std::optional<Window> current_;
};

}  // namespace baton::batcher
