// SPDX-License-Identifier: MIT
#pragma once

// One anvil on 127.0.0.1, started and stopped the same way everywhere: the devnet's three chains,
// `baton mechanism check`'s scratch L1 and the integration tests' fixture (tests/support/anvil.hpp).
//
//   process::AnvilSpec spec{.binary = anvil, .name = "anvil-l1", .log_path = dir / "anvil-l1.log"};
//   auto l1 = process::AnvilProcess::start(spec);
//   if (!l1) return unexpected(l1.error());   // says why, with the log's tail
//   rpc::Client::make(l1->url());
//
// - The launcher owns --host and --port: port 0 picks a free one and, when another process takes it
//   before anvil binds it, tries a fresh one (`port_attempts`); a fixed port is tried once (a
//   restart that must keep its URL).
// - Ready means two things: anvil's own "Listening on 127.0.0.1:<port>" line in this run's part of
//   the log (an answer alone could come from another anvil that won the port), then an answer to
//   eth_chainId. The probe is a plain HTTP POST: process sits below rpc (docs/architecture.md).
// - The log is appended to, one marker line per start, so a restarted anvil keeps its history and
//   errors quote only the failed run's tail.
// - The child is a ChildProcess: its own process group, and PR_SET_PDEATHSIG so it dies with the
//   thread that started it — what `setpriv --pdeathsig TERM` gave the test fixture, without the
//   binary. Start anvil from a thread that outlives it (the main thread).
// - stop(): SIGTERM, then SIGKILL after the grace period. anvil dumps `--state` on SIGTERM, so the
//   grace must cover that dump.

#include <baton/core/result.hpp>
#include <baton/process/child_process.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace baton::process {

struct AnvilSpec {
    std::string binary;          // the anvil executable
    std::string name = "anvil";  // for messages and the pid list
    // Extra command-line arguments ({"--chain-id", "901"}, {"--state", path}, …); the launcher adds
    // --host and --port itself.
    std::vector<std::string> args;
    std::filesystem::path log_path;  // stdout and stderr, appended
    std::filesystem::path pid_file;  // when set, every spawned pid is recorded there (record_pid)
    int port = 0;                    // 0: a free port, retried when lost; else exactly this one, once
    int port_attempts = 5;           // with port 0: fresh ports to try when one is lost to a race
    std::chrono::milliseconds startup_timeout{15000};  // bound on waiting for eth_chainId
};

class AnvilProcess {
public:
    // Starts anvil and waits until it answers. The error names `spec.name` and quotes the log tail.
    static Result<AnvilProcess, std::string> start(const AnvilSpec& spec);

    AnvilProcess() = default;

    // SIGTERM, then SIGKILL after `grace`; reaps. Idempotent (the destructor stops with 2 s).
    std::optional<int> stop(std::chrono::milliseconds grace = std::chrono::milliseconds{5000});
    // SIGKILL and reap at once.
    void kill() { child_.kill(); }
    // False once anvil exited (reaps it without blocking).
    bool running() { return child_.running(); }

    pid_t pid() const noexcept { return child_.pid(); }
    int port() const noexcept { return port_; }
    const std::string& url() const noexcept { return url_; }
    const AnvilSpec& spec() const noexcept { return spec_; }
    // The last `max_bytes` of the log, for failure messages.
    std::string log_tail(std::size_t max_bytes = 2000) const;

private:
    Result<void, std::string> spawn_and_wait(int port);

    AnvilSpec spec_;
    ChildProcess child_;
    int port_ = 0;
    std::string url_;
    std::size_t run_log_offset_ = 0;  // where this run's output starts in the log
};

// The command line AnvilProcess runs (pure, for tests): binary, --host 127.0.0.1, --port, then args.
std::vector<std::string> anvil_argv(const AnvilSpec& spec, int port);

// True when 127.0.0.1:`port` answers a JSON-RPC eth_chainId POST with HTTP 200 and a result,
// within `timeout`.
bool answers_eth_chain_id(int port, std::chrono::milliseconds timeout);

}  // namespace baton::process
