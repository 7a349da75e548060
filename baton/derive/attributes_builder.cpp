// SPDX-License-Identifier: MIT
#include <baton/derive/attributes_builder.hpp>

#include <baton/core/hex.hpp>
#include <baton/derive/l1_traversal.hpp>
#include <baton/protocol/base_fee.hpp>
#include <baton/protocol/deposit.hpp>
#include <baton/protocol/l1_info.hpp>

#include <string>
#include <utility>

namespace baton::derive {

namespace {
constexpr std::string_view kStage = "attributes";
}  // namespace

std::vector<Bytes> user_deposits(const protocol::RollupConfig& rollup, const L1BlockRef& block,
                                 const std::vector<Receipt>& receipts, const Telemetry& telemetry) {
    std::vector<Bytes> out;
    std::uint64_t log_index = 0;
    for (const auto& receipt : receipts) {
        for (const auto& log : receipt.logs) {
            const std::uint64_t index = log_index++;
            if (!receipt.status || log.address != rollup.deposit_contract_address) continue;
            if (log.topics.empty() || log.topics[0] != protocol::kTransactionDepositedTopic) continue;
            auto deposit = protocol::decode_deposit_log(log, block.hash, index);
            if (!deposit) {
                telemetry.drop(kStage, DropReason::kMalformedDeposit,
                               to_string(block) + " log " + std::to_string(index) + ": " +
                                   protocol::to_string(deposit.error()));
                continue;
            }
            out.push_back(encode_transaction(Transaction{std::move(*deposit)}));
        }
    }
    return out;
}

AttributesBuilder::AttributesBuilder(const protocol::RollupConfig& rollup, L1Provider& l1,
                                     Telemetry telemetry)
    : rollup_(rollup), l1_(l1), telemetry_(telemetry) {}

PipelineResult<AttributesWithParent> AttributesBuilder::build(const L2BlockRef& parent,
                                                              const protocol::SingularBatch& batch,
                                                              protocol::SystemConfig& system_config,
                                                              std::uint64_t& config_block) {
    const bool new_epoch = batch.epoch_num == parent.l1_origin.number + 1;
    if (!new_epoch && batch.epoch_num != parent.l1_origin.number) {
        return baton::unexpected(
            reset(Reason::kInconsistentL1Data, "batch epoch " + std::to_string(batch.epoch_num) +
                                                   " does not follow the parent's origin " +
                                                   std::to_string(parent.l1_origin.number)));
    }
    auto epoch = l1_.block_ref_by_number(batch.epoch_num);
    if (!epoch) return baton::unexpected(std::move(epoch.error()));
    if (epoch->hash != batch.epoch_hash) {
        return baton::unexpected(
            reset(Reason::kBlockHashMismatch,
                  "epoch " + to_string(*epoch) + " is not the batch's " + to_hex(batch.epoch_hash)));
    }
    auto header = l1_.header(*epoch);
    if (!header) return baton::unexpected(std::move(header.error()));
    if (batch.timestamp < epoch->timestamp) {
        return baton::unexpected(
            reset(Reason::kInconsistentL1Data, "L2 time before its L1 origin " + to_string(*epoch)));
    }

    // The SystemConfig as of the epoch: the queue's copy plus the updates of the blocks after it
    // (a copy first, so a provider failure half way leaves the queue's state untouched).
    protocol::SystemConfig config = system_config;
    std::uint64_t through = config_block;
    std::vector<Receipt> epoch_receipts;
    bool have_epoch_receipts = false;
    for (std::uint64_t n = config_block + 1; n <= epoch->number; ++n) {
        auto ref = n == epoch->number ? PipelineResult<L1BlockRef>(*epoch) : l1_.block_ref_by_number(n);
        if (!ref) return baton::unexpected(std::move(ref.error()));
        auto receipts = l1_.receipts(*ref);
        if (!receipts) return baton::unexpected(std::move(receipts.error()));
        apply_system_config_updates(rollup_, config, *receipts, *ref, telemetry_, kStage);
        through = n;
        if (n == epoch->number) {
            epoch_receipts = std::move(*receipts);
            have_epoch_receipts = true;
        }
    }

    AttributesWithParent out;
    out.parent = parent;
    out.l1_origin = epoch->id();
    out.sequence_number = new_epoch ? 0 : parent.sequence_number + 1;
    PayloadAttributes& a = out.attributes;
    a.timestamp = batch.timestamp;
    a.prev_randao = header->mix_hash;
    a.gas_limit = config.gas_limit;
    // A batch's recipient counts only where the inbox elects the poster (batcherHash v1): under a
    // single v0 batcher there is no rotation to pay, and the chain stays OP's, coinbase the vault.
    if (batch.fee_recipient) {
        const auto auth = protocol::decode_batcher_hash(config.batcher_hash);
        if (auth && auth->version == protocol::BatcherHashVersion::kLeaderElection)
            a.fee_recipient = *batch.fee_recipient;
    }

    protocol::L1Origin origin;
    origin.number = epoch->number;
    origin.timestamp = epoch->timestamp;
    origin.base_fee = header->base_fee;
    origin.hash = epoch->hash;
    origin.blob_base_fee = header->blob_base_fee;
    auto info = protocol::make_l1_info_deposit(rollup_, config, origin, out.sequence_number, batch.timestamp);
    if (!info) {
        return baton::unexpected(critical(
            Reason::kInvariant, std::string("L1 info deposit: ") + protocol::to_string(info.error().error)));
    }
    a.transactions.push_back(encode_transaction(Transaction{std::move(*info)}));
    if (new_epoch) {
        if (!have_epoch_receipts) {
            auto receipts = l1_.receipts(*epoch);
            if (!receipts) return baton::unexpected(std::move(receipts.error()));
            epoch_receipts = std::move(*receipts);
        }
        for (auto& d : user_deposits(rollup_, *epoch, epoch_receipts, telemetry_))
            a.transactions.push_back(std::move(d));
    }
    for (const auto& tx : batch.transactions) a.transactions.push_back(tx);

    if (rollup_.is_holocene_active(batch.timestamp)) {
        a.eip1559_params =
            protocol::encode_eip1559_params(config.eip1559_denominator, config.eip1559_elasticity);
    }
    if (rollup_.is_ecotone_active(batch.timestamp))
        a.parent_beacon_block_root = header->parent_beacon_block_root;

    system_config = config;
    config_block = through;
    return out;
}

}  // namespace baton::derive
