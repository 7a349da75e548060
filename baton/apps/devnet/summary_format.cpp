// SPDX-License-Identifier: MIT
// The summary's two renderings: summary_json (the documented --summary-json keys) and
// format_summary (the report printed at the end). summary.cpp computes the figures.
#include <baton/apps/devnet/summary.hpp>

#include <baton/core/address.hpp>
#include <baton/core/hex.hpp>

#include <cstdio>
#include <sstream>

namespace baton::apps::devnet {

namespace {

nlohmann::json opt(const std::optional<std::uint64_t>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
nlohmann::json opt(const std::optional<double>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// Wei as a JSON number while it fits 64 bits (every devnet figure: --bid is at most 1 ETH per
// window), else as a decimal string.
nlohmann::json wei_json(const U256& v) {
    return v.fits_u64() ? nlohmann::json(*v.to_u64()) : nlohmann::json(to_decimal(v));
}

std::string gwei_text(const U256& wei) {
    if (!wei.fits_u64()) return to_decimal(wei) + " wei";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.9g gwei", static_cast<double>(*wei.to_u64()) / 1e9);
    return buf;
}

nlohmann::json auction_json(const AuctionSummary& a) {
    auto bids = nlohmann::json::array();
    for (const auto& b : a.bids) {
        const char* status = !b.tx ? "not_sent" : !b.status ? "unseen" : *b.status ? "accepted" : "reverted";
        bids.push_back({{"batcher", b.batcher},
                        {"rent", wei_json(b.rent_wei)},
                        {"escrow", wei_json(b.escrow_wei)},
                        {"at_seconds", b.at_seconds},
                        {"tx", b.tx ? nlohmann::json(to_hex(*b.tx)) : nlohmann::json()},
                        {"attempts", b.attempts},
                        {"status", status},
                        {"error", b.error}});
    }
    auto reigns = nlohmann::json::array();
    for (const auto& r : a.reigns) {
        reigns.push_back(
            {{"id", r.id},
             {"leader", to_checksum_hex(r.leader)},
             {"leader_batcher", r.leader_batcher ? nlohmann::json(*r.leader_batcher) : nlohmann::json()},
             {"start_block", r.start_block},
             {"end_block", r.end_block},
             {"scheduled_at", r.scheduled_at},
             {"rent", wei_json(r.rent_wei)},
             {"cut", r.cut},
             {"cut_at", opt(r.cut_at)}});
    }
    return {{"proceeds", wei_json(a.proceeds_wei)},
            {"proceeds_unpaid", wei_json(a.proceeds_unpaid_wei)},
            {"rent_charges", a.charges.size()},
            {"settle_txs", a.settle_txs},
            {"settle_reverted", a.settle_reverted},
            {"bids", bids},
            {"reigns", reigns},
            {"error", a.error}};
}

std::string percent(const std::optional<double>& share) {
    if (!share) return "n/a";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", *share * 100);
    return buf;
}

std::string opt_text(const std::optional<std::uint64_t>& v) {
    return v ? std::to_string(*v) : "n/a";
}

std::string fixed(const std::optional<double>& v, const char* unit) {
    if (!v) return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f%s", *v, unit);
    return buf;
}

}  // namespace

nlohmann::json summary_json(const Summary& s) {
    nlohmann::json j;
    j["duration_seconds"] = s.duration_seconds;
    j["l1_blocks"] = s.l1_blocks;
    auto batchers = nlohmann::json::array();
    for (const auto& b : s.batchers) {
        // --rotate's figures of this batcher as a block producer (null without --rotate).
        const RotationBatcherStats* r = nullptr;
        if (s.rotation && b.index >= 1 && b.index <= s.rotation->batchers.size())
            r = &s.rotation->batchers[b.index - 1];
        const auto rot = [&](auto get) { return r != nullptr ? nlohmann::json(get(*r)) : nlohmann::json(); };
        batchers.push_back(
            {{"index", b.index},
             {"address", to_checksum_hex(b.address)},
             {"batches_accepted", b.batches_accepted},
             {"bytes_accepted", b.bytes_accepted},
             {"txs_reverted", b.txs_reverted},
             {"windows_led", b.windows_led},
             {"blocks_led", b.blocks_led},
             {"block_share", opt(b.block_share)},
             {"weight", opt(b.weight)},
             {"weight_share", opt(b.weight_share)},
             {"misses_reported", b.misses_reported},
             {"backup_batches_accepted", b.backup_batches_accepted},
             {"backup_txs_reverted", b.backup_txs_reverted},
             {"blob_batches_accepted", b.blob_batches_accepted},
             {"blobs_accepted", b.blobs_accepted},
             {"rent_paid", b.rent_paid_wei ? wei_json(*b.rent_paid_wei) : nlohmann::json()},
             {"blocks_built", rot([](const RotationBatcherStats& x) { return x.blocks_built; })},
             {"safe_blocks_built", rot([](const RotationBatcherStats& x) { return x.safe_blocks_built; })},
             {"fee_recipient",
              rot([](const RotationBatcherStats& x) { return to_checksum_hex(x.fee_recipient); })},
             {"fee_revenue_wei", r != nullptr && r->fee_revenue_wei
                                     ? nlohmann::json(to_decimal(*r->fee_revenue_wei))
                                     : nlohmann::json()},
             {"node_killed", rot([](const RotationBatcherStats& x) { return x.node_killed; })}});
    }
    j["batchers"] = batchers;
    j["txs_reverted"] = s.txs_reverted;
    j["txs_ignored"] = s.txs_ignored;
    j["non_leader_txs_accepted"] = s.non_leader_txs_accepted;
    j["non_leader_bytes_accepted"] = s.non_leader_bytes_accepted;
    j["genesis_l2"] = s.genesis_l2;
    j["unsafe_head"] = opt(s.unsafe_head);
    j["safe_head"] = opt(s.safe_head);
    j["l2_blocks_derived"] = s.l2_blocks_derived;
    j["safe_lag_seconds"] = {{"p50", opt(s.safe_lag_p50)},
                             {"p99", opt(s.safe_lag_p99)},
                             {"max", opt(s.safe_lag_max)},
                             {"samples", s.safe_lag_samples}};
    j["safe_head_regressions"] = s.safe_head_regressions;
    j["unsafe_blocks_replaced"] = s.unsafe_blocks_replaced;
    auto turns = nlohmann::json::array();
    for (const auto& t : s.turns) {
        turns.push_back(
            {{"index", t.index},
             {"first_block", t.first_block},
             {"last_block", t.last_block},
             {"length", t.last_block - t.first_block + 1},
             {"leader_batcher", t.leader_batcher ? nlohmann::json(*t.leader_batcher) : nlohmann::json()},
             {"batches_accepted", t.batches_accepted},
             {"txs_reverted", t.txs_reverted},
             {"wasted_blocks", opt(t.wasted_blocks)},
             {"posted_by", t.posted_by ? nlohmann::json(*t.posted_by) : nlohmann::json()},
             {"rung", t.wasted_blocks ? nlohmann::json(t.rung) : nlohmann::json()},
             {"backup_batches_accepted", t.backup_batches_accepted},
             {"backup_txs_reverted", t.backup_txs_reverted},
             {"safe_before", opt(t.safe_before)},
             {"safe_after", opt(t.safe_after)},
             {"complete", t.complete},
             {"leader_offline", t.leader_offline}});
    }
    j["turns"] = turns;
    j["wasted_l1_blocks"] = {{"turns_with_batches", s.turns_with_batches},
                             {"turns_without_batches", s.turns_without_batches},
                             {"total", s.wasted_blocks_total},
                             {"mean", opt(s.wasted_blocks_mean)},
                             {"max", s.wasted_blocks_max}};
    j["chain_check"] = {{"blocks_compared", s.chain.blocks_compared},
                        {"mismatches", s.chain.mismatches},
                        {"first_mismatch", opt(s.chain.first_mismatch)},
                        {"safe_chain_contiguous", s.chain.safe_chain_contiguous},
                        {"error", s.chain.error}};
    j["chains_equal"] = s.chains_equal;
    auto faults = nlohmann::json::array();
    for (const auto& f : s.faults) {
        const auto& r = f.record;
        nlohmann::json e = {
            {"kind", fault_name(r.spec.kind)},
            {"spec", describe(r.spec)},
            {"at_seconds", r.spec.at_seconds},
            {"injected", r.injected},
            {"injected_at_seconds", r.injected ? nlohmann::json(r.injected_seconds) : nlohmann::json()},
            {"l1_block", opt(r.l1_block)},
            {"error", r.error},
            {"safe_head_at_injection", opt(f.safe_head_at_injection)},
            {"safe_stall_seconds", opt(f.safe_stall_seconds)},
            {"recovery_seconds", opt(f.recovery_seconds)},
            {"safe_head_regressions", f.safe_head_regressions},
            {"outcome", f.outcome},
            {"ok", f.ok}};
        switch (r.spec.kind) {
            case FaultSpec::Kind::kL1Reorg:
                e["depth"] = r.spec.depth;
                e["txs_requeued"] = r.txs_requeued;
                e["inbox_code_intact"] =
                    r.inbox_code_intact ? nlohmann::json(*r.inbox_code_intact) : nlohmann::json();
                break;
            case FaultSpec::Kind::kL1Outage:
                e["outage_seconds"] = r.spec.outage_seconds;
                e["l1_block_end"] = opt(r.l1_block_end);
                break;
            case FaultSpec::Kind::kSpam:
                e["sender"] = to_checksum_hex(r.spammer);
                e["txs_planned"] = r.spec.txs;
                e["txs_sent"] = r.spam_txs.size();
                e["txs_reverted"] = f.spam_reverted;
                e["txs_accepted"] = f.spam_accepted;
                e["txs_unseen"] = f.spam_unseen;
                e["tx_hashes"] = nlohmann::json::array();
                for (const auto& hash : r.spam_txs) e["tx_hashes"].push_back(to_hex(hash));
                break;
            case FaultSpec::Kind::kChangeInbox:
                e["old_inbox"] = to_checksum_hex(r.old_inbox);
                e["new_inbox"] =
                    r.new_inbox ? nlohmann::json(to_checksum_hex(*r.new_inbox)) : nlohmann::json();
                e["batches_to_new_inbox"] = f.batches_to_new_inbox;
                e["batches_to_old_inbox_after"] = f.batches_to_old_inbox_after;
                break;
        }
        faults.push_back(std::move(e));
    }
    j["faults"] = faults;
    auto reports = nlohmann::json::array();
    for (const auto& r : s.miss_reports) {
        reports.push_back(
            {{"window", r.window},
             {"first_block", r.first_block},
             {"last_block", r.last_block},
             {"leader", to_checksum_hex(r.leader)},
             {"leader_batcher", r.leader_batcher ? nlohmann::json(*r.leader_batcher) : nlohmann::json()},
             {"tx", r.tx ? nlohmann::json(to_hex(*r.tx)) : nlohmann::json()},
             {"status", r.status ? nlohmann::json(*r.status) : nlohmann::json()},
             {"error", r.error}});
    }
    j["miss_reports"] = reports;
    j["ladder"] = s.ladder ? nlohmann::json{{"g1", s.ladder->g1},
                                            {"g2", s.ladder->g2},
                                            {"g3", s.ladder->g3},
                                            {"max_misses", s.ladder->max_misses}}
                           : nlohmann::json();
    j["backup_batches_accepted"] = s.backup_batches_accepted;
    j["backup_txs_reverted"] = s.backup_txs_reverted;
    j["backup_reverts_max_per_window"] = s.backup_reverts_max_per_window;
    j["windows_backed_up"] = s.windows_backed_up;
    j["max_safe_stall_l1_blocks"] = s.max_safe_stall_l1_blocks;
    j["blob_batches_accepted"] = s.blob_batches_accepted;
    j["blobs_accepted"] = s.blobs_accepted;
    j["auction"] = s.auction ? auction_json(*s.auction) : nlohmann::json();
    j["rotate"] = s.rotation.has_value();
    const auto rotation = [&](auto get) {
        return s.rotation ? nlohmann::json(get(*s.rotation)) : nlohmann::json();
    };
    j["fee_recipients_match"] = rotation([](const RotationSummary& r) { return r.fee_recipients_match; });
    j["fee_recipient_blocks_checked"] =
        rotation([](const RotationSummary& r) { return r.safe_blocks_checked; });
    j["blocks_with_unknown_builder"] =
        rotation([](const RotationSummary& r) { return r.blocks_with_unknown_builder; });
    j["blocks_with_wrong_recipient"] =
        rotation([](const RotationSummary& r) { return r.blocks_with_wrong_recipient; });
    j["fee_recipient_first_mismatch"] = s.rotation ? opt(s.rotation->first_mismatch) : nlohmann::json();
    j["handover_reorgs"] = rotation([](const RotationSummary& r) { return r.handover_reorgs; });
    j["handover_reorg_depth_max"] =
        rotation([](const RotationSummary& r) { return r.handover_reorg_depth_max; });
    j["takeovers"] = rotation([](const RotationSummary& r) { return r.takeovers; });
    j["handover_waits"] = rotation([](const RotationSummary& r) { return r.handover_waits; });
    j["served_blocks_rejected"] = rotation([](const RotationSummary& r) { return r.served_blocks_rejected; });
    const auto load = [&](auto get) { return s.load ? nlohmann::json(get(*s.load)) : nlohmann::json(); };
    j["load_txs_accepted"] = load([](const LoadInclusion& l) { return l.accepted; });
    j["load_txs_included"] = load([](const LoadInclusion& l) { return l.included; });
    j["load_txs_included_twice"] = load([](const LoadInclusion& l) { return l.included_twice; });
    j["load_txs_lost"] = load([](const LoadInclusion& l) { return l.lost; });
    j["load_txs_pending"] = load([](const LoadInclusion& l) { return l.pending; });
    j["load_all_included_once"] = load([](const LoadInclusion& l) { return l.all_included_once(); });
    j["faults_ok"] = s.faults_ok();
    j["ok"] = s.ok();
    return j;
}

std::string format_summary(const Summary& s) {
    std::ostringstream out;
    out << "summary after " << fixed(s.duration_seconds, " s") << ", " << s.l1_blocks << " L1 blocks\n";
    for (const auto& b : s.batchers) {
        out << "  batcher #" << b.index << " " << to_checksum_hex(b.address) << ": " << b.batches_accepted
            << " batches accepted (" << b.bytes_accepted << " bytes), " << b.txs_reverted << " reverted; led "
            << b.windows_led << " windows, " << percent(b.block_share) << " of led blocks";
        if (b.weight_share)
            out << " against " << percent(b.weight_share) << " of the weight (" << opt_text(b.weight)
                << " now)";
        if (b.misses_reported > 0) out << "; " << b.misses_reported << " missed windows reported";
        if (b.blob_batches_accepted > 0)
            out << "; " << b.blob_batches_accepted << " of its batches as blob txs (" << b.blobs_accepted
                << " blobs)";
        if (b.rent_paid_wei) out << "; paid " << gwei_text(*b.rent_paid_wei) << " rent";
        if (s.rotation && b.index >= 1 && b.index <= s.rotation->batchers.size()) {
            const auto& r = s.rotation->batchers[b.index - 1];
            out << "; built " << r.blocks_built << " L2 blocks (" << r.safe_blocks_built
                << " of them safe), fees "
                << (r.fee_revenue_wei ? to_decimal(*r.fee_revenue_wei) + " wei" : std::string("n/a"))
                << " to " << to_checksum_hex(r.fee_recipient) << (r.node_killed ? " (node killed)" : "");
        }
        out << "\n";
    }
    out << "  txs reverted:              " << s.txs_reverted << "\n"
        << "  txs ignored (no data):     " << s.txs_ignored << "\n"
        << "  non-leader data accepted:  " << s.non_leader_txs_accepted << " txs, "
        << s.non_leader_bytes_accepted << " bytes\n"
        << "  L2 blocks derived:         " << s.l2_blocks_derived << " (safe head "
        << (s.safe_head ? std::to_string(*s.safe_head) : "n/a") << ", unsafe head "
        << (s.unsafe_head ? std::to_string(*s.unsafe_head) : "n/a") << ")\n"
        << "  sequencer blocks replaced: " << s.unsafe_blocks_replaced << " (safe head went back "
        << s.safe_head_regressions << " times)\n"
        << "  safe-head lag:             p50 " << fixed(s.safe_lag_p50, " s") << ", p99 "
        << fixed(s.safe_lag_p99, " s") << " (" << s.safe_lag_samples << " blocks)\n"
        << "  wasted L1 blocks per turn: mean " << fixed(s.wasted_blocks_mean, "") << ", max "
        << s.wasted_blocks_max << " over " << s.turns_with_batches << " turns with batches; "
        << s.turns_without_batches << " turns without\n"
        << "  longest safe-head stall:   " << s.max_safe_stall_l1_blocks
        << " L1 blocks with a full channel waiting\n";
    if (s.ladder) {
        out << "  fallback ladder:           G1 " << s.ladder->g1 << ", G2 " << s.ladder->g2 << ", G3 "
            << s.ladder->g3 << ", demoted after " << s.ladder->max_misses << " misses; "
            << s.windows_backed_up << " windows first posted by a backup, " << s.backup_batches_accepted
            << " backup batches, " << s.backup_txs_reverted << " backup txs reverted (at most "
            << s.backup_reverts_max_per_window << " in a window)\n";
    }
    if (s.rotation) {
        const auto& r = *s.rotation;
        out << "  fee recipients match:      " << (r.fee_recipients_match ? "yes" : "NO") << " ("
            << r.safe_blocks_checked << " safe blocks: " << r.blocks_with_unknown_builder
            << " with no known builder, " << r.blocks_with_wrong_recipient << " with another coinbase";
        if (r.first_mismatch) out << ", first at #" << *r.first_mismatch;
        out << ")\n"
            << "  handovers:                 " << r.handover_reorgs << " reorgs (deepest "
            << r.handover_reorg_depth_max << " blocks), " << r.handover_waits << " handover waits, "
            << r.takeovers << " takeovers, " << r.served_blocks_rejected << " served blocks rejected, "
            << r.unsafe_blocks_replaced << " unsafe blocks replaced (the nodes' counts)\n";
    }
    if (s.load) {
        out << "  L2 load included:          " << s.load->included << " of " << s.load->accepted
            << " accepted txs (" << s.load->pending << " not yet safe, " << s.load->lost << " lost, "
            << s.load->included_twice << " included twice)\n";
    }
    out << "  chains equal:              " << (s.chains_equal ? "yes" : "no") << " ("
        << s.chain.blocks_compared << " safe blocks compared";
    if (s.chain.mismatches > 0)
        out << ", " << s.chain.mismatches << " differ from #" << *s.chain.first_mismatch;
    if (!s.chain.safe_chain_contiguous) out << ", safe chain not contiguous";
    if (!s.chain.error.empty()) out << ", " << s.chain.error;
    out << ")\n";
    for (const auto& f : s.faults) {
        out << "  fault " << fault_flag(f.record.spec.kind) << " " << describe(f.record.spec) << ": "
            << (f.ok ? "ok" : "FAILED") << " — " << f.outcome;
        if (f.record.injected) {
            out << "; safe head stalled " << fixed(f.safe_stall_seconds, " s") << ", advanced again "
                << fixed(f.recovery_seconds, " s") << " after its end";
            if (f.safe_head_regressions > 0) out << ", went back " << f.safe_head_regressions << " times";
        }
        out << "\n";
    }
    if (!s.miss_reports.empty()) {
        std::size_t accepted = 0;
        for (const auto& r : s.miss_reports) accepted += r.status.value_or(false) ? 1 : 0;
        out << "  missed windows reported:   " << s.miss_reports.size() << " (" << accepted
            << " accepted by the mechanism)\n";
    }
    if (s.auction) {
        const auto& a = *s.auction;
        std::size_t accepted = 0;
        for (const auto& b : a.bids) accepted += b.status.value_or(false) ? 1 : 0;
        out << "  auction:                   " << a.bids.size() << " bids (" << accepted << " accepted), "
            << a.reigns.size() << " reigns, proceeds " << gwei_text(a.proceeds_wei) << "; " << a.settle_txs
            << " settle() txs (" << a.settle_reverted << " reverted)";
        if (!a.error.empty()) out << "; " << a.error;
        out << "\n";
        for (const auto& r : a.reigns) {
            out << "    reign " << r.id << ": "
                << (r.leader_batcher ? "batcher #" + std::to_string(*r.leader_batcher)
                                     : to_checksum_hex(r.leader))
                << " L1 [#" << r.start_block << ", #" << r.end_block << ") at " << gwei_text(r.rent_wei)
                << " per window" << (r.cut ? " (cut)" : "") << "\n";
        }
    }
    return out.str();
}

}  // namespace baton::apps::devnet
