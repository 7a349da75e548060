// SPDX-License-Identifier: MIT
#pragma once

// The counters the driver and its sequencer keep; the node exports them (NodeMetrics), tests count
// them. No-ops by default.

#include <baton/node/engine.hpp>

namespace baton::node {

class DriverMetrics {
public:
    virtual ~DriverMetrics() = default;
    virtual void record_engine_error(EngineErrorKind /*kind*/) {}
    virtual void record_pipeline_reset() {}
    virtual void record_unsafe_reorg() {}
    virtual void record_deposit_only_block() {}
};

}  // namespace baton::node
