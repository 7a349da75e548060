// SPDX-License-Identifier: MIT
// `baton devnet`: starts the L1 and both L2 engines, deploys the contracts, writes rollup.json, runs
// the sequencer, the batchers and the verifier as child processes of this binary, sends L2 load,
// shows one line per L1 block and ends with a summary (docs/devnet.md). Processes and terminals are
// app concerns, so all of this lives in baton/apps.

#include <baton/apps/devnet_command.hpp>

#include <baton/apps/cli_support.hpp>
#include <baton/apps/devnet/devnet.hpp>
#include <baton/apps/devnet/options.hpp>
#include <baton/apps/output_file.hpp>
#include <baton/l1/mechanism_deploy.hpp>
#include <baton/process/stop_signal.hpp>

#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#ifndef BATON_DEFAULT_ANVIL
#define BATON_DEFAULT_ANVIL ""
#endif

namespace baton::apps {

namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// SIGINT/SIGTERM (stop_signal.hpp): read everywhere below, set only by the handler.
const std::atomic<bool>& g_stop = process::stop_requested();

std::string utc_stamp() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    return buf;
}

std::string self_exe() {
    std::error_code ec;
    auto path = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("/proc/self/exe") : path.string();
}

void say(const std::string& line) {
    std::cout << line << std::endl;
}

// Exit codes (docs/devnet.md): 0 the run was clean, 1 it was not (or setup failed), 2 bad options,
// 130 stopped by a signal during setup.
int run_devnet(const devnet::DevnetOptions& options, const std::vector<std::string>& extras) {
    if (!extras.empty()) {
        std::cerr << "error: unknown argument '" << extras.front() << "' (see baton devnet --help)\n";
        return 2;
    }
    if (auto checked = devnet::check_options(options); !checked) {
        std::cerr << "error: " << checked.error() << "\n";
        return 2;
    }
    devnet::DevnetSetup setup;
    setup.options = options;
    const devnet::DevnetOptions& opts = options;
    if (!opts.summary_json.empty()) {
        if (auto writable = check_writable(opts.summary_json); !writable) {
            std::cerr << "error: --summary-json: " << writable.error() << "\n";
            return 2;
        }
    }
    std::string error;
    const auto anvil = find_tool(opts.anvil, "BATON_ANVIL", BATON_DEFAULT_ANVIL, "anvil", error);
    if (!anvil) {
        std::cerr << "error: " << error << "\n";
        return 2;
    }
    setup.anvil = *anvil;
    const auto forge = find_tool(opts.forge, "BATON_FORGE", l1::default_forge().string(), "forge", error);
    if (!forge) {
        std::cerr << "error: " << error << "\n";
        return 2;
    }
    setup.forge = *forge;
    auto mechanism = devnet::resolve_mechanism(opts.mechanism);
    if (!mechanism) {
        std::cerr << "error: " << mechanism.error() << "\n";
        return 2;
    }
    setup.mechanism = *mechanism;
    const fs::path run_dir = opts.run_dir.empty() ? fs::path("runs") / utc_stamp() : fs::path(opts.run_dir);
    std::error_code ec;
    fs::create_directories(run_dir, ec);
    if (ec) {
        std::cerr << "error: --run-dir " << run_dir.string() << ": " << ec.message() << "\n";
        return 2;
    }
    if (fs::exists(run_dir / "pids.txt")) {
        std::cerr << "error: --run-dir " << run_dir.string()
                  << " was used by another run (pids.txt exists)\n";
        return 2;
    }
    setup.run_dir = fs::absolute(run_dir);
    setup.baton = self_exe();
    setup.colour = ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
    process::install_stop_signals();
    say("baton devnet: run folder " + setup.run_dir.string() + " (logs, rollup.json, pids.txt)");

    const fs::path run_abs = setup.run_dir;
    auto devnet = devnet::Devnet::start(std::move(setup), g_stop, say);
    if (!devnet) {
        std::cerr << "error: " << devnet.error() << "\n";
        return g_stop ? 130 : 1;
    }
    while (!g_stop && !(*devnet)->finished()) {
        (*devnet)->step();
        std::this_thread::sleep_for(250ms);
    }
    const devnet::DevnetOutcome outcome = (*devnet)->finish(g_stop.load());

    std::cout << "\n" << devnet::format_summary(outcome.summary);
    std::cout << "  L2 load:                   " << outcome.load_sent << " txs sent, " << outcome.load_refused
              << " refused, " << outcome.load_gaps_healed << " nonce gaps resent\n";
    std::cout << "  logs:                      " << run_abs.string() << std::endl;
    if (!opts.summary_json.empty()) {
        std::ofstream out(opts.summary_json);
        out << outcome.json.dump(2) << "\n";
        out.flush();
        if (!out) {
            // Checked writable at the start; a full disk or a removed folder still fails here.
            std::cerr << "error: cannot write --summary-json " << opts.summary_json << "\n";
            return 1;
        }
    }
    return outcome.summary.ok() ? 0 : 1;
}

}  // namespace

void add_devnet_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<devnet::DevnetOptions>();
    auto* cmd = app.add_subcommand("devnet",
                                   "Run a local devnet: L1, sequencer, N batchers taking turns, verifier "
                                   "(--rotate: every batcher also sequences its own turns)");
    cmd->allow_extras();
    cmd->footer(
        "Every process's log goes under the run folder (printed at start). Ctrl-C or SIGTERM stops "
        "everything.\n"
        "Batcher keys are anvil dev accounts written to mode-600 files there. See docs/devnet.md.");
    devnet::add_devnet_options(*cmd, *options);
    cmd->callback([options, cmd, &exit_code] { exit_code = run_devnet(*options, cmd->remaining()); });
}

}  // namespace baton::apps
