// SPDX-License-Identifier: MIT
#include <baton/process/logging.hpp>

#include <spdlog/details/log_msg.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <cstdio>
#include <ctime>

namespace baton::process {
namespace {

constexpr char kFieldSep = '\x1f';  // before each key
constexpr char kValueSep = '\x1e';  // between a key and its value

// Separators inside caller text would split a record wrongly; they never occur in our own text,
// so they are replaced rather than escaped.
void append_clean(std::string& out, std::string_view text) {
    for (char c : text) out.push_back(c == kFieldSep || c == kValueSep ? '?' : c);
}

template <typename Fields>
std::string encode_payload(std::string_view message, const Fields& fields) {
    std::string out;
    out.reserve(message.size() + 16 * fields.size());
    append_clean(out, message);
    for (const LogField& f : fields) {
        out.push_back(kFieldSep);
        append_clean(out, f.key);
        out.push_back(kValueSep);
        append_clean(out, f.value);
    }
    return out;
}

const char* level_name(spdlog::level::level_enum level) noexcept {
    switch (level) {
        case spdlog::level::trace:
            return "trace";
        case spdlog::level::debug:
            return "debug";
        case spdlog::level::info:
            return "info";
        case spdlog::level::warn:
            return "warn";
        case spdlog::level::err:
            return "error";
        case spdlog::level::critical:
            return "crit";
        case spdlog::level::off:
        case spdlog::level::n_levels:
            break;
    }
    return "info";
}

// RFC 3339 UTC with milliseconds: 2026-11-24T18:50:00.123Z.
std::string format_time(std::chrono::system_clock::time_point time) {
    const auto since_epoch = time.time_since_epoch();
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - secs).count();
    if (millis < 0) millis = 0;
    const std::time_t t = static_cast<std::time_t>(secs.count());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
    return buf;
}

bool needs_quotes(std::string_view value) {
    if (value.empty()) return true;
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (c == ' ' || c == '=' || c == '"' || u < 0x20 || u == 0x7f) return true;
    }
    return false;
}

void append_escaped_control(std::string& out, unsigned char u) {
    switch (u) {
        case '\n':
            out += "\\n";
            return;
        case '\r':
            out += "\\r";
            return;
        case '\t':
            out += "\\t";
            return;
        default:
            break;
    }
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", u);
    out += buf;
}

// The length of the well-formed UTF-8 sequence at text[at] (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0 when the bytes there are not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    std::size_t length = 0;
    unsigned char low = 0x80;  // the second byte's range, narrowed for some leads
    unsigned char high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        if (lead == 0xe0) low = 0xa0;   // overlong
        if (lead == 0xed) high = 0x9f;  // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        if (lead == 0xf0) low = 0x90;   // overlong
        if (lead == 0xf4) high = 0x8f;  // above U+10FFFF
    } else {
        return 0;
    }
    if (at + length > text.size()) return 0;
    if (byte(at + 1) < low || byte(at + 1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if (byte(at + i) < 0x80 || byte(at + i) > 0xbf) return 0;
    }
    return length;
}

// JSON text must be UTF-8: caller text (an error quoting a node's answer, a decoded string) may
// hold any bytes, and one invalid byte made the whole log line invalid JSON. Each byte that does
// not start a well-formed sequence becomes U+FFFD.
void append_json_string(std::string& out, std::string_view text) {
    out.push_back('"');
    for (std::size_t at = 0; at < text.size(); ++at) {
        const char c = text[at];
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80) {
            const std::size_t length = utf8_sequence_length(text, at);
            if (length == 0) {
                out += "\\ufffd";
            } else {
                out.append(text.substr(at, length));
                at += length - 1;
            }
            continue;
        }
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (u < 0x20 || u == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", u);
            out += buf;
        } else {
            out.push_back(c);
        }
    }
    out.push_back('"');
}

class RecordFormatter final : public spdlog::formatter {
public:
    explicit RecordFormatter(LogFormat format) : format_(format) {}

    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        LogRecord record;
        record.time = msg.time;
        record.level = msg.level;
        record.module = std::string_view(msg.logger_name.data(), msg.logger_name.size());
        decode_log_payload(std::string_view(msg.payload.data(), msg.payload.size()), record);
        std::string line = format_ == LogFormat::kJson ? format_json(record) : format_logfmt(record);
        line.push_back('\n');
        dest.append(line.data(), line.data() + line.size());
    }

    std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<RecordFormatter>(format_);
    }

private:
    LogFormat format_;
};

}  // namespace

const char* to_string(LogFormat format) noexcept {
    switch (format) {
        case LogFormat::kLogfmt:
            return "logfmt";
        case LogFormat::kJson:
            return "json";
    }
    return "unknown";
}

std::optional<LogFormat> parse_log_format(std::string_view text) {
    if (text == "logfmt") return LogFormat::kLogfmt;
    if (text == "json") return LogFormat::kJson;
    return std::nullopt;
}

std::optional<spdlog::level::level_enum> parse_log_level(std::string_view text) {
    if (text == "trace") return spdlog::level::trace;
    if (text == "debug") return spdlog::level::debug;
    if (text == "info") return spdlog::level::info;
    if (text == "warn") return spdlog::level::warn;
    if (text == "error") return spdlog::level::err;
    if (text == "crit") return spdlog::level::critical;
    return std::nullopt;
}

std::string encode_log_payload(std::string_view message, std::initializer_list<LogField> fields) {
    return encode_payload(message, fields);
}

std::string encode_log_payload(std::string_view message, const std::vector<LogField>& fields) {
    return encode_payload(message, fields);
}

void decode_log_payload(std::string_view payload, LogRecord& record) {
    record.fields.clear();
    std::size_t pos = payload.find(kFieldSep);
    record.message = payload.substr(0, pos);
    while (pos != std::string_view::npos) {
        const std::size_t start = pos + 1;
        pos = payload.find(kFieldSep, start);
        const std::string_view field =
            payload.substr(start, pos == std::string_view::npos ? pos : pos - start);
        const std::size_t eq = field.find(kValueSep);
        if (eq == std::string_view::npos) {
            record.fields.emplace_back(field, std::string_view{});
        } else {
            record.fields.emplace_back(field.substr(0, eq), field.substr(eq + 1));
        }
    }
}

std::string logfmt_value(std::string_view value) {
    if (!needs_quotes(value)) return std::string(value);
    std::string out;
    out.reserve(value.size() + 2);
    out.push_back('"');
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (u < 0x20 || u == 0x7f) {
            append_escaped_control(out, u);
        } else {
            out.push_back(c);
        }
    }
    out.push_back('"');
    return out;
}

std::string format_logfmt(const LogRecord& record) {
    std::string out = "t=" + format_time(record.time);
    out += " lvl=";
    out += level_name(record.level);
    // op-node always quotes msg.
    out += " msg=";
    std::string msg = logfmt_value(record.message);
    if (msg.empty() || msg.front() != '"') msg = "\"" + msg + "\"";
    out += msg;
    if (!record.module.empty()) {
        out += " module=";
        out += logfmt_value(record.module);
    }
    for (const auto& [key, value] : record.fields) {
        out.push_back(' ');
        out += key;
        out.push_back('=');
        out += logfmt_value(value);
    }
    return out;
}

std::string format_json(const LogRecord& record) {
    std::string out = "{\"t\":";
    append_json_string(out, format_time(record.time));
    out += ",\"lvl\":";
    append_json_string(out, level_name(record.level));
    out += ",\"msg\":";
    append_json_string(out, record.message);
    if (!record.module.empty()) {
        out += ",\"module\":";
        append_json_string(out, record.module);
    }
    for (const auto& [key, value] : record.fields) {
        out.push_back(',');
        append_json_string(out, key);
        out.push_back(':');
        append_json_string(out, value);
    }
    out.push_back('}');
    return out;
}

std::unique_ptr<spdlog::formatter> make_log_formatter(LogFormat format) {
    return std::make_unique<RecordFormatter>(format);
}

std::shared_ptr<spdlog::logger> make_logger(std::string name, LogFormat format,
                                            spdlog::level::level_enum level, spdlog::sink_ptr sink) {
    if (!sink) sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    sink->set_formatter(make_log_formatter(format));
    auto logger = std::make_shared<spdlog::logger>(std::move(name), std::move(sink));
    logger->set_level(level);
    // Warnings and errors reach the terminal at once; info lines are flushed by stderr's own policy.
    logger->flush_on(spdlog::level::warn);
    return logger;
}

void log(spdlog::logger& logger, spdlog::level::level_enum level, std::string_view message,
         std::initializer_list<LogField> fields) {
    if (!logger.should_log(level)) return;
    const std::string payload = encode_log_payload(message, fields);
    logger.log(level, spdlog::string_view_t(payload.data(), payload.size()));
}

}  // namespace baton::process
