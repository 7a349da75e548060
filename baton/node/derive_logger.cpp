// SPDX-License-Identifier: MIT
#include <baton/node/derive_logger.hpp>

#include <baton/process/logging.hpp>

#include <string>

namespace baton::node {

void SpdlogDeriveLogger::log(derive::LogLevel level, std::string_view stage, std::string_view message) {
    spdlog::level::level_enum spd = spdlog::level::info;
    switch (level) {
        case derive::LogLevel::kDebug:
            spd = spdlog::level::debug;
            break;
        case derive::LogLevel::kInfo:
            spd = spdlog::level::info;
            break;
        case derive::LogLevel::kWarn:
            spd = spdlog::level::warn;
            break;
        case derive::LogLevel::kError:
            spd = spdlog::level::err;
            break;
    }
    process::log(*logger_, spd, message, {{"stage", std::string(stage)}});
}

}  // namespace baton::node
