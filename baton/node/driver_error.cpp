// SPDX-License-Identifier: MIT
#include <baton/node/driver_error.hpp>

namespace baton::node {

const char* to_string(DriverErrorSource source) noexcept {
    switch (source) {
        case DriverErrorSource::kL1:
            return "L1";
        case DriverErrorSource::kEngine:
            return "engine";
        case DriverErrorSource::kDerivation:
            return "derivation";
        case DriverErrorSource::kConfig:
            return "config";
    }
    return "unknown";
}

std::string to_string(const DriverError& error) {
    return std::string(to_string(error.severity)) + " " + to_string(error.source) + " error: " + error.detail;
}

DriverError from_pipeline(const derive::PipelineError& e, DriverErrorSource source) {
    return DriverError{e.severity, source, derive::to_string(e)};
}

DriverError from_engine(const EngineError& e) {
    return DriverError{e.severity(), DriverErrorSource::kEngine, node::to_string(e)};
}

}  // namespace baton::node
