// SPDX-License-Identifier: MIT
#include <baton/derive/l1_traversal.hpp>

#include <baton/core/hex.hpp>

#include <string>
#include <utility>

namespace baton::derive {

namespace {
constexpr std::string_view kStage = "l1_traversal";

bool is_config_update_type(const B256& word, protocol::ConfigUpdateType type) {
    auto expected = static_cast<std::uint64_t>(type);
    for (std::size_t i = 0; i < 24; ++i)
        if (word[i] != 0) return false;
    return load_be(ByteView(word.data() + 24, 8)) == expected;
}
}  // namespace

L1Traversal::L1Traversal(const protocol::RollupConfig& rollup, L1Provider& provider, Telemetry telemetry)
    : rollup_(rollup), provider_(provider), telemetry_(telemetry) {}

PipelineResult<L1BlockRef> L1Traversal::next_l1_block() {
    if (!block_) return baton::unexpected(temporary(Reason::kMissingOrigin, "l1 traversal not reset"));
    if (done_) return baton::unexpected(temporary(Reason::kEof));
    if (!receipts_loaded_) {
        auto receipts = provider_.receipts(*block_);
        if (!receipts) return baton::unexpected(std::move(receipts.error()));
        receipts_ = std::move(*receipts);
        receipts_loaded_ = true;
    }
    done_ = true;
    return *block_;
}

PipelineResult<void> L1Traversal::advance_origin() {
    if (!block_) return baton::unexpected(temporary(Reason::kMissingOrigin, "l1 traversal not reset"));
    auto next = provider_.block_ref_by_number(block_->number + 1);
    if (!next) return baton::unexpected(std::move(next.error()));
    if (next->parent_hash != block_->hash) {
        return baton::unexpected(reset(Reason::kReorgDetected, "block " + to_string(*next) + " has parent " +
                                                                   to_hex(next->parent_hash) + ", expected " +
                                                                   to_string(*block_)));
    }
    auto receipts = provider_.receipts(*next);
    if (!receipts) return baton::unexpected(std::move(receipts.error()));

    // Applied to a copy so that a failed fetch above or a retry never half-applies a block.
    protocol::SystemConfig config = system_config_;
    apply_system_config_updates(rollup_, config, *receipts, *next, telemetry_, kStage);

    const bool was_holocene = rollup_.is_holocene_active(block_->timestamp);
    system_config_ = config;
    receipts_ = std::move(*receipts);
    receipts_loaded_ = true;
    block_ = *next;
    done_ = false;
    if (!was_holocene && rollup_.is_holocene_active(next->timestamp)) {
        return baton::unexpected(reset(Reason::kHoloceneActivation, "entered " + to_string(*next)));
    }
    return {};
}

void apply_system_config_updates(const protocol::RollupConfig& rollup, protocol::SystemConfig& config,
                                 const std::vector<Receipt>& receipts, const L1BlockRef& block,
                                 const Telemetry& telemetry, std::string_view stage) {
    const bool baton = rollup.is_baton_active(block.timestamp);
    for (std::size_t i = 0; i < receipts.size(); ++i) {
        const Receipt& receipt = receipts[i];
        if (!receipt.status) continue;
        for (std::size_t j = 0; j < receipt.logs.size(); ++j) {
            const Log& log = receipt.logs[j];
            if (log.address != rollup.l1_system_config_address) continue;
            // Other SystemConfig events (ownership, initialization) are not updates.
            if (log.topics.empty() || log.topics[0] != protocol::kConfigUpdateTopic) continue;
            const std::string where =
                to_string(block) + " receipt " + std::to_string(i) + " log " + std::to_string(j);
            if (!baton && log.topics.size() == 3 &&
                is_config_update_type(log.topics[2], protocol::ConfigUpdateType::kBatchInbox)) {
                telemetry.drop(stage, DropReason::kBatchInboxBeforeBaton, where);
                continue;
            }
            auto applied =
                protocol::apply_config_update(config, log.topics, log.data, rollup, block.timestamp);
            if (!applied) {
                telemetry.drop(stage, DropReason::kMalformedConfigUpdate,
                               where + ": " + protocol::to_string(applied.error().error));
                continue;
            }
        }
    }
}

PipelineResult<void> L1Traversal::signal(const Signal& signal) {
    auto restart = [this](const L1BlockRef& origin, const protocol::SystemConfig& config) {
        block_ = origin;
        done_ = false;
        receipts_loaded_ = false;
        receipts_.clear();
        system_config_ = config;
    };
    if (const auto* r = std::get_if<ResetSignal>(&signal)) restart(r->l1_origin, r->system_config);
    if (const auto* a = std::get_if<ActivationSignal>(&signal)) restart(a->l1_origin, a->system_config);
    return {};
}

}  // namespace baton::derive
