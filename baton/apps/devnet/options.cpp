// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/options.hpp>

#include <baton/protocol/rollup_config.hpp>

#include <charconv>
#include <filesystem>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>

namespace baton::apps::devnet {

namespace {
constexpr std::uint64_t kMaxDevnetTurnLength = 1'000;
constexpr std::uint64_t kMaxDevnetL1BlockTime = 3'600;
}  // namespace

Result<BatcherEvent, std::string> parse_batcher_event(std::string_view text, BatcherEvent::Kind kind) {
    const std::string flag = kind == BatcherEvent::Kind::kKill ? "--kill-batcher" : "--restart-batcher";
    const auto bad = [&](const std::string& why) {
        return unexpected(flag + " '" + std::string(text) + "': " + why + " (expected I@T, e.g. 2@30)");
    };
    const auto at = text.find('@');
    if (at == std::string_view::npos) return bad("no '@'");
    const std::string_view index_text = text.substr(0, at);
    const std::string_view time_text = text.substr(at + 1);
    std::size_t index = 0;
    const auto [iend, ierr] =
        std::from_chars(index_text.data(), index_text.data() + index_text.size(), index);
    if (index_text.empty() || ierr != std::errc{} || iend != index_text.data() + index_text.size()) {
        return bad("batcher index is not a number");
    }
    if (index == 0) return bad("batchers are numbered from 1");
    double seconds = 0;
    const auto [tend, terr] = std::from_chars(time_text.data(), time_text.data() + time_text.size(), seconds);
    if (time_text.empty() || terr != std::errc{} || tend != time_text.data() + time_text.size()) {
        return bad("time is not a number of seconds");
    }
    if (!std::isfinite(seconds) || seconds < 0) return bad("time must be >= 0");
    return BatcherEvent{kind, index, seconds};
}

namespace {

// A number of seconds: non-negative, finite, the whole text.
std::optional<double> parse_seconds(std::string_view text) {
    double v = 0;
    const auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || err != std::errc{} || end != text.data() + text.size() || !std::isfinite(v) || v < 0)
        return std::nullopt;
    return v;
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
    std::uint64_t v = 0;
    const auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || err != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return v;
}

std::string seconds_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// "N@T" for --l1-reorg and --spam.
Result<FaultSpec, std::string> parse_count_at(std::string_view text, FaultSpec::Kind kind, const char* what,
                                              std::uint64_t max) {
    const std::string flag = fault_flag(kind);
    const auto bad = [&](const std::string& why) {
        return unexpected(flag + " '" + std::string(text) + "': " + why + " (expected " +
                          (kind == FaultSpec::Kind::kL1Reorg ? "DEPTH@T, e.g. 4@30" : "I@T, e.g. 5@40") +
                          ")");
    };
    const auto at = text.find('@');
    if (at == std::string_view::npos) return bad("no '@'");
    const auto count = parse_count(text.substr(0, at));
    if (!count) return bad(std::string(what) + " is not a number");
    if (*count < 1 || *count > max) return bad(std::string(what) + " must be 1.." + std::to_string(max));
    const auto seconds = parse_seconds(text.substr(at + 1));
    if (!seconds) return bad("time is not a number of seconds >= 0");
    FaultSpec f;
    f.kind = kind;
    f.at_seconds = *seconds;
    (kind == FaultSpec::Kind::kL1Reorg ? f.depth : f.txs) = *count;
    return f;
}

}  // namespace

const char* fault_flag(FaultSpec::Kind kind) noexcept {
    switch (kind) {
        case FaultSpec::Kind::kL1Reorg:
            return "--l1-reorg";
        case FaultSpec::Kind::kL1Outage:
            return "--l1-outage";
        case FaultSpec::Kind::kSpam:
            return "--spam";
        case FaultSpec::Kind::kChangeInbox:
            return "--change-inbox";
    }
    return "?";
}

const char* fault_name(FaultSpec::Kind kind) noexcept {
    switch (kind) {
        case FaultSpec::Kind::kL1Reorg:
            return "l1_reorg";
        case FaultSpec::Kind::kL1Outage:
            return "l1_outage";
        case FaultSpec::Kind::kSpam:
            return "spam";
        case FaultSpec::Kind::kChangeInbox:
            return "change_inbox";
    }
    return "?";
}

std::string describe(const FaultSpec& f) {
    switch (f.kind) {
        case FaultSpec::Kind::kL1Reorg:
            return std::to_string(f.depth) + "@" + seconds_text(f.at_seconds);
        case FaultSpec::Kind::kL1Outage:
            return seconds_text(f.at_seconds) + "+" + seconds_text(f.outage_seconds);
        case FaultSpec::Kind::kSpam:
            return std::to_string(f.txs) + "@" + seconds_text(f.at_seconds);
        case FaultSpec::Kind::kChangeInbox:
            return "@" + seconds_text(f.at_seconds);
    }
    return "?";
}

Result<FaultSpec, std::string> parse_l1_reorg(std::string_view text) {
    return parse_count_at(text, FaultSpec::Kind::kL1Reorg, "depth", kMaxReorgDepth);
}

Result<FaultSpec, std::string> parse_spam(std::string_view text) {
    return parse_count_at(text, FaultSpec::Kind::kSpam, "tx count", kMaxSpamTxs);
}

Result<FaultSpec, std::string> parse_l1_outage(std::string_view text) {
    const auto bad = [&](const std::string& why) {
        return unexpected("--l1-outage '" + std::string(text) + "': " + why + " (expected T+S, e.g. 30+10)");
    };
    const auto plus = text.find('+');
    if (plus == std::string_view::npos) return bad("no '+'");
    const auto at = parse_seconds(text.substr(0, plus));
    if (!at) return bad("start is not a number of seconds >= 0");
    const auto length = parse_seconds(text.substr(plus + 1));
    if (!length) return bad("length is not a number of seconds");
    if (!(*length > 0) || *length > kMaxOutageSeconds)
        return bad("length must be > 0 and <= " + seconds_text(kMaxOutageSeconds) + " s");
    FaultSpec f;
    f.kind = FaultSpec::Kind::kL1Outage;
    f.at_seconds = *at;
    f.outage_seconds = *length;
    return f;
}

Result<FaultSpec, std::string> parse_change_inbox(std::string_view text) {
    const auto bad = [&](const std::string& why) {
        return unexpected("--change-inbox '" + std::string(text) + "': " + why + " (expected @T, e.g. @60)");
    };
    if (text.empty() || text.front() != '@') return bad("no leading '@'");
    const auto at = parse_seconds(text.substr(1));
    if (!at) return bad("time is not a number of seconds >= 0");
    FaultSpec f;
    f.kind = FaultSpec::Kind::kChangeInbox;
    f.at_seconds = *at;
    return f;
}

Result<node::MechanismScriptRef, std::string> resolve_mechanism(const std::string& mechanism) {
    std::error_code ec;
    const auto cwd = std::filesystem::current_path(ec);
    if (ec) return unexpected("--mechanism: no working directory: " + ec.message());
    auto ref = node::parse_mechanism_ref(mechanism, node::default_contracts_dir(), cwd);
    if (!ref) return unexpected("--mechanism " + ref.error().detail);
    return *ref;
}

Result<void, std::string> check_options(const DevnetOptions& o) {
    if (auto mechanism = resolve_mechanism(o.mechanism); !mechanism) return unexpected(mechanism.error());
    if (o.batchers < 1 || o.batchers > 9)
        return unexpected("--batchers must be 1..9 (anvil has 10 dev accounts)");
    // Upper bounds: a devnet turn or L1 block of more than an hour is a typo, and the numbers go
    // into anvil and rollup.json, whose own bounds (RollupConfig::check) apply to the L2 side.
    if (o.turn_length < 1 || o.turn_length > kMaxDevnetTurnLength)
        return unexpected("--turn-length must be 1.." + std::to_string(kMaxDevnetTurnLength));
    if (o.l1_block_time < 1 || o.l1_block_time > kMaxDevnetL1BlockTime)
        return unexpected("--l1-block-time must be 1.." + std::to_string(kMaxDevnetL1BlockTime) + " seconds");
    if (o.l2_block_time < 1 || o.l2_block_time > protocol::kMaxBlockTime)
        return unexpected("--l2-block-time must be 1.." + std::to_string(protocol::kMaxBlockTime) +
                          " seconds");
    if (o.l2_blocks_per_channel < 1 || o.l2_blocks_per_channel > protocol::kMaxL2BlocksPerChannel)
        return unexpected("--blocks-per-channel must be 1.." +
                          std::to_string(protocol::kMaxL2BlocksPerChannel));
    if (o.duration_seconds && !(*o.duration_seconds > 0)) return unexpected("--duration must be > 0");
    if (o.tx_per_second < 0 || o.tx_per_second > 100) return unexpected("--tx-rate must be 0..100");
    for (const auto& e : o.events) {
        const char* flag = e.kind == BatcherEvent::Kind::kKill ? "--kill-batcher" : "--restart-batcher";
        if (e.batcher > o.batchers) {
            return unexpected(std::string(flag) + ": batcher " + std::to_string(e.batcher) +
                              " does not exist (" + std::to_string(o.batchers) + " batchers)");
        }
        if (o.duration_seconds && e.at_seconds >= *o.duration_seconds) {
            return unexpected(std::string(flag) + ": time " + std::to_string(e.at_seconds) +
                              " s is not before --duration");
        }
        if (o.no_batchers) return unexpected(std::string(flag) + " needs batchers (drop --no-batchers)");
    }
    std::size_t inbox_changes = 0;
    for (const auto& f : o.faults) {
        const std::string flag = fault_flag(f.kind);
        // An outage must end inside the run, so that the recovery is seen.
        const double end = f.at_seconds + f.outage_seconds;
        if (o.duration_seconds && end >= *o.duration_seconds) {
            return unexpected(
                flag + " " + describe(f) + ": " +
                (f.kind == FaultSpec::Kind::kL1Outage ? "the outage does not end" : "the time is not") +
                " before --duration");
        }
        if (f.kind == FaultSpec::Kind::kChangeInbox && ++inbox_changes > 1)
            return unexpected("--change-inbox: at most one per run");
        if (f.kind != FaultSpec::Kind::kL1Outage) continue;
        for (const auto& g : o.faults) {
            if (&g == &f || g.kind != FaultSpec::Kind::kL1Outage) continue;
            if (f.at_seconds <= g.at_seconds && g.at_seconds < end) {
                return unexpected("--l1-outage " + describe(f) + " and " + describe(g) + " overlap");
            }
        }
    }
    return {};
}

namespace {

Result<std::uint64_t, std::string> parse_u64(const std::string& text, const char* flag) {
    std::uint64_t v = 0;
    const auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || err != std::errc{} || end != text.data() + text.size()) {
        return unexpected(std::string(flag) + " '" + text + "': not a non-negative integer");
    }
    return v;
}

Result<double, std::string> parse_number(const std::string& text, const char* flag) {
    double v = 0;
    const auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || err != std::errc{} || end != text.data() + text.size() || !std::isfinite(v)) {
        return unexpected(std::string(flag) + " '" + text + "': not a number");
    }
    return v;
}

}  // namespace

Result<DevnetOptions, std::string> parse_devnet_args(const RawDevnetArgs& raw) {
    DevnetOptions o;
    if (!raw.batchers.empty()) {
        auto v = parse_u64(raw.batchers, "--batchers");
        if (!v) return unexpected(v.error());
        o.batchers = static_cast<std::size_t>(*v);
    }
    if (!raw.turn_length.empty()) {
        auto v = parse_u64(raw.turn_length, "--turn-length");
        if (!v) return unexpected(v.error());
        o.turn_length = *v;
    }
    if (!raw.mechanism.empty()) o.mechanism = raw.mechanism;
    for (const auto& text : raw.kill_batcher) {
        auto e = parse_batcher_event(text, BatcherEvent::Kind::kKill);
        if (!e) return unexpected(e.error());
        o.events.push_back(*e);
    }
    for (const auto& text : raw.restart_batcher) {
        auto e = parse_batcher_event(text, BatcherEvent::Kind::kRestart);
        if (!e) return unexpected(e.error());
        o.events.push_back(*e);
    }
    if (!raw.duration.empty()) {
        auto v = parse_number(raw.duration, "--duration");
        if (!v) return unexpected(v.error());
        o.duration_seconds = *v;
    }
    o.run_dir = raw.run_dir;
    if (!raw.l1_block_time.empty()) {
        auto v = parse_u64(raw.l1_block_time, "--l1-block-time");
        if (!v) return unexpected(v.error());
        o.l1_block_time = *v;
    }
    if (!raw.l2_blocks_per_channel.empty()) {
        auto v = parse_u64(raw.l2_blocks_per_channel, "--blocks-per-channel");
        if (!v) return unexpected(v.error());
        o.l2_blocks_per_channel = *v;
    }
    if (!raw.tx_rate.empty()) {
        auto v = parse_number(raw.tx_rate, "--tx-rate");
        if (!v) return unexpected(v.error());
        o.tx_per_second = *v;
    }
    o.summary_json = raw.summary_json;
    o.anvil = raw.anvil;
    o.forge = raw.forge;
    o.no_batchers = raw.no_batchers;
    const auto add_faults =
        [&](const std::vector<std::string>& texts,
            Result<FaultSpec, std::string> (*parse)(std::string_view)) -> Result<void, std::string> {
        for (const auto& text : texts) {
            auto f = parse(text);
            if (!f) return unexpected(f.error());
            o.faults.push_back(*f);
        }
        return {};
    };
    for (const auto& [texts, parse] :
         {std::pair{&raw.l1_reorg, &parse_l1_reorg}, std::pair{&raw.l1_outage, &parse_l1_outage},
          std::pair{&raw.spam, &parse_spam}, std::pair{&raw.change_inbox, &parse_change_inbox}}) {
        if (auto added = add_faults(*texts, parse); !added) return unexpected(added.error());
    }
    if (auto checked = check_options(o); !checked) return unexpected(checked.error());
    return o;
}

}  // namespace baton::apps::devnet
