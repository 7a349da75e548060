// SPDX-License-Identifier: MIT
#include <baton/process/child_process.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace baton::process {

namespace {

// Only async-signal-safe calls between fork and exec: the devnet has threads (load generator, RPC).
[[noreturn]] void exec_child(int log_fd, pid_t parent, char* const* argv, char* const* envp) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(127);  // the devnet died before prctl took effect
    // Signals the devnet blocks or handles must not carry over into the child.
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGHUP}) ::sigaction(sig, &dfl, nullptr);

    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::execve(argv[0], argv, envp);
    const char msg[] = "devnet: exec failed\n";
    [[maybe_unused]] auto n = ::write(STDERR_FILENO, msg, sizeof msg - 1);
    ::_exit(127);
}

}  // namespace

Result<ChildProcess, std::string> ChildProcess::spawn(const SpawnSpec& spec) {
    if (spec.argv.empty()) return unexpected(spec.name + ": empty command");
    const int log_fd = ::open(spec.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) {
        return unexpected(spec.name + ": cannot open log " + spec.log_path.string() + ": " +
                          std::strerror(errno));
    }
    // Everything the child needs is built before fork.
    std::vector<std::string> args = spec.argv;
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_store;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) env_store.emplace_back(*e);
    for (const auto& extra : spec.extra_env) env_store.push_back(extra);
    std::vector<char*> envp;
    envp.reserve(env_store.size() + 1);
    for (auto& e : env_store) envp.push_back(e.data());
    envp.push_back(nullptr);

    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int err = errno;
        ::close(log_fd);
        return unexpected(spec.name + ": fork failed: " + std::strerror(err));
    }
    if (pid == 0) {
        // O_CLOEXEC is cleared on the dup2 copies only.
        exec_child(log_fd, parent, argv.data(), envp.data());
    }
    ::setpgid(pid, pid);  // also done by the child; whichever runs first wins, no race on signals
    ::close(log_fd);
    ChildProcess child;
    child.spec_ = spec;
    child.pid_ = pid;
    return child;
}

ChildProcess::~ChildProcess() {
    stop(std::chrono::milliseconds{2000});
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : spec_(std::move(other.spec_)), pid_(std::exchange(other.pid_, -1)), status_(other.status_) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
    if (this != &other) {
        stop(std::chrono::milliseconds{2000});
        spec_ = std::move(other.spec_);
        pid_ = std::exchange(other.pid_, -1);
        status_ = other.status_;
    }
    return *this;
}

void ChildProcess::signal_group(int sig) const {
    if (pid_ <= 0) return;
    // The group may already be gone (child exited): ESRCH is fine. Fall back to the pid in case
    // setpgid had not run yet.
    if (::kill(-pid_, sig) != 0) ::kill(pid_, sig);
}

bool ChildProcess::reap(bool block) {
    if (pid_ <= 0) return true;
    int status = 0;
    for (;;) {
        const pid_t r = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
        if (r == pid_) {
            status_ = status;
            pid_ = -1;
            return true;
        }
        if (r == 0) return false;
        if (errno == EINTR) continue;
        pid_ = -1;  // ECHILD: someone else reaped it; nothing left to wait for
        return true;
    }
}

bool ChildProcess::running() {
    return !reap(false);
}

std::optional<int> ChildProcess::stop(std::chrono::milliseconds grace) {
    if (pid_ <= 0) return status_;
    const pid_t group = pid_;
    signal_group(SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (!reap(false)) {
        if (std::chrono::steady_clock::now() >= deadline) {
            signal_group(SIGKILL);
            reap(true);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    // Anything the child forked into its group and left behind goes too.
    ::kill(-group, SIGKILL);
    return status_;
}

void ChildProcess::kill() {
    if (pid_ <= 0) return;
    const pid_t group = pid_;
    signal_group(SIGKILL);
    reap(true);
    ::kill(-group, SIGKILL);
}

std::string describe_wait_status(int status) {
    if (WIFEXITED(status)) return "exited " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        const char* name = ::sigabbrev_np(WTERMSIG(status));
        return std::string("killed by SIG") +
               (name != nullptr ? name : std::to_string(WTERMSIG(status)).c_str());
    }
    return "status " + std::to_string(status);
}

Result<int, std::string> pick_free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return unexpected(std::string("socket: ") + std::strerror(errno));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        const int err = errno;
        ::close(fd);
        return unexpected(std::string("bind: ") + std::strerror(err));
    }
    ::close(fd);
    return static_cast<int>(ntohs(addr.sin_port));
}

}  // namespace baton::process

namespace baton::process {

void record_pid(const std::filesystem::path& pid_file, const std::string& name, pid_t pid) {
    const int fd = ::open(pid_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return;
    const std::string line = name + " " + std::to_string(pid) + "\n";
    [[maybe_unused]] auto n = ::write(fd, line.data(), line.size());
    ::close(fd);
}

}  // namespace baton::process
