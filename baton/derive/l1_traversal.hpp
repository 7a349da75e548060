// SPDX-License-Identifier: MIT
#pragma once

// L1 traversal: the oldest stage. It walks L1 one block at a time and, on entering a block, applies
// that block's SystemConfig updates before any later stage reads the block's batcher txs, so an
// update anywhere in block B (a new batcher, a new inbox) governs all of B's txs, even those earlier
// in B (OP-PROTOCOL.md §8).
//
// Which logs count: receipts with status 1, logs emitted by `l1_system_config_address` whose first
// topic is ConfigUpdate. Baton's BATCH_INBOX update is honoured only in blocks with
// is_baton_active(block.timestamp); before that it is dropped (logged, counted), so a chain that
// never activates Baton derives exactly as upstream does.
//
// Decision: a ConfigUpdate that fails to parse is dropped (logged, counted) and the block's other
// updates still apply, as the spec says. op-node and kona halt on it instead; the SystemConfig
// contract never emits one, and halting a verifier forever on an L1 log is the worse failure.
//
// Progression: next_l1_block() yields the current block once, then temporary/kEof until
// advance_origin() enters the next block. A next block whose parent hash is not the current
// block's hash is a reorg: reset/kReorgDetected and the traversal stays where it was. Entering the
// first Holocene block returns reset/kHoloceneActivation after the block is entered, so the driver
// sends an ActivationSignal and the later stages flush (kona's behaviour).
//
// Receipts are fetched on entering a block and kept for the retrieval stage (batcherHash version 1
// reads their status), so Baton needs no extra round trip. After a reset the origin block's
// receipts are fetched lazily by next_l1_block(); its SystemConfig is the one the signal carries.

#include <baton/core/receipt.hpp>
#include <baton/derive/block_ref.hpp>
#include <baton/derive/metrics.hpp>
#include <baton/derive/providers.hpp>
#include <baton/derive/stage.hpp>
#include <baton/protocol/rollup_config.hpp>
#include <baton/protocol/system_config.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace baton::derive {

// Applies the ConfigUpdate logs of `receipts` (block `block`) to `config` with the rules above
// (status 1, from l1_system_config_address, BATCH_INBOX only once Baton is active, a malformed
// update dropped and counted). Shared with the attributes queue, which keeps its own copy.
void apply_system_config_updates(const protocol::RollupConfig& rollup, protocol::SystemConfig& config,
                                 const std::vector<Receipt>& receipts, const L1BlockRef& block,
                                 const Telemetry& telemetry, std::string_view stage);

// What L1 retrieval reads from the stage before it.
class L1RetrievalProvider : public Stage {
public:
    // The current block, once; then temporary/kEof until the origin advances.
    virtual PipelineResult<L1BlockRef> next_l1_block() = 0;
    // The SystemConfig in force for the block last returned by next_l1_block().
    virtual const protocol::SystemConfig& system_config() const = 0;
    // The receipts of the block last returned by next_l1_block(), one per tx.
    virtual const std::vector<Receipt>& receipts() const = 0;
};

class L1Traversal final : public L1RetrievalProvider {
public:
    // `rollup` and `provider` outlive the stage.
    L1Traversal(const protocol::RollupConfig& rollup, L1Provider& provider, Telemetry telemetry = {});

    std::optional<L1BlockRef> origin() const override { return block_; }
    PipelineResult<void> advance_origin() override;
    PipelineResult<void> signal(const Signal& signal) override;

    PipelineResult<L1BlockRef> next_l1_block() override;
    const protocol::SystemConfig& system_config() const override { return system_config_; }
    const std::vector<Receipt>& receipts() const override { return receipts_; }

private:
    const protocol::RollupConfig& rollup_;
    L1Provider& provider_;
    Telemetry telemetry_;
    std::optional<L1BlockRef> block_;
    bool done_ = false;
    bool receipts_loaded_ = false;
    std::vector<Receipt> receipts_;
    protocol::SystemConfig system_config_;
};

}  // namespace baton::derive
