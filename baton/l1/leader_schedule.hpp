// SPDX-License-Identifier: MIT
#pragma once

// LeaderSchedule: what the batcher reads from L1 about whose turn it is. From SystemConfig (the
// rollup config's l1_system_config_address): the batch inbox (`batchInbox()`) and the batcherHash
// version (`batcherHash()` byte 0: v0 = one EOA batcher, v1 = leader election by the inbox). From
// the inbox (ILeaderElection): `nextWindow(who, fromBlock)`, `leaderAt(block)`, `isLeader(who, block)`,
// `lookahead()`.
//
// Decisions:
// - Plain eth_call at "latest" (or a given block): the schedule is fixed `lookahead` blocks ahead,
//   so an answer read at the head holds for the blocks the batcher can still land in.
// - nextWindow's (0, 0) ("no window fixed yet") is nullopt, not a window.
// - Calldata and return data go through core's ABI codec; a malformed answer is kDecode.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/rpc/client.hpp>

#include <cstdint>
#include <optional>
#include <string>

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

class LeaderSchedule {
public:
    explicit LeaderSchedule(rpc::Client& client) : client_(client) {}

    // batchInbox() and batcherHash() of the SystemConfig at `system_config`.
    Result<BatcherAuth, ScheduleFailure> read_auth(const Address& system_config,
                                                   const rpc::BlockTag& at = rpc::BlockTag::latest());

    Result<std::optional<LeaderWindow>, ScheduleFailure> next_window(
        const Address& inbox, const Address& who, std::uint64_t from_block,
        const rpc::BlockTag& at = rpc::BlockTag::latest());
    Result<Address, ScheduleFailure> leader_at(const Address& inbox, std::uint64_t l1_block,
                                               const rpc::BlockTag& at = rpc::BlockTag::latest());
    Result<bool, ScheduleFailure> is_leader(const Address& inbox, const Address& who, std::uint64_t l1_block,
                                            const rpc::BlockTag& at = rpc::BlockTag::latest());
    Result<std::uint64_t, ScheduleFailure> lookahead(const Address& inbox,
                                                     const rpc::BlockTag& at = rpc::BlockTag::latest());

private:
    Result<Bytes, ScheduleFailure> call(const Address& to, Bytes data, const rpc::BlockTag& at,
                                        const char* what);
    rpc::Client& client_;
};

}  // namespace baton::l1
