// SPDX-License-Identifier: MIT
#include <baton/process/subprocess.hpp>

#include <gtest/gtest.h>

#include <chrono>

namespace baton::process {
namespace {

TEST(SubprocessTest, CapturesOutputAndExitCodeWithoutAShell) {
    SubprocessSpec spec;
    spec.argv = {"/bin/sh", "-c", "echo out; echo err >&2; pwd; echo \"$BATON_TEST_VALUE\"; exit 3"};
    spec.working_dir = "/";
    spec.extra_env = {"BATON_TEST_VALUE=a b;c"};
    auto out = run_subprocess(spec);
    ASSERT_TRUE(out) << out.error().detail;
    EXPECT_EQ(out->exit_code, 3);
    EXPECT_EQ(out->out, "out\n/\na b;c\n");
    EXPECT_EQ(out->err, "err\n");
    // Arguments reach the program as given: no shell re-reads them.
    spec.argv = {"/bin/echo", "$HOME", "a;b", "'q'"};
    out = run_subprocess(spec);
    ASSERT_TRUE(out);
    EXPECT_EQ(out->out, "$HOME a;b 'q'\n");
}

TEST(SubprocessTest, KillsAProgramThatOutlivesItsTimeout) {
    SubprocessSpec spec;
    spec.argv = {"/bin/sleep", "30"};
    spec.timeout = std::chrono::milliseconds{200};
    const auto start = std::chrono::steady_clock::now();
    auto out = run_subprocess(spec);
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().error, SubprocessError::kTimeout);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds{5});
}

TEST(SubprocessTest, ReportsAMissingProgram) {
    SubprocessSpec spec;
    spec.argv = {"/nonexistent/forge", "script"};
    auto out = run_subprocess(spec);
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().error, SubprocessError::kSpawn);
}

}  // namespace
}  // namespace baton::process
