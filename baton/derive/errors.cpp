// SPDX-License-Identifier: MIT
#include <baton/derive/errors.hpp>

#include <utility>

namespace baton::derive {

const char* to_string(Reason r) noexcept {
    switch (r) {
        case Reason::kEof:
            return "eof";
        case Reason::kNotEnoughData:
            return "not enough data";
        case Reason::kMissingOrigin:
            return "missing origin";
        case Reason::kMissingL1Data:
            return "missing L1 data";
        case Reason::kProvider:
            return "provider failure";
        case Reason::kReorgDetected:
            return "reorg detected";
        case Reason::kBlockHashMismatch:
            return "block hash mismatch";
        case Reason::kInconsistentL1Data:
            return "inconsistent L1 data";
        case Reason::kBlobMismatch:
            return "blob mismatch";
        case Reason::kHoloceneActivation:
            return "holocene activation";
        case Reason::kUnsupportedFork:
            return "unsupported fork";
        case Reason::kInvariant:
            return "broken invariant";
    }
    return "unknown";
}

PipelineError temporary(Reason reason, std::string detail) {
    return PipelineError{Severity::kTemporary, reason, std::move(detail)};
}

PipelineError reset(Reason reason, std::string detail) {
    return PipelineError{Severity::kReset, reason, std::move(detail)};
}

PipelineError critical(Reason reason, std::string detail) {
    return PipelineError{Severity::kCritical, reason, std::move(detail)};
}

std::string to_string(const PipelineError& e) {
    std::string out = to_string(e.severity);
    out += '/';
    out += to_string(e.reason);
    if (!e.detail.empty()) {
        out += ": ";
        out += e.detail;
    }
    return out;
}

}  // namespace baton::derive
