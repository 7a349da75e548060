// SPDX-License-Identifier: MIT
#pragma once

// When may this batcher post? From its leader window on L1 (ILeaderElection.nextWindow: blocks
// [start, end), end exclusive), the L1 head, a safety margin and the expected inclusion delay.
//
//   a tx sent while the head is h is expected to land in block h + k   (k = blocks_to_inclusion)
//   usable landing blocks: start ..= end − 1 − safety_margin
//
//   h + k <  start                      → kWait        (window not started; also: no window known)
//   h + k <= end − 1 − safety_margin    → kSubmit      (landing_blocks_left = end − margin − (h + k))
//   otherwise                           → kWindowOver
//
// Decisions:
// - The margin is taken off the end only: a tx landing in the window's first block is fine (the
//   inbox checks the including block), but one that slips past the end reverts and wastes gas.
// - The tx budget is an estimate: landing_blocks_left × max_txs_per_l1_block. The submitter
//   admits a channel only if all its frames fit in what is left of it, so a channel is never
//   started that cannot be finished inside the window.
// - v0 (a plain EOA inbox, one batcher, no election): the window is always open; the planner
//   answers kSubmit with an unbounded budget.
// - "Wasted" blocks: usable landing blocks of a window that passed before the batcher first could
//   send in it (it noticed the window late, or its inclusion delay ate them). WindowTracker counts
//   them per window; the margin at the end is not waste, it is the price of never reverting.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>

namespace baton::batcher {

struct Window {
    std::uint64_t start = 0;  // first L1 block of the window
    std::uint64_t end = 0;    // exclusive

    friend bool operator==(const Window&, const Window&) = default;
};

struct L1Head {
    std::uint64_t number = 0;
    std::uint64_t timestamp = 0;

    friend bool operator==(const L1Head&, const L1Head&) = default;
};

struct PlannerConfig {
    bool always_open = false;                // v0 mode: no leader election
    std::uint64_t safety_margin = 1;         // L1 blocks kept free at the end of a window
    std::uint64_t blocks_to_inclusion = 1;   // expected L1 blocks from send to inclusion (>= 1)
    std::uint64_t max_txs_per_l1_block = 8;  // how many of our txs one L1 block is expected to take
};

inline constexpr std::uint64_t kUnbounded = std::numeric_limits<std::uint64_t>::max();

enum class PlanAction : std::uint8_t {
    kWait,        // the window has not started (or none is known): send nothing yet
    kSubmit,      // send now; at most tx_budget txs can still land inside the window
    kWindowOver,  // nothing sent now would land inside the window
};

const char* to_string(PlanAction a) noexcept;

struct Plan {
    PlanAction action = PlanAction::kWait;
    L1Head l1_head;
    std::optional<Window> window;           // the window judged (none in v0 or when unknown)
    std::uint64_t expected_landing = 0;     // l1_head + blocks_to_inclusion
    std::uint64_t last_landing_block = 0;   // end − 1 − margin (kUnbounded in v0)
    std::uint64_t landing_blocks_left = 0;  // kSubmit: usable landing blocks from expected_landing on
    std::uint64_t tx_budget = 0;            // kSubmit: txs that can still land (kUnbounded in v0)
    std::uint64_t window_tx_capacity = 0;   // txs a whole window can take (kUnbounded in v0)
    // Channels next_txs may hand out for this plan (0: as many as fit the budget). A backup sends
    // one at a time, so a primary that posts late can make only one channel's txs revert.
    std::size_t max_channels = 0;
};

// The stateless rule above. `window` is nullopt when the inbox has none for us (nextWindow gave
// (0, 0)); an empty or inverted window is treated the same way.
Plan plan_window(const PlannerConfig& config, std::optional<Window> window, L1Head head) noexcept;

// Follows the windows over time: the plan for each observation, the moment a window ends (once,
// for the window the batcher was submitting in), and the wasted-block count of each window.
class WindowTracker {
public:
    explicit WindowTracker(PlannerConfig config) : config_(config) {}

    struct Update {
        Plan plan;
        // True once, on the first observation after the tracked window stopped being usable (the
        // planner says kWindowOver, or the inbox now reports another window): drop in-flight state.
        // A window reported again with the same start and a later end (our next turn joined to
        // it) is the same window, extended: not an end.
        bool window_ended = false;
        // The wasted blocks of a window that ended (window_ended) or that passed entirely
        // before the batcher could send in it (window_ended false: nothing was in flight).
        std::uint64_t wasted_blocks = 0;
    };

    Update observe(std::optional<Window> window, L1Head head);

    const PlannerConfig& config() const noexcept { return config_; }
    // The window the batcher is in (it saw kSubmit for it and it has not ended).
    const std::optional<Window>& current() const noexcept { return current_; }
    std::uint64_t windows_seen() const noexcept { return windows_seen_; }
    std::uint64_t wasted_blocks_total() const noexcept { return wasted_total_; }
    // Wasted blocks of the current window so far (0 outside one).
    std::uint64_t current_wasted_blocks() const noexcept { return current_wasted_; }

private:
    PlannerConfig config_;
    std::optional<Window> current_;
    std::optional<Window> last_finished_;  // so a finished window is never counted twice
    std::uint64_t current_wasted_ = 0;
    std::uint64_t windows_seen_ = 0;
    std::uint64_t wasted_total_ = 0;
};

}  // namespace baton::batcher
