// SPDX-License-Identifier: MIT
#pragma once

// The one severity type of every layer (docs/architecture.md § Errors): what a loop does with an
// error. Derivation, the engine, the driver and the services all classify their errors with it.
//
// - kTemporary: try again later (a peer did not answer, data not there yet); back off and retry.
// - kReset: the view of L1 is stale (a reorg, a hash mismatch); derivation resets and goes on.
// - kCritical: it cannot go on (misconfiguration, a broken invariant); the node halts, a service
//   stops and its process exits non-zero. Retrying would only repeat it.

#include <cstdint>

namespace baton {

enum class Severity : std::uint8_t {
    kTemporary,
    kReset,
    kCritical,
};

constexpr const char* to_string(Severity s) noexcept {
    switch (s) {
        case Severity::kTemporary:
            return "temporary";
        case Severity::kReset:
            return "reset";
        case Severity::kCritical:
            return "critical";
    }
    return "unknown";
}

}  // namespace baton
