// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/options.hpp>

#include <baton/apps/cli_support.hpp>

#include <baton/protocol/rollup_config.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

namespace baton::apps::devnet {

namespace {
// anvil has 10 dev accounts: one deploys, up to nine post.
constexpr std::uint64_t kMaxDevnetBatchers = 9;
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

Result<BidSpec, std::string> parse_bid(std::string_view text) {
    const auto bad = [&](const std::string& why) {
        return unexpected("--bid '" + std::string(text) + "': " + why +
                          " (expected I=RENT[@T], RENT in gwei per window, e.g. 2=2000000@40)");
    };
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) return bad("no '='");
    const auto index = parse_count(text.substr(0, eq));
    if (!index) return bad("batcher index is not a number");
    if (*index == 0) return bad("batchers are numbered from 1");
    std::string_view rest = text.substr(eq + 1);
    double seconds = 0;
    if (const auto at = rest.find('@'); at != std::string_view::npos) {
        const auto parsed = parse_seconds(rest.substr(at + 1));
        if (!parsed) return bad("time is not a number of seconds >= 0");
        seconds = *parsed;
        rest = rest.substr(0, at);
    }
    const auto rent = parse_count(rest);
    if (!rent) return bad("rent is not a whole number of gwei");
    if (*rent < 1 || *rent > kMaxBidGwei)
        return bad("rent must be 1.." + std::to_string(kMaxBidGwei) + " gwei");
    return BidSpec{static_cast<std::size_t>(*index), *rent, seconds};
}

std::string describe(const BidSpec& bid) {
    return std::to_string(bid.batcher) + "=" + std::to_string(bid.rent_gwei) + "@" +
           seconds_text(bid.at_seconds);
}

Result<l1::MechanismScriptRef, std::string> resolve_mechanism(const std::string& mechanism) {
    std::error_code ec;
    const auto cwd = std::filesystem::current_path(ec);
    if (ec) return unexpected("--mechanism: no working directory: " + ec.message());
    auto ref = l1::parse_mechanism_ref(mechanism, l1::default_contracts_dir(), cwd);
    if (!ref) return unexpected("--mechanism " + ref.error().detail);
    return *ref;
}

Result<void, std::string> check_options(const DevnetOptions& o) {
    if (auto mechanism = resolve_mechanism(o.mechanism); !mechanism) return unexpected(mechanism.error());
    if (o.batchers < 1 || o.batchers > kMaxDevnetBatchers)
        return unexpected("--batchers must be 1..9 (anvil has 10 dev accounts)");
    // Upper bounds: a devnet turn or L1 block of more than an hour is a typo, and the numbers go
    // into anvil and rollup.json, whose own bounds (RollupConfig::check) apply to the L2 side.
    if (o.turn_length && (*o.turn_length < 1 || *o.turn_length > kMaxDevnetTurnLength))
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
    if (o.handover_wait_seconds && !o.rotate) return unexpected("--handover-wait needs --rotate");
    if (o.handover_wait_seconds && *o.handover_wait_seconds > kMaxHandoverWaitSeconds)
        return unexpected("--handover-wait must be 0.." + std::to_string(kMaxHandoverWaitSeconds) +
                          " seconds");
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
    for (const auto& b : o.bids) {
        if (o.mechanism != l1::kAuctionMechanism)
            return unexpected("--bid " + describe(b) + ": bids need --mechanism auction (not " + o.mechanism +
                              ")");
        if (b.batcher > o.batchers) {
            return unexpected("--bid " + describe(b) + ": batcher " + std::to_string(b.batcher) +
                              " does not exist (" + std::to_string(o.batchers) + " batchers)");
        }
        if (o.duration_seconds && b.at_seconds >= *o.duration_seconds)
            return unexpected("--bid " + describe(b) + ": the time is not before --duration");
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

// A finite decimal number (from_chars: no "inf", "nan", hex or spaces); the range is check_options'.
CLI::Validator finite_number() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            double v = 0;
            const auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (text.empty() || err != std::errc{} || end != text.data() + text.size() || !std::isfinite(v)) {
                return "'" + text + "' is not a number";
            }
            return {};
        },
        "NUMBER");
}

// Adds a repeatable option whose every value `parse` turns into an item of `out`. A bad value is
// the parser's own one-line message (it names the flag), thrown as CLI11's validation error.
template <class T, class Parse>
void add_parsed(CLI::App& cmd, const std::string& flag, std::vector<T>& out, Parse parse,
                const std::string& help) {
    cmd.add_option_function<std::vector<std::string>>(
           flag,
           [&out, parse](const std::vector<std::string>& texts) {
               for (const auto& text : texts) {
                   auto item = parse(text);
                   if (!item) throw CLI::ValidationError(item.error());
                   out.push_back(*item);
               }
           },
           help)
        ->take_all()
        ->allow_extra_args(false);
}

}  // namespace

void add_devnet_options(CLI::App& cmd, DevnetOptions& o) {
    cmd.add_option("--batchers", o.batchers, "number of batchers / leaders (default 3)")
        ->check(whole_number(1, kMaxDevnetBatchers));
    cmd.add_option_function<std::uint64_t>(
           "--turn-length", [&o](const std::uint64_t& blocks) { o.turn_length = blocks; },
           "L1 blocks per turn, deploy()'s turnLength (default 4; 2 for stake)")
        ->check(whole_number(1, kMaxDevnetTurnLength));
    const auto ladder_option = [&cmd](const char* flag, std::optional<std::uint64_t>& field,
                                      std::uint64_t min, std::uint64_t max, const char* what) {
        cmd.add_option_function<std::uint64_t>(
               flag, [&field](const std::uint64_t& value) { field = value; }, what)
            ->check(whole_number(min, max));
    };
    ladder_option(
        "--ladder-g1", o.ladder.g1, 1, kMaxDevnetTurnLength,
        "fallback ladder: L1 blocks of a window only its primary may post in (default 2; exported to "
        "the mechanism's deploy script as BATON_LADDER_G1, docs/mechanisms.md)");
    ladder_option("--ladder-g2", o.ladder.g2, 0, kMaxDevnetTurnLength,
                  "fallback ladder: further blocks before the further backups may post (default 1)");
    ladder_option("--ladder-g3", o.ladder.g3, 0, kMaxDevnetTurnLength,
                  "fallback ladder: further blocks before any member may post (default 1)");
    ladder_option("--ladder-max-misses", o.ladder.max_misses, 1, 255,
                  "fallback ladder: misses in a row that demote a primary (default 2)");
    cmd.add_option(
           "--data-availability", o.data_availability,
           "where the batchers post: calldata (default), blobs (one KZG-committed blob per tx) or auto "
           "(the cheaper at send time)")
        ->check(CLI::IsMember({"calldata", "blobs", "auto"}));
    cmd.add_option(
        "--mechanism", o.mechanism,
        "round-robin (default), stake, or PATH.sol:ScriptContract, a deploy script on MechanismScript "
        "(docs/mechanisms.md)");
    add_parsed(
        cmd, "--kill-batcher", o.events,
        [](const std::string& text) { return parse_batcher_event(text, BatcherEvent::Kind::kKill); },
        "I@T: SIGKILL batcher I (1-based) at T s; repeatable");
    add_parsed(
        cmd, "--restart-batcher", o.events,
        [](const std::string& text) { return parse_batcher_event(text, BatcherEvent::Kind::kRestart); },
        "I@T: SIGKILL batcher I at T s and start it again");
    cmd.add_option("--duration", o.duration_seconds, "seconds to run (default: until Ctrl-C)")
        ->check(finite_number());
    cmd.add_option("--run-dir", o.run_dir, "folder for logs and config (default runs/<UTC time>)");
    cmd.add_option("--l1-block-time", o.l1_block_time, "L1 block time in seconds (default 2)")
        ->check(whole_number(1, kMaxDevnetL1BlockTime));
    cmd.add_option("--blocks-per-channel", o.l2_blocks_per_channel,
                   "rollup.json l2_blocks_per_channel (default 4)")
        ->check(whole_number(1, protocol::kMaxL2BlocksPerChannel));
    cmd.add_option("--tx-rate", o.tx_per_second,
                   "L2 transfers per second from the load generator (default 2, 0 = off)")
        ->check(finite_number());
    cmd.add_option("--summary-json", o.summary_json, "also write the summary figures to this file");
    cmd.add_option("--anvil", o.anvil, "anvil binary (default: $BATON_ANVIL, else the one from npm)");
    cmd.add_option("--forge", o.forge, "forge binary (default: $BATON_FORGE, else the one from npm)");
    cmd.add_flag("--no-batchers", o.no_batchers, "start the nodes but no batchers");
    cmd.add_flag("--rotate", o.rotate,
                 "rotating sequencers (issue 15): every batcher also runs `baton node --mode rotating` with "
                 "its own L2 engine and fee recipient, and builds the L2 blocks of its turns");
    cmd.add_option_function<std::uint64_t>(
           "--handover-wait", [&o](const std::uint64_t& seconds) { o.handover_wait_seconds = seconds; },
           "with --rotate: seconds an incoming leader waits for the outgoing one's blocks before it builds "
           "on the best head it has (default 3)")
        ->check(whole_number(0, kMaxHandoverWaitSeconds));
    add_parsed(
        cmd, "--l1-reorg", o.faults, [](const std::string& t) { return parse_l1_reorg(t); },
        "DEPTH@T: at T s, replace the last DEPTH (1..32) L1 blocks (anvil_reorg; dropped txs are sent "
        "again) and check the inbox code; repeatable");
    add_parsed(
        cmd, "--l1-outage", o.faults, [](const std::string& t) { return parse_l1_outage(t); },
        "T+S: at T s, every node and batcher loses L1 for S s (the devnet's L1 proxy cuts them; L1 "
        "keeps mining); repeatable");
    add_parsed(
        cmd, "--spam", o.faults, [](const std::string& t) { return parse_spam(t); },
        "I@T: from T s, a non-member sends I (1..100) batch-shaped txs to the inbox, one per L1 block; "
        "each must revert; repeatable");
    add_parsed(
        cmd, "--change-inbox", o.faults, [](const std::string& t) { return parse_change_inbox(t); },
        "@T: at T s, governance deploys a second inbox (the mechanism's script again) and moves "
        "SystemConfig's batch inbox to it (update type 128); once");
    add_parsed(
        cmd, "--bid", o.bids, [](const std::string& t) { return parse_bid(t); },
        "I=RENT[@T]: with --mechanism auction, batcher I bids RENT gwei per window from its key at T s "
        "(default 0), escrowing maxTenure windows; repeatable (none: the default strategy, "
        "docs/devnet.md)");
}

std::uint64_t DevnetOptions::turn_length_or_default() const noexcept {
    if (turn_length) return *turn_length;
    return mechanism == l1::kStakeMechanism ? 2 : 4;
}

std::uint64_t DevnetOptions::sequencing_offset() const noexcept {
    return std::max<std::uint64_t>(1, turn_length_or_default() / 2);
}

std::uint64_t DevnetOptions::handover_wait_or_default() const noexcept {
    return handover_wait_seconds.value_or(kDefaultHandoverWaitSeconds);
}

Result<DevnetOptions, std::string> parse_devnet_command_line(std::vector<std::string> args) {
    DevnetOptions options;
    CLI::App app("baton devnet");
    add_devnet_options(app, options);
    std::reverse(args.begin(), args.end());  // CLI11 takes a vector in reverse order
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        std::ostringstream err;
        report_parse_error(app, e, err);
        std::string line = err.str();
        if (line.rfind("error: ", 0) == 0) line.erase(0, 7);
        while (!line.empty() && line.back() == '\n') line.pop_back();
        return unexpected(std::move(line));
    }
    if (auto checked = check_options(options); !checked) return unexpected(checked.error());
    return options;
}

}  // namespace baton::apps::devnet
