// SPDX-License-Identifier: MIT
#include <baton/node/engine.hpp>

namespace baton::node {

const char* to_string(EngineErrorKind kind) noexcept {
    switch (kind) {
        case EngineErrorKind::kUnavailable:
            return "engine unavailable";
        case EngineErrorKind::kNodeError:
            return "engine node error";
        case EngineErrorKind::kUnknownParent:
            return "unknown parent";
        case EngineErrorKind::kInvalidAttributes:
            return "invalid attributes";
        case EngineErrorKind::kTxnRejected:
            return "txn rejected";
        case EngineErrorKind::kBlockMismatch:
            return "built block mismatch";
        case EngineErrorKind::kMalformedResponse:
            return "malformed engine response";
        case EngineErrorKind::kRewindFailed:
            return "rewind failed";
        case EngineErrorKind::kL1InfoFailed:
            return "L1-info deposit failed";
    }
    return "unknown engine error";
}

std::string to_string(const EngineError& error) {
    std::string out = to_string(error.kind);
    if (!error.detail.empty()) {
        out += ": ";
        out += error.detail;
    }
    return out;
}

}  // namespace baton::node
