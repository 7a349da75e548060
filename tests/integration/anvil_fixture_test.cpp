// SPDX-License-Identifier: MIT
// The fixture itself: it must start anvil on a private port, stop it for sure, and keep the chain
// across restart() — later tests build an L1 outage on that.
#include <tests/support/anvil.hpp>

#include <baton/process/test_util/is_alive.hpp>
#include <baton/rpc/transport.hpp>

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace baton::testing {
namespace {

using nlohmann::json;

json must_call(rpc::Transport& t, const char* method, json params = json::array()) {
    auto r = t.call(method, std::move(params));
    EXPECT_TRUE(r) << method << ": " << (r ? "" : rpc::to_string(r.error()));
    return r ? *r : json();
}

TEST(AnvilFixtureTest, StartsAnswersAndStopsOnDestruction) {
    pid_t pid = -1;
    std::string dir;
    {
        auto anvil = Anvil::start({.args = {"--chain-id", "901"}});
        ASSERT_TRUE(anvil) << anvil.error();
        EXPECT_GT(anvil->port(), 0);
        EXPECT_EQ(anvil->url(), "http://127.0.0.1:" + std::to_string(anvil->port()));
        pid = anvil->pid();
        dir = std::filesystem::path(anvil->log_path()).parent_path();
        auto t = rpc::Transport::make(anvil->url());
        ASSERT_TRUE(t);
        EXPECT_EQ(must_call(**t, "eth_chainId"), json("0x385"));  // 901, from the extra args
        EXPECT_NE(anvil->log_tail().find("Listening on"), std::string::npos);
    }
    // The process is reaped: kill(pid, 0) fails once waitpid collected it.
    EXPECT_NE(::kill(pid, 0), 0);
    EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(AnvilFixtureTest, TwoInstancesGetDistinctPorts) {
    auto a = Anvil::start();
    auto b = Anvil::start();
    ASSERT_TRUE(a) << a.error();
    ASSERT_TRUE(b) << b.error();
    EXPECT_NE(a->port(), b->port());
}

TEST(AnvilFixtureTest, RestartKeepsChainAndPort) {
    auto anvil = Anvil::start();
    ASSERT_TRUE(anvil) << anvil.error();
    auto t = rpc::Transport::make(anvil->url());
    ASSERT_TRUE(t);
    must_call(**t, "anvil_mine", json::array({"0x3"}));
    const json head = must_call(**t, "eth_getBlockByNumber", json::array({"latest", false}));
    ASSERT_EQ(head["number"], json("0x3"));
    const int port = anvil->port();

    anvil->stop();
    EXPECT_FALSE(anvil->is_running());
    auto down = (*t)->call("eth_blockNumber", json::array());
    ASSERT_FALSE(down);
    EXPECT_EQ(down.error().kind, rpc::RpcErrorKind::kTransport);

    auto restarted = anvil->restart();
    ASSERT_TRUE(restarted) << restarted.error();
    EXPECT_EQ(anvil->port(), port);
    // The same Transport works again: the URL did not change and no stale connection is reused.
    const json again = must_call(**t, "eth_getBlockByNumber", json::array({"latest", false}));
    EXPECT_EQ(again["number"], json("0x3"));
    EXPECT_EQ(again["hash"], head["hash"]);
}

using process::test_util::is_alive;

TEST(AnvilFixtureTest, AnvilDiesWithAKilledTestProcess) {
    struct Report {
        pid_t anvil_pid = -1;
        char dir[512] = {};
    };
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        // The "test process": start anvil, report it, then die without running destructors.
        ::close(fds[0]);
        Report report;
        auto anvil = Anvil::start();
        if (anvil) {
            report.anvil_pid = anvil->pid();
            const std::string dir = std::filesystem::path(anvil->log_path()).parent_path().string();
            dir.copy(report.dir, sizeof report.dir - 1);
        }
        [[maybe_unused]] auto n = ::write(fds[1], &report, sizeof report);
        ::raise(SIGKILL);
    }
    ::close(fds[1]);
    Report report;
    ASSERT_EQ(::read(fds[0], &report, sizeof report), static_cast<ssize_t>(sizeof report));
    ::close(fds[0]);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_GT(report.anvil_pid, 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (is_alive(report.anvil_pid) && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_FALSE(is_alive(report.anvil_pid)) << "orphaned anvil " << report.anvil_pid;
    if (is_alive(report.anvil_pid)) ::kill(report.anvil_pid, SIGKILL);
    // The killed "test process" could not remove its temp dir; this test does it for it.
    std::error_code ec;
    if (report.dir[0] != '\0') std::filesystem::remove_all(report.dir, ec);
}

TEST(AnvilFixtureTest, BadBinaryGivesClearError) {
    ::setenv("BATON_ANVIL", "/nonexistent/anvil", 1);
    AnvilOptions options;
    options.startup_timeout = std::chrono::milliseconds(2000);
    auto anvil = Anvil::start(options);
    ::unsetenv("BATON_ANVIL");
    ASSERT_FALSE(anvil);
    EXPECT_NE(anvil.error().find("/nonexistent/anvil"), std::string::npos) << anvil.error();
}

TEST(AnvilFixtureTest, BadArgumentsFailWithLogTail) {
    auto anvil =
        Anvil::start({.args = {"--no-such-flag"}, .startup_timeout = std::chrono::milliseconds(5000)});
    ASSERT_FALSE(anvil);
    EXPECT_NE(anvil.error().find("exited during startup"), std::string::npos) << anvil.error();
    EXPECT_NE(anvil.error().find("no-such-flag"), std::string::npos) << anvil.error();
}

}  // namespace
}  // namespace baton::testing
