// SPDX-License-Identifier: MIT
#include <baton/protocol/blob.hpp>

#include <baton/core/hex.hpp>
#include <baton/protocol/test_util/vectors.hpp>

#include <gtest/gtest.h>

namespace baton::protocol {
namespace {

using test_util::case_name;
using test_util::hex_field;

// A blob from the vectors: a prefix (or one nonzero byte), zeros up to kBlobSize.
Bytes blob_from_case(const nlohmann::json& c, const char* prefix_key) {
    Bytes blob(kBlobSize, 0);
    if (c.contains("nonzero_byte")) {
        blob.at(c["nonzero_byte"].at("offset").get<std::size_t>()) =
            c["nonzero_byte"].at("value").get<std::uint8_t>();
        return blob;
    }
    auto prefix = hex_field(c, prefix_key);
    if (prefix) std::copy(prefix->begin(), prefix->end(), blob.begin());
    return blob;
}

Bytes input_from_case(const nlohmann::json& c) {
    if (c.contains("input") && c["input"].contains("zero_bytes")) {
        return Bytes(c["input"]["zero_bytes"].get<std::size_t>(), 0);
    }
    return hex_field(c, "input_hex").value_or(Bytes{});
}

BlobError error_named(const std::string& name) {
    if (name == "ErrBlobInputTooLarge") return BlobError::kInputTooLarge;
    if (name == "ErrBlobInvalidEncodingVersion") return BlobError::kInvalidEncodingVersion;
    if (name == "ErrBlobInvalidLength") return BlobError::kInvalidLength;
    if (name == "ErrBlobInvalidFieldElement") return BlobError::kInvalidFieldElement;
    if (name == "ErrBlobExtraneousDataFieldElement") return BlobError::kExtraneousDataFieldElement;
    if (name == "ErrBlobExtraneousData") return BlobError::kExtraneousData;
    ADD_FAILURE() << "unknown blob error name " << name;
    return BlobError::kWrongBlobSize;
}

TEST(BlobTest, RoundTripsEverySizeAcrossRoundBoundaries) {
    for (std::size_t n : {0, 1, 27, 28, 122, 123, 124, 127, 250, 251, 4096, 65535, 130043, 130044}) {
        Bytes data(n);
        for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::uint8_t>(0xff - (i * 31) % 256);
        auto blob = encode_blob(data);
        ASSERT_TRUE(blob.has_value()) << n;
        ASSERT_EQ(blob->size(), kBlobSize);
        for (std::size_t fe = 0; fe < kBlobSize; fe += 32) ASSERT_EQ((*blob)[fe] & 0xC0, 0) << n;
        auto back = decode_blob(*blob);
        ASSERT_TRUE(back.has_value()) << n << ": " << to_string(back.error().error);
        EXPECT_EQ(*back, data) << n;
    }
}

TEST(BlobTest, RejectsWrongSize) {
    EXPECT_EQ(decode_blob(Bytes(kBlobSize - 1, 0)).error().error, BlobError::kWrongBlobSize);
    EXPECT_EQ(encode_blob(Bytes(kMaxBlobDataSize + 1, 0)).error(), BlobError::kInputTooLarge);
}

TEST(BlobTest, NonzeroPastLengthInEveryRoundIsRejected) {
    auto blob = encode_blob(Bytes(300, 0x11));
    ASSERT_TRUE(blob.has_value());
    for (std::size_t at : {std::size_t{310}, std::size_t{383}, std::size_t{384}, kBlobSize - 1}) {
        auto bad = *blob;
        bad[at] = 1;
        auto out = decode_blob(bad);
        ASSERT_FALSE(out.has_value()) << at;
    }
}

TEST(BlobVectorsTest, AllCases) {
    std::string error;
    const auto cases = test_util::load_cases("blob_encoding.json", &error);
    ASSERT_FALSE(cases.empty()) << error;
    int ran = 0;
    for (const auto& c : cases) {
        SCOPED_TRACE(case_name(c));
        const auto kind = c.value("kind", std::string());
        ++ran;
        if (kind == "decode") {
            const auto blob = blob_from_case(c, "blob_prefix_hex");
            auto out = decode_blob(blob);
            if (c.contains("expected_error")) {
                ASSERT_FALSE(out.has_value());
                EXPECT_EQ(out.error().error, error_named(c["expected_error"].get<std::string>()))
                    << to_string(out.error().error);
                continue;
            }
            ASSERT_TRUE(out.has_value()) << to_string(out.error().error);
            const auto& expected = c.at("expected");
            EXPECT_EQ(out->size(), expected.at("output_length").get<std::size_t>());
            if (expected.contains("output_hex")) {
                EXPECT_EQ(to_hex(*out, false), expected["output_hex"].get<std::string>());
            } else {
                EXPECT_TRUE(std::all_of(out->begin(), out->end(), [](auto b) { return b == 0; }));
            }
            // Encoder round trip: the blob comes back byte for byte.
            auto again = encode_blob(*out);
            ASSERT_TRUE(again.has_value());
            EXPECT_EQ(*again, blob);
        } else if (kind == "encode") {
            auto out = encode_blob(input_from_case(c));
            if (c.contains("expected_error")) {
                ASSERT_FALSE(out.has_value());
                EXPECT_EQ(out.error(), error_named(c["expected_error"].get<std::string>()));
                continue;
            }
            ASSERT_TRUE(out.has_value());
            EXPECT_EQ(*out, blob_from_case(c, "expected_blob_prefix_hex"));
        } else if (kind == "roundtrip") {
            const auto input = input_from_case(c);
            auto out = encode_blob(input);
            ASSERT_TRUE(out.has_value());
            EXPECT_EQ(*out, blob_from_case(c, "encoded_blob_prefix_hex"));
            auto back = decode_blob(*out);
            ASSERT_TRUE(back.has_value());
            EXPECT_EQ(*back, input);
        } else {
            --ran;
            ADD_FAILURE() << "unhandled kind " << kind;
        }
    }
    EXPECT_EQ(ran, static_cast<int>(cases.size()));
}

}  // namespace
}  // namespace baton::protocol
