// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/l1_proxy.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace baton::apps::devnet {
namespace {

sockaddr_in loopback(int port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
}

// An echo server on a free loopback port: what the proxy relays to.
class EchoServer {
public:
    EchoServer() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        auto addr = loopback(0);
        EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        EXPECT_EQ(::listen(fd_, 16), 0);
        socklen_t len = sizeof addr;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] {
            while (!stop_) {
                pollfd p{fd_, POLLIN, 0};
                if (::poll(&p, 1, 50) <= 0) continue;
                const int c = ::accept(fd_, nullptr, nullptr);
                if (c < 0) continue;
                char buf[256];
                for (ssize_t n; (n = ::recv(c, buf, sizeof buf, 0)) > 0;)
                    ::send(c, buf, static_cast<std::size_t>(n), 0);
                ::close(c);
            }
        });
    }
    ~EchoServer() {
        stop_ = true;
        thread_.join();
        ::close(fd_);
    }
    int port() const { return port_; }

private:
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

// Connects to the proxy, sends `text`, returns what came back ("" when refused or cut).
std::string round_trip(int port, const std::string& text) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    auto addr = loopback(port);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return "";
    }
    ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
    std::string out;
    char buf[256];
    while (out.size() < text.size()) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 2000) <= 0) break;
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return out;
}

TEST(DevnetL1ProxyTest, RelaysAndRefusesWhileCut) {
    EchoServer echo;
    auto proxy = L1Proxy::start(echo.port());
    ASSERT_TRUE(proxy) << proxy.error();
    const int port = (*proxy)->port();
    EXPECT_EQ((*proxy)->url(), "http://127.0.0.1:" + std::to_string(port));
    EXPECT_EQ(round_trip(port, "eth_blockNumber"), "eth_blockNumber");

    (*proxy)->cut();
    EXPECT_TRUE((*proxy)->is_cut());
    EXPECT_EQ(round_trip(port, "during the outage"), "") << "a cut proxy refuses connections";

    ASSERT_TRUE((*proxy)->restore());
    EXPECT_EQ((*proxy)->port(), port) << "back on the same port";
    EXPECT_EQ(round_trip(port, "after"), "after");
    EXPECT_GE((*proxy)->connections_accepted(), 2U);
}

TEST(DevnetL1ProxyTest, CutClosesOpenConnections) {
    EchoServer echo;
    auto proxy = L1Proxy::start(echo.port());
    ASSERT_TRUE(proxy) << proxy.error();
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    auto addr = loopback((*proxy)->port());
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ::send(fd, "x", 1, MSG_NOSIGNAL);
    char c = 0;
    ASSERT_EQ(::recv(fd, &c, 1, 0), 1);
    (*proxy)->cut();
    pollfd p{fd, POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 2000), 1) << "the open connection is closed by the cut";
    EXPECT_LE(::recv(fd, &c, 1, 0), 0);
    ::close(fd);
    EXPECT_GE((*proxy)->connections_cut(), 1U);
}

}  // namespace
}  // namespace baton::apps::devnet
