// SPDX-License-Identifier: MIT
#include <baton/l1/sync_status.hpp>

#include <gtest/gtest.h>

#include <string>

namespace baton::l1 {
namespace {

using nlohmann::json;

B256 hash_of(std::uint8_t seed) {
    B256 h{};
    for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<std::uint8_t>(seed + i);
    return h;
}

derive::L1BlockRef l1_ref(std::uint8_t seed, std::uint64_t number) {
    return {hash_of(seed), number, hash_of(static_cast<std::uint8_t>(seed + 1)), 1'700'000'000 + number * 12};
}

derive::L2BlockRef l2_ref(std::uint8_t seed, std::uint64_t number) {
    return {hash_of(seed),
            number,
            hash_of(static_cast<std::uint8_t>(seed + 1)),
            1'700'000'000 + number * 2,
            {hash_of(static_cast<std::uint8_t>(seed + 2)), number / 6},
            number % 6};
}

SyncStatus sample() {
    SyncStatus s;
    s.current_l1 = l1_ref(10, 100);
    s.head_l1 = l1_ref(20, 105);
    s.safe_l1 = l1_ref(30, 90);
    s.finalized_l1 = l1_ref(40, 70);
    s.unsafe_l2 = l2_ref(50, 600);
    s.safe_l2 = l2_ref(60, 540);
    // Numbers above 2^53 must survive: JSON integers, not doubles.
    s.finalized_l2 = l2_ref(70, (std::uint64_t{1} << 60) + 3);
    return s;
}

TEST(SyncStatusTest, RoundTripsThroughJsonAndText) {
    const SyncStatus s = sample();
    const json doc = encode_sync_status_json(s);
    auto back = decode_sync_status_json(doc);
    ASSERT_TRUE(back.has_value()) << back.error().message;
    EXPECT_EQ(*back, s);

    auto from_text = decode_sync_status_json(std::string_view(doc.dump()));
    ASSERT_TRUE(from_text.has_value()) << from_text.error().message;
    EXPECT_EQ(*from_text, s);
}

TEST(SyncStatusTest, EncodesTheFixedShape) {
    const json doc = encode_sync_status_json(sample());
    for (const char* key :
         {"current_l1", "head_l1", "safe_l1", "finalized_l1", "unsafe_l2", "safe_l2", "finalized_l2"})
        EXPECT_TRUE(doc.contains(key)) << key;
    EXPECT_EQ(doc.size(), 7U);

    const json& l1 = doc.at("head_l1");
    EXPECT_EQ(l1.size(), 4U);
    EXPECT_TRUE(l1.at("number").is_number_unsigned());
    EXPECT_EQ(l1.at("number").get<std::uint64_t>(), 105U);
    EXPECT_EQ(l1.at("timestamp").get<std::uint64_t>(), 1'700'000'000U + 105U * 12U);
    EXPECT_EQ(l1.at("hash").get<std::string>(),
              "0x1415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233");
    EXPECT_EQ(l1.at("parentHash").get<std::string>().substr(0, 4), "0x15");

    const json& l2 = doc.at("safe_l2");
    EXPECT_EQ(l2.size(), 6U);
    EXPECT_EQ(l2.at("l1origin").at("number").get<std::uint64_t>(), 90U);
    EXPECT_EQ(l2.at("l1origin").at("hash").get<std::string>().substr(0, 4), "0x3e");
    EXPECT_EQ(l2.at("sequenceNumber").get<std::uint64_t>(), 0U);
    EXPECT_EQ(doc.at("unsafe_l2").at("sequenceNumber").get<std::uint64_t>(), 0U);
    EXPECT_EQ(doc.at("finalized_l2").at("number").get<std::uint64_t>(), (std::uint64_t{1} << 60) + 3);
}

TEST(SyncStatusTest, IgnoresUnknownKeys) {
    json doc = encode_sync_status_json(sample());
    doc["queued_unsafe_l2"] = json::object();
    doc["safe_l2"]["extra"] = 1;
    auto back = decode_sync_status_json(doc);
    ASSERT_TRUE(back.has_value()) << back.error().message;
    EXPECT_EQ(*back, sample());
}

TEST(SyncStatusTest, AcceptsSignedNonNegativeIntegers) {
    json doc = encode_sync_status_json(sample());
    doc["head_l1"]["number"] = static_cast<std::int64_t>(105);
    auto back = decode_sync_status_json(doc);
    ASSERT_TRUE(back.has_value()) << back.error().message;
    EXPECT_EQ(back->head_l1.number, 105U);
}

struct BadCase {
    const char* name;
    void (*mutate)(json&);
    SyncStatusError error;
    const char* path;
};

TEST(SyncStatusTest, MalformedInputNamesTheBadField) {
    const BadCase cases[] = {
        {"missing top-level ref", [](json& d) { d.erase("safe_l1"); }, SyncStatusError::kMissingField,
         "safe_l1"},
        {"ref not an object", [](json& d) { d["head_l1"] = json::array(); }, SyncStatusError::kWrongType,
         "head_l1"},
        {"null ref", [](json& d) { d["finalized_l2"] = nullptr; }, SyncStatusError::kWrongType,
         "finalized_l2"},
        {"missing hash", [](json& d) { d["current_l1"].erase("hash"); }, SyncStatusError::kMissingField,
         "current_l1.hash"},
        {"number as hex string", [](json& d) { d["head_l1"]["number"] = "0x69"; },
         SyncStatusError::kWrongType, "head_l1.number"},
        {"negative number", [](json& d) { d["safe_l1"]["timestamp"] = -1; }, SyncStatusError::kInvalidValue,
         "safe_l1.timestamp"},
        {"float number", [](json& d) { d["unsafe_l2"]["number"] = 1.5; }, SyncStatusError::kWrongType,
         "unsafe_l2.number"},
        {"short hash", [](json& d) { d["safe_l2"]["hash"] = "0x1234"; }, SyncStatusError::kInvalidValue,
         "safe_l2.hash"},
        {"hash without 0x", [](json& d) { d["safe_l2"]["parentHash"] = std::string(64, 'a'); },
         SyncStatusError::kInvalidValue, "safe_l2.parentHash"},
        {"bad hex digit", [](json& d) { d["head_l1"]["hash"] = "0x" + std::string(63, 'a') + "g"; },
         SyncStatusError::kInvalidValue, "head_l1.hash"},
        {"hash as number", [](json& d) { d["head_l1"]["hash"] = 7; }, SyncStatusError::kWrongType,
         "head_l1.hash"},
        {"missing l1origin", [](json& d) { d["safe_l2"].erase("l1origin"); }, SyncStatusError::kMissingField,
         "safe_l2.l1origin"},
        {"l1origin not an object", [](json& d) { d["safe_l2"]["l1origin"] = "x"; },
         SyncStatusError::kWrongType, "safe_l2.l1origin"},
        {"bad l1origin hash", [](json& d) { d["unsafe_l2"]["l1origin"]["hash"] = "0xzz"; },
         SyncStatusError::kInvalidValue, "unsafe_l2.l1origin.hash"},
        {"missing l1origin number", [](json& d) { d["unsafe_l2"]["l1origin"].erase("number"); },
         SyncStatusError::kMissingField, "unsafe_l2.l1origin.number"},
        {"missing sequenceNumber", [](json& d) { d["finalized_l2"].erase("sequenceNumber"); },
         SyncStatusError::kMissingField, "finalized_l2.sequenceNumber"},
        {"document is an array",
         [](json& d) {
             d = json::array({1, 2});
         },
         SyncStatusError::kWrongType, ""},
    };
    for (const auto& c : cases) {
        json doc = encode_sync_status_json(sample());
        c.mutate(doc);
        auto got = decode_sync_status_json(doc);
        ASSERT_FALSE(got.has_value()) << c.name;
        EXPECT_EQ(got.error().error, c.error) << c.name << ": " << got.error().message;
        EXPECT_EQ(got.error().path, c.path) << c.name;
        if (*c.path != '\0') {
            EXPECT_NE(got.error().message.find(c.path), std::string::npos) << got.error().message;
        }
    }
}

TEST(SyncStatusTest, GarbageTextIsASyntaxError) {
    for (const char* text : {"", "{", "not json", "{\"head_l1\":", "\xff\xfe"}) {
        auto got = decode_sync_status_json(std::string_view(text));
        ASSERT_FALSE(got.has_value()) << text;
        EXPECT_EQ(got.error().error, SyncStatusError::kSyntax) << text;
    }
    auto empty_object = decode_sync_status_json(std::string_view("{}"));
    ASSERT_FALSE(empty_object.has_value());
    EXPECT_EQ(empty_object.error().error, SyncStatusError::kMissingField);
    EXPECT_EQ(empty_object.error().path, "current_l1");
}

TEST(SyncStatusTest, DecodesAStandaloneL2Ref) {
    const derive::L2BlockRef ref = l2_ref(1, 42);
    auto back = decode_l2_block_ref_json(encode_l2_block_ref_json(ref));
    ASSERT_TRUE(back.has_value()) << back.error().message;
    EXPECT_EQ(*back, ref);
    auto bad = decode_l1_block_ref_json(json{{"hash", 1}});
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().path, "hash");
}

TEST(SyncStatusTest, ErrorNamesAreDistinct) {
    EXPECT_STRNE(to_string(SyncStatusError::kMissingField), to_string(SyncStatusError::kWrongType));
    EXPECT_STRNE(to_string(SyncStatusError::kInvalidValue), to_string(SyncStatusError::kSyntax));
}

}  // namespace
}  // namespace baton::l1
