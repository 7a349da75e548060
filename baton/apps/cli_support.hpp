// SPDX-License-Identifier: MIT
#pragma once

// What every `baton` subcommand shares on the command line: strict whole-number options and the
// operator contract for parser errors (one line on stderr starting "error: ", exit 2).

#include <CLI/CLI.hpp>

#include <cstdint>
#include <iosfwd>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace baton::apps {

// A base-10 whole number in [min, max], checked on the text before CLI11 converts it. CLI11 2.1's
// own conversion is strtoull(text, 0): "-5" becomes 2^64-5, an overflow saturates to 2^64-1 and
// "010" is octal 8, all without an error. Applies to environment-variable values too.
CLI::Validator whole_number(std::uint64_t min = 0,
                            std::uint64_t max = std::numeric_limits<std::uint64_t>::max());

// `text` with every run of 48 or more hex digits (a private key, 64 digits, even with a few lost
// to a typo; an address has 40 and stays readable), with or without 0x, replaced by "<redacted>".
std::string redact_key_like(std::string_view text);

// A tool binary (anvil, forge) the command runs: `flag` when given, else the environment variable
// `env_name` when set, else `built_in`. The error, when the result is not an executable file, is the
// one line the command prints after "error: " ("forge not found or not executable ('…'): pass
// --forge or set BATON_FORGE"), for exit code 2.
std::optional<std::string> find_tool(const std::string& flag, const char* env_name,
                                     const std::string& built_in, const char* tool, std::string& error);

// Handles a CLI::ParseError the way every subcommand handles bad configuration: --help and
// --version print and return 0; anything else prints exactly one "error: …" line (newlines folded,
// key-like text redacted, since a mistyped `--private-key 0x…` lands in the message) and returns 2.
int report_parse_error(const CLI::App& app, const CLI::ParseError& error, std::ostream& err);

}  // namespace baton::apps
