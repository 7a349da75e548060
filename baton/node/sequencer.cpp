// SPDX-License-Identifier: MIT
#include <baton/node/sequencer.hpp>

#include <baton/core/hex.hpp>
#include <baton/derive/attributes_builder.hpp>
#include <baton/node/engine_l2_chain.hpp>
#include <baton/node/l1_origin_selector.hpp>
#include <baton/process/logging.hpp>
#include <baton/protocol/singular_batch.hpp>

#include <string>
#include <utility>

namespace baton::node {

using process::log;

namespace {

using derive::L1BlockRef;
using derive::L2BlockRef;

std::string num(std::uint64_t n) {
    return std::to_string(n);
}

}  // namespace

Sequencer::Sequencer(const protocol::RollupConfig& rollup, SequencerConfig config, Engine& engine,
                     derive::L1Provider& l1, const SystemConfigLookup& system_config,
                     std::shared_ptr<spdlog::logger> logger, derive::Telemetry telemetry,
                     DriverMetrics& metrics)
    : rollup_(rollup),
      config_(config),
      engine_(engine),
      l1_(l1),
      system_config_(system_config),
      logger_(std::move(logger)),
      telemetry_(telemetry),
      metrics_(metrics) {}

DriverError Sequencer::engine_error(const EngineError& e) {
    metrics_.record_engine_error(e.kind);
    return from_engine(e);
}

DriverResult<void> Sequencer::load_system_config(const L2BlockRef& unsafe) {
    auto origin = l1_.block_ref_by_number(unsafe.l1_origin.number);
    if (!origin) return unexpected(from_pipeline(origin.error(), DriverErrorSource::kL1));
    auto config = system_config_(*origin);
    if (!config) return unexpected(from_pipeline(config.error(), DriverErrorSource::kL1));
    system_config_at_ = *config;
    config_block_ = origin->number;
    return {};
}

DriverResult<std::optional<L2BlockRef>> Sequencer::build_next(const L2BlockRef& unsafe,
                                                              const L1BlockRef& origin,
                                                              const L1BlockRef& l1_head) {
    using Out = std::optional<L2BlockRef>;
    const std::uint64_t timestamp = unsafe.timestamp + rollup_.block_time;
    if (!system_config_at_) {
        auto r = load_system_config(unsafe);
        if (!r) return unexpected(r.error());
    }

    const std::uint64_t usable = l1_head.number >= config_.l1_confs ? l1_head.number - config_.l1_confs : 0;
    std::optional<L1BlockRef> next;
    if (origin.number + 1 <= usable) {
        auto n = l1_.block_ref_by_number(origin.number + 1);
        if (n) {
            if (n->parent_hash == origin.hash) next = *n;
        } else if (!n.error().is_eof()) {
            return unexpected(from_pipeline(n.error(), DriverErrorSource::kL1));
        }
    }
    auto choice = select_l1_origin(rollup_, origin, next, timestamp, l1_head.number);
    if (!choice) {
        if (choice.error() == OriginError::kWaitForL1) {
            log(*logger_, spdlog::level::debug, "waiting for the next L1 origin (sequencer drift reached)",
                {{"origin", num(origin.number)}});
            return Out{};
        }
        return unexpected(
            DriverError{Severity::kCritical, DriverErrorSource::kL1, to_string(choice.error())});
    }
    if (choice->window_exceeded) {
        log(*logger_, spdlog::level::warn,
            "L1 origin is a sequencing window behind the L1 head; building empty blocks",
            {{"origin", num(choice->origin.number)}, {"l1_head", num(l1_head.number)}});
    }

    protocol::SingularBatch batch;
    batch.parent_hash = unsafe.hash;
    batch.epoch_num = choice->origin.number;
    batch.epoch_hash = choice->origin.hash;
    batch.timestamp = timestamp;
    derive::AttributesBuilder builder(rollup_, l1_, telemetry_);
    protocol::SystemConfig config = *system_config_at_;
    std::uint64_t config_block = config_block_;
    auto attrs = builder.build(unsafe, batch, config, config_block);
    if (!attrs) {
        if (attrs.error().severity == Severity::kReset) {
            system_config_at_.reset();  // the origin moved under us; re-checked on the next step
            return Out{};
        }
        return unexpected(from_pipeline(attrs.error(), DriverErrorSource::kL1));
    }
    derive::PayloadAttributes payload = attrs->attributes;
    payload.fee_recipient = config_.fee_recipient;
    payload.no_tx_pool = choice->no_user_txns;
    auto built = engine_.build_block(unsafe.id(), payload);
    if (!built && !built.error().is_temporary() && !payload.no_tx_pool) {
        // The engine holds back pool txns it cannot mine (nonce gaps, refusals) and txns that
        // arrive mid-build cannot precede the deposits (AnvilEngine gates its pool), so this is a
        // safety net: a block that still fails with the pool is built without it (the engine
        // gives the pool back) rather than halting the sequencer.
        metrics_.record_engine_error(built.error().kind);
        log(*logger_, spdlog::level::warn,
            "engine refused the block with pool txns; building it without them",
            {{"number", num(unsafe.number + 1)}, {"err", node::to_string(built.error())}});
        payload.no_tx_pool = true;
        built = engine_.build_block(unsafe.id(), payload);
    }
    if (!built) return unexpected(engine_error(built.error()));
    auto ref = make_l2_block_ref(*built, rollup_.genesis);
    if (!ref) return unexpected(from_pipeline(ref.error(), DriverErrorSource::kEngine));
    system_config_at_ = config;
    config_block_ = config_block;
    last_attributes_ = std::move(payload);
    log(*logger_, spdlog::level::info, "sequenced block",
        {{"number", num(ref->number)},
         {"hash", to_hex(ref->hash)},
         {"txns", num(built->txn_hashes.size())},
         {"l1_origin", num(ref->l1_origin.number)},
         {"seq", num(ref->sequence_number)}});
    return Out{*ref};
}

}  // namespace baton::node
