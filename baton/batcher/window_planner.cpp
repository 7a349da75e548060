// SPDX-License-Identifier: MIT
#include <baton/batcher/window_planner.hpp>

#include <algorithm>

namespace baton::batcher {

const char* to_string(PlanAction a) noexcept {
    switch (a) {
        case PlanAction::kWait:
            return "wait";
        case PlanAction::kSubmit:
            return "submit";
        case PlanAction::kWindowOver:
            return "window over";
    }
    return "unknown";
}

namespace {

// Saturating: block numbers near 2^64 are nonsense input, not a reason to wrap.
std::uint64_t add_sat(std::uint64_t a, std::uint64_t b) noexcept {
    return a > kUnbounded - b ? kUnbounded : a + b;
}
std::uint64_t mul_sat(std::uint64_t a, std::uint64_t b) noexcept {
    if (a == 0 || b == 0) return 0;
    return a > kUnbounded / b ? kUnbounded : a * b;
}

// First block past the usable landing range: end − margin (usable blocks are < this).
std::uint64_t usable_end(const PlannerConfig& config, const Window& w) noexcept {
    return w.end > config.safety_margin ? w.end - config.safety_margin : 0;
}

}  // namespace

Plan plan_window(const PlannerConfig& config, std::optional<Window> window, L1Head head) noexcept {
    Plan plan;
    plan.l1_head = head;
    plan.expected_landing = add_sat(head.number, std::max<std::uint64_t>(config.blocks_to_inclusion, 1));
    if (config.always_open) {
        plan.action = PlanAction::kSubmit;
        plan.last_landing_block = kUnbounded;
        plan.landing_blocks_left = kUnbounded;
        plan.tx_budget = kUnbounded;
        plan.window_tx_capacity = kUnbounded;
        return plan;
    }
    if (!window || window->end <= window->start) {
        plan.action = PlanAction::kWait;
        return plan;
    }
    plan.window = window;
    const std::uint64_t stop = usable_end(config, *window);
    plan.last_landing_block = stop > 0 ? stop - 1 : 0;
    plan.window_tx_capacity =
        stop > window->start ? mul_sat(stop - window->start, config.max_txs_per_l1_block) : 0;
    if (plan.expected_landing < window->start) {
        plan.action = PlanAction::kWait;
        return plan;
    }
    if (plan.expected_landing >= stop) {
        plan.action = PlanAction::kWindowOver;
        return plan;
    }
    plan.action = PlanAction::kSubmit;
    plan.landing_blocks_left = stop - plan.expected_landing;
    plan.tx_budget = mul_sat(plan.landing_blocks_left, config.max_txs_per_l1_block);
    return plan;
}

WindowTracker::Update WindowTracker::observe(std::optional<Window> window, L1Head head) {
    Update u;
    u.plan = plan_window(config_, window, head);
    if (config_.always_open) return u;

    // The same window, or the same one reaching further (our next turn joined to it as the
    // schedule published it): not an end, nothing in flight is dropped.
    const bool same_window = current_ && u.plan.window && u.plan.window->start == current_->start &&
                             u.plan.window->end >= current_->end;
    if (same_window) current_->end = u.plan.window->end;
    if (current_ && (!same_window || u.plan.action == PlanAction::kWindowOver)) {
        // The window we were submitting in is over (or the inbox moved on to the next one).
        u.window_ended = true;
        u.wasted_blocks = current_wasted_;
        wasted_total_ += current_wasted_;
        last_finished_ = current_;
        current_.reset();
        current_wasted_ = 0;
    }
    if (!u.plan.window || (last_finished_ && *u.plan.window == *last_finished_)) return u;

    if (u.plan.action == PlanAction::kSubmit && !current_) {
        // First chance to send in this window: the usable blocks before the expected landing are lost.
        current_ = u.plan.window;
        current_wasted_ = u.plan.expected_landing - current_->start;
        ++windows_seen_;
    } else if (u.plan.action == PlanAction::kWindowOver && !current_) {
        // A window of ours that passed entirely before we could send: all its usable blocks are lost.
        const std::uint64_t stop = usable_end(config_, *u.plan.window);
        const std::uint64_t lost = stop > u.plan.window->start ? stop - u.plan.window->start : 0;
        wasted_total_ += lost;
        u.wasted_blocks += lost;
        last_finished_ = u.plan.window;
        ++windows_seen_;
    }
    return u;
}

}  // namespace baton::batcher
