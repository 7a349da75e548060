// SPDX-License-Identifier: MIT
// ChildProcess with /bin/sh: own process group, log redirection, stop escalating to SIGKILL, and
// nothing of the group left afterwards.
#include <baton/process/child_process.hpp>
#include <baton/process/test_util/is_alive.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

namespace baton::process {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class DevnetProcessTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("baton-devnet-process-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    SpawnSpec sh(const std::string& script) {
        return SpawnSpec{"sh", {"/bin/sh", "-c", script}, dir_ / "sh.log", {"DEVNET_TEST_VAR=hello"}};
    }
    std::string log() {
        std::ifstream in(dir_ / "sh.log");
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    fs::path dir_;
};

using test_util::is_alive;

TEST_F(DevnetProcessTest, RunsInItsOwnGroupAndLogsToTheFile) {
    auto child = ChildProcess::spawn(sh("echo out $DEVNET_TEST_VAR; echo err >&2; exit 3"));
    ASSERT_TRUE(child) << child.error();
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (child->running() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
    ASSERT_TRUE(child->wait_status());
    EXPECT_EQ(describe_wait_status(*child->wait_status()), "exited 3");
    EXPECT_EQ(log(), "out hello\nerr\n");
}

TEST_F(DevnetProcessTest, StopEndsTheWholeGroup) {
    // The shell starts a grandchild in the same group; stop() must take both.
    auto child = ChildProcess::spawn(sh("sleep 60 & echo $! > " + (dir_ / "grandchild").string() + "; wait"));
    ASSERT_TRUE(child) << child.error();
    const pid_t pid = child->pid();
    pid_t grandchild = 0;
    for (int i = 0; i < 200 && grandchild == 0; ++i) {
        std::ifstream in(dir_ / "grandchild");
        in >> grandchild;
        if (grandchild == 0) std::this_thread::sleep_for(10ms);
    }
    ASSERT_GT(grandchild, 0);
    EXPECT_EQ(::getpgid(pid), pid);
    EXPECT_EQ(::getpgid(grandchild), pid);
    child->stop(2000ms);
    EXPECT_FALSE(child->running());
    EXPECT_FALSE(is_alive(pid));
    std::this_thread::sleep_for(100ms);  // the grandchild is reparented and reaped by init
    EXPECT_FALSE(is_alive(grandchild));
}

TEST_F(DevnetProcessTest, StopEscalatesToSigkill) {
    auto child = ChildProcess::spawn(sh("trap '' TERM; echo ready; while :; do sleep 0.05; done"));
    ASSERT_TRUE(child) << child.error();
    for (int i = 0; i < 200 && log().empty(); ++i) std::this_thread::sleep_for(10ms);
    const auto before = std::chrono::steady_clock::now();
    const auto status = child->stop(300ms);
    ASSERT_TRUE(status);
    EXPECT_TRUE(WIFSIGNALED(*status));
    EXPECT_EQ(WTERMSIG(*status), SIGKILL);
    EXPECT_EQ(describe_wait_status(*status), "killed by SIGKILL");
    EXPECT_GE(std::chrono::steady_clock::now() - before, 300ms);
}

TEST_F(DevnetProcessTest, KillIsImmediateAndIdempotent) {
    auto child = ChildProcess::spawn(sh("sleep 60"));
    ASSERT_TRUE(child) << child.error();
    const pid_t pid = child->pid();
    child->kill();
    child->kill();
    EXPECT_FALSE(is_alive(pid));
    EXPECT_EQ(child->pid(), -1);
}

TEST_F(DevnetProcessTest, DestructorStops) {
    pid_t pid = 0;
    {
        auto child = ChildProcess::spawn(sh("sleep 60"));
        ASSERT_TRUE(child) << child.error();
        pid = child->pid();
    }
    EXPECT_FALSE(is_alive(pid));
}

TEST_F(DevnetProcessTest, ExecFailureIsExit127) {
    SpawnSpec spec{"missing", {"/nonexistent/binary"}, dir_ / "sh.log", {}};
    auto child = ChildProcess::spawn(spec);
    ASSERT_TRUE(child) << child.error();
    while (child->running()) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(describe_wait_status(*child->wait_status()), "exited 127");
    EXPECT_NE(log().find("exec failed"), std::string::npos);
}

TEST_F(DevnetProcessTest, PidListAndFreePort) {
    record_pid(dir_ / "pids.txt", "a", 12);
    record_pid(dir_ / "pids.txt", "b", 34);
    std::ifstream in(dir_ / "pids.txt");
    std::stringstream s;
    s << in.rdbuf();
    EXPECT_EQ(s.str(), "a 12\nb 34\n");
    auto port = pick_free_port();
    ASSERT_TRUE(port) << port.error();
    EXPECT_GT(*port, 0);
}

}  // namespace
}  // namespace baton::process
