// SPDX-License-Identifier: MIT
#pragma once

// The stop signals of a `baton` process, in one place: SIGINT and SIGTERM set a process-wide flag
// that the command's loops watch (a lock-free atomic store is async-signal-safe). The handler has
// no SA_RESTART, so a blocking sleep or read ends early. SIGPIPE is ignored: a child or a client
// that went away shows up as a write error, not a dead process.

#include <atomic>

namespace baton::process {

// Installs the handlers (idempotent) and returns the flag they set.
const std::atomic<bool>& install_stop_signals();

// The flag, for code that only reads it (false until a signal arrives).
const std::atomic<bool>& stop_requested();

}  // namespace baton::process
