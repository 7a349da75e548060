// SPDX-License-Identifier: MIT
#include <baton/process/anvil_process.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string_view>
#include <thread>
#include <utility>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace baton::process {

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(20);
// Per probe: anvil answers eth_chainId in microseconds once it listens; a slow answer is retried.
constexpr auto kProbeTimeout = std::chrono::milliseconds(2000);

std::string read_from(const std::filesystem::path& path, std::size_t offset) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::size_t>(in.tellg());
    if (offset >= size) return {};
    in.seekg(static_cast<std::streamoff>(offset));
    std::string out(size - offset, '\0');
    in.read(out.data(), static_cast<std::streamsize>(out.size()));
    out.resize(static_cast<std::size_t>(in.gcount()));
    return out;
}

std::size_t log_size(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    return ec ? 0 : static_cast<std::size_t>(size);
}

// Waits for `events` on `fd` until `deadline`; false on timeout or error.
bool wait_fd(int fd, short events, std::chrono::steady_clock::time_point deadline) {
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd p{fd, events, 0};
        const int r = ::poll(&p, 1, static_cast<int>(left.count()));
        if (r > 0) return (p.revents & (events | POLLHUP)) != 0;
        if (r == 0 || errno != EINTR) return false;
    }
}

}  // namespace

std::vector<std::string> anvil_argv(const AnvilSpec& spec, int port) {
    std::vector<std::string> argv = {spec.binary, "--host", "127.0.0.1", "--port", std::to_string(port)};
    argv.insert(argv.end(), spec.args.begin(), spec.args.end());
    return argv;
}

bool answers_eth_chain_id(int port, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return false;
    const auto done = [fd](bool ok) {
        ::close(fd);
        return ok;
    };
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        if (errno != EINPROGRESS || !wait_fd(fd, POLLOUT, deadline)) return done(false);
        int err = 0;
        socklen_t len = sizeof err;
        if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) return done(false);
    }
    const std::string body = R"({"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]})";
    const std::string request =
        "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
        "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\nConnection: close\r\n\r\n" + body;
    std::size_t sent = 0;
    while (sent < request.size()) {
        if (!wait_fd(fd, POLLOUT, deadline)) return done(false);
        const auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno != EAGAIN && errno != EINTR) return done(false);
        if (n > 0) sent += static_cast<std::size_t>(n);
    }
    // Connection: close, so the answer ends where the stream does.
    std::string answer;
    char buf[1024];
    for (;;) {
        if (!wait_fd(fd, POLLIN, deadline)) return done(false);
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            return done(false);
        }
        answer.append(buf, static_cast<std::size_t>(n));
    }
    const std::string_view view(answer);
    return done(view.starts_with("HTTP/1.1 200") && view.find("\"result\"") != std::string_view::npos);
}

Result<AnvilProcess, std::string> AnvilProcess::start(const AnvilSpec& spec) {
    if (::access(spec.binary.c_str(), X_OK) != 0) {
        return unexpected(spec.name + ": anvil binary " + spec.binary +
                          " is not executable: " + std::strerror(errno));
    }
    AnvilProcess anvil;
    anvil.spec_ = spec;
    std::string last_error;
    const int attempts = spec.port != 0 ? 1 : std::max(spec.port_attempts, 1);
    for (int attempt = 0; attempt < attempts; ++attempt) {
        int port = spec.port;
        if (port == 0) {
            // Another process may take the probed port before anvil binds it: the loop retries.
            auto free = pick_free_port();
            if (!free) return unexpected(spec.name + ": " + free.error());
            port = *free;
        }
        auto ready = anvil.spawn_and_wait(port);
        if (ready) return anvil;
        last_error = ready.error();
        anvil.stop(std::chrono::milliseconds{2000});
        // Only a lost race for the port is worth another try; anything else would fail again.
        if (last_error.find("in use") == std::string::npos) break;
    }
    return unexpected(last_error);
}

std::optional<int> AnvilProcess::stop(std::chrono::milliseconds grace) {
    return child_.stop(grace);
}

std::string AnvilProcess::log_tail(std::size_t max_bytes) const {
    const std::size_t size = log_size(spec_.log_path);
    return read_from(spec_.log_path, size > max_bytes ? size - max_bytes : 0);
}

Result<void, std::string> AnvilProcess::spawn_and_wait(int port) {
    port_ = port;
    url_ = "http://127.0.0.1:" + std::to_string(port);
    // A marker line separates runs in the log: a restart appends to it.
    {
        std::ofstream log(spec_.log_path, std::ios::app);
        log << "==== baton: starting " << spec_.name << " on port " << port << " ====\n";
        log.flush();
        if (!log) return unexpected(spec_.name + ": cannot write " + spec_.log_path.string());
        run_log_offset_ = static_cast<std::size_t>(log.tellp());
    }
    auto child = ChildProcess::spawn(SpawnSpec{spec_.name, anvil_argv(spec_, port), spec_.log_path, {}});
    if (!child) return unexpected(child.error());
    child_ = std::move(*child);
    if (!spec_.pid_file.empty()) record_pid(spec_.pid_file, spec_.name, child_.pid());

    const std::string listening = "Listening on 127.0.0.1:" + std::to_string(port);
    const auto deadline = std::chrono::steady_clock::now() + spec_.startup_timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!child_.running()) {
            return unexpected(spec_.name + " exited during startup (" +
                              describe_wait_status(child_.wait_status().value_or(0)) + "); " +
                              spec_.log_path.string() + ", tail:\n" + log_tail());
        }
        if (read_from(spec_.log_path, run_log_offset_).find(listening) != std::string::npos &&
            answers_eth_chain_id(port, kProbeTimeout)) {
            return {};
        }
        std::this_thread::sleep_for(kPollInterval);
    }
    return unexpected(spec_.name + " did not answer eth_chainId on " + url_ + " within " +
                      std::to_string(spec_.startup_timeout.count()) + " ms; " + spec_.log_path.string() +
                      ", tail:\n" + log_tail());
}

}  // namespace baton::process
