// SPDX-License-Identifier: MIT
#pragma once

// Derivation errors (STYLE.md §3.4). Every fallible stage call returns PipelineResult<T>: the
// severity tells the driver what to do, the reason tells it (and tests) why.
//
// - kTemporary: step again later. Two reasons drive the step loop and are not failures at all:
//   kEof ("nothing more at this origin: advance the origin") and kNotEnoughData ("progress was made
//   but there is no output yet: step again"). Kept distinct because the driver reacts differently.
// - kReset: the pipeline's view of L1 is stale (reorg, hash mismatch, fork activation); the driver
//   must send a ResetSignal (or an ActivationSignal for kHoloceneActivation).
// - kCritical: derivation cannot continue (misconfiguration, broken invariant); the node halts.
//
// Adapters classify their own failures: not-found-yet is temporary/kEof, an RPC timeout
// temporary/kProvider, a hash mismatch reset/kBlockHashMismatch, a misconfiguration critical.

#include <baton/core/result.hpp>
#include <baton/core/severity.hpp>

#include <cstdint>
#include <string>

namespace baton::derive {

// The project's one severity type (core/severity.hpp), under derivation's name.
using Severity = baton::Severity;

enum class Reason : std::uint8_t {
    kEof,                 // the stage is exhausted at its current origin
    kNotEnoughData,       // progress was made, no output yet
    kMissingOrigin,       // the stage has no origin yet (no reset signal received)
    kMissingL1Data,       // the provider does not have the data (yet)
    kProvider,            // the provider failed (transport, timeout)
    kReorgDetected,       // the next L1 block does not build on the current origin
    kBlockHashMismatch,   // the provider answered for a block other than the one asked for
    kInconsistentL1Data,  // e.g. a block's receipts do not match its transactions
    kBlobMismatch,        // a blob server answered a blob that is not the one the versioned hash names
    kHoloceneActivation,  // traversal entered the first Holocene L1 block: flush the stages
    kUnsupportedFork,     // a rule this build does not implement (pre-Holocene channel bank)
    kInvariant,           // a broken internal invariant (a bug, never input)
};

using baton::to_string;
const char* to_string(Reason r) noexcept;

struct PipelineError {
    Severity severity = Severity::kTemporary;
    Reason reason = Reason::kEof;
    std::string detail;

    bool is_eof() const noexcept { return severity == Severity::kTemporary && reason == Reason::kEof; }
    bool is(Severity s, Reason r) const noexcept { return severity == s && reason == r; }

    friend bool operator==(const PipelineError&, const PipelineError&) = default;
};

PipelineError temporary(Reason reason, std::string detail = {});
PipelineError reset(Reason reason, std::string detail = {});
PipelineError critical(Reason reason, std::string detail = {});

// "temporary/eof: detail"
std::string to_string(const PipelineError& e);

template <class T>
using PipelineResult = Result<T, PipelineError>;

}  // namespace baton::derive
