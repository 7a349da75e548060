// SPDX-License-Identifier: MIT
#include <baton/node/derive_logger.hpp>

#include <baton/process/logging.hpp>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

namespace baton::node {
namespace {

using process::LogFormat;
using process::make_logger;

TEST(LoggingTest, DeriveLoggerAddsStageField) {
    std::ostringstream out;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    SpdlogDeriveLogger logger(make_logger("derive", LogFormat::kLogfmt, spdlog::level::debug, sink));
    logger.log(derive::LogLevel::kWarn, "frame_queue", "frame_out_of_order: channel 0x01");
    EXPECT_NE(
        out.str().find("lvl=warn msg=\"frame_out_of_order: channel 0x01\" module=derive stage=frame_queue"),
        std::string::npos);
}

}  // namespace
}  // namespace baton::node
