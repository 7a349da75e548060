// SPDX-License-Identifier: MIT
#pragma once

// Output files a command writes at its end (`deploy --out`, `devnet --summary-json`) are checked
// before the command does its work: a deploy that cannot record its addresses, or a devnet run of
// minutes whose figures cannot be saved, is refused up front with the one-line error instead.

#include <baton/core/result.hpp>

#include <string>

namespace baton::apps {

// Opens `path` for writing without truncating an existing file (a missing one is created and
// removed again). The error names the path and the reason.
Result<void, std::string> check_writable(const std::string& path);

}  // namespace baton::apps
