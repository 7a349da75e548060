// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/summary.hpp>

#include <baton/core/address.hpp>
#include <baton/core/hex.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace baton::apps::devnet {

std::optional<double> percentile(std::vector<double> values, double p) {
    if (values.empty() || !(p > 0) || p > 100) return std::nullopt;
    std::sort(values.begin(), values.end());
    const auto n = static_cast<double>(values.size());
    auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * n));
    rank = std::clamp<std::size_t>(rank, 1, values.size());
    return values[rank - 1];
}

SummaryBuilder::SummaryBuilder(Schedule schedule, std::vector<Address> batchers) : schedule_(schedule) {
    for (std::size_t i = 0; i < batchers.size(); ++i) {
        BatcherStats stats;
        stats.index = i + 1;
        stats.address = batchers[i];
        batchers_.push_back(stats);
    }
}

void SummaryBuilder::add_l1_block(const L1BlockView& view) {
    blocks_[view.number] = view;
}

void SummaryBuilder::on_safe_head(std::uint64_t number, double unix_seconds) {
    last_observation_ = unix_seconds;
    if (last_safe_ && number < *last_safe_) {
        ++regressions_;
        regression_times_.push_back(unix_seconds);
        last_safe_ = number;
        return;
    }
    if (!last_safe_ || number > *last_safe_) advances_.emplace_back(unix_seconds, number);
    const std::uint64_t from = last_safe_ ? *last_safe_ + 1 : schedule_.genesis_l2 + 1;
    for (std::uint64_t n = std::max(from, schedule_.genesis_l2 + 1); n <= number; ++n) {
        const auto ts = schedule_.genesis_l2_time + (n - schedule_.genesis_l2) * schedule_.l2_block_time;
        lags_.push_back(unix_seconds - static_cast<double>(ts));
    }
    last_safe_ = std::max(number, last_safe_.value_or(0));
}

void SummaryBuilder::add_fault(const FaultRecord& record) {
    faults_.push_back(record);
}

void SummaryBuilder::add_miss_report(const MissReport& report) {
    miss_reports_.push_back(report);
}

FaultOutcome SummaryBuilder::fault_outcome(const FaultRecord& r,
                                           std::optional<double> window_end_unix) const {
    using Kind = FaultSpec::Kind;
    FaultOutcome o;
    o.record = r;
    const auto fail = [&](const std::string& why) {
        o.ok = false;
        o.outcome = why;
        return o;
    };
    if (!r.injected)
        return fail("not injected: " + (r.error.empty() ? std::string("run ended first") : r.error));

    // Safe head around the fault.
    const double start = r.injected_unix;
    const double end = std::max(r.ended_unix, start);
    double window_end = std::min(end + kFaultSettleSeconds, last_observation_.value_or(end));
    if (window_end_unix && *window_end_unix > end) window_end = std::min(window_end, *window_end_unix);
    double previous = start;
    for (const auto& [t, number] : advances_) {
        if (t > start) break;
        previous = t;
        o.safe_head_at_injection = number;
    }
    double stall = 0;
    for (const auto& [t, number] : advances_) {
        if (t <= start) continue;
        if (t > window_end) break;
        stall = std::max(stall, t - previous);
        previous = t;
    }
    stall = std::max(stall, window_end - previous);
    if (last_observation_) o.safe_stall_seconds = stall;
    for (const auto& [t, number] : advances_) {
        if (t > end) {
            o.recovery_seconds = t - end;
            break;
        }
    }
    for (double t : regression_times_) {
        if (t >= start && t <= std::max(window_end, end)) ++o.safe_head_regressions;
    }

    std::ostringstream seen;
    switch (r.spec.kind) {
        case Kind::kL1Reorg:
            seen << "replaced L1 blocks from #" << (r.l1_block ? std::to_string(*r.l1_block) : "?") << ", "
                 << r.txs_requeued << " txs sent again, inbox code "
                 << (!r.inbox_code_intact   ? "not checked"
                     : *r.inbox_code_intact ? "intact"
                                            : "GONE");
            if (!r.inbox_code_intact || !*r.inbox_code_intact)
                return fail(seen.str() + ": L1 is broken (anvil lost contract code), the run proves nothing");
            break;
        case Kind::kL1Outage:
            seen << "L1 cut for " << r.spec.outage_seconds << " s";
            if (r.l1_block && r.l1_block_end)
                seen << " (L1 #" << *r.l1_block << "..#" << *r.l1_block_end << " mined meanwhile)";
            break;
        case Kind::kSpam: {
            for (const auto& hash : r.spam_txs) {
                bool found = false;
                for (const auto& [number, view] : blocks_) {
                    for (const auto& tx : view.inbox_txs) {
                        if (tx.hash != hash) continue;
                        found = true;
                        ++(tx.status ? o.spam_accepted : o.spam_reverted);
                    }
                }
                if (!found) ++o.spam_unseen;
            }
            seen << r.spam_txs.size() << " of " << r.spec.txs << " sent, " << o.spam_reverted << " reverted, "
                 << o.spam_accepted << " accepted, " << o.spam_unseen << " not seen on L1";
            if (o.spam_accepted > 0) return fail(seen.str() + ": a non-member's batch was accepted");
            if (r.spam_txs.size() != r.spec.txs || o.spam_reverted != r.spam_txs.size())
                return fail(seen.str() + (r.error.empty() ? "" : ": " + r.error));
            break;
        }
        case Kind::kChangeInbox: {
            for (const auto& [number, view] : blocks_) {
                for (const auto& tx : view.inbox_txs) {
                    if (!tx.status || !tx.has_batch_data) continue;
                    if (r.new_inbox && tx.inbox == *r.new_inbox) ++o.batches_to_new_inbox;
                    if (tx.inbox == r.old_inbox && r.l1_block && number > *r.l1_block)
                        ++o.batches_to_old_inbox_after;
                }
            }
            seen << "inbox moved";
            if (r.new_inbox) seen << " to " << to_checksum_hex(*r.new_inbox);
            if (r.l1_block) seen << " at L1 #" << *r.l1_block;
            seen << ", " << o.batches_to_new_inbox << " batches to it, " << o.batches_to_old_inbox_after
                 << " to the old one after";
            if (!r.new_inbox || o.batches_to_new_inbox == 0)
                return fail(seen.str() + ": no batch reached the new inbox");
            break;
        }
    }
    if (!r.error.empty()) return fail(seen.str() + ": " + r.error);
    if (!o.recovery_seconds) return fail(seen.str() + "; the safe head did not advance after it");
    o.ok = true;
    o.outcome = seen.str();
    return o;
}

void SummaryBuilder::on_unsafe_block(std::uint64_t number, const B256& hash) {
    auto [it, inserted] = unsafe_seen_.try_emplace(number, hash);
    if (!inserted && it->second != hash) {
        ++unsafe_replaced_;
        it->second = hash;
    }
}

void SummaryBuilder::on_batcher_offline(std::size_t index, std::uint64_t l1_block) {
    offline_from_.try_emplace(index, l1_block);
}

void SummaryBuilder::on_batcher_online(std::size_t index) {
    offline_from_.erase(index);
}

std::vector<std::uint64_t> SummaryBuilder::unsafe_heights() const {
    std::vector<std::uint64_t> out;
    for (const auto& [number, hash] : unsafe_seen_) out.push_back(number);
    return out;
}

void SummaryBuilder::add_leadership_shares(Summary& s) const {
    std::uint64_t led_blocks = 0;
    std::vector<double> weight_sums(s.batchers.size(), 0.0);
    std::uint64_t weighed_blocks = 0;
    for (const auto& [number, view] : blocks_) {
        if (number < schedule_.start_block || !view.leader) continue;
        ++led_blocks;
        if (view.leader_batcher && *view.leader_batcher >= 1 && *view.leader_batcher <= s.batchers.size()) {
            ++s.batchers[*view.leader_batcher - 1].blocks_led;
        }
        if (view.weights && view.weights->total > 0 && view.weights->of_batcher.size() == s.batchers.size()) {
            ++weighed_blocks;
            for (std::size_t i = 0; i < s.batchers.size(); ++i) {
                weight_sums[i] += static_cast<double>(view.weights->of_batcher[i]) /
                                  static_cast<double>(view.weights->total);
            }
        }
    }
    // The weights at the last block that has them (the latest state of the set).
    const L1BlockView::Weights* last = nullptr;
    for (auto it = blocks_.rbegin(); it != blocks_.rend() && last == nullptr; ++it) {
        const auto& weights = it->second.weights;
        if (weights && weights->of_batcher.size() == s.batchers.size()) last = &*weights;
    }
    for (const auto& turn : s.turns) {
        if (turn.leader_batcher && *turn.leader_batcher >= 1 && *turn.leader_batcher <= s.batchers.size()) {
            ++s.batchers[*turn.leader_batcher - 1].windows_led;
        }
    }
    for (std::size_t i = 0; i < s.batchers.size(); ++i) {
        auto& b = s.batchers[i];
        if (led_blocks > 0)
            b.block_share = static_cast<double>(b.blocks_led) / static_cast<double>(led_blocks);
        if (weighed_blocks > 0) b.weight_share = weight_sums[i] / static_cast<double>(weighed_blocks);
        if (last != nullptr) b.weight = last->of_batcher[i];
    }
}

std::uint64_t SummaryBuilder::max_safe_stall_l1_blocks() const {
    // The safe head "after block b" is the one seen when block b + 1 appeared: the view taken when
    // b itself appeared cannot show what the verifier derives from b.
    std::uint64_t longest = 0;
    std::uint64_t run = 0;
    for (auto it = blocks_.begin(); it != blocks_.end(); ++it) {
        const auto& [number, view] = *it;
        const auto next = std::next(it);
        const bool observed = next != blocks_.end() && next->first == number + 1 &&
                              next->second.verifier_safe && view.verifier_safe && view.sequencer_unsafe;
        if (!observed) {
            run = 0;
            continue;
        }
        const bool stalled = next->second.verifier_safe->number <= view.verifier_safe->number;
        const bool waiting =
            view.sequencer_unsafe->number >= view.verifier_safe->number + schedule_.blocks_per_channel;
        run = stalled && waiting ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

Summary SummaryBuilder::finish(const ChainCheck& chain, double duration_seconds) const {
    Summary s;
    s.duration_seconds = duration_seconds;
    s.l1_blocks = blocks_.size();
    s.batchers = batchers_;
    s.genesis_l2 = schedule_.genesis_l2;
    s.chain = chain;
    s.chains_equal = chain.error.empty() && chain.mismatches == 0 && chain.safe_chain_contiguous;
    s.safe_head_regressions = regressions_;
    s.unsafe_blocks_replaced = unsafe_replaced_;
    s.rotation = rotation_;
    s.load = load_;
    // Under --rotate no single sequencer engine holds every block, so the nodes count their own.
    if (rotation_) s.unsafe_blocks_replaced = rotation_->unsafe_blocks_replaced;
    s.ladder = schedule_.ladder;
    s.max_safe_stall_l1_blocks = max_safe_stall_l1_blocks();

    // A turn is a window: a maximal run of L1 blocks with the same leaderAt (nobody included),
    // read from the interface, so any mechanism's windows of any length are summed right (a sole
    // leader's whole run is one window).
    std::vector<TurnStats> turns;
    std::optional<std::uint64_t> previous_number;
    std::optional<Address> previous_leader;
    for (const auto& [number, view] : blocks_) {
        if (view.sequencer_unsafe) s.unsafe_head = view.sequencer_unsafe->number;
        if (view.verifier_safe) s.safe_head = view.verifier_safe->number;
        TurnStats* turn = nullptr;
        if (number >= schedule_.start_block) {
            const bool continues = !turns.empty() && previous_number && *previous_number + 1 == number &&
                                   previous_leader == view.leader;
            if (!continues) {
                TurnStats next;
                next.index = turns.size();
                next.first_block = number;
                next.leader_batcher = view.leader_batcher;
                turns.push_back(next);
            }
            turn = &turns.back();
            turn->last_block = number;
            previous_number = number;
            previous_leader = view.leader;
        }
        for (const auto& tx : view.inbox_txs) {
            BatcherStats* batcher = nullptr;
            if (tx.batcher && *tx.batcher >= 1 && *tx.batcher <= s.batchers.size()) {
                batcher = &s.batchers[*tx.batcher - 1];
            }
            const bool primary = view.leader && *view.leader == tx.sender;
            if (!tx.status) {
                ++s.txs_reverted;
                if (batcher != nullptr) ++batcher->txs_reverted;
                if (turn != nullptr) ++turn->txs_reverted;
                if (s.ladder && batcher != nullptr && tx.has_batch_data && !primary) {
                    ++s.backup_txs_reverted;
                    ++batcher->backup_txs_reverted;
                    if (turn != nullptr) ++turn->backup_txs_reverted;
                }
                continue;
            }
            if (!tx.has_batch_data) {
                ++s.txs_ignored;
                continue;
            }
            if (!primary && !tx.ladder_rung) {
                ++s.non_leader_txs_accepted;
                s.non_leader_bytes_accepted += tx.calldata_bytes;
            }
            if (batcher != nullptr) {
                ++batcher->batches_accepted;
                batcher->bytes_accepted += tx.calldata_bytes;
            }
            if (tx.blobs > 0) {
                ++s.blob_batches_accepted;
                s.blobs_accepted += tx.blobs;
                if (batcher != nullptr) {
                    ++batcher->blob_batches_accepted;
                    batcher->blobs_accepted += tx.blobs;
                }
            }
            if (tx.ladder_rung) {
                ++s.backup_batches_accepted;
                if (batcher != nullptr) ++batcher->backup_batches_accepted;
            }
            if (turn != nullptr) {
                ++turn->batches_accepted;
                if (tx.ladder_rung) ++turn->backup_batches_accepted;
                if (!turn->wasted_blocks) {
                    turn->wasted_blocks = number - turn->first_block;
                    turn->posted_by = tx.batcher;
                    turn->rung = tx.ladder_rung.value_or(primary ? 1 : 0);
                }
            }
        }
    }
    for (auto& turn : turns) {
        // Heads as seen when the block before the turn and the block after it appeared: the
        // verifier may already have derived the block the devnet is looking at, so a turn's own
        // first block is not a clean "before".
        const auto before = turn.first_block > 0 ? blocks_.find(turn.first_block - 1) : blocks_.end();
        const auto after = blocks_.find(turn.last_block + 1);
        turn.complete = before != blocks_.end() && after != blocks_.end();
        if (before != blocks_.end() && before->second.verifier_safe) {
            turn.safe_before = before->second.verifier_safe->number;
        }
        if (after != blocks_.end() && after->second.verifier_safe) {
            turn.safe_after = after->second.verifier_safe->number;
        }
        if (turn.leader_batcher) {
            const auto off = offline_from_.find(*turn.leader_batcher);
            turn.leader_offline = off != offline_from_.end() && off->second <= turn.last_block;
        }
        s.backup_reverts_max_per_window = std::max(s.backup_reverts_max_per_window, turn.backup_txs_reverted);
        if (turn.posted_by && turn.posted_by != turn.leader_batcher && turn.rung != 0) ++s.windows_backed_up;
        if (turn.wasted_blocks) {
            ++s.turns_with_batches;
            s.wasted_blocks_total += *turn.wasted_blocks;
            s.wasted_blocks_max = std::max(s.wasted_blocks_max, *turn.wasted_blocks);
        } else if (turn.complete && turn.leader_batcher) {
            ++s.turns_without_batches;
        }
        s.turns.push_back(turn);
    }
    add_leadership_shares(s);
    for (auto report : miss_reports_) {
        for (const auto& [number, view] : blocks_) {
            for (const auto& tx : view.inbox_txs) {
                if (report.tx && tx.hash == *report.tx) report.status = tx.status;
            }
        }
        if (report.status.value_or(false) && report.leader_batcher && *report.leader_batcher >= 1 &&
            *report.leader_batcher <= s.batchers.size()) {
            ++s.batchers[*report.leader_batcher - 1].misses_reported;
        }
        s.miss_reports.push_back(std::move(report));
    }
    if (auction_) add_auction(s);
    if (s.turns_with_batches > 0) {
        s.wasted_blocks_mean =
            static_cast<double>(s.wasted_blocks_total) / static_cast<double>(s.turns_with_batches);
    }
    if (s.safe_head && *s.safe_head > schedule_.genesis_l2)
        s.l2_blocks_derived = *s.safe_head - schedule_.genesis_l2;
    s.safe_lag_samples = lags_.size();
    s.safe_lag_p50 = percentile(lags_, 50);
    s.safe_lag_p99 = percentile(lags_, 99);
    s.safe_lag_max = percentile(lags_, 100);
    for (const auto& record : faults_) {
        std::optional<double> next;
        for (const auto& other : faults_) {
            if (other.injected && other.injected_unix > record.injected_unix)
                next = std::min(next.value_or(other.injected_unix), other.injected_unix);
        }
        s.faults.push_back(fault_outcome(record, next));
    }
    return s;
}

void SummaryBuilder::add_auction(Summary& s) const {
    AuctionSummary a = *auction_;
    const auto batcher_of = [&](const Address& who) -> std::optional<std::size_t> {
        for (const auto& b : s.batchers) {
            if (b.address == who) return b.index;
        }
        return std::nullopt;
    };
    for (auto& bid : a.bids) {
        for (const auto& [number, view] : blocks_) {
            for (const auto& tx : view.inbox_txs) {
                if (bid.tx && tx.hash == *bid.tx) bid.status = tx.status;
            }
        }
    }
    for (auto& reign : a.reigns) reign.leader_batcher = batcher_of(reign.leader);
    for (auto& b : s.batchers) b.rent_paid_wei = U256(0);
    U256 total(0);
    for (const auto& charge : a.charges) {
        total = total + charge.amount;
        if (const auto index = batcher_of(charge.leader)) {
            auto& paid = s.batchers[*index - 1].rent_paid_wei;
            paid = *paid + charge.amount;
        }
    }
    a.proceeds_wei = total;
    s.auction = std::move(a);
}

}  // namespace baton::apps::devnet
