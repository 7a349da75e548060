// SPDX-License-Identifier: MIT
#include <baton/process/subprocess.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <set>
#include <utility>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace baton::process {

const char* to_string(SubprocessError e) noexcept {
    switch (e) {
        case SubprocessError::kSpawn:
            return "cannot start";
        case SubprocessError::kTimeout:
            return "timed out";
        case SubprocessError::kIo:
            return "I/O error";
    }
    return "unknown subprocess error";
}

namespace {

// Owns a file descriptor.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    Fd& operator=(Fd&& other) noexcept {
        if (this != &other) {
            reset();
            fd_ = std::exchange(other.fd_, -1);
        }
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const noexcept { return fd_; }
    void reset() noexcept {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_ = -1;
};

// posix_spawn's attribute and file-action objects, destroyed on every path.
struct SpawnSetup {
    posix_spawn_file_actions_t actions{};
    posix_spawnattr_t attr{};
    SpawnSetup() {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attr);
    }
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;
};

Unexpected<SubprocessFailure> fail(SubprocessError e, std::string detail, SubprocessOutput partial = {}) {
    return unexpected(SubprocessFailure{e, std::move(detail), std::move(partial)});
}

std::string env_key(const std::string& entry) {
    return entry.substr(0, entry.find('='));
}

int exit_code_of(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

// Kills the child's group and reaps the child.
void kill_and_reap(pid_t pid) {
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

}  // namespace

Result<SubprocessOutput, SubprocessFailure> run_subprocess(const SubprocessSpec& spec) {
    if (spec.argv.empty()) return fail(SubprocessError::kSpawn, "empty command");
    const std::string& program = spec.argv[0];

    std::array<int, 2> out_pipe{-1, -1};
    std::array<int, 2> err_pipe{-1, -1};
    if (::pipe2(out_pipe.data(), O_CLOEXEC) != 0) {
        return fail(SubprocessError::kIo, std::string("pipe: ") + std::strerror(errno));
    }
    Fd out_read(out_pipe[0]);
    Fd out_write(out_pipe[1]);
    if (::pipe2(err_pipe.data(), O_CLOEXEC) != 0) {
        return fail(SubprocessError::kIo, std::string("pipe: ") + std::strerror(errno));
    }
    Fd err_read(err_pipe[0]);
    Fd err_write(err_pipe[1]);

    SpawnSetup setup;
    posix_spawn_file_actions_addopen(&setup.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&setup.actions, out_write.get(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&setup.actions, err_write.get(), STDERR_FILENO);
    if (!spec.working_dir.empty()) {
        posix_spawn_file_actions_addchdir_np(&setup.actions, spec.working_dir.c_str());
    }
    sigset_t none;
    sigemptyset(&none);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGHUP}) sigaddset(&defaults, sig);
    posix_spawnattr_setsigmask(&setup.attr, &none);
    posix_spawnattr_setsigdefault(&setup.attr, &defaults);
    posix_spawnattr_setpgroup(&setup.attr, 0);
    posix_spawnattr_setflags(&setup.attr, static_cast<short>(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                                             POSIX_SPAWN_SETPGROUP));

    std::vector<std::string> args = spec.argv;
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::set<std::string> replaced;
    for (const auto& extra : spec.extra_env) replaced.insert(env_key(extra));
    std::vector<std::string> env_store;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        std::string entry(*e);
        if (!replaced.contains(env_key(entry))) env_store.push_back(std::move(entry));
    }
    env_store.insert(env_store.end(), spec.extra_env.begin(), spec.extra_env.end());
    std::vector<char*> envp;
    envp.reserve(env_store.size() + 1);
    for (auto& e : env_store) envp.push_back(e.data());
    envp.push_back(nullptr);

    pid_t pid = -1;
    if (const int rc =
            ::posix_spawn(&pid, program.c_str(), &setup.actions, &setup.attr, argv.data(), envp.data());
        rc != 0) {
        std::string where = spec.working_dir.empty() ? "" : " in " + spec.working_dir.string();
        return fail(SubprocessError::kSpawn, program + where + ": " + std::strerror(rc));
    }
    // Only the child writes: without closing our copies, the reads below never see EOF.
    out_write.reset();
    err_write.reset();

    SubprocessOutput output;
    const auto deadline = std::chrono::steady_clock::now() + spec.timeout;
    std::array<pollfd, 2> fds{pollfd{out_read.get(), POLLIN, 0}, pollfd{err_read.get(), POLLIN, 0}};
    std::array<std::string*, 2> sinks{&output.out, &output.err};
    std::array<char, 65536> buffer{};
    int open_streams = 2;
    while (open_streams > 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            kill_and_reap(pid);
            return fail(SubprocessError::kTimeout,
                        program + " still running after " + std::to_string(spec.timeout.count()) + " ms",
                        std::move(output));
        }
        const int ready =
            ::poll(fds.data(), fds.size(), static_cast<int>(std::min<long long>(left.count(), 1000)));
        if (ready < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            kill_and_reap(pid);
            return fail(SubprocessError::kIo, std::string("poll: ") + std::strerror(err), std::move(output));
        }
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
            const ssize_t n = ::read(fds[i].fd, buffer.data(), buffer.size());
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (n <= 0) {
                fds[i].fd = -1;  // EOF (or a read error: nothing more will come)
                --open_streams;
                continue;
            }
            std::string& sink = *sinks[i];
            const auto room = kMaxCapturedBytes - std::min(kMaxCapturedBytes, sink.size());
            sink.append(buffer.data(), std::min(static_cast<std::size_t>(n), room));
        }
    }

    // Both streams closed: the program is exiting (or closed them and keeps running; the deadline
    // still applies).
    int status = 0;
    while (true) {
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) {
            return fail(SubprocessError::kIo, std::string("waitpid: ") + std::strerror(errno),
                        std::move(output));
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            kill_and_reap(pid);
            return fail(SubprocessError::kTimeout,
                        program + " still running after " + std::to_string(spec.timeout.count()) + " ms",
                        std::move(output));
        }
        ::usleep(10'000);
    }
    output.exit_code = exit_code_of(status);
    return output;
}

}  // namespace baton::process
