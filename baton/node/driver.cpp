// SPDX-License-Identifier: MIT
#include <baton/node/driver.hpp>

#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/derive/attributes_builder.hpp>
#include <baton/process/logging.hpp>

#include <algorithm>
#include <utility>

namespace baton::node {

using process::log;

namespace {

using derive::L1BlockRef;
using derive::L2BlockRef;
using derive::Reason;
using derive::Severity;

// Oldest safe entries beyond this are dropped even without L1 finality (memory bound).
constexpr std::size_t kMaxSafeHistory = 100'000;

std::string num(std::uint64_t n) {
    return std::to_string(n);
}

// Whether the engine's block is what `a` describes. prev_randao, the beacon root and the Holocene
// extraData are not compared: anvil cannot take them (docs/node.md), so they are the engine's own.
bool block_matches(const EngineBlock& block, const derive::AttributesWithParent& a) {
    const derive::PayloadAttributes& attrs = a.attributes;
    if (block.ref.parent_hash != a.parent.hash || block.ref.timestamp != attrs.timestamp) return false;
    if (block.fee_recipient != attrs.fee_recipient) return false;
    if (attrs.gas_limit != 0 && block.gas_limit != attrs.gas_limit) return false;
    if (block.txn_hashes.size() != attrs.transactions.size()) return false;
    for (std::size_t i = 0; i < attrs.transactions.size(); ++i) {
        if (keccak256(attrs.transactions[i]) != block.txn_hashes[i]) return false;
    }
    return true;
}

derive::PayloadAttributes deposit_only(derive::PayloadAttributes attrs) {
    std::erase_if(attrs.transactions, [](const Bytes& txn) {
        return txn.empty() || txn[0] != static_cast<std::uint8_t>(TxType::kDeposit);
    });
    attrs.no_tx_pool = true;
    return attrs;
}

bool is_invalid_payload(EngineErrorKind kind) {
    return kind == EngineErrorKind::kTxnRejected || kind == EngineErrorKind::kBlockMismatch;
}

}  // namespace

const char* to_string(DriverMode mode) noexcept {
    switch (mode) {
        case DriverMode::kSequencer:
            return "sequencer";
        case DriverMode::kVerifier:
            return "verifier";
        case DriverMode::kRotating:
            return "rotating";
    }
    return "unknown";
}

std::optional<DriverMode> parse_driver_mode(std::string_view text) {
    if (text == "sequencer") return DriverMode::kSequencer;
    if (text == "verifier") return DriverMode::kVerifier;
    if (text == "rotating") return DriverMode::kRotating;
    return std::nullopt;
}

Driver::Driver(const protocol::RollupConfig& rollup, DriverConfig config, Engine& engine,
               derive::L1Provider& l1, SystemConfigLookup system_config,
               std::shared_ptr<spdlog::logger> logger, derive::Telemetry telemetry, DriverMetrics* metrics)
    : rollup_(rollup),
      config_(config),
      engine_(engine),
      l1_(l1),
      system_config_(std::move(system_config)),
      logger_(std::move(logger)),
      telemetry_(telemetry),
      metrics_(metrics ? metrics : &default_metrics_),
      l2_(engine, rollup.genesis),
      pipeline_(derive::make_pipeline(rollup, l1, l2_, telemetry)),
      sequencer_(rollup, SequencerConfig{.l1_confs = config.l1_confs, .fee_recipient = config.fee_recipient},
                 engine, l1, system_config_, logger_, telemetry, *metrics_) {}

Driver::~Driver() = default;

DriverError Driver::engine_error(const EngineError& e) {
    metrics_->record_engine_error(e.kind);
    return from_engine(e);
}

DriverResult<L2BlockRef> Driver::l2_ref(std::uint64_t number) {
    auto block = engine_.block_by_number(number);
    if (!block) return unexpected(engine_error(block.error()));
    if (!block->has_value()) {
        return unexpected(DriverError{Severity::kCritical, DriverErrorSource::kEngine,
                                      "the engine has no L2 block #" + num(number)});
    }
    auto ref = make_l2_block_ref(**block, rollup_.genesis);
    if (!ref) return unexpected(from_pipeline(ref.error(), DriverErrorSource::kEngine));
    return *ref;
}

DriverResult<void> Driver::start(const std::optional<PersistedHeads>& persisted) {
    auto head = engine_.head();
    if (!head) return unexpected(engine_error(head.error()));
    auto genesis = engine_.block_by_number(rollup_.genesis.l2.number);
    if (!genesis) return unexpected(engine_error(genesis.error()));
    if (!genesis->has_value() || (**genesis).ref.hash != rollup_.genesis.l2.hash) {
        return unexpected(DriverError{Severity::kCritical, DriverErrorSource::kConfig,
                                      "the L2 engine's block #" + num(rollup_.genesis.l2.number) +
                                          " is not rollup.json's genesis.l2 " +
                                          to_hex(rollup_.genesis.l2.hash)});
    }
    auto genesis_ref = make_l2_block_ref(**genesis, rollup_.genesis);
    if (!genesis_ref) return unexpected(from_pipeline(genesis_ref.error(), DriverErrorSource::kEngine));
    auto head_ref = make_l2_block_ref(*head, rollup_.genesis);
    if (!head_ref) return unexpected(from_pipeline(head_ref.error(), DriverErrorSource::kEngine));
    unsafe_ = *head_ref;
    finalized_ = *genesis_ref;
    safe_ = *genesis_ref;

    // The engine must still hold a persisted head, by hash, for it to count.
    auto held = [&](const BlockId& id) -> DriverResult<std::optional<L2BlockRef>> {
        if (id.number > unsafe_.number) return std::optional<L2BlockRef>{};
        auto ref = l2_ref(id.number);
        if (!ref) return unexpected(ref.error());
        if (ref->hash != id.hash) return std::optional<L2BlockRef>{};
        return std::optional<L2BlockRef>{*ref};
    };
    bool have_safe = false;
    if (persisted) {
        auto safe = held(persisted->safe);
        if (!safe) return unexpected(safe.error());
        if (*safe) {
            safe_ = **safe;
            have_safe = true;
            auto fin = held(persisted->finalized);
            if (!fin) return unexpected(fin.error());
            if (*fin && (**fin).number <= safe_.number) finalized_ = **fin;
        } else {
            log(*logger_, spdlog::level::warn,
                "persisted safe head is not on the engine's chain; ignoring it",
                {{"number", num(persisted->safe.number)}, {"hash", to_hex(persisted->safe.hash)}});
        }
    }
    if (!have_safe && config_.mode == DriverMode::kVerifier) {
        // A verifier only ever builds derived blocks, so its head was safe; reset_pipeline walks it
        // back if its L1 origin is gone.
        safe_ = unsafe_;
    }
    l2_.set_safe_head(safe_);
    safe_history_.clear();
    needs_reset_ = true;
    pending_.reset();
    sequencer_.forget_system_config();
    auto reset = reset_pipeline();
    if (!reset) return reset;
    started_ = true;
    log(*logger_, spdlog::level::info, "driver started",
        {{"mode", to_string(config_.mode)},
         {"unsafe", num(unsafe_.number)},
         {"safe", num(safe_.number)},
         {"finalized", num(finalized_.number)}});
    return {};
}

DriverResult<void> Driver::reset_pipeline() {
    // Walk the safe head back to a block whose L1 origin is canonical.
    L2BlockRef safe = safe_;
    L1BlockRef origin;
    for (;;) {
        auto canon = l1_.block_ref_by_number(safe.l1_origin.number);
        const bool gone = !canon && canon.error().is_eof();
        if (!canon && !gone) return unexpected(from_pipeline(canon.error(), DriverErrorSource::kL1));
        if (!gone && canon->hash == safe.l1_origin.hash) {
            origin = *canon;
            break;
        }
        if (safe.number <= rollup_.genesis.l2.number) {
            if (gone) {
                return unexpected(DriverError{
                    Severity::kTemporary, DriverErrorSource::kL1,
                    "L1 has no block #" + num(safe.l1_origin.number) + " (rollup.json's genesis.l1) yet"});
            }
            return unexpected(DriverError{Severity::kCritical, DriverErrorSource::kConfig,
                                          "L1 block #" + num(safe.l1_origin.number) + " is " +
                                              to_hex(canon->hash) + ", not rollup.json's genesis.l1 " +
                                              to_hex(safe.l1_origin.hash) + " (wrong L1?)"});
        }
        auto parent = l2_ref(safe.number - 1);
        if (!parent) return unexpected(parent.error());
        safe = *parent;
    }
    if (safe != safe_) {
        log(*logger_, spdlog::level::warn, "safe head walked back: its L1 origin left the canonical chain",
            {{"from", num(safe_.number)}, {"to", num(safe.number)}});
        safe_ = safe;
        l2_.set_safe_head(safe_);
        while (!safe_history_.empty() && safe_history_.back().block.number > safe_.number)
            safe_history_.pop_back();
        if (finalized_.number > safe_.number) {
            log(*logger_, spdlog::level::err,
                "finalized head was reorged out of L1; moving it to the safe head",
                {{"finalized", num(finalized_.number)}});
            finalized_ = safe_;
        }
    }
    const std::uint64_t start = derive::reset_l1_origin_number(rollup_, safe_.l1_origin, origin.timestamp);
    auto l1_origin = l1_.block_ref_by_number(start);
    if (!l1_origin) return unexpected(from_pipeline(l1_origin.error(), DriverErrorSource::kL1));
    auto config = system_config_(*l1_origin);
    if (!config) return unexpected(from_pipeline(config.error(), DriverErrorSource::kL1));
    auto reset = pipeline_->reset(safe_, *l1_origin, *config);
    if (!reset) return unexpected(from_pipeline(reset.error(), DriverErrorSource::kDerivation));
    pending_.reset();
    needs_reset_ = false;
    metrics_->record_pipeline_reset();
    log(*logger_, spdlog::level::info, "derivation reset",
        {{"safe", num(safe_.number)}, {"l1_origin", num(l1_origin->number)}});
    return {};
}

void Driver::set_safe(const L2BlockRef& ref, std::uint64_t derived_from) {
    safe_ = ref;
    l2_.set_safe_head(ref);
    safe_history_.push_back(SafeEntry{ref, derived_from});
    if (safe_history_.size() > kMaxSafeHistory) safe_history_.pop_front();
}

DriverResult<void> Driver::execute(const derive::AttributesWithParent& a) {
    const std::uint64_t target = a.parent.number + 1;
    auto existing = engine_.block_by_number(target);
    if (!existing) return unexpected(engine_error(existing.error()));
    if (existing->has_value() && block_matches(**existing, a)) {
        auto ref = make_l2_block_ref(**existing, rollup_.genesis);
        if (!ref) return unexpected(from_pipeline(ref.error(), DriverErrorSource::kEngine));
        set_safe(*ref, a.derived_from.number);
        if (unsafe_.number < ref->number) unsafe_ = *ref;
        record(*ref, a.attributes);
        log(*logger_, spdlog::level::debug, "consolidated unsafe block as safe",
            {{"number", num(ref->number)}, {"hash", to_hex(ref->hash)}});
        return {};
    }

    derive::PayloadAttributes executed = a.attributes;
    auto built = engine_.build_block(a.parent.id(), executed);
    if (!built) {
        const EngineError error = built.error();
        metrics_->record_engine_error(error.kind);
        if (error.is_temporary() || !is_invalid_payload(error.kind) ||
            !rollup_.is_holocene_active(a.attributes.timestamp)) {
            return unexpected(
                DriverError{error.severity(), DriverErrorSource::kEngine,
                            "building derived block #" + num(target) + ": " + node::to_string(error)});
        }
        log(*logger_, spdlog::level::warn,
            "engine refused a derived block; building its deposit-only replacement",
            {{"number", num(target)}, {"err", node::to_string(error)}});
        auto flushed = pipeline_->on_invalid_payload();
        if (!flushed) return unexpected(from_pipeline(flushed.error(), DriverErrorSource::kDerivation));
        executed = deposit_only(a.attributes);
        built = engine_.build_block(a.parent.id(), executed);
        if (!built) {
            return unexpected(DriverError{
                Severity::kCritical, DriverErrorSource::kEngine,
                "building the deposit-only block #" + num(target) + ": " + node::to_string(built.error())});
        }
        metrics_->record_deposit_only_block();
    }
    auto ref = make_l2_block_ref(*built, rollup_.genesis);
    if (!ref) return unexpected(from_pipeline(ref.error(), DriverErrorSource::kEngine));
    if (existing->has_value()) {
        // The engine had another block at this height: it and everything after it are gone.
        metrics_->record_unsafe_reorg();
        count_replaced(unsafe_.number >= target ? unsafe_.number - target + 1 : 0);
        log(*logger_, spdlog::level::warn, "unsafe block replaced by the derived block",
            {{"number", num(target)},
             {"old", to_hex((**existing).ref.hash)},
             {"new", to_hex(ref->hash)},
             {"dropped_unsafe", num(unsafe_.number >= target ? unsafe_.number - target + 1 : 0)}});
        sequencer_.forget_system_config();
    }
    set_safe(*ref, a.derived_from.number);
    unsafe_ = *ref;  // the engine dropped anything after it
    record(*ref, executed);
    log(*logger_, spdlog::level::info, "derived block",
        {{"number", num(ref->number)},
         {"hash", to_hex(ref->hash)},
         {"txns", num(built->txn_hashes.size())},
         {"l1_origin", num(ref->l1_origin.number)},
         {"derived_from", num(a.derived_from.number)}});
    return {};
}

DriverResult<DeriveProgress> Driver::derive_step() {
    if (!started_)
        return unexpected(
            DriverError{Severity::kCritical, DriverErrorSource::kDerivation, "driver not started"});
    if (needs_reset_) {
        auto r = reset_pipeline();
        if (!r) return unexpected(r.error());
        return DeriveProgress::kProgress;
    }
    if (pending_) {
        auto r = execute(*pending_);
        if (!r) return unexpected(r.error());
        pending_.reset();
        return DeriveProgress::kProgress;
    }
    const derive::StepResult step = pipeline_->step();
    switch (step) {
        case derive::StepResult::kPreparedAttributes: {
            pending_ = pipeline_->next_attributes();
            if (!pending_) {
                return unexpected(DriverError{Severity::kCritical, DriverErrorSource::kDerivation,
                                              "pipeline prepared attributes but gave none"});
            }
            auto r = execute(*pending_);
            if (!r) return unexpected(r.error());
            pending_.reset();
            return DeriveProgress::kProgress;
        }
        case derive::StepResult::kAdvancedOrigin:
        case derive::StepResult::kNotEnoughData:
            return DeriveProgress::kProgress;
        case derive::StepResult::kEof:
            return DeriveProgress::kIdle;
        case derive::StepResult::kResetRequired: {
            const auto& e = pipeline_->last_error();
            log(*logger_, spdlog::level::warn, "derivation reset required",
                {{"err", e ? derive::to_string(*e) : std::string("unknown")}});
            needs_reset_ = true;
            auto r = reset_pipeline();
            if (!r) return unexpected(r.error());
            return DeriveProgress::kProgress;
        }
        case derive::StepResult::kOriginAdvanceFailed:
        case derive::StepResult::kStepFailed:
            break;
    }
    const auto& e = pipeline_->last_error();
    if (!e)
        return unexpected(
            DriverError{Severity::kCritical, DriverErrorSource::kDerivation, "step failed without an error"});
    if (e->severity == Severity::kReset) {
        needs_reset_ = true;
        return DeriveProgress::kProgress;
    }
    // Provider failures are L1 or engine outages; the detail says which.
    return unexpected(from_pipeline(*e, DriverErrorSource::kDerivation));
}

DriverResult<std::optional<L2BlockRef>> Driver::sequence_step(const L1BlockRef& l1_head, std::uint64_t now) {
    using Out = std::optional<L2BlockRef>;
    if (!started_)
        return unexpected(
            DriverError{Severity::kCritical, DriverErrorSource::kDerivation, "driver not started"});
    if (config_.mode == DriverMode::kVerifier) return Out{};
    if (now < next_block_time()) return Out{};

    // The unsafe chain must still sit on canonical L1; if not, fall back to the safe head.
    auto current = l1_.block_ref_by_number(unsafe_.l1_origin.number);
    const bool gone =
        (!current && current.error().is_eof()) || (current && current->hash != unsafe_.l1_origin.hash);
    if (!current && !gone) return unexpected(from_pipeline(current.error(), DriverErrorSource::kL1));
    if (gone) {
        if (unsafe_.number > safe_.number) {
            log(*logger_, spdlog::level::warn,
                "unsafe chain's L1 origin was reorged out; rewinding to the safe head",
                {{"unsafe", num(unsafe_.number)}, {"safe", num(safe_.number)}});
            auto r = engine_.rewind_to(safe_.id());
            if (!r) return unexpected(engine_error(r.error()));
            metrics_->record_unsafe_reorg();
            count_replaced(unsafe_.number - safe_.number);
            if (config_.unsafe_store) config_.unsafe_store->truncate_above(safe_.number);
            unsafe_ = safe_;
            sequencer_.forget_system_config();
        } else {
            needs_reset_ = true;  // the safe head itself must walk back first
        }
        return Out{};
    }
    auto built = sequencer_.build_next(unsafe_, *current, l1_head);
    if (!built) return unexpected(built.error());
    if (!*built) return built;
    unsafe_ = **built;
    if (config_.unsafe_store) {
        // Peers rebuild it from every txn it holds: the pool's are the engine's choice.
        auto txns = engine_.transactions_by_number(unsafe_.number);
        if (!txns) return unexpected(engine_error(txns.error()));
        derive::PayloadAttributes served = sequencer_.last_attributes();
        if (*txns) served.transactions = std::move(**txns);
        served.no_tx_pool = true;
        record(unsafe_, served);
    }
    ++rotation_.blocks_built;
    rotation_.built.push_back(unsafe_.id());
    if (rotation_.built.size() > RotationStats::kBuiltKept) rotation_.built.pop_front();
    return built;
}

void Driver::record(const L2BlockRef& ref, const derive::PayloadAttributes& attributes) {
    if (!config_.unsafe_store) return;
    derive::PayloadAttributes served = attributes;
    served.no_tx_pool = true;
    config_.unsafe_store->put(UnsafeBlock{ref, std::move(served)});
}

void Driver::count_replaced(std::uint64_t depth) {
    if (depth == 0) return;
    rotation_.unsafe_blocks_replaced += depth;
    ++rotation_.reorgs;
    rotation_.max_reorg_depth = std::max(rotation_.max_reorg_depth, depth);
}

DriverResult<FollowOutcome> Driver::follow(const std::vector<UnsafeBlock>& blocks, bool may_replace) {
    FollowOutcome out;
    if (!started_ || config_.mode != DriverMode::kRotating) return out;
    const auto refuse = [&](const UnsafeBlock& b, const std::string& why) {
        ++rotation_.served_blocks_rejected;
        out.rejected = true;
        log(*logger_, spdlog::level::warn, "served unsafe block refused",
            {{"number", num(b.ref.number)}, {"hash", to_hex(b.ref.hash)}, {"why", why}});
    };
    for (const UnsafeBlock& b : blocks) {
        const std::uint64_t n = b.ref.number;
        if (n <= safe_.number) continue;    // L1 decides those
        if (n > unsafe_.number + 1) break;  // a gap: the next poll starts at our head
        bool replacing = false;
        if (n <= unsafe_.number) {
            auto ours = l2_ref(n);
            if (!ours) return unexpected(ours.error());
            if (ours->hash == b.ref.hash) continue;
            if (!may_replace) break;
            replacing = true;
        }
        L2BlockRef parent = unsafe_;
        if (n - 1 != unsafe_.number) {
            auto p = l2_ref(n - 1);
            if (!p) return unexpected(p.error());
            parent = *p;
        }
        if (parent.hash != b.ref.parent_hash) break;  // another branch: not ours to take block by block
        if (b.attributes.timestamp != b.ref.timestamp || b.ref.timestamp <= parent.timestamp) {
            refuse(b, "timestamp");
            break;
        }
        const std::uint64_t depth = replacing ? unsafe_.number - n + 1 : 0;
        auto built = engine_.build_block(parent.id(), b.attributes);
        if (!built) {
            if (built.error().is_temporary()) return unexpected(engine_error(built.error()));
            metrics_->record_engine_error(built.error().kind);
            refuse(b, node::to_string(built.error()));
            if (replacing) {  // the engine is back at the parent: our blocks after it are gone
                count_replaced(depth);
                unsafe_ = parent;
                if (config_.unsafe_store) config_.unsafe_store->truncate_above(parent.number);
            }
            break;
        }
        auto ref = make_l2_block_ref(*built, rollup_.genesis);
        if (!ref) return unexpected(from_pipeline(ref.error(), DriverErrorSource::kEngine));
        if (ref->hash != b.ref.hash) {
            refuse(b, "rebuilt to " + to_hex(ref->hash));
            auto r = engine_.rewind_to(parent.id());
            if (!r) return unexpected(engine_error(r.error()));
            if (replacing) count_replaced(depth);
            unsafe_ = parent;
            if (config_.unsafe_store) config_.unsafe_store->truncate_above(parent.number);
            break;
        }
        if (replacing) {
            metrics_->record_unsafe_reorg();
            count_replaced(depth);
            out.replaced += depth;
            sequencer_.forget_system_config();
            log(*logger_, spdlog::level::warn, "unsafe blocks replaced by the current builder's",
                {{"from", num(n)}, {"dropped_unsafe", num(depth)}});
        }
        unsafe_ = *ref;
        record(*ref, b.attributes);
        ++rotation_.blocks_followed;
        ++out.applied;
    }
    return out;
}

void Driver::on_l1_finalized(const L1BlockRef& finalized_l1) {
    std::optional<L2BlockRef> newest;
    while (!safe_history_.empty() && safe_history_.front().derived_from <= finalized_l1.number) {
        newest = safe_history_.front().block;
        safe_history_.pop_front();
    }
    if (newest && newest->number > finalized_.number) finalized_ = *newest;
}

std::uint64_t Driver::next_block_time() const {
    return unsafe_.timestamp + rollup_.block_time;
}

std::optional<L1BlockRef> Driver::current_l1() const {
    return pipeline_->origin();
}

}  // namespace baton::node
