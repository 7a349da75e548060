// SPDX-License-Identifier: MIT
#pragma once

// LeaderSchedule: what the batcher reads from L1 about whose turn it is. From SystemConfig (the
// rollup config's l1_system_config_address): the batch inbox (`batchInbox()`) and the batcherHash
// version (`batcherHash()` byte 0: v0 = one EOA batcher, v1 = leader election by the inbox). From
// the inbox (ILeaderElection): `nextWindow(who, fromBlock)`, `leaderAt(block)`, `isLeader(who, block)`,
// `lookahead()`; and, when the mechanism has a fallback ladder (the optional IFallbackLadder),
// `ladderParameters()`, `rungOf(who, block)` and `postingRights(who, block)`.
//
// Decisions:
// - Plain eth_call at "latest" (or a given block tag): the schedule is fixed `lookahead` blocks ahead,
//   so an answer read at the head holds for the blocks the batcher can still land in.
// - nextWindow's (0, 0) ("no window fixed yet") is nullopt, not a window.
// - Calldata and return data go through core's ABI codec; a malformed answer is kDecode.
// - IFallbackLadder is optional: `ladderParameters()` is the probe. A revert or an answer that is not
//   128 bytes means "no ladder" (nullopt), as the interface says; a dead L1 is still kRpc.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/rpc/client.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace baton::l1 {

enum class [[nodiscard]] ScheduleError{
    kRpc,                 // the eth_call failed (transport, node error, revert)
    kDecode,              // the return data is not what the ABI says
    kUnknownBatcherHash,  // batcherHash has a version byte other than 0 or 1
};

const char* to_string(ScheduleError e) noexcept;

struct ScheduleFailure {
    ScheduleError error;
    std::string detail;
    // kRpc only: the revert data when the call reverted (the contract said no, as opposed to the
    // node being unreachable), so a caller can tell a misbehaving contract from a dead L1.
    std::optional<Bytes> revert_data;
};

std::string to_string(const ScheduleFailure& failure);

enum class BatcherHashVersion : std::uint8_t {
    kV0Address = 0,         // the low 20 bytes are the only accepted batcher
    kV1LeaderElection = 1,  // the inbox contract decides
};

struct BatcherAuth {
    BatcherHashVersion version = BatcherHashVersion::kV1LeaderElection;
    B256 batcher_hash{};
    Address batch_inbox{};
    std::optional<Address> v0_batcher;  // v0 only

    friend bool operator==(const BatcherAuth&, const BatcherAuth&) = default;
};

struct LeaderWindow {
    std::uint64_t start = 0;  // first L1 block
    std::uint64_t end = 0;    // exclusive

    friend bool operator==(const LeaderWindow&, const LeaderWindow&) = default;
};

// IFallbackLadder.ladderParameters(): G1, G2, G3 (blocks) and the misses in a row that demote.
struct LadderParameters {
    std::uint64_t g1 = 0;
    std::uint64_t g2 = 0;
    std::uint64_t g3 = 0;
    std::uint64_t max_misses = 0;

    friend bool operator==(const LadderParameters&, const LadderParameters&) = default;
};

// IFallbackLadder.rungOf(who, block): the rung `who` holds in that block's window (0: none), the
// first block it may post with it, and the first block after the window. Rungs above 1 open only
// while the window's primary has posted nothing (postingRights says whether it still holds).
struct LadderRung {
    std::uint8_t rung = 0;
    std::uint64_t opens_at = 0;
    std::uint64_t window_end = 0;

    friend bool operator==(const LadderRung&, const LadderRung&) = default;
};

// Whose turn it is, as the batcher and the devnet read it. Two implementations: RpcLeaderSchedule
// asks L1 (eth_call), InMemoryLeaderSchedule is its twin for tests (no HTTP fake to script).
class LeaderSchedule {
public:
    virtual ~LeaderSchedule() = default;

    // batchInbox() and batcherHash() of the SystemConfig at `system_config`.
    virtual Result<BatcherAuth, ScheduleFailure> read_auth(const Address& system_config) = 0;
    // ILeaderElection's views on `inbox`.
    virtual Result<std::optional<LeaderWindow>, ScheduleFailure> next_window(const Address& inbox,
                                                                             const Address& who,
                                                                             std::uint64_t from_block) = 0;
    virtual Result<Address, ScheduleFailure> leader_at(const Address& inbox, std::uint64_t l1_block) = 0;
    virtual Result<bool, ScheduleFailure> is_leader(const Address& inbox, const Address& who,
                                                    std::uint64_t l1_block) = 0;
    virtual Result<std::uint64_t, ScheduleFailure> lookahead(const Address& inbox) = 0;
    // IFallbackLadder's views on `inbox`; nullopt: the inbox has no ladder.
    virtual Result<std::optional<LadderParameters>, ScheduleFailure> ladder_parameters(
        const Address& inbox) = 0;
    virtual Result<LadderRung, ScheduleFailure> rung_of(const Address& inbox, const Address& who,
                                                        std::uint64_t l1_block) = 0;
    virtual Result<std::uint8_t, ScheduleFailure> posting_rights(const Address& inbox, const Address& who,
                                                                 std::uint64_t l1_block) = 0;
};

// Reads the schedule from L1 with eth_call at a fixed block tag (default "latest").
class RpcLeaderSchedule final : public LeaderSchedule {
public:
    explicit RpcLeaderSchedule(rpc::Client& client, rpc::BlockTag at = rpc::BlockTag::latest())
        : client_(client), at_(std::move(at)) {}

    Result<BatcherAuth, ScheduleFailure> read_auth(const Address& system_config) override;
    Result<std::optional<LeaderWindow>, ScheduleFailure> next_window(const Address& inbox, const Address& who,
                                                                     std::uint64_t from_block) override;
    Result<Address, ScheduleFailure> leader_at(const Address& inbox, std::uint64_t l1_block) override;
    Result<bool, ScheduleFailure> is_leader(const Address& inbox, const Address& who,
                                            std::uint64_t l1_block) override;
    Result<std::uint64_t, ScheduleFailure> lookahead(const Address& inbox) override;
    Result<std::optional<LadderParameters>, ScheduleFailure> ladder_parameters(const Address& inbox) override;
    Result<LadderRung, ScheduleFailure> rung_of(const Address& inbox, const Address& who,
                                                std::uint64_t l1_block) override;
    Result<std::uint8_t, ScheduleFailure> posting_rights(const Address& inbox, const Address& who,
                                                         std::uint64_t l1_block) override;

private:
    Result<Bytes, ScheduleFailure> call(const Address& to, Bytes data, const char* what);
    rpc::Client& client_;
    rpc::BlockTag at_;
};

// The twin: a schedule held in memory, with the interface's semantics (a window is a maximal run of
// blocks with one leader; nextWindow reports only what is fixed at the head it is told). Thread-safe, so a
// test may change it while a service runs.
class InMemoryLeaderSchedule final : public LeaderSchedule {
public:
    struct Turn {
        std::uint64_t start = 0;  // first L1 block
        std::uint64_t end = 0;    // exclusive
        Address leader{};
    };

    // SystemConfig's answer for any system_config address.
    void set_auth(const BatcherAuth& auth);
    // `inbox`'s turns (any order; blocks in none are leaderless) and lookahead.
    void set_turns(const Address& inbox, std::vector<Turn> turns, std::uint64_t lookahead);
    // nextWindow reports only blocks before `head + lookahead` (the fixed part); unset: all.
    void set_head(std::optional<std::uint64_t> head);
    // While set, every read fails with kRpc (a dead L1).
    void set_unreachable(bool unreachable);
    // Gives `inbox` a fallback ladder over its turns: a turn's leader holds rung 1 from its start,
    // the next turn's leader is its first backup (rung 2 from start + G1) and every other leader
    // holds rung 4 (from start + G1 + G2 + G3). Rungs above 1 close once the turn's primary posted.
    void set_ladder(const Address& inbox, const LadderParameters& parameters);
    // The primary of the turn starting at `turn_start` posted (or, with false, not yet).
    void set_primary_posted(const Address& inbox, std::uint64_t turn_start, bool posted);
    // Reads so far, per inbox (read_auth counts under the system config address).
    std::size_t reads_of(const Address& contract) const;

    Result<BatcherAuth, ScheduleFailure> read_auth(const Address& system_config) override;
    Result<std::optional<LeaderWindow>, ScheduleFailure> next_window(const Address& inbox, const Address& who,
                                                                     std::uint64_t from_block) override;
    Result<Address, ScheduleFailure> leader_at(const Address& inbox, std::uint64_t l1_block) override;
    Result<bool, ScheduleFailure> is_leader(const Address& inbox, const Address& who,
                                            std::uint64_t l1_block) override;
    Result<std::uint64_t, ScheduleFailure> lookahead(const Address& inbox) override;
    Result<std::optional<LadderParameters>, ScheduleFailure> ladder_parameters(const Address& inbox) override;
    Result<LadderRung, ScheduleFailure> rung_of(const Address& inbox, const Address& who,
                                                std::uint64_t l1_block) override;
    Result<std::uint8_t, ScheduleFailure> posting_rights(const Address& inbox, const Address& who,
                                                         std::uint64_t l1_block) override;

private:
    struct InboxSchedule {
        std::vector<Turn> turns;  // sorted by start
        std::uint64_t lookahead = 0;
        std::optional<LadderParameters> ladder;
        std::set<std::uint64_t> primary_posted;  // starts of turns whose primary posted
    };
    static LadderRung rung_in(const InboxSchedule& schedule, const Address& who, std::uint64_t block);
    Result<const InboxSchedule*, ScheduleFailure> begin_read(const Address& contract, const char* what) const;
    static Address leader_in(const InboxSchedule& schedule, std::uint64_t block);

    mutable std::mutex mutex_;
    std::optional<BatcherAuth> auth_;
    std::map<Address, InboxSchedule> inboxes_;
    std::optional<std::uint64_t> head_;
    bool unreachable_ = false;
    mutable std::map<Address, std::size_t> reads_;
};

}  // namespace baton::l1
