// SPDX-License-Identifier: MIT
#include <baton/process/stop_signal.hpp>

#include <csignal>

namespace baton::process {

namespace {

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

extern "C" void on_stop_signal(int) {
    g_stop.store(true);
}

}  // namespace

const std::atomic<bool>& install_stop_signals() {
    struct sigaction stop {};
    stop.sa_handler = on_stop_signal;
    sigemptyset(&stop.sa_mask);
    stop.sa_flags = 0;  // no SA_RESTART: sleeps and reads end early
    sigaction(SIGINT, &stop, nullptr);
    sigaction(SIGTERM, &stop, nullptr);
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, nullptr);
    return g_stop;
}

const std::atomic<bool>& stop_requested() {
    return g_stop;
}

}  // namespace baton::process
