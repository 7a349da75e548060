// SPDX-License-Identifier: MIT
#include <baton/batcher_service/batcher_error.hpp>

#include <utility>

namespace baton::batcher_service {

std::string to_string(const BatcherError& error) {
    return std::string(to_string(error.severity)) + ": " + error.detail;
}

std::ostream& operator<<(std::ostream& out, const BatcherError& error) {
    return out << to_string(error);
}

Unexpected<BatcherError> fail(Severity severity, std::string detail) {
    return unexpected(BatcherError{severity, std::move(detail)});
}

Unexpected<BatcherError> temporary(std::string detail) {
    return fail(Severity::kTemporary, std::move(detail));
}

Severity severity_of(TxManagerError e) noexcept {
    switch (e) {
        case TxManagerError::kRpc:
        case TxManagerError::kTimeout:
        case TxManagerError::kEstimateReverted:
            return Severity::kTemporary;
        case TxManagerError::kInvalidConfig:
        case TxManagerError::kSigning:
        case TxManagerError::kNoBaseFee:
            return Severity::kCritical;
    }
    return Severity::kCritical;
}

Severity severity_of(batcher::SubmitterError e) noexcept {
    switch (e) {
        case batcher::SubmitterError::kNoSafeHead:
        case batcher::SubmitterError::kGap:
        case batcher::SubmitterError::kNotOnSafeHead:
            return Severity::kTemporary;
        case batcher::SubmitterError::kInvalidConfig:
        case batcher::SubmitterError::kChannelBuildFailed:
        case batcher::SubmitterError::kChannelTooLargeForWindow:
            return Severity::kCritical;
    }
    return Severity::kCritical;
}

}  // namespace baton::batcher_service
