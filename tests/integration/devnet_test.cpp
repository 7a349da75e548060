// SPDX-License-Identifier: MIT
// `baton devnet` end to end: the built binary as an operator runs it, each run in its own folder,
// judged by its --summary-json and its run folder (rollup.json, key files, pids.txt).
//
// - Setup: the run folder holds a rollup.json that passes its own check, mode-600 keys, and a pid
//   list; the live view prints L1 blocks with their leader.
// - Nothing survives: every pid in pids.txt is gone after the run, and after a SIGTERM mid-run.
// - With `baton node` and `baton batcher` in the build (skipped otherwise, the summary says which
//   ran): (a) 3 batchers for ~60 s of L1 time: every batcher had batches accepted, no non-leader
//   data, no reverted tx, equal chains, the safe head advanced in every leader's turn; (b) batcher 2
//   killed: its turns are skipped, the others keep the safe head moving, no L2 block lost; (c)
//   batcher 2 restarted mid-window: the safe chain is contiguous and each block derived once; (d) the
//   four injected faults in one run (spam, L1 reorg, L1 outage, inbox moved by governance): each one
//   recorded with its outcome, the inbox code intact after the reorg, equal chains, nothing lost;
//   (e) a mechanism from its own deploy script (the kit's example) with uneven and leaderless
//   windows: every batcher accepted, and the summary's windows follow its leaderAt exactly; (f) the
//   slot auction with a bid at the start and an outbid mid-run: the first bidder leads up to
//   exactly the boundary the outbid announced, the second from there, and both paid rent; (g)
//   rotating sequencers (--rotate) with a leader and its node killed mid-run: every leader built
//   blocks paid to its own recipient, the successor took over, every load tx included once.

#include <baton/node/rollup_config_json.hpp>
#include <baton/process/child_process.hpp>
#include <baton/process/test_util/is_alive.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using baton::process::ChildProcess;
using baton::process::SpawnSpec;
using baton::process::test_util::is_alive;
using nlohmann::json;

std::string slurp(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct DevnetRun {  // NOLINT(bugprone-exception-escape): json's move may throw in theory only
    fs::path dir;
    std::optional<int> exit_code;  // nullopt: killed by a signal or did not end
    std::string output;
    json summary;
    std::vector<std::pair<std::string, pid_t>> pids;
};

class DevnetTest : public ::testing::Test {
protected:
    void SetUp() override {
        base_ = fs::temp_directory_path() / ("baton-devnet-" + std::to_string(::getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(base_);
        fs::create_directories(base_);
    }
    void TearDown() override {
        if (HasFailure() || std::getenv("BATON_KEEP_DEVNET_DIR") != nullptr) {
            std::cerr << "devnet run folder kept: " << base_ << "\n";
        } else {
            fs::remove_all(base_);
        }
    }

    // Runs `baton devnet --duration S …`; `sigterm_after` sends SIGTERM earlier instead.
    DevnetRun devnet(double seconds, std::vector<std::string> extra,
                     std::optional<std::chrono::seconds> sigterm_after = {}) {
        DevnetRun run;
        run.dir = base_ / "run";
        SpawnSpec spec;
        spec.name = "devnet";
        spec.argv = {BATON_BINARY, "devnet",        "--duration", std::to_string(seconds),
                     "--run-dir",  run.dir.string()};
        // The test's own summary file unless the case names one.
        if (std::find(extra.begin(), extra.end(), "--summary-json") == extra.end()) {
            spec.argv.insert(spec.argv.end(), {"--summary-json", (base_ / "summary.json").string()});
        }
        spec.argv.insert(spec.argv.end(), extra.begin(), extra.end());
        spec.log_path = base_ / "devnet.out";
        fs::remove(spec.log_path);  // the child appends
        fs::remove(base_ / "summary.json");
        auto child = ChildProcess::spawn(spec);
        EXPECT_TRUE(child) << child.error();
        if (!child) return run;
        const auto started = std::chrono::steady_clock::now();
        const auto bound = std::chrono::duration<double>(seconds + 60);
        bool signalled = false;
        while (child->running()) {
            const auto elapsed = std::chrono::steady_clock::now() - started;
            if (sigterm_after && !signalled && elapsed >= *sigterm_after) {
                ::kill(child->pid(), SIGTERM);
                signalled = true;
            }
            if (elapsed > bound) {
                ADD_FAILURE() << "baton devnet did not end within " << bound.count() << " s";
                child->stop(10s);
                break;
            }
            std::this_thread::sleep_for(100ms);
        }
        if (const auto status = child->wait_status(); status && WIFEXITED(*status))
            run.exit_code = WEXITSTATUS(*status);
        run.output = slurp(spec.log_path);
        if (fs::exists(base_ / "summary.json"))
            run.summary = json::parse(slurp(base_ / "summary.json"), nullptr, false);
        std::istringstream pids(slurp(run.dir / "pids.txt"));
        std::string name;
        pid_t pid = 0;
        while (pids >> name >> pid) run.pids.emplace_back(name, pid);
        return run;
    }

    static void expect_nothing_left(const DevnetRun& run) {
        EXPECT_GE(run.pids.size(), 3U) << "pids.txt lists the three anvils at least";
        for (const auto& [name, pid] : run.pids) {
            // A pid the kernel has since reused for something else is not a survivor.
            const std::string cmdline = slurp("/proc/" + std::to_string(pid) + "/cmdline");
            const bool ours =
                cmdline.find("anvil") != std::string::npos || cmdline.find("baton") != std::string::npos;
            EXPECT_FALSE(is_alive(pid) && ours) << name << " (pid " << pid << ") survived";
        }
    }

    static bool full_network(const DevnetRun& run) {
        return run.summary.is_object() && run.summary["components"]["node"] == true &&
               run.summary["components"]["batcher"] == true;
    }

    // Complete turns after the first accepted batch (before it, the batchers are still starting).
    static std::vector<json> settled_turns(const json& summary) {
        std::vector<json> out;
        bool seen_batch = false;
        for (const auto& t : summary["turns"]) {
            if (!seen_batch && t["batches_accepted"].get<int>() > 0) seen_batch = true;
            if (seen_batch && t["complete"] == true) out.push_back(t);
        }
        return out;
    }

    // `regressions_allowed`: safe-head regressions the run is known to cause (an injected L1 reorg
    // of blocks already derived walks the safe head back, as op-node does).
    static void expect_clean_chains(const json& s, int regressions_allowed = 0) {
        EXPECT_EQ(s["non_leader_txs_accepted"], 0);
        EXPECT_EQ(s["non_leader_bytes_accepted"], 0);
        EXPECT_EQ(s["chains_equal"], true) << s["chain_check"].dump();
        EXPECT_EQ(s["chain_check"]["safe_chain_contiguous"], true);
        EXPECT_EQ(s["safe_head_regressions"], regressions_allowed);
        // Not asserted: a sequencer block replaced by its derived version is a sequencer reorg, not
        // a lost block (the safe chain above is contiguous and equal on both engines). Seen when a
        // batcher posts a block the engine showed only during a failed build; reported, not hidden.
        if (s["unsafe_blocks_replaced"].get<int>() > 0) {
            std::cerr << "note: " << s["unsafe_blocks_replaced"]
                      << " sequencer blocks were replaced by derived ones\n";
        }
    }

    // No L2 block lost: besides a contiguous safe chain, the batchers kept up with the sequencer, so
    // at the end the safe head trails the unsafe head by at most one rotation of turns (3 turns of
    // 4 L1 blocks of 2 s = 12 L2 blocks of 2 s) plus a channel.
    static void expect_caught_up(const json& s) {
        ASSERT_TRUE(s["unsafe_head"].is_number() && s["safe_head"].is_number()) << s.dump();
        EXPECT_LE(s["unsafe_head"].get<int>() - s["safe_head"].get<int>(), 16) << s.dump();
    }

    fs::path base_;
};

TEST_F(DevnetTest, SetsUpTheChainsAndLeavesNothingRunning) {
    const DevnetRun run = devnet(60, {});
    ASSERT_TRUE(run.exit_code) << run.output;
    ASSERT_TRUE(run.summary.is_object()) << run.output;

    auto rollup = baton::node::load_rollup_config_json(slurp(run.dir / "rollup.json"));
    ASSERT_TRUE(rollup) << rollup.error().message;
    EXPECT_EQ(rollup->baton_time, 0U);
    EXPECT_TRUE(rollup->is_isthmus_active(0));
    EXPECT_FALSE(rollup->jovian_time.has_value());
    EXPECT_EQ(rollup->l2_blocks_per_channel, 4U);
    EXPECT_EQ(rollup->genesis.system_config.batcher_hash[0], 0x01) << "v1 leader-election batcherHash";
    for (int i = 1; i <= 3; ++i) {
        struct stat st {};
        const auto key = run.dir / "keys" / ("batcher-" + std::to_string(i) + ".key");
        ASSERT_EQ(::stat(key.c_str(), &st), 0) << key;
        EXPECT_EQ(st.st_mode & 0777, 0600U) << key;
    }
    EXPECT_NE(run.output.find("run folder"), std::string::npos);
    EXPECT_NE(run.output.find("leader #"), std::string::npos) << "the live view shows L1 blocks and leaders";
    EXPECT_EQ(run.output.find("\x1b["), std::string::npos) << "no colour when stdout is not a tty";
    EXPECT_GE(run.summary["l1_blocks"].get<int>(), 20);
    expect_nothing_left(run);

    if (!full_network(run))
        GTEST_SKIP() << "`baton node` / `baton batcher` not in this build: setup checked only";
    // (a) three honest batchers taking turns.
    const auto& s = run.summary;
    EXPECT_EQ(*run.exit_code, 0) << run.output;
    for (const auto& b : s["batchers"]) EXPECT_GT(b["batches_accepted"].get<int>(), 0) << b.dump();
    EXPECT_EQ(s["txs_reverted"], 0);
    expect_clean_chains(s);
    EXPECT_GT(s["chain_check"]["blocks_compared"].get<int>(), 10);
    const auto turns = settled_turns(s);
    EXPECT_GE(turns.size(), 3U);
    for (const auto& t : turns) {
        EXPECT_GT(t["safe_after"].get<int>(), t["safe_before"].get<int>())
            << "safe head stuck in " << t.dump();
    }
}

TEST_F(DevnetTest, SigtermStopsEverything) {
    const DevnetRun run = devnet(600, {"--tx-rate", "5"}, 20s);
    ASSERT_TRUE(run.exit_code) << "the devnet must exit on SIGTERM, not be killed\n" << run.output;
    EXPECT_NE(run.output.find("stopping (signal)"), std::string::npos) << run.output;
    EXPECT_EQ(run.summary["interrupted"], true);
    expect_nothing_left(run);
}

TEST_F(DevnetTest, BadOptionsAreOneLineAndExitTwo) {
    for (const std::vector<std::string>& args : {std::vector<std::string>{"--bid", "1=1000000"},
                                                 {"--mechanism", "auction", "--bid", "4=1000000"},
                                                 {"--mechanism", "/nonexistent/Mine.sol:MineScript"},
                                                 {"--forge", "/nonexistent/forge"},
                                                 {"--kill-batcher", "7@10"},
                                                 {"--handover-wait", "3"},
                                                 {"--batchers", "x"},
                                                 {"--bogus"},
                                                 {"--l1-reorg", "40@10"},
                                                 {"--l1-outage", "30"},
                                                 {"--spam", "0@5"},
                                                 {"--change-inbox", "@10", "--change-inbox", "@20"},
                                                 // Found before a minute-long run, not after it.
                                                 {"--summary-json", "/nonexistent-dir/summary.json"}}) {
        const DevnetRun run = devnet(10, args);
        ASSERT_TRUE(run.exit_code) << run.output;
        EXPECT_EQ(*run.exit_code, 2) << run.output;
        EXPECT_EQ(run.output.rfind("error: ", 0), 0U) << run.output;
        EXPECT_EQ(std::count(run.output.begin(), run.output.end(), '\n'), 1) << run.output;
        EXPECT_FALSE(fs::exists(run.dir / "pids.txt")) << "nothing started";
    }
}

// Issue 16 in one run: batcher 2 is killed at 15 s, so its windows are carried by its first backup
// (batcher 3, rung 2, G1 blocks in); batcher 3 is killed at 35 s, so from then on the survivor
// carries both dead leaders' windows (rungs 2 and 3) and the safe head still advances in every
// window. A channel per L2 block, so every window has something to post.
TEST_F(DevnetTest, KilledLeadersWindowsAreCarriedByTheirBackupsDownToTheLastSurvivor) {
    const DevnetRun run =
        devnet(70, {"--kill-batcher", "2@15", "--kill-batcher", "3@35", "--blocks-per-channel", "1"});
    ASSERT_TRUE(run.exit_code) << run.output;
    expect_nothing_left(run);
    if (!full_network(run)) GTEST_SKIP() << "`baton node` / `baton batcher` not in this build";
    const auto& s = run.summary;
    EXPECT_EQ(*run.exit_code, 0) << run.output;
    expect_clean_chains(s);
    ASSERT_TRUE(s["ladder"].is_object()) << "the default round robin has a ladder: " << s.dump();
    const int g1 = s["ladder"]["g1"].get<int>();
    const int g2 = s["ladder"]["g2"].get<int>();
    const int g3 = s["ladder"]["g3"].get<int>();
    EXPECT_EQ(g1, 2);
    int carried_by_first_backup = 0;  // batcher 2's windows carried by batcher 3 while it lived
    int carried_by_survivor = 0;      // dead leaders' windows carried by batcher 1
    for (const auto& t : settled_turns(s)) {
        EXPECT_GT(t["safe_after"].get<int>(), t["safe_before"].get<int>())
            << "safe head stuck in " << t.dump();
        EXPECT_LE(t["backup_txs_reverted"].get<int>(), 1) << t.dump();
        // A turn whose leader posted itself was killed in it, not before it.
        if (t["leader_offline"] != true || t["posted_by"] == t["leader_batcher"]) continue;
        EXPECT_GE(t["backup_batches_accepted"].get<int>(), 1) << "a backup carried it: " << t.dump();
        ASSERT_TRUE(t["wasted_blocks"].is_number()) << t.dump();
        EXPECT_LE(t["wasted_blocks"].get<int>(), g1 + g2 + g3)
            << "the last rung opens at G1+G2+G3: " << t.dump();
        if (t["posted_by"] == 3 && t["leader_batcher"] == 2) {
            ++carried_by_first_backup;
            EXPECT_LE(t["wasted_blocks"].get<int>(), g1)
                << "the first backup's rung opens at G1: " << t.dump();
        }
        if (t["posted_by"] == 1) ++carried_by_survivor;
    }
    EXPECT_GE(carried_by_first_backup, 1) << "batcher 3 carried a window of batcher 2 before it was killed";
    EXPECT_GE(carried_by_survivor, 2) << "the survivor carried the dead leaders' windows";
    EXPECT_LE(s["max_safe_stall_l1_blocks"].get<int>(), g1 + g2 + 2) << run.output;
    EXPECT_GE(s["windows_backed_up"].get<int>(), 3);
    EXPECT_LE(s["backup_reverts_max_per_window"].get<int>(), 1);
    EXPECT_NE(run.output.find("backup (rung"), std::string::npos) << run.output;
    expect_caught_up(s);
    EXPECT_GT(s["batchers"][0]["batches_accepted"].get<int>(), 0);
    EXPECT_GT(s["batchers"][2]["batches_accepted"].get<int>(), 0);
}

// Also issue 19: the batchers post blobs (KZG-committed by Baton, verified by the verifier against
// their versioned hashes before decoding), so every accepted batch is a blob tx and the chains
// agree only if the blobs carried the real channels.
TEST_F(DevnetTest, RestartedBatcherNeitherDuplicatesNorSkipsAndEveryBatchIsABlob) {
    const DevnetRun run = devnet(60, {"--restart-batcher", "2@22", "--data-availability", "blobs"});
    ASSERT_TRUE(run.exit_code) << run.output;
    expect_nothing_left(run);
    if (!full_network(run)) GTEST_SKIP() << "`baton node` / `baton batcher` not in this build";
    const auto& s = run.summary;
    EXPECT_EQ(*run.exit_code, 0) << run.output;
    expect_clean_chains(s);
    EXPECT_GT(s["l2_blocks_derived"].get<int>(), 10);
    expect_caught_up(s);
    for (const auto& b : s["batchers"]) {
        EXPECT_GT(b["batches_accepted"].get<int>(), 0) << b.dump();
        EXPECT_EQ(b["blob_batches_accepted"], b["batches_accepted"]) << "every batch a blob tx: " << b.dump();
    }
    EXPECT_EQ(s["blob_batches_accepted"].get<int>(), s["blobs_accepted"].get<int>()) << "one blob per tx";
    EXPECT_NE(run.output.find("batch ok blob \u00d71"), std::string::npos) << run.output;
}

// A mechanism from its own deploy script, with no C++ of its own: the kit's example
// (contracts/examples/FixedRotation.sol, docs/mechanisms.md), whose rotation in units of k blocks is
// batcher 1 for 2k blocks, batcher 2 for k, batcher 3 for k, then nobody for k. Every window figure
// comes from leaderAt, so the summary must show exactly that pattern.
TEST_F(DevnetTest, AMechanismFromItsScriptRunsWithUnevenAndLeaderlessWindows) {
    const std::string script =
        std::string(BATON_SOURCE_DIR) + "/contracts/examples/FixedRotation.sol:FixedRotationScript";
    const DevnetRun run = devnet(60, {"--mechanism", script});
    ASSERT_TRUE(run.exit_code) << run.output;
    expect_nothing_left(run);
    EXPECT_NE(run.output.find("mechanism FixedRotation.sol:FixedRotationScript"), std::string::npos)
        << run.output;
    EXPECT_NE(run.output.find(" leader - |"), std::string::npos) << "leaderless blocks are shown\n"
                                                                 << run.output;
    if (!full_network(run)) GTEST_SKIP() << "`baton node` / `baton batcher` not in this build";
    const auto& s = run.summary;
    EXPECT_EQ(*run.exit_code, 0) << run.output;
    for (const auto& b : s["batchers"]) EXPECT_GT(b["batches_accepted"].get<int>(), 0) << b.dump();
    EXPECT_EQ(s["txs_reverted"], 0);
    expect_clean_chains(s);

    constexpr int k = 4;  // the devnet's default --turn-length, the script's unit
    const std::map<int, int> expected_length{{0, k}, {1, 2 * k}, {2, k}, {3, k}};  // leader (0: nobody)
    const std::map<int, int> next_leader{{1, 2}, {2, 3}, {3, 0}, {0, 1}};
    int leaderless = 0;
    std::optional<int> previous;
    for (const auto& t : s["turns"]) {
        const int leader = t["leader_batcher"].is_null() ? 0 : t["leader_batcher"].get<int>();
        if (previous) {
            EXPECT_EQ(leader, next_leader.at(*previous)) << "window order, at " << t.dump();
        }
        previous = leader;
        if (t["complete"] != true) continue;
        EXPECT_EQ(t["length"].get<int>(), expected_length.at(leader)) << t.dump();
        EXPECT_EQ(t["last_block"].get<int>() - t["first_block"].get<int>() + 1, t["length"].get<int>());
        if (leader == 0) {
            ++leaderless;
            EXPECT_EQ(t["batches_accepted"], 0) << t.dump();
            EXPECT_TRUE(t["wasted_blocks"].is_null()) << t.dump();
        }
    }
    EXPECT_GE(leaderless, 1) << "a complete leaderless window in 60 s (one every 5k blocks)";
    for (const auto& t : settled_turns(s)) {
        if (t["leader_batcher"].is_null()) continue;
        EXPECT_GT(t["safe_after"].get<int>(), t["safe_before"].get<int>())
            << "safe head stuck in " << t.dump();
    }
}

// Issue 13: the bonded-stake lottery (batchers bond 1, 2 and 3 seats) through the generic optional
// views: weights per batcher, and the devnet's reporter penalizing a killed leader until the
// mechanism ejects it. 1 s L1 blocks and 2-block turns give about 55 led windows, so the 1-seat
// batcher leads none with probability (5/6)^55 < 1e-4; a channel per L2 block gives each window
// something to post.
TEST_F(DevnetTest, StakeLeadersFollowTheirSeatsAndAKilledLeaderIsReportedAndEjected) {
    const DevnetRun run = devnet(120, {"--mechanism", "stake", "--l1-block-time", "1", "--blocks-per-channel",
                                       "1", "--kill-batcher", "3@60"});
    ASSERT_TRUE(run.exit_code) << run.output;
    expect_nothing_left(run);
    const auto& s = run.summary;
    EXPECT_EQ(*run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find("mechanism DeployStake.s.sol:DeployStake"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("turn length 2 L1 blocks"), std::string::npos) << "stake's default\n"
                                                                             << run.output;
    expect_clean_chains(s);
    EXPECT_EQ(s["non_leader_txs_accepted"], 0);
    ASSERT_EQ(s["batchers"].size(), 3U) << s.dump();
    double weight_shares = 0;
    for (const auto& b : s["batchers"]) {
        EXPECT_GE(b["windows_led"].get<int>(), 1) << "every batcher leads: " << b.dump();
        EXPECT_GT(b["batches_accepted"].get<int>(), 0) << b.dump();
        ASSERT_TRUE(b["weight_share"].is_number()) << "the mechanism answers ILeaderWeights: " << b.dump();
        weight_shares += b["weight_share"].get<double>();
    }
    EXPECT_NEAR(weight_shares, 1.0, 1e-9) << "every member is a batcher";
    // Seats 1, 2, 3 of 6 until the kill, then the 3-seat batcher is ejected: its mean share lies
    // below its share before (1/2).
    EXPECT_LT(s["batchers"][2]["weight_share"].get<double>(), 0.5) << s["batchers"].dump();
    EXPECT_GT(s["batchers"][2]["weight_share"].get<double>(), 0.0) << s["batchers"].dump();
    for (int i = 0; i < 2; ++i)
        EXPECT_EQ(s["batchers"][i]["txs_reverted"], 0) << "honest: " << s["batchers"][i].dump();

    // The killed leader: reported for its silent windows (accepted by the contract), then ejected.
    int reported_after_kill = 0;
    std::optional<int> kill_block;
    for (const auto& t : s["turns"]) {
        if (t["leader_batcher"] == 3 && t["leader_offline"] == true && !kill_block)
            kill_block = t["first_block"].get<int>();
    }
    ASSERT_TRUE(kill_block) << "batcher 3 led after its kill: " << s["turns"].dump();
    for (const auto& r : s["miss_reports"]) {
        if (r["leader_batcher"] == 3 && r["first_block"].get<int>() >= *kill_block) {
            EXPECT_EQ(r["status"], true) << r.dump();
            ++reported_after_kill;
        }
    }
    EXPECT_GE(reported_after_kill, 3) << s["miss_reports"].dump();
    EXPECT_GE(s["batchers"][2]["misses_reported"].get<int>(), 3) << s["batchers"][2].dump();
    EXPECT_EQ(s["batchers"][2]["weight"], 0)
        << "ejected after 3 misses in a row: " << s["batchers"][2].dump();
    EXPECT_NE(run.output.find("reporter: batcher #3 posted nothing"), std::string::npos) << run.output;
}

// (d) Every fault in one ~90 s run, at different times: a non-member's batch-shaped txs from 10 s,
// a depth-4 L1 reorg at 24 s (with turns of 4 blocks it always replaces a block a leader posted in), L1 gone
// for every node and batcher from 36 s to 46 s, the inbox moved by governance at 56 s (34 s left to show that
// batches reach the new inbox and are derived).
TEST_F(DevnetTest, InjectedFaultsLeaveTheChainsEqual) {
    const DevnetRun run =
        devnet(90, {"--spam", "3@10", "--l1-reorg", "4@24", "--l1-outage", "36+10", "--change-inbox", "@56"});
    ASSERT_TRUE(run.exit_code) << run.output;
    expect_nothing_left(run);
    if (!full_network(run)) GTEST_SKIP() << "`baton node` / `baton batcher` not in this build";
    const auto& s = run.summary;
    EXPECT_EQ(*run.exit_code, 0) << run.output;
    ASSERT_TRUE(s["faults"].is_array()) << s.dump();
    ASSERT_EQ(s["faults"].size(), 4U) << s["faults"].dump();
    std::map<std::string, json> by_kind;
    for (const auto& f : s["faults"]) {
        by_kind[f["kind"].get<std::string>()] = f;
        EXPECT_EQ(f["injected"], true) << f.dump();
        EXPECT_EQ(f["error"], "") << f.dump();
        EXPECT_EQ(f["ok"], true) << f.dump();
        EXPECT_TRUE(f["recovery_seconds"].is_number()) << "the safe head advanced after " << f.dump();
        EXPECT_TRUE(f["injected_at_seconds"].get<double>() >= f["at_seconds"].get<double>()) << f.dump();
    }
    EXPECT_EQ(s["faults_ok"], true);

    const auto& spam = by_kind["spam"];
    EXPECT_EQ(spam["txs_sent"], 3) << spam.dump();
    EXPECT_EQ(spam["txs_reverted"], 3) << "every non-member tx has receipt status 0: " << spam.dump();
    EXPECT_EQ(spam["txs_accepted"], 0) << spam.dump();
    // Never derived: the verifier's derivation skipped each one as a failed batcher tx.
    const std::string verifier_log = slurp(run.dir / "verifier.log");
    for (const auto& hash : spam["tx_hashes"]) {
        bool dropped = false;
        std::istringstream lines(verifier_log);
        for (std::string line; std::getline(lines, line);) {
            if (line.find(hash.get<std::string>()) != std::string::npos &&
                line.find("reverted batcher tx") != std::string::npos)
                dropped = true;
        }
        EXPECT_TRUE(dropped) << "the verifier did not log " << hash << " as a dropped reverted tx";
    }

    const auto& reorg = by_kind["l1_reorg"];
    EXPECT_EQ(reorg["depth"], 4);
    EXPECT_EQ(reorg["inbox_code_intact"], true) << "anvil kept the inbox code: " << reorg.dump();

    const auto& outage = by_kind["l1_outage"];
    EXPECT_EQ(outage["outage_seconds"], 10.0);
    EXPECT_GT(outage["l1_block_end"].get<int>(), outage["l1_block"].get<int>()) << "L1 kept mining";

    const auto& change = by_kind["change_inbox"];
    EXPECT_NE(change["new_inbox"], change["old_inbox"]);
    EXPECT_GT(change["batches_to_new_inbox"].get<int>(), 0) << change.dump();

    // The reorg may walk the safe head back (blocks it had derived from were replaced); nothing else may.
    expect_clean_chains(s, reorg["safe_head_regressions"].get<int>());
    EXPECT_GT(s["chain_check"]["blocks_compared"].get<int>(), 20);
    expect_caught_up(s);
}

// (f) Issue 14: the slot auction. Batcher 1 bids the reserve (0.001 ETH per window) at the start,
// batcher 2 twice that at 35 s; batcher 3 never bids (default set and backup only). The outbid cuts
// batcher 1's reign at a window boundary at least the lookahead ahead (ReignCut) where batcher 2's
// reign starts (ReignScheduled): leaderAt, as the summary's turns record it, must change exactly there.
TEST_F(DevnetTest, AnOutbidLeaderStopsLeadingExactlyAtTheAnnouncedBoundary) {
    const DevnetRun run =
        devnet(80, {"--mechanism", "auction", "--bid", "1=1000000@0", "--bid", "2=2000000@35"});
    ASSERT_TRUE(run.exit_code) << run.output;
    expect_nothing_left(run);
    if (!full_network(run)) GTEST_SKIP() << "`baton node` / `baton batcher` not in this build";
    const auto& s = run.summary;
    EXPECT_EQ(*run.exit_code, 0) << run.output;
    expect_clean_chains(s);
    EXPECT_EQ(s["txs_reverted"], 0) << "no bid, settle() or batch reverted";
    for (const auto& b : s["batchers"]) EXPECT_EQ(b["txs_reverted"], 0) << "honest: " << b.dump();
    ASSERT_TRUE(s["auction"].is_object()) << s.dump();
    const auto& a = s["auction"];
    ASSERT_EQ(a["bids"].size(), 2U) << a.dump();
    for (const auto& bid : a["bids"]) EXPECT_EQ(bid["status"], "accepted") << bid.dump();
    EXPECT_GT(a["settle_txs"].get<int>(), 10) << a.dump();
    EXPECT_EQ(a["settle_reverted"], 0) << a.dump();

    std::optional<json> first;
    std::optional<json> second;
    for (const auto& r : a["reigns"]) {
        if (r["leader_batcher"] == 1 && !first) first = r;
        if (r["leader_batcher"] == 2 && !second) second = r;
    }
    ASSERT_TRUE(first && second) << a["reigns"].dump();
    EXPECT_EQ((*first)["cut"], true) << "the outbid cut it: " << first->dump();
    const int boundary = (*second)["start_block"].get<int>();
    EXPECT_EQ((*first)["end_block"].get<int>(), boundary) << first->dump() << second->dump();
    EXPECT_LT((*first)["start_block"].get<int>(), boundary);

    // leaderAt per L1 block, from the turns (maximal runs of one leader).
    std::map<int, int> leader_at;
    for (const auto& t : s["turns"]) {
        for (int b = t["first_block"].get<int>(); b <= t["last_block"].get<int>(); ++b)
            leader_at[b] = t["leader_batcher"].is_number() ? t["leader_batcher"].get<int>() : 0;
    }
    ASSERT_TRUE(leader_at.contains(boundary) && leader_at.contains(boundary + 8))
        << "the run saw batcher 2's reign begin: " << s["turns"].dump();
    for (int b = (*first)["start_block"].get<int>(); b < boundary; ++b) {
        if (leader_at.contains(b)) {
            EXPECT_EQ(leader_at[b], 1) << "L1 #" << b << " is batcher 1's reign";
        }
    }
    const int second_end = (*second)["end_block"].get<int>();
    for (int b = boundary; b < second_end; ++b) {
        if (leader_at.contains(b)) {
            EXPECT_EQ(leader_at[b], 2) << "L1 #" << b << " is batcher 2's reign";
        }
    }
    bool turn_starts_there = false;
    for (const auto& t : s["turns"]) turn_starts_there |= t["first_block"].get<int>() == boundary;
    EXPECT_TRUE(turn_starts_there) << "a turn of batcher 2 begins at L1 #" << boundary;

    // Rent: both bidders paid for the windows they led; batcher 3 never bid.
    EXPECT_GT(s["batchers"][0]["rent_paid"].get<std::uint64_t>(), 0U) << s["batchers"].dump();
    EXPECT_GT(s["batchers"][1]["rent_paid"].get<std::uint64_t>(), 0U) << s["batchers"].dump();
    EXPECT_EQ(s["batchers"][2]["rent_paid"], 0) << s["batchers"].dump();
    EXPECT_EQ(a["proceeds"].get<std::uint64_t>(), s["batchers"][0]["rent_paid"].get<std::uint64_t>() +
                                                      s["batchers"][1]["rent_paid"].get<std::uint64_t>());
    EXPECT_GT(s["batchers"][0]["batches_accepted"].get<int>(), 0);
    EXPECT_GT(s["batchers"][1]["batches_accepted"].get<int>(), 0);
    EXPECT_NE(run.output.find("bidder: batcher #2 bids"), std::string::npos) << run.output;
}

// Issue 15: rotating sequencers. Every batcher runs its own `baton node --mode rotating` and builds
// the L2 blocks of its turns with its own fee recipient; batcher 2 and its node are killed at 40 s
// (between its second and third turns of 8 s every 24 s), so from then on batcher 3 takes over the
// blocks of its slots after the handover wait. A channel per L2 block, so that each leader can post
// what it built inside its own window. The same kill in a 120 s run (docs/devnet.md): 20 / 6 / 32
// blocks built, 12 takeovers, every load tx included once.
TEST_F(DevnetTest, RotatingLeadersBuildTheirOwnBlocksAndASuccessorTakesOverFromAKilledOne) {
    const DevnetRun run = devnet(90, {"--rotate", "--kill-batcher", "2@40", "--blocks-per-channel", "1"});
    ASSERT_TRUE(run.exit_code) << run.output;
    expect_nothing_left(run);
    if (!full_network(run)) GTEST_SKIP() << "`baton node` / `baton batcher` not in this build";
    const auto& s = run.summary;
    EXPECT_EQ(*run.exit_code, 0) << run.output;
    ASSERT_EQ(s["rotate"], true) << s.dump();
    // Every leader built blocks (batcher 2 in its turns before the kill), and every safe block's
    // coinbase is its builder's recipient.
    for (const auto& b : s["batchers"]) {
        EXPECT_GT(b["blocks_built"].get<int>(), 0) << b.dump();
        EXPECT_GT(b["safe_blocks_built"].get<int>(), 0) << b.dump();
        EXPECT_NE(b["fee_revenue_wei"], "0") << "its recipient earned the tips of its blocks: " << b.dump();
    }
    EXPECT_EQ(s["batchers"][1]["node_killed"], true);
    EXPECT_EQ(s["fee_recipients_match"], true) << s.dump();
    EXPECT_EQ(s["blocks_with_unknown_builder"], 0);
    EXPECT_EQ(s["blocks_with_wrong_recipient"], 0);
    // The killed leader's successor built the blocks of its slots.
    EXPECT_GE(s["takeovers"].get<int>(), 1) << s.dump();
    // No block that reached L1 lost: a contiguous safe chain equal on both sides, caught up at the end.
    expect_clean_chains(s);
    EXPECT_GT(s["chain_check"]["blocks_compared"].get<int>(), 20);
    expect_caught_up(s);
    // Each load tx went to every live node; none lost in the killed leader's pool, none twice.
    EXPECT_GT(s["load_txs_included"].get<int>(), 50) << s.dump();
    EXPECT_EQ(s["load_txs_lost"], 0) << s.dump();
    EXPECT_EQ(s["load_txs_included_twice"], 0);
    EXPECT_EQ(s["load_all_included_once"], true);
    EXPECT_NE(run.output.find("built by batcher"), std::string::npos) << "the live view names builders";
    std::cerr << "rotation: built " << s["batchers"][0]["blocks_built"] << " / "
              << s["batchers"][1]["blocks_built"] << " / " << s["batchers"][2]["blocks_built"]
              << ", replaced " << s["unsafe_blocks_replaced"] << ", handover reorgs " << s["handover_reorgs"]
              << " (deepest " << s["handover_reorg_depth_max"] << "), takeovers " << s["takeovers"]
              << ", lag p50 " << s["safe_lag_seconds"]["p50"] << "\n";
}

}  // namespace
