// SPDX-License-Identifier: MIT
#include <baton/apps/cli_support.hpp>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <ostream>

#include <unistd.h>

namespace baton::apps {

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
    constexpr auto kNoMax = std::numeric_limits<std::uint64_t>::max();
    std::string range = "a whole number";
    if (max != kNoMax) {
        range += " in " + std::to_string(min) + ".." + std::to_string(max);
    } else if (min != 0) {
        range += " >= " + std::to_string(min);
    }
    return CLI::Validator(
        [min, max, range](std::string& text) -> std::string {
            std::uint64_t value = 0;
            const auto* end = text.data() + text.size();
            const auto [ptr, ec] = std::from_chars(text.data(), end, value);
            // from_chars takes digits only: no sign, no 0x, no spaces; it reports overflow.
            if (text.empty() || ec != std::errc{} || ptr != end || value < min || value > max) {
                return "'" + redact_key_like(text) + "' is not " + range;
            }
            return {};
        },
        range);
}

std::string redact_key_like(std::string_view text) {
    constexpr std::size_t kMinKeyLikeDigits = 48;
    const auto is_alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    const auto is_hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        // A run starts a word (after a space, '=', quote, ...), so the tail of a longer word is kept.
        if (i == 0 || !is_alnum(text[i - 1])) {
            std::size_t digits = i;
            if (text.substr(i, 2) == "0x" || text.substr(i, 2) == "0X") digits += 2;
            std::size_t end = digits;
            while (end < text.size() && is_hex(text[end])) ++end;
            if (end - digits >= kMinKeyLikeDigits) {
                out += "<redacted>";
                i = end;
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

std::optional<std::string> find_tool(const std::string& flag, const char* env_name,
                                     const std::string& built_in, const char* tool, std::string& error) {
    std::string path = flag;
    if (path.empty()) {
        const char* env = std::getenv(env_name);
        path = env != nullptr && *env != '\0' ? std::string(env) : built_in;
    }
    if (path.empty() || ::access(path.c_str(), X_OK) != 0) {
        error = std::string(tool) + " not found or not executable ('" + path + "'): pass --" + tool +
                " or set " + env_name;
        return std::nullopt;
    }
    return path;
}

int report_parse_error(const CLI::App& app, const CLI::ParseError& error, std::ostream& err) {
    if (error.get_exit_code() == 0) return app.exit(error);  // --help, --help-all, --version
    std::string line = redact_key_like(error.what());
    for (auto& c : line) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    err << "error: " << line << "\n";
    return 2;
}

}  // namespace baton::apps
