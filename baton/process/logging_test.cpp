// SPDX-License-Identifier: MIT
#include <baton/process/logging.hpp>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <nlohmann/json.hpp>

#include <sstream>

namespace baton::process {
namespace {

LogRecord record_at_epoch(std::string_view message) {
    LogRecord r;
    r.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'764'010'200'123));
    r.level = spdlog::level::info;
    r.message = message;
    return r;
}

TEST(LoggingTest, ParsesFormatsAndLevels) {
    EXPECT_EQ(parse_log_format("logfmt"), LogFormat::kLogfmt);
    EXPECT_EQ(parse_log_format("json"), LogFormat::kJson);
    EXPECT_FALSE(parse_log_format("JSON"));
    EXPECT_FALSE(parse_log_format(""));
    EXPECT_EQ(parse_log_level("debug"), spdlog::level::debug);
    EXPECT_EQ(parse_log_level("info"), spdlog::level::info);
    EXPECT_EQ(parse_log_level("warn"), spdlog::level::warn);
    EXPECT_EQ(parse_log_level("error"), spdlog::level::err);
    EXPECT_FALSE(parse_log_level("verbose"));
    EXPECT_STREQ(to_string(LogFormat::kJson), "json");
}

TEST(LoggingTest, LogfmtQuotesOnlyWhenNeeded) {
    EXPECT_EQ(logfmt_value("12"), "12");
    EXPECT_EQ(logfmt_value("0xabc"), "0xabc");
    EXPECT_EQ(logfmt_value(""), "\"\"");
    EXPECT_EQ(logfmt_value("two words"), "\"two words\"");
    EXPECT_EQ(logfmt_value("a=b"), "\"a=b\"");
    EXPECT_EQ(logfmt_value("say \"hi\""), "\"say \\\"hi\\\"\"");
    EXPECT_EQ(logfmt_value("back\\slash x"), "\"back\\\\slash x\"");
    EXPECT_EQ(logfmt_value("line\nnext"), "\"line\\nnext\"");
    EXPECT_EQ(logfmt_value(std::string_view("nul\0", 4)), "\"nul\\x00\"");
}

TEST(LoggingTest, LogfmtLineHasOpNodeShape) {
    LogRecord r = record_at_epoch("built block");
    r.module = "sequencer";
    r.fields = {{"number", "12"}, {"hash", "0xab"}, {"err", "dial tcp: refused"}};
    EXPECT_EQ(format_logfmt(r),
              "t=2025-11-24T18:50:00.123Z lvl=info msg=\"built block\" module=sequencer number=12 hash=0xab "
              "err=\"dial tcp: refused\"");
    // msg is always quoted, even a single word.
    LogRecord one = record_at_epoch("started");
    one.level = spdlog::level::err;
    EXPECT_EQ(format_logfmt(one), "t=2025-11-24T18:50:00.123Z lvl=error msg=\"started\"");
}

TEST(LoggingTest, JsonLineParsesBack) {
    LogRecord r = record_at_epoch("odd \"msg\"\n\x01");
    r.level = spdlog::level::warn;
    r.module = "node";
    r.fields = {{"reason", "frame_out_of_order"}, {"detail", "a\\b"}};
    const auto j = nlohmann::json::parse(format_json(r));
    EXPECT_EQ(j.at("t"), "2025-11-24T18:50:00.123Z");
    EXPECT_EQ(j.at("lvl"), "warn");
    EXPECT_EQ(j.at("msg"), "odd \"msg\"\n\x01");
    EXPECT_EQ(j.at("module"), "node");
    EXPECT_EQ(j.at("reason"), "frame_out_of_order");
    EXPECT_EQ(j.at("detail"), "a\\b");
}

TEST(LoggingTest, JsonLineIsValidUtf8WhateverTheBytes) {
    // Valid UTF-8 passes through; every byte that does not start a well-formed sequence (a lone
    // continuation, a truncated sequence, an overlong, a surrogate, above U+10FFFF, 0xff) becomes
    // U+FFFD, so the line is still JSON (nlohmann's parser rejects invalid UTF-8).
    LogRecord r = record_at_epoch("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    r.fields = {{"raw", std::string("a\x80"
                                    "b\xc3") +
                            "\xe0\x80\x80" + "\xed\xa0\x80" + "\xf4\x90\x80\x80" + "\xff"}};
    const std::string line = format_json(r);
    const auto j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << line;
    EXPECT_EQ(j.at("msg"), "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    const std::string fffd = "\xef\xbf\xbd";
    std::string expected = "a" + fffd + "b" + fffd;  // lone continuation, truncated 2-byte lead
    for (int i = 0; i < 3; ++i) expected += fffd;    // overlong 3 bytes: each byte replaced
    for (int i = 0; i < 3; ++i) expected += fffd;    // surrogate
    for (int i = 0; i < 4; ++i) expected += fffd;    // above U+10FFFF
    expected += fffd;                                // 0xff
    EXPECT_EQ(j.at("raw"), expected);
}

TEST(LoggingTest, PayloadRoundTripsFields) {
    const std::string payload = encode_log_payload("msg", {{"a", "1"}, {"b", ""}, {"c", "x y"}});
    LogRecord r;
    decode_log_payload(payload, r);
    EXPECT_EQ(r.message, "msg");
    ASSERT_EQ(r.fields.size(), 3u);
    EXPECT_EQ(r.fields[0].first, "a");
    EXPECT_EQ(r.fields[0].second, "1");
    EXPECT_EQ(r.fields[1].second, "");
    EXPECT_EQ(r.fields[2].second, "x y");
    // A plain message is all message; separators in caller text cannot forge fields.
    decode_log_payload("plain text", r);
    EXPECT_EQ(r.message, "plain text");
    EXPECT_TRUE(r.fields.empty());
    const std::string forged = encode_log_payload(
        "m\x1f"
        "k\x1e"
        "v",
        {});
    decode_log_payload(forged, r);
    EXPECT_TRUE(r.fields.empty());
}

TEST(LoggingTest, LoggerWritesFormattedLinesAndFilters) {
    std::ostringstream out;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    auto logger = make_logger("verifier", LogFormat::kLogfmt, spdlog::level::info, sink);
    log(*logger, spdlog::level::debug, "hidden");
    log(*logger, spdlog::level::info, "derived block", {{"number", "7"}});
    logger->warn("plain warning");
    const std::string text = out.str();
    EXPECT_EQ(text.find("hidden"), std::string::npos);
    EXPECT_NE(text.find(" lvl=info msg=\"derived block\" module=verifier number=7\n"), std::string::npos);
    EXPECT_NE(text.find(" lvl=warn msg=\"plain warning\" module=verifier\n"), std::string::npos);
}

TEST(LoggingTest, JsonLoggerWritesOneObjectPerLine) {
    std::ostringstream out;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    auto logger = make_logger("batcher", LogFormat::kJson, spdlog::level::debug, sink);
    log(*logger, spdlog::level::debug, "a", {{"k", "v"}});
    log(*logger, spdlog::level::err, "b");
    std::istringstream lines(out.str());
    std::string line;
    int n = 0;
    while (std::getline(lines, line)) {
        const auto j = nlohmann::json::parse(line);
        EXPECT_EQ(j.at("module"), "batcher");
        ++n;
    }
    EXPECT_EQ(n, 2);
}

}  // namespace
}  // namespace baton::process
