// SPDX-License-Identifier: MIT
#pragma once

// What a batcher step returns when it fails, and the severity each lower layer's failure gets
// (docs/architecture.md § Errors): kTemporary is retried with backoff, kCritical (a setting, key
// or channel that cannot work) stops BatcherService::run(). The classification lives here, apart
// from the loop, so that one place says which failures a batcher waits out.

#include <baton/batcher/batch_submitter.hpp>
#include <baton/batcher_service/tx_manager.hpp>
#include <baton/core/result.hpp>
#include <baton/core/severity.hpp>

#include <ostream>
#include <string>

namespace baton::batcher_service {

struct BatcherError {
    Severity severity = Severity::kTemporary;
    std::string detail;
};

// "<severity>: <detail>".
std::string to_string(const BatcherError& error);
std::ostream& operator<<(std::ostream& out, const BatcherError& error);

Unexpected<BatcherError> fail(Severity severity, std::string detail);
Unexpected<BatcherError> temporary(std::string detail);

// A peer that did not answer is temporary; a setting or key that cannot work is critical.
Severity severity_of(TxManagerError e) noexcept;
// A gap or a block off the safe head clears once the safe head moves on; a channel that cannot be
// built or can never fit a window leaves the batcher stuck.
Severity severity_of(batcher::SubmitterError e) noexcept;

}  // namespace baton::batcher_service
