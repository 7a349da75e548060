// SPDX-License-Identifier: MIT
#include <baton/node/node_metrics.hpp>

#include <prometheus/text_serializer.h>

namespace baton::node {

NodeMetrics::NodeMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      heads_(prometheus::BuildGauge()
                 .Name("baton_node_head")
                 .Help("Block number of each head the node tracks")
                 .Register(*registry_)),
      drops_family_(prometheus::BuildCounter()
                        .Name("baton_node_derivation_drops_total")
                        .Help("L1 data dropped by derivation, by reason")
                        .Register(*registry_)),
      engine_errors_(prometheus::BuildCounter()
                         .Name("baton_node_engine_errors_total")
                         .Help("Failed engine calls, by kind")
                         .Register(*registry_)),
      temporary_errors_(prometheus::BuildCounter()
                            .Name("baton_node_temporary_errors_total")
                            .Help("Loop iterations that backed off after a temporary error, by source")
                            .Register(*registry_)),
      l1_rpc_errors_(prometheus::BuildCounter()
                         .Name("baton_node_l1_rpc_errors_total")
                         .Help("Failed or rejected L1 RPC calls")
                         .Register(*registry_)
                         .Add({})),
      resets_(prometheus::BuildCounter()
                  .Name("baton_node_pipeline_resets_total")
                  .Help("Derivation pipeline resets")
                  .Register(*registry_)
                  .Add({})),
      unsafe_reorgs_(prometheus::BuildCounter()
                         .Name("baton_node_unsafe_reorgs_total")
                         .Help("Unsafe blocks replaced by derived ones or rewound")
                         .Register(*registry_)
                         .Add({})),
      deposit_only_(prometheus::BuildCounter()
                        .Name("baton_node_deposit_only_blocks_total")
                        .Help("Derived blocks replaced by their deposit-only version (Holocene)")
                        .Register(*registry_)
                        .Add({})) {
    for (std::size_t i = 0; i < derive::kDropReasonCount; ++i) {
        drops_[i] = &drops_family_.Add({{"reason", derive::to_string(static_cast<derive::DropReason>(i))}});
    }
    for (const char* head : {"unsafe_l2", "safe_l2", "finalized_l2", "current_l1", "head_l1"}) {
        heads_.Add({{"head", head}});
    }
}

void NodeMetrics::record_drop(derive::DropReason reason) {
    const auto i = static_cast<std::size_t>(reason);
    if (i < drops_.size()) drops_[i]->Increment();
}

void NodeMetrics::record_engine_error(EngineErrorKind kind) {
    engine_errors_.Add({{"kind", to_string(kind)}}).Increment();
}

void NodeMetrics::record_temporary_error(DriverErrorSource source) {
    temporary_errors_.Add({{"source", to_string(source)}}).Increment();
}

void NodeMetrics::set_l1_rpc_errors(std::uint64_t total) {
    if (total > l1_rpc_errors_seen_) {
        l1_rpc_errors_.Increment(static_cast<double>(total - l1_rpc_errors_seen_));
        l1_rpc_errors_seen_ = total;
    }
}

void NodeMetrics::set_heads(std::uint64_t unsafe_l2, std::uint64_t safe_l2, std::uint64_t finalized_l2,
                            std::uint64_t current_l1, std::uint64_t head_l1) {
    heads_.Add({{"head", "unsafe_l2"}}).Set(static_cast<double>(unsafe_l2));
    heads_.Add({{"head", "safe_l2"}}).Set(static_cast<double>(safe_l2));
    heads_.Add({{"head", "finalized_l2"}}).Set(static_cast<double>(finalized_l2));
    heads_.Add({{"head", "current_l1"}}).Set(static_cast<double>(current_l1));
    heads_.Add({{"head", "head_l1"}}).Set(static_cast<double>(head_l1));
}

std::uint64_t NodeMetrics::drops(derive::DropReason reason) const {
    const auto i = static_cast<std::size_t>(reason);
    return i < drops_.size() ? static_cast<std::uint64_t>(drops_[i]->Value()) : 0;
}

std::string NodeMetrics::render() const {
    return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace baton::node
