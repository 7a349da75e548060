// SPDX-License-Identifier: MIT
#pragma once

// Payload attributes for one L2 block (op-node attributes.go PreparePayloadAttributes, kona
// StatefulAttributesBuilder): what the engine needs to build the block a batch describes.
//
//   timestamp         the batch's
//   prev_randao       the epoch's (L1 origin's) mix_hash
//   fee_recipient     the batch's fee recipient (a Baton span batch, 0xBA) when it names one and
//                     the SystemConfig as of the epoch has batcherHash version 1; otherwise the
//                     sequencer fee vault 0x4200000000000000000000000000000000000011, as in OP
//   gas_limit         SystemConfig's, as of the epoch
//   no_tx_pool        true: a derived block holds exactly these txs
//   transactions      the L1-attributes deposit (protocol::make_l1_info_deposit: the layout of the
//                     block's fork, the sequence number, batcherHash copied verbatim), then, in the
//                     first block of an epoch only, the epoch's user deposits, then the batch's txs
//   eip1559_params    from Holocene: SystemConfig's denominator ‖ elasticity (8 bytes, big-endian)
//   parent_beacon_block_root  from Ecotone: the epoch's (the L1 header's)
//
// User deposits: the TransactionDeposited logs of `deposit_contract_address` in the epoch's
// status-1 receipts, decoded by protocol::decode_deposit_log with the log's index in the block
// (every log of every receipt counts, as the node's log.Index). Decision: a deposit log that does
// not decode (the portal never emits one) is dropped, logged and counted (kMalformedDeposit), like a
// malformed ConfigUpdate; op-node halts instead. Sequencer and verifier run the same code.
//
// Not built: network-upgrade deposits of fork activation blocks (Ecotone, Fjord, Isthmus, …); the
// tests activate every fork at genesis. Withdrawals are the empty list from Canyon on (the engine
// adapter sets it).

#include <baton/core/bytes.hpp>
#include <baton/core/u256.hpp>
#include <baton/derive/block_ref.hpp>
#include <baton/derive/metrics.hpp>
#include <baton/derive/providers.hpp>
#include <baton/protocol/rollup_config.hpp>
#include <baton/protocol/singular_batch.hpp>
#include <baton/protocol/system_config.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace baton::derive {

// The SequencerFeeVault predeploy; the constant lives in protocol, where batches name recipients.
inline constexpr Address kSequencerFeeVaultAddress = protocol::kSequencerFeeVaultAddress;

struct PayloadAttributes {
    std::uint64_t timestamp = 0;
    B256 prev_randao{};
    Address fee_recipient = kSequencerFeeVaultAddress;
    std::uint64_t gas_limit = 0;
    bool no_tx_pool = true;
    std::vector<Bytes> transactions;  // EIP-2718 envelopes, deposits first
    std::optional<FixedBytes<8>> eip1559_params;
    std::optional<B256> parent_beacon_block_root;

    friend bool operator==(const PayloadAttributes&, const PayloadAttributes&) = default;
};

// Attributes with the block they build on and where they came from.
struct AttributesWithParent {
    PayloadAttributes attributes;
    L2BlockRef parent;
    BlockId l1_origin;  // the epoch of the new block
    std::uint64_t sequence_number = 0;
    L1BlockRef derived_from;  // the L1 block the pipeline was at (the batch's inclusion block)
};

// The epoch's user deposits as EIP-2718 envelopes (0x7E ++ rlp), in log order.
std::vector<Bytes> user_deposits(const protocol::RollupConfig& rollup, const L1BlockRef& block,
                                 const std::vector<Receipt>& receipts, const Telemetry& telemetry);

class AttributesBuilder {
public:
    // `rollup` and `l1` outlive the builder.
    AttributesBuilder(const protocol::RollupConfig& rollup, L1Provider& l1, Telemetry telemetry = {});

    // Attributes for `batch` on `parent`. `system_config` is the attributes queue's copy as of
    // `config_block` (the L1 block whose updates it includes); the updates of later blocks up to the
    // batch's epoch are applied to it here (after a reset walk-back that is several blocks).
    // reset/kBlockHashMismatch when the epoch is not the canonical block, reset/kInconsistentL1Data
    // when the batch's epoch is neither the parent's nor the next.
    PipelineResult<AttributesWithParent> build(const L2BlockRef& parent, const protocol::SingularBatch& batch,
                                               protocol::SystemConfig& system_config,
                                               std::uint64_t& config_block);

private:
    const protocol::RollupConfig& rollup_;
    L1Provider& l1_;
    Telemetry telemetry_;
};

}  // namespace baton::derive
