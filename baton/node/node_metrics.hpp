// SPDX-License-Identifier: MIT
#pragma once

// The node's Prometheus metrics (prometheus-cpp lives in node only), rendered in the text format
// for `GET /metrics`:
//   baton_node_head{head="unsafe_l2"|"safe_l2"|"finalized_l2"|"current_l1"|"head_l1"}   gauge, block number
//   baton_node_derivation_drops_total{reason="frame_out_of_order",…}                   counter (derive's
//   hook) baton_node_l1_rpc_errors_total                                                      counter
//   baton_node_engine_errors_total{kind="unavailable",…}                               counter
//   baton_node_pipeline_resets_total, baton_node_unsafe_reorgs_total,
//   baton_node_deposit_only_blocks_total, baton_node_temporary_errors_total{source}     counters
// Counters are thread-safe; the loop updates them, the metrics server reads them.

#include <baton/derive/metrics.hpp>
#include <baton/node/driver.hpp>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>

namespace baton::node {

class NodeMetrics final : public derive::DerivationMetrics, public DriverMetrics {
public:
    NodeMetrics();

    // derive::DerivationMetrics
    void record_drop(derive::DropReason reason) override;
    // DriverMetrics
    void record_engine_error(EngineErrorKind kind) override;
    void record_pipeline_reset() override { resets_.Increment(); }
    void record_unsafe_reorg() override { unsafe_reorgs_.Increment(); }
    void record_deposit_only_block() override { deposit_only_.Increment(); }

    void record_temporary_error(DriverErrorSource source);
    // The L1 provider's cumulative count; the counter follows it.
    void set_l1_rpc_errors(std::uint64_t total);
    void set_heads(std::uint64_t unsafe_l2, std::uint64_t safe_l2, std::uint64_t finalized_l2,
                   std::uint64_t current_l1, std::uint64_t head_l1);

    std::uint64_t drops(derive::DropReason reason) const;
    // Prometheus text exposition format.
    std::string render() const;

private:
    std::shared_ptr<prometheus::Registry> registry_;
    prometheus::Family<prometheus::Gauge>& heads_;
    prometheus::Family<prometheus::Counter>& drops_family_;
    prometheus::Family<prometheus::Counter>& engine_errors_;
    prometheus::Family<prometheus::Counter>& temporary_errors_;
    std::array<prometheus::Counter*, derive::kDropReasonCount> drops_{};
    prometheus::Counter& l1_rpc_errors_;
    prometheus::Counter& resets_;
    prometheus::Counter& unsafe_reorgs_;
    prometheus::Counter& deposit_only_;
    std::uint64_t l1_rpc_errors_seen_ = 0;
};

}  // namespace baton::node
