// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/l1_proxy.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace baton::apps::devnet {

namespace {

using namespace std::chrono_literals;

constexpr int kPollMs = 100;

sockaddr_in loopback(int port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
}

// A listening socket on 127.0.0.1:port (0: any free port); -errno on failure.
int listen_on(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return -errno;
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    auto addr = loopback(port);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 64) != 0) {
        const int err = errno;
        ::close(fd);
        return -err;
    }
    return fd;
}

int bound_port(int fd) {
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return -1;
    return ntohs(addr.sin_port);
}

bool send_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const auto n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

Result<std::unique_ptr<L1Proxy>, std::string> L1Proxy::start(int target_port) {
    const int fd = listen_on(0);
    if (fd < 0) return unexpected(std::string("L1 proxy: cannot listen: ") + std::strerror(-fd));
    const int port = bound_port(fd);
    if (port <= 0) {
        ::close(fd);
        return unexpected(std::string("L1 proxy: getsockname failed"));
    }
    return std::unique_ptr<L1Proxy>(new L1Proxy(fd, port, target_port));
}

L1Proxy::L1Proxy(int listen_fd, int port, int target_port)
    : port_(port), target_port_(target_port), listen_fd_(listen_fd) {
    acceptor_ = std::thread([this] { accept_loop(); });
}

L1Proxy::~L1Proxy() {
    stop();
}

std::string L1Proxy::url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
}

void L1Proxy::cut() {
    cut_ = true;
    ++generation_;
    // The acceptor closes the listening socket (it is the only thread that polls it).
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    while (listen_fd_ >= 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
}

Result<void, std::string> L1Proxy::restore() {
    cut_ = false;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (listen_fd_ < 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
    if (listen_fd_ < 0)
        return unexpected("L1 proxy: cannot listen on port " + std::to_string(port_) + " again");
    return {};
}

void L1Proxy::stop() {
    stop_ = true;
    ++generation_;
    if (acceptor_.joinable()) acceptor_.join();
    std::lock_guard lock(threads_mutex_);
    for (auto& r : relays_) {
        if (r.thread.joinable()) r.thread.join();
    }
    relays_.clear();
}

void L1Proxy::reap_finished() {
    std::lock_guard lock(threads_mutex_);
    std::erase_if(relays_, [](Relay& r) {
        if (!*r.done) return false;
        if (r.thread.joinable()) r.thread.join();
        return true;
    });
}

void L1Proxy::accept_loop() {
    while (!stop_) {
        int fd = listen_fd_;
        if (cut_ && fd >= 0) {
            listen_fd_ = -1;
            ::close(fd);
            continue;
        }
        if (!cut_ && fd < 0) {
            const int again = listen_on(port_);
            if (again >= 0) {
                listen_fd_ = again;
            } else {
                std::this_thread::sleep_for(50ms);
            }
            continue;
        }
        if (fd < 0) {
            std::this_thread::sleep_for(20ms);
            continue;
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, kPollMs) <= 0) continue;
        const int client = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        if (cut_) {
            ::close(client);
            continue;
        }
        ++accepted_;
        reap_finished();
        const auto generation = generation_.load();
        auto done = std::make_shared<std::atomic<bool>>(false);
        std::lock_guard lock(threads_mutex_);
        relays_.push_back(Relay{std::thread([this, client, generation, done] {
                                    relay(client, generation);
                                    *done = true;
                                }),
                                done});
    }
    if (const int fd = listen_fd_.exchange(-1); fd >= 0) ::close(fd);
}

void L1Proxy::relay(int client_fd, std::uint64_t generation) {
    const int upstream = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    auto addr = loopback(target_port_);
    if (upstream < 0 || ::connect(upstream, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        if (upstream >= 0) ::close(upstream);
        ::close(client_fd);
        return;
    }
    const int one = 1;
    ::setsockopt(upstream, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(client_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char buffer[64 * 1024];
    bool open = true;
    while (open && !stop_) {
        if (generation_ != generation) {
            ++cut_connections_;
            break;
        }
        pollfd fds[2] = {{client_fd, POLLIN, 0}, {upstream, POLLIN, 0}};
        const int ready = ::poll(fds, 2, kPollMs);
        if (ready <= 0) continue;
        for (int i = 0; i < 2 && open; ++i) {
            if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
            const auto n = ::recv(fds[i].fd, buffer, sizeof buffer, 0);
            if (n <= 0 || !send_all(fds[1 - i].fd, buffer, static_cast<std::size_t>(n))) open = false;
        }
    }
    ::close(upstream);
    ::close(client_fd);
}

}  // namespace baton::apps::devnet
