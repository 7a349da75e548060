// SPDX-License-Identifier: MIT
#pragma once

// anvil's txn pool as AnvilEngine handles it around a build (steps 3, 4 and 7 of
// node/anvil_engine.hpp): which user txns may enter while a block is built, and which of the
// drained ones go into it.
//
// The gate: anvil has no way to pause its pool, so the next block's base fee is set to
// kPoolGateBaseFee, a fee no txn can pay, and anvil refuses arriving user txns with an error their
// sender sees. It is needed because anvil_dropTransaction also drops every ready txn that depends
// on the dropped one (measured), so a txn arriving between the read and the drop would otherwise
// vanish. Setting the block's real base fee lifts it. Deposits pay no fee, so they pass the gate.
//
// Which drained txns enter the block: per sender, only the run of nonces contiguous from the
// account's nonce at the parent (split_by_account_nonce); the rest is held and given back.
//
// AnvilPool borrows the engine's client for one build; it holds no state of its own.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/node/engine.hpp>
#include <baton/rpc/client.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace baton::node {

// A user txn taken from (or given back to) anvil's pool.
struct PoolTxn {
    Address from{};
    std::uint64_t nonce{0};
    B256 hash{};
    Bytes envelope;
};

// The PoolTxn of a txn anvil listed (in its pool or in a block).
PoolTxn make_pool_txn(const rpc::RpcTransaction& txn);

// Drained pool txns split per sender against the account nonces at the parent (sender 0 when
// absent): `send` is the contiguous run from the account nonce, `held` what follows a gap, `stale`
// what uses a nonce below it. Each list is ordered by sender then nonce.
struct PoolSplit {
    std::vector<PoolTxn> send;
    std::vector<PoolTxn> held;
    std::vector<PoolTxn> stale;
};
PoolSplit split_by_account_nonce(std::vector<PoolTxn> drained,
                                 const std::map<Address, std::uint64_t>& account_nonces);

// What the last build_block did with the pool (the driver logs or exports these).
struct PoolStats {
    std::size_t drained{0};     // ready txns taken from the pool
    std::size_t included{0};    // drained txns sent into the block
    std::size_t late{0};        // user txns in the block that arrived mid-build
    std::size_t held{0};        // drained txns behind a nonce gap
    std::size_t stale{0};       // drained txns whose nonce was already used: discarded
    std::size_t given_back{0};  // txns re-sent to the pool after the build
    std::size_t refused{0};     // of those, refused by anvil (nonce used meanwhile): gone
};

// The next base fee set while the pool is drained: no txn's max fee reaches it, so anvil refuses
// arrivals ("max fee per gas less than block base fee") instead of letting them slip in.
inline constexpr std::uint64_t kPoolGateBaseFee = UINT64_MAX;

class AnvilPool {
public:
    // `client` (the engine's) outlives the AnvilPool.
    explicit AnvilPool(rpc::Client& client) noexcept : client_(client) {}

    // Closes the gate: arriving user txns are refused until lift_gate.
    Result<void, EngineError> gate();
    // Sets the next block's base fee, which opens the gate.
    Result<void, EngineError> lift_gate(std::uint64_t base_fee);

    // The pending (and, with include_queued, the queued) txns, ordered by sender then nonce, each
    // re-encoded with rpc's codec (its hash checked on decode).
    Result<std::vector<PoolTxn>, EngineError> read(bool include_queued);
    // Reads and drops the ready txns; on failure, the error and what was already taken. Queued
    // txns (nonce gaps) stay: anvil cannot drop them by hash (AnvilEngine reads them and clears the
    // pool afterwards).
    Result<std::vector<PoolTxn>, std::pair<EngineError, std::vector<PoolTxn>>> drain_ready();
    // Best effort: drops every txn, ready or queued.
    void drop_all();
    // Re-sends `txns` (sender then nonce); returns how many anvil refused (their nonce was used
    // meanwhile): counted, not kept.
    std::size_t give_back(std::vector<PoolTxn> txns);

private:
    rpc::Client& client_;
};

}  // namespace baton::node
