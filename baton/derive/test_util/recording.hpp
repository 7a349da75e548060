// SPDX-License-Identifier: MIT
#pragma once

// Test-only: a DerivationMetrics that counts drops per reason and a Logger that keeps every line.

#include <baton/derive/logger.hpp>
#include <baton/derive/metrics.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace baton::derive::test_util {

class RecordingMetrics final : public DerivationMetrics {
public:
    void record_drop(DropReason reason) override { ++drops_[static_cast<std::size_t>(reason)]; }
    std::size_t drops(DropReason reason) const { return drops_[static_cast<std::size_t>(reason)]; }
    std::size_t total_drops() const {
        std::size_t n = 0;
        for (auto d : drops_) n += d;
        return n;
    }

private:
    std::array<std::size_t, kDropReasonCount> drops_{};
};

class RecordingLogger final : public Logger {
public:
    struct Line {
        LogLevel level;
        std::string stage;
        std::string message;
    };
    void log(LogLevel level, std::string_view stage, std::string_view message) override {
        lines_.push_back(Line{level, std::string(stage), std::string(message)});
    }
    const std::vector<Line>& lines() const noexcept { return lines_; }
    bool contains(std::string_view needle) const {
        for (const auto& l : lines_)
            if (l.message.find(needle) != std::string::npos) return true;
        return false;
    }

private:
    std::vector<Line> lines_;
};

// Both, wired into a Telemetry.
struct RecordingTelemetry {
    RecordingLogger logger;
    RecordingMetrics metrics;
    Telemetry telemetry() { return Telemetry(logger, metrics); }
};

}  // namespace baton::derive::test_util
