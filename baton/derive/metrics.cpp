// SPDX-License-Identifier: MIT
#include <baton/derive/metrics.hpp>

#include <string>

namespace baton::derive {

const char* to_string(LogLevel level) noexcept {
    switch (level) {
        case LogLevel::kDebug:
            return "debug";
        case LogLevel::kInfo:
            return "info";
        case LogLevel::kWarn:
            return "warn";
        case LogLevel::kError:
            return "error";
    }
    return "unknown";
}

const char* to_string(DropReason reason) noexcept {
    switch (reason) {
        case DropReason::kMalformedConfigUpdate:
            return "malformed config update";
        case DropReason::kBatchInboxBeforeBaton:
            return "batch inbox update before baton";
        case DropReason::kUnauthorizedSender:
            return "unauthorized sender";
        case DropReason::kInvalidSignature:
            return "invalid signature";
        case DropReason::kRevertedBatcherTx:
            return "reverted batcher tx";
        case DropReason::kLeaderElectionBeforeBaton:
            return "leader election before baton";
        case DropReason::kInvalidBatcherHash:
            return "invalid batcher hash";
        case DropReason::kUnsupportedTxType:
            return "unsupported tx type";
        case DropReason::kInvalidBlob:
            return "invalid blob";
        case DropReason::kInvalidTxPayload:
            return "invalid tx payload";
        case DropReason::kFrameOutOfOrder:
            return "frame out of order";
        case DropReason::kFrameAfterLast:
            return "frame after last";
        case DropReason::kUnclosedChannelEvicted:
            return "unclosed channel evicted";
        case DropReason::kFrameWithoutChannel:
            return "frame without channel";
        case DropReason::kFrameRejected:
            return "frame rejected";
        case DropReason::kChannelReplaced:
            return "channel replaced";
        case DropReason::kChannelTooLarge:
            return "channel too large";
        case DropReason::kChannelTimedOut:
            return "channel timed out";
        case DropReason::kChannelBankFull:
            return "channel bank full";
        case DropReason::kChannelUnreadable:
            return "channel unreadable";
        case DropReason::kChannelCut:
            return "channel cut";
        case DropReason::kInvalidBatch:
            return "invalid batch";
        case DropReason::kSpanBatchBeforeDelta:
            return "span batch before delta";
        case DropReason::kBatonSpanBatchBeforeBaton:
            return "baton span batch before baton";
        case DropReason::kInvalidSpanBatch:
            return "invalid span batch";
        case DropReason::kChannelBlockLimit:
            return "channel block limit";
        case DropReason::kInvalidBatchBlock:
            return "invalid batch block";
        case DropReason::kMalformedDeposit:
            return "malformed deposit";
    }
    return "unknown";
}

namespace {
NullLogger null_logger;
DerivationMetrics noop_metrics;
}  // namespace

Telemetry::Telemetry() : logger_(&null_logger), metrics_(&noop_metrics) {}

void Telemetry::drop(std::string_view stage, DropReason reason, std::string_view detail) const {
    metrics_->record_drop(reason);
    std::string message = to_string(reason);
    if (!detail.empty()) {
        message += ": ";
        message += detail;
    }
    logger_->log(LogLevel::kWarn, stage, message);
}

}  // namespace baton::derive
