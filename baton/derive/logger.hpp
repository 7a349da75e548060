// SPDX-License-Identifier: MIT
#pragma once

// Logging hook. derive links no logging library: the node implements Logger over spdlog, tests
// record lines. Messages are only built on rare paths (drops, resets), never per byte.

#include <cstdint>
#include <string_view>

namespace baton::derive {

enum class LogLevel : std::uint8_t { kDebug, kInfo, kWarn, kError };

const char* to_string(LogLevel level) noexcept;

class Logger {
public:
    virtual ~Logger() = default;
    // `stage` is a short fixed name ("l1_traversal", "frame_queue", ...).
    virtual void log(LogLevel level, std::string_view stage, std::string_view message) = 0;
};

// Discards everything; the default when the caller wires no logger.
class NullLogger final : public Logger {
public:
    void log(LogLevel, std::string_view, std::string_view) override {}
};

}  // namespace baton::derive
