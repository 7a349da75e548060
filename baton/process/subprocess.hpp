// SPDX-License-Identifier: MIT
#pragma once

// Runs a program to completion with its stdout and stderr captured, bounded by a timeout: for the
// L1 tooling that drives a command-line tool (forge script, in mechanism_deploy.hpp).
//
// Decisions:
// - posix_spawn, never a shell: arguments reach the program as given, whatever they contain.
// - stdin is /dev/null, so a tool that would prompt fails instead of waiting forever.
// - The child runs in its own process group, and a timeout kills the whole group: forge starts
//   the solc shim (node), which must not outlive it.
// - Signal mask and the dispositions of SIGINT, SIGTERM and SIGPIPE are reset in the child: the
//   caller may block or handle them (the apps' stop signals), the tool must not inherit that.
// - Output beyond kMaxCapturedBytes per stream is dropped (the size is still drained), so a
//   runaway tool cannot exhaust memory.

#include <baton/core/result.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace baton::process {

inline constexpr std::size_t kMaxCapturedBytes = std::size_t{16} << 20;

struct SubprocessSpec {
    std::vector<std::string> argv;       // argv[0] is the program's path (no PATH search)
    std::filesystem::path working_dir;   // empty: the caller's
    std::vector<std::string> extra_env;  // "KEY=value", replacing KEY if the caller's env has it
    std::chrono::milliseconds timeout{120'000};
};

struct SubprocessOutput {
    int exit_code = 0;  // the program's exit status; 128 + N when killed by signal N
    std::string out;    // stdout
    std::string err;    // stderr
};

enum class [[nodiscard]] SubprocessError{
    kSpawn,    // the program could not be started (missing, not executable, bad working dir)
    kTimeout,  // still running at the deadline; it and its group were killed
    kIo,       // a pipe could not be created or read
};

const char* to_string(SubprocessError e) noexcept;

struct SubprocessFailure {
    SubprocessError error = SubprocessError::kSpawn;
    std::string detail;
    SubprocessOutput partial;  // what was captured before the failure (kTimeout)
};

Result<SubprocessOutput, SubprocessFailure> run_subprocess(const SubprocessSpec& spec);

}  // namespace baton::process
