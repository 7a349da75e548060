// SPDX-License-Identifier: MIT
#pragma once

// A child process that runs alongside its parent: the devnet's anvils and its `baton node`/`baton
// batcher` run from /proc/self/exe, or the `baton devnet` an end-to-end test starts.
//
// - Each child gets its own process group (setpgid), so stop() reaches whatever it forks too and a
//   Ctrl-C in the terminal (delivered to the devnet's foreground group) does not hit the children
//   before the devnet has decided the order in which to stop them.
// - stdin is /dev/null; stdout and stderr are appended to `log_path`.
// - The child asks the kernel for SIGTERM when the devnet dies (PR_SET_PDEATHSIG), so even a
//   SIGKILLed devnet leaves nothing running. The signal follows the thread that forked: spawn from
//   the main thread.
// - stop(): SIGTERM to the group, wait up to `grace`, then SIGKILL to the group, then reap. kill():
//   SIGKILL and reap at once (a leader going offline). Both are idempotent; the destructor stops.
// - Secrets never go on the command line: callers pass key files, and the extra environment is
//   for non-secret settings only.

#include <baton/core/result.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace baton::process {

struct SpawnSpec {
    std::string name;               // for messages and the pid list ("anvil-l1", "batcher-1", …)
    std::vector<std::string> argv;  // argv[0] is the program path
    std::filesystem::path log_path;
    std::vector<std::string> extra_env;  // "KEY=value" entries added to the devnet's environment
};

class ChildProcess {
public:
    // Forks and execs. The error names the program and errno; an exec failure inside the child is
    // reported as exit code 127 and a line in its log.
    static Result<ChildProcess, std::string> spawn(const SpawnSpec& spec);

    ChildProcess() = default;
    ~ChildProcess();
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // SIGTERM, then SIGKILL after `grace`, then reap. Returns the exit status as waitpid gave it.
    std::optional<int> stop(std::chrono::milliseconds grace = std::chrono::milliseconds{5000});
    // SIGKILL to the group and reap.
    void kill();
    // False once the child exited (reaps it without blocking).
    bool running();

    pid_t pid() const noexcept { return pid_; }
    const SpawnSpec& spec() const noexcept { return spec_; }
    // The wait status once reaped (see <sys/wait.h> WIFEXITED…).
    std::optional<int> wait_status() const noexcept { return status_; }

private:
    void signal_group(int sig) const;
    bool reap(bool block);

    SpawnSpec spec_;
    pid_t pid_ = -1;
    std::optional<int> status_;
};

// "exited 0", "exited 2", "killed by SIGKILL".
std::string describe_wait_status(int status);

// A free TCP port on 127.0.0.1 (bind to port 0, read it, close). Another process may take it before
// the caller binds it; callers that start servers retry on failure.
Result<int, std::string> pick_free_port();

}  // namespace baton::process

namespace baton::process {

// Appends "<name> <pid>\n" to `pid_file` (the run folder's pids.txt), so a test or an operator can
// check afterwards that nothing the devnet started is still running.
void record_pid(const std::filesystem::path& pid_file, const std::string& name, pid_t pid);

}  // namespace baton::process
