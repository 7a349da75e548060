// SPDX-License-Identifier: MIT
#pragma once

// Test-only: whether a process the test started (or that a child started) is still running.

#include <fstream>
#include <string>

#include <sys/types.h>

namespace baton::process::test_util {

// Present and not a zombie ('Z') or dead ('X'). kill(pid, 0) is not enough: an orphaned grandchild
// stays a zombie until init reaps it, and a container's init may never do so.
inline bool is_alive(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line)) return false;
    // The state follows the command name, which is in parentheses and may itself hold ')'.
    const auto close = line.rfind(')');
    return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z' &&
           line[close + 2] != 'X';
}

}  // namespace baton::process::test_util
