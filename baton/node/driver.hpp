// SPDX-License-Identifier: MIT
#pragma once

// The rollup node's driver: the heads, derivation and consolidation, and when the sequencer
// builds, as deterministic steps over an Engine and an L1Provider (no clocks, sockets or threads:
// NodeService owns the loop, the wall clock, backoff and shutdown; tests drive it with FakeL1Chain
// and an in-memory engine).
//
// Heads (op-node's names):
// - unsafe: the engine's tip. A verifier's unsafe head is its safe head; a sequencer's runs ahead.
// - safe: derived from L1 by this node's own pipeline. Derived attributes that equal the block the
//   engine already has at that height (same parent, timestamp, txn hashes, fee recipient, gas
//   limit) just make it safe ("consolidation"); otherwise the block is built from the attributes,
//   which rewinds the engine and drops the unsafe blocks after it (a reorg of the unsafe chain).
// - finalized: the newest safe block derived from an L1 block at or below L1's finalized block.
//
// Derivation (both modes): derive_step() is one Pipeline::step() plus executing its attributes.
// kResetRequired resets the pipeline from the safe head; if the safe head's L1 origin is no longer
// canonical (an L1 reorg) the safe head walks back first. Holocene: if the engine refuses the
// derived txns (kTxnRejected / kBlockMismatch) the driver calls Pipeline::on_invalid_payload() and
// builds the deposit-only replacement. Attributes taken from the pipeline are kept until executed,
// so a temporary failure (engine or L1 down) loses nothing.
//
// Sequencing: sequence_step(l1_head, now) builds the next block once `now` reaches its timestamp,
// through the Sequencer (node/sequencer). The driver first checks that the unsafe chain's origin is
// still on the canonical L1 chain; if not, the unsafe chain is rewound to the safe head.
//
// Restart: start() takes the engine's head as unsafe and the persisted safe/finalized heads when
// the engine still has them; without them a verifier checks and takes its engine head as safe
// (it only ever builds derived blocks) and a sequencer re-derives from genesis (its unsafe blocks
// may never have been posted), consolidating its own blocks as it goes.
//
// Errors: DriverError says temporary (retry with backoff) or critical (halt), and where it came from.

#include <baton/derive/block_ref.hpp>
#include <baton/derive/metrics.hpp>
#include <baton/derive/pipeline.hpp>
#include <baton/derive/providers.hpp>
#include <baton/node/driver_error.hpp>
#include <baton/node/driver_metrics.hpp>
#include <baton/node/engine.hpp>
#include <baton/node/engine_l2_chain.hpp>
#include <baton/node/sequencer.hpp>
#include <baton/node/unsafe_blocks.hpp>
#include <baton/protocol/rollup_config.hpp>
#include <baton/protocol/system_config.hpp>

#include <spdlog/logger.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace baton::node {

// kRotating: a sequencer that builds only its own turns and follows its peers' blocks in between
// (node/rotation.hpp says whose turn it is; NodeService decides when to call sequence_step and
// feeds follow() what the peers serve).
enum class DriverMode : std::uint8_t { kSequencer, kVerifier, kRotating };

const char* to_string(DriverMode mode) noexcept;
std::optional<DriverMode> parse_driver_mode(std::string_view text);

struct DriverConfig {
    DriverMode mode = DriverMode::kVerifier;
    std::uint64_t l1_confs = 0;
    Address fee_recipient = derive::kSequencerFeeVaultAddress;
    // Where every block put on the engine is recorded for peers to fetch (rotating mode); not owned.
    UnsafeBlockStore* unsafe_store = nullptr;
};

// What a rotating node did with its unsafe chain (baton_rotationStatus).
struct RotationStats {
    std::uint64_t blocks_built = 0;            // sequenced by this node
    std::uint64_t blocks_followed = 0;         // a peer's, rebuilt here with the served hash
    std::uint64_t unsafe_blocks_replaced = 0;  // unsafe blocks dropped for a peer's or L1's
    std::uint64_t reorgs = 0;                  // events that replaced at least one unsafe block
    std::uint64_t max_reorg_depth = 0;
    std::uint64_t served_blocks_rejected = 0;  // did not link, or rebuilt to another hash
    std::deque<BlockId> built;                 // the newest blocks this node built
    static constexpr std::size_t kBuiltKept = 4096;
};

// What follow() did with one peer's answer.
struct FollowOutcome {
    std::size_t applied = 0;
    std::size_t replaced = 0;  // our unsafe blocks dropped for the peer's
    bool rejected = false;     // a block was refused; the rest of the answer was not looked at
};

struct PersistedHeads {
    BlockId safe;
    BlockId finalized;

    friend bool operator==(const PersistedHeads&, const PersistedHeads&) = default;
};

enum class DeriveProgress : std::uint8_t {
    kProgress,  // something happened: step again
    kIdle,      // derivation reached the L1 head: wait for a new L1 block
};

class Driver {
public:
    // `rollup`, `engine`, `l1`, `logger` (non-null), the telemetry's targets and `metrics` outlive
    // the driver.
    Driver(const protocol::RollupConfig& rollup, DriverConfig config, Engine& engine, derive::L1Provider& l1,
           SystemConfigLookup system_config, std::shared_ptr<spdlog::logger> logger,
           derive::Telemetry telemetry = {}, DriverMetrics* metrics = nullptr);
    ~Driver();
    Driver(const Driver&) = delete;
    Driver& operator=(const Driver&) = delete;

    // Reads the engine, checks its genesis, picks the heads and resets the pipeline. Must succeed
    // before any step (temporary errors: retry).
    DriverResult<void> start(const std::optional<PersistedHeads>& persisted = std::nullopt);

    DriverResult<DeriveProgress> derive_step();
    // Sequencer and rotating modes. Builds the next block when `now` (unix seconds) has reached its
    // timestamp; nullopt when it is not time yet or the sequencer must wait for L1.
    DriverResult<std::optional<derive::L2BlockRef>> sequence_step(const derive::L1BlockRef& l1_head,
                                                                  std::uint64_t now);
    // Rotating mode: takes a peer's unsafe blocks (ascending, contiguous). Blocks at or below the
    // safe head are L1's to decide and skipped; a block is rebuilt on the engine and kept only when
    // it links to our chain and our build has the served hash. With `may_replace` (the peer is the
    // builder of the current turn) a served block replaces a different unsafe block of ours at its
    // height, and everything after it; otherwise only blocks past our unsafe head are taken.
    DriverResult<FollowOutcome> follow(const std::vector<UnsafeBlock>& blocks, bool may_replace);
    const RotationStats& rotation_stats() const noexcept { return rotation_; }

    // Moves the finalized L2 head to the newest safe block derived from L1 at or below `finalized_l1`.
    void on_l1_finalized(const derive::L1BlockRef& finalized_l1);

    // Unix time the next sequenced block is due.
    std::uint64_t next_block_time() const;

    const derive::L2BlockRef& unsafe_head() const noexcept { return unsafe_; }
    const derive::L2BlockRef& safe_head() const noexcept { return safe_; }
    const derive::L2BlockRef& finalized_head() const noexcept { return finalized_; }
    // The pipeline's L1 origin (the L1 block derivation has reached).
    std::optional<derive::L1BlockRef> current_l1() const;
    DriverMode mode() const noexcept { return config_.mode; }
    bool started() const noexcept { return started_; }

private:
    struct SafeEntry {
        derive::L2BlockRef block;
        std::uint64_t derived_from = 0;  // L1 block number the pipeline was at
    };

    DriverResult<void> reset_pipeline();
    DriverResult<void> execute(const derive::AttributesWithParent& attributes);
    DriverResult<derive::L2BlockRef> build(const derive::L2BlockRef& parent,
                                           const derive::PayloadAttributes& attributes);
    DriverResult<derive::L2BlockRef> l2_ref(std::uint64_t number);
    void set_safe(const derive::L2BlockRef& ref, std::uint64_t derived_from);
    DriverError engine_error(const EngineError& e);
    void record(const derive::L2BlockRef& ref, const derive::PayloadAttributes& attributes);
    void count_replaced(std::uint64_t depth);

    const protocol::RollupConfig& rollup_;
    DriverConfig config_;
    Engine& engine_;
    derive::L1Provider& l1_;
    SystemConfigLookup system_config_;
    std::shared_ptr<spdlog::logger> logger_;
    derive::Telemetry telemetry_;
    DriverMetrics default_metrics_;
    DriverMetrics* metrics_;
    EngineL2Chain l2_;
    std::unique_ptr<derive::Pipeline> pipeline_;
    Sequencer sequencer_;

    bool started_ = false;
    bool needs_reset_ = true;
    derive::L2BlockRef unsafe_;
    derive::L2BlockRef safe_;
    derive::L2BlockRef finalized_;
    std::deque<SafeEntry> safe_history_;
    std::optional<derive::AttributesWithParent> pending_;
    RotationStats rotation_;
};

}  // namespace baton::node
