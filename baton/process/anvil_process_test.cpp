// SPDX-License-Identifier: MIT
// AnvilProcess without anvil: a /bin/sh stand-in prints anvil's "Listening on" line and the test
// answers eth_chainId itself, so the launcher's readiness rule, its errors and its stop are pinned
// here; tests/integration/anvil_fixture_test.cpp runs the real binary.
#include <baton/process/anvil_process.hpp>
#include <baton/process/test_util/is_alive.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace baton::process {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// Answers every connection on 127.0.0.1:port() with one canned HTTP response, until destroyed.
class CannedHttpServer {
public:
    explicit CannedHttpServer(std::string response) : response_(std::move(response)) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        EXPECT_EQ(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len), 0);
        EXPECT_EQ(::listen(fd_, 8), 0);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~CannedHttpServer() {
        stop_ = true;
        ::shutdown(fd_, SHUT_RDWR);
        thread_.join();
        ::close(fd_);
    }
    CannedHttpServer(const CannedHttpServer&) = delete;
    CannedHttpServer& operator=(const CannedHttpServer&) = delete;

    int port() const { return port_; }

private:
    void serve() {
        while (!stop_) {
            const int conn = ::accept(fd_, nullptr, nullptr);
            if (conn < 0) continue;
            char buf[4096];
            [[maybe_unused]] auto got = ::recv(conn, buf, sizeof buf, 0);
            [[maybe_unused]] auto sent = ::send(conn, response_.data(), response_.size(), MSG_NOSIGNAL);
            ::close(conn);
        }
    }

    std::string response_;
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

const std::string kChainIdAnswer =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 39\r\nConnection: close\r\n\r\n"
    R"({"jsonrpc":"2.0","id":1,"result":"0x1"})";

class AnvilProcessTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("baton-anvil-process-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // An executable script standing in for anvil; `$4` is the port the launcher passes.
    std::string fake_anvil(const std::string& body) {
        const fs::path path = dir_ / "fake-anvil";
        std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
        ::chmod(path.c_str(), 0755);
        return path.string();
    }
    AnvilSpec spec(const std::string& binary) {
        AnvilSpec s;
        s.binary = binary;
        s.name = "anvil-test";
        s.log_path = dir_ / "anvil.log";
        s.startup_timeout = 5s;
        return s;
    }
    fs::path dir_;
};

TEST(AnvilArgvTest, HostAndPortComeFirstThenTheCallersArguments) {
    AnvilSpec spec;
    spec.binary = "/bin/anvil";
    spec.args = {"--chain-id", "901"};
    EXPECT_EQ(anvil_argv(spec, 8545), (std::vector<std::string>{"/bin/anvil", "--host", "127.0.0.1", "--port",
                                                                "8545", "--chain-id", "901"}));
}

TEST(AnswersEthChainIdTest, TrueOnlyForAnHttp200WithAResult) {
    CannedHttpServer good(kChainIdAnswer);
    EXPECT_TRUE(answers_eth_chain_id(good.port(), 2s));
    CannedHttpServer error(
        "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    EXPECT_FALSE(answers_eth_chain_id(error.port(), 2s));
    auto closed = pick_free_port();
    ASSERT_TRUE(closed) << closed.error();
    EXPECT_FALSE(answers_eth_chain_id(*closed, 500ms));
}

TEST_F(AnvilProcessTest, ReadyWhenItsOwnListeningLineIsLoggedAndTheRpcAnswers) {
    CannedHttpServer rpc(kChainIdAnswer);
    auto s = spec(fake_anvil("echo \"Listening on 127.0.0.1:$4\"; exec sleep 30"));
    s.port = rpc.port();
    s.pid_file = dir_ / "pids.txt";
    auto anvil = AnvilProcess::start(s);
    ASSERT_TRUE(anvil) << anvil.error();
    EXPECT_EQ(anvil->url(), "http://127.0.0.1:" + std::to_string(rpc.port()));
    const pid_t pid = anvil->pid();
    EXPECT_TRUE(test_util::is_alive(pid));
    std::ifstream pids(s.pid_file);
    std::string line;
    std::getline(pids, line);
    EXPECT_EQ(line, "anvil-test " + std::to_string(pid));
    EXPECT_NE(anvil->log_tail().find("==== baton: starting anvil-test on port"), std::string::npos);

    anvil->stop(1s);
    EXPECT_FALSE(test_util::is_alive(pid));
    EXPECT_EQ(anvil->pid(), -1);
}

TEST_F(AnvilProcessTest, AnAnswerWithoutItsListeningLineIsNotReady) {
    // Something else answers on the port (another anvil that won it); ours never says it listens.
    CannedHttpServer rpc(kChainIdAnswer);
    auto s = spec(fake_anvil("exec sleep 30"));
    s.port = rpc.port();
    s.startup_timeout = 500ms;
    auto anvil = AnvilProcess::start(s);
    ASSERT_FALSE(anvil);
    EXPECT_NE(anvil.error().find("anvil-test did not answer eth_chainId"), std::string::npos)
        << anvil.error();
}

TEST_F(AnvilProcessTest, AnExitDuringStartupQuotesTheLogTail) {
    auto anvil =
        AnvilProcess::start(spec(fake_anvil("echo 'error: unexpected argument --no-such-flag'; exit 2")));
    ASSERT_FALSE(anvil);
    EXPECT_NE(anvil.error().find("anvil-test exited during startup (exited 2)"), std::string::npos)
        << anvil.error();
    EXPECT_NE(anvil.error().find("--no-such-flag"), std::string::npos) << anvil.error();
}

TEST_F(AnvilProcessTest, ABinaryThatIsNotExecutableIsNamed) {
    auto anvil = AnvilProcess::start(spec("/nonexistent/anvil"));
    ASSERT_FALSE(anvil);
    EXPECT_NE(anvil.error().find("/nonexistent/anvil"), std::string::npos) << anvil.error();
}

}  // namespace
}  // namespace baton::process
