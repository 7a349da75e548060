// SPDX-License-Identifier: MIT
#pragma once

// What a driver step (derivation or sequencing) returns when it fails: the severity of what
// failed (temporary: retry with backoff; critical: the node halts) and where it came from.

#include <baton/core/result.hpp>
#include <baton/core/severity.hpp>
#include <baton/derive/errors.hpp>
#include <baton/node/engine.hpp>

#include <cstdint>
#include <string>

namespace baton::node {

enum class DriverErrorSource : std::uint8_t { kL1, kEngine, kDerivation, kConfig };

const char* to_string(DriverErrorSource source) noexcept;

struct DriverError {
    // kTemporary and kReset: the driver goes on (a reset is handled inside the step); kCritical: the
    // node halts.
    Severity severity = Severity::kTemporary;
    DriverErrorSource source = DriverErrorSource::kDerivation;
    std::string detail;

    bool temporary() const noexcept { return severity != Severity::kCritical; }
};

// "temporary engine error: …"
std::string to_string(const DriverError& error);

template <class T>
using DriverResult = Result<T, DriverError>;

// A pipeline or provider failure, with its severity, blamed on `source`.
DriverError from_pipeline(const derive::PipelineError& e, DriverErrorSource source);
// An engine failure, with the severity its kind implies (the caller counts it).
DriverError from_engine(const EngineError& e);

}  // namespace baton::node
