// SPDX-License-Identifier: MIT
#pragma once

// Process logging for the node and the batcher: spdlog loggers writing one line per record to
// stderr, in op-node's logfmt shape by default or as JSON lines.
//
//   logfmt: t=2026-11-24T18:50:00.123Z lvl=info msg="built block" module=sequencer number=12 txns=3
//   json:   {"t":"2026-11-24T18:50:00.123Z","lvl":"info","msg":"built block","module":"sequencer",
//            "number":"12","txns":"3"}
//
// Decisions:
// - Structured fields travel inside the spdlog payload: `log(logger, level, msg, {{"k", v}, …})`
//   encodes them after the message with ASCII unit/record separators (0x1f/0x1e), which no message
//   or value of ours contains, and the formatter splits them out again. Plain `logger->info("text")`
//   still works and is a message without fields. This keeps one spdlog logger per component and
//   no second logging API.
// - logfmt values are quoted when they are empty or hold a space, '=', '"' or a control character;
//   inside quotes '"' and '\' are escaped and control characters are written as \n, \t, \r or \xNN.
//   JSON values are all strings (field values are text at the call site).
// - Loggers are not registered in spdlog's global registry, so making the same name twice (tests,
//   two services in one process) is fine.

#include <spdlog/formatter.h>
#include <spdlog/logger.h>

#include <chrono>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace baton::process {

enum class LogFormat : std::uint8_t { kLogfmt, kJson };

const char* to_string(LogFormat format) noexcept;
// "logfmt" | "json".
std::optional<LogFormat> parse_log_format(std::string_view text);
// "debug" | "info" | "warn" | "error" (also "trace", "crit").
std::optional<spdlog::level::level_enum> parse_log_level(std::string_view text);

struct LogField {
    std::string_view key;
    std::string value;
};

// One record, split back into its parts (what the formatters print).
struct LogRecord {
    std::chrono::system_clock::time_point time;
    spdlog::level::level_enum level = spdlog::level::info;
    std::string_view module;  // the logger's name; omitted when empty
    std::string_view message;
    std::vector<std::pair<std::string_view, std::string_view>> fields;
};

// The spdlog payload for `message` with `fields` (see the decisions above).
std::string encode_log_payload(std::string_view message, std::initializer_list<LogField> fields);
std::string encode_log_payload(std::string_view message, const std::vector<LogField>& fields);
// Splits a payload into message and fields (a payload without separators is all message).
void decode_log_payload(std::string_view payload, LogRecord& record);

std::string format_logfmt(const LogRecord& record);
std::string format_json(const LogRecord& record);
// "value" as logfmt writes it (quoted and escaped when needed).
std::string logfmt_value(std::string_view value);

// spdlog formatter for `format`.
std::unique_ptr<spdlog::formatter> make_log_formatter(LogFormat format);

// A logger named `name` writing to stderr (or to `sink` when given: tests) at `level` and above.
std::shared_ptr<spdlog::logger> make_logger(std::string name, LogFormat format,
                                            spdlog::level::level_enum level, spdlog::sink_ptr sink = nullptr);

// Logs `message` with fields: log(*logger, spdlog::level::info, "built block", {{"number", "12"}}).
void log(spdlog::logger& logger, spdlog::level::level_enum level, std::string_view message,
         std::initializer_list<LogField> fields = {});

}  // namespace baton::process
