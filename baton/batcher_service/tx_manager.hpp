// SPDX-License-Identifier: MIT
#pragma once

// TxManager: sends L1 transactions from one key and follows them until they land (op-service's
// txmgr, reduced to what the batcher needs). Non-blocking: `send` signs and broadcasts, `poll`
// checks receipts and bumps; the caller drives it from its loop and reads outcomes.
//
//   send(candidate)  estimate gas (a revert here = do not send) → fees → nonce → sign → broadcast
//   poll()           per tx in flight: receipt? → kConfirmed (status 1) / kReverted (status 0)
//                    no receipt for `resubmit_after_blocks` L1 blocks → same nonce, fees +bump%
//                    bumps exhausted, or the tx's deadline block passed → kDropped
//
// Decisions:
// - Gas limit comes from eth_estimateGas only (plus a percentage of it): no client-side intrinsic
//   gas formula to drift from the node's rules. The estimate doubles as the pre-submission check:
//   the inbox reverts NotLeader for a sender that does not lead the pending block, and sending such
//   a tx would only burn gas. The revert is decoded with the contract ABI when one is given.
// - Nonce: eth_getTransactionCount("pending") at start, tracked locally after. "nonce too low"
//   re-reads it and retries once; "already known" means the node has this exact tx (it counts as
//   sent); "replacement transaction underpriced" (an old tx of ours holds the nonce in the pool)
//   raises the fees by bump_percent and retries, at most max_bumps times. A tx given up on (bumps exhausted)
//   resyncs the nonce from "latest", since the node may have forgotten it; later txs of ours are given up
//   too, because they wait on its nonce.
// - Fees: max fee = base fee of the latest block × multiplier + tip; tip from
//   eth_maxPriorityFeePerGas unless fixed. A bump raises both by at least `bump_percent` (>= 10,
//   the replacement rule of geth and anvil) and never goes below what the node suggests now.
// - A deadline (L1 block) per tx: once the head reaches it unmined, the tx is reported kDropped
//   and no longer bumped (a later landing would revert outside the sender's leader window). It
//   is still followed quietly, so its nonce is not reused while it may still be mined.
// - Blob txs (a candidate with a sidecar, batcher_service/blob_sidecar): type 3 sent in network
//   form; max fee per blob gas = eth_blobBaseFee × blob_fee_multiplier. A replacement raises all
//   three fee caps by at least blob_bump_percent (100: geth's blob pool rule; anvil's is laxer).
//   The gas estimate is made without the blobs (the inbox's leader check does not read them).
// - The key signs only; it is never logged or copied into errors.

#include <baton/batcher_service/blob_sidecar.hpp>
#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/core/secp256k1.hpp>
#include <baton/core/u256.hpp>
#include <baton/l1/artifact.hpp>
#include <baton/rpc/client.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace baton::batcher_service {

enum class [[nodiscard]] TxManagerError{
    kInvalidConfig,     // bump below 10%, zero multiplier, …
    kRpc,               // a JSON-RPC call failed (transport, node error other than the ones handled)
    kEstimateReverted,  // eth_estimateGas reverted: the tx would fail, so it was not sent
    kSigning,           // signing failed
    kNoBaseFee,         // the latest L1 block has no base fee (pre-London)
    kTimeout,           // send_and_wait: no outcome within the bound
};

const char* to_string(TxManagerError e) noexcept;

struct TxManagerFailure {
    TxManagerError error;
    std::string detail;                // names the RPC method or the decoded revert
    std::optional<Bytes> revert_data;  // kEstimateReverted, when the node gave it
};

std::string to_string(const TxManagerFailure& failure);

struct TxManagerConfig {
    std::optional<U256> tip;  // fixed priority fee; unset: eth_maxPriorityFeePerGas
    std::uint64_t base_fee_multiplier = 2;
    std::uint64_t gas_margin_percent = 10;    // gas limit = estimate + estimate × margin / 100
    std::uint64_t resubmit_after_blocks = 3;  // L1 blocks without inclusion before a bump
    std::uint64_t bump_percent = 10;          // >= 10
    std::uint64_t max_bumps = 5;              // then the tx is given up (kDropped)
    std::uint64_t blob_fee_multiplier = 2;    // max fee per blob gas = blob base fee × this
    std::uint64_t blob_bump_percent = 100;    // >= bump_percent; replacing a blob tx
};

// The L1's fees now: the latest block's base fee, the tip the manager would pay, and the blob base
// fee (eth_blobBaseFee).
struct L1Fees {
    U256 base_fee;
    U256 tip;
    U256 blob_base_fee;
};

using TxHandle = std::uint64_t;

struct TxCandidate {
    Address to{};
    Bytes data;
    // The last L1 block the tx may land in; past it the tx is dropped (not bumped). Unset: none.
    std::optional<std::uint64_t> deadline_block;
    // Set: a blob tx carrying these blobs (`data` is then usually empty).
    std::optional<BlobSidecar> blobs{};
};

enum class TxStatus : std::uint8_t {
    kConfirmed,  // mined with status 1
    kReverted,   // mined with status 0
    kDropped,    // given up: bumps exhausted or deadline passed
};

const char* to_string(TxStatus s) noexcept;

struct TxOutcome {
    TxHandle handle = 0;
    TxStatus status = TxStatus::kConfirmed;
    B256 hash{};                 // the mined hash (kConfirmed/kReverted), else the latest sent
    std::uint64_t l1_block = 0;  // including block (kConfirmed/kReverted)
    std::uint64_t nonce = 0;
    std::uint64_t bumps = 0;
    std::uint64_t gas_used = 0;
    std::string detail;  // why it was dropped / reverted
};

// What `send` did, for logs.
struct SentTx {
    TxHandle handle = 0;
    B256 hash{};
    std::uint64_t nonce = 0;
    std::uint64_t gas_limit = 0;
    U256 max_fee_per_gas;
    U256 max_priority_fee_per_gas;
    std::uint64_t sent_at_block = 0;  // L1 head when sent
};

class TxManager {
public:
    // Reads the chain id and the pending nonce of the key's address. `abi` decodes reverts.
    static Result<TxManager, TxManagerFailure> make(rpc::Client client, const PrivateKey& key,
                                                    TxManagerConfig config,
                                                    std::optional<l1::Artifact> abi = std::nullopt);

    const Address& from() const noexcept { return from_; }
    std::uint64_t chain_id() const noexcept { return chain_id_; }
    std::uint64_t next_nonce() const noexcept { return next_nonce_; }
    std::size_t in_flight() const noexcept;

    // Estimates, signs and broadcasts. kEstimateReverted means nothing was sent and no nonce used.
    Result<SentTx, TxManagerFailure> send(const TxCandidate& candidate);

    // Checks every tx in flight against the L1 head: outcomes of txs that finished since the last
    // call (each handle reported once), bumping the ones that waited too long.
    Result<std::vector<TxOutcome>, TxManagerFailure> poll();

    // send + poll until this tx has an outcome or `timeout` passes (other outcomes are discarded:
    // for callers with one tx at a time, such as tests and tools).
    Result<TxOutcome, TxManagerFailure> send_and_wait(
        const TxCandidate& candidate, std::chrono::milliseconds timeout,
        std::chrono::milliseconds poll_interval = std::chrono::milliseconds(100));

    // The fees a tx sent now would be priced from (the `auto` data-availability rule reads them).
    Result<L1Fees, TxManagerFailure> l1_fees();

    // Re-reads the pending nonce (after a restart of the L1 node, or when nothing is in flight).
    Result<void, TxManagerFailure> resync_nonce();

    // The decoded revert (or the raw bytes) for logs.
    std::string describe_revert(ByteView revert_data) const;

private:
    struct Pending {
        TxHandle handle = 0;
        TxCandidate candidate;
        std::uint64_t nonce = 0;
        std::uint64_t gas_limit = 0;
        U256 max_fee;
        U256 tip;
        U256 blob_fee;                   // blob txs only
        std::vector<B256> hashes;        // every version sent, oldest first
        std::uint64_t last_sent_at = 0;  // L1 head when the latest version was sent
        std::uint64_t bumps = 0;
        bool reported = false;  // kDropped reported for a deadline; still followed for the nonce
    };

    TxManager(rpc::Client client, const PrivateKey& key, TxManagerConfig config,
              std::optional<l1::Artifact> abi, std::uint64_t chain_id, std::uint64_t nonce);

    struct Fees {
        U256 max_fee;
        U256 tip;
        U256 base_fee;  // of the latest block
    };
    Result<Fees, TxManagerFailure> suggest_fees();
    Result<U256, TxManagerFailure> suggest_blob_fee();
    // Raises the fees of `p` for a replacement (the blob rule for blob txs).
    void raise_fees(Pending& p) const;
    // Signs and broadcasts `p` with its current fees; "already known" counts as sent.
    Result<B256, TxManagerFailure> broadcast(Pending& p);
    Result<std::uint64_t, TxManagerFailure> head_number();

    rpc::Client client_;
    PrivateKey key_;
    TxManagerConfig config_;
    std::optional<l1::Artifact> abi_;
    std::uint64_t chain_id_ = 0;
    Address from_{};
    std::uint64_t next_nonce_ = 0;
    TxHandle next_handle_ = 1;
    std::vector<Pending> pending_;
};

}  // namespace baton::batcher_service
