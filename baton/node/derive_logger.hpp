// SPDX-License-Identifier: MIT
#pragma once

// derive's logging hook (derive::Logger) over the process logger (baton/process/logging.hpp). It
// lives in node, the one module that wires a pipeline to a process, so process stays free of derive.

#include <baton/derive/logger.hpp>

#include <spdlog/logger.h>

#include <memory>
#include <string_view>
#include <utility>

namespace baton::node {

// derive::Logger over spdlog: each line carries the stage as a `stage` field.
class SpdlogDeriveLogger final : public derive::Logger {
public:
    explicit SpdlogDeriveLogger(std::shared_ptr<spdlog::logger> logger) : logger_(std::move(logger)) {}
    void log(derive::LogLevel level, std::string_view stage, std::string_view message) override;

private:
    std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace baton::node
