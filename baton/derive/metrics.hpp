// SPDX-License-Identifier: MIT
#pragma once

// Drop accounting. Bad L1 input never stops derivation: it is dropped, logged and counted. Each drop
// path names a DropReason; DerivationMetrics receives it (no-op by default, prometheus in the node,
// a recording fake in test_util), and Telemetry pairs the count with a warning log line so a
// stage cannot do one without the other.

#include <baton/derive/logger.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace baton::derive {

enum class DropReason : std::uint8_t {
    // L1 traversal: SystemConfig logs
    kMalformedConfigUpdate,  // a ConfigUpdate log from the SystemConfig address failed to parse
    kBatchInboxBeforeBaton,  // a BATCH_INBOX update in a block before baton_time
    // L1 retrieval: which txs count
    kUnauthorizedSender,         // batcherHash v0, sender is not the batcher
    kInvalidSignature,           // batcherHash v0, sender not recoverable
    kRevertedBatcherTx,          // batcherHash v1, receipt status 0
    kLeaderElectionBeforeBaton,  // batcherHash v1 in a block before baton_time: no authorized batcher
    kInvalidBatcherHash,         // batcherHash of an unknown version: no authorized batcher
    kUnsupportedTxType,          // a deposit tx sent to the inbox
    kInvalidBlob,                // a blob that does not decode
    // frame queue
    kInvalidTxPayload,        // tx data or blob that is not version 0 ++ frames (all-or-nothing)
    kFrameOutOfOrder,         // Holocene: a frame that does not continue the previous one
    kFrameAfterLast,          // Holocene: a frame of a channel already closed in the queue
    kUnclosedChannelEvicted,  // Holocene: a frame 0 evicts an unclosed channel's frames
    // channel assembler
    kFrameWithoutChannel,  // a non-first frame and no staging channel
    kFrameRejected,        // the staging channel refused the frame (other id, order, closed)
    kChannelReplaced,      // a frame 0 replaced an unfinished staging channel
    kChannelTooLarge,      // Σ(len + 200) exceeded MAX_RLP_BYTES_PER_CHANNEL
    kChannelTimedOut,      // a channel outlived CHANNEL_TIMEOUT
    kChannelBankFull,      // pre-Holocene: evicted to keep the bank under MAX_CHANNEL_BANK_SIZE
    // channel reader
    kChannelUnreadable,          // unknown compression, or brotli before Fjord: the whole channel
    kChannelCut,                 // the stream is cut, corrupt, malformed or over the cap: the rest of it
    kInvalidBatch,               // a batch that does not decode: it and the rest of the channel
    kSpanBatchBeforeDelta,       // a span batch read at a pre-Delta origin
    kBatonSpanBatchBeforeBaton,  // a Baton span batch (0xBA) read at an origin before baton_time
    // batch stream
    kInvalidSpanBatch,   // a span batch failed the up-front checks: it and the rest of the channel
    kChannelBlockLimit,  // Baton: blocks beyond l2_blocks_per_channel in one channel
    // batch validator
    kInvalidBatchBlock,  // a singular batch (or span block) failed the singular rules: it and the rest
                         // of the channel
    // attributes
    kMalformedDeposit,  // a TransactionDeposited log of the deposit contract that does not decode
};

inline constexpr std::size_t kDropReasonCount = static_cast<std::size_t>(DropReason::kMalformedDeposit) + 1;

const char* to_string(DropReason reason) noexcept;

class DerivationMetrics {
public:
    virtual ~DerivationMetrics() = default;
    virtual void record_drop(DropReason /*reason*/) {}
};

// Where a stage reports. Holds references: the logger and metrics outlive the pipeline.
class Telemetry {
public:
    // No logger, no metrics.
    Telemetry();
    Telemetry(Logger& logger, DerivationMetrics& metrics) : logger_(&logger), metrics_(&metrics) {}

    // Counts the drop and logs a warning "<reason>: <detail>".
    void drop(std::string_view stage, DropReason reason, std::string_view detail) const;
    void log(LogLevel level, std::string_view stage, std::string_view message) const {
        logger_->log(level, stage, message);
    }

private:
    Logger* logger_;
    DerivationMetrics* metrics_;
};

}  // namespace baton::derive
