// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/options.hpp>

#include <baton/protocol/rollup_config.hpp>

#include <charconv>
#include <cmath>
#include <string>

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

Result<void, std::string> check_options(const DevnetOptions& o) {
    if (o.mechanism != "round-robin") {
        return unexpected("--mechanism '" + o.mechanism + "': only round-robin is implemented");
    }
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
    o.no_batchers = raw.no_batchers;
    if (auto checked = check_options(o); !checked) return unexpected(checked.error());
    return o;
}

}  // namespace baton::apps::devnet
