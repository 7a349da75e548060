// SPDX-License-Identifier: MIT
#include <baton/core/receipt.hpp>

#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>

#include <gtest/gtest.h>

namespace baton {
namespace {

Bytes hex(std::string_view s) {
    auto b = decode_hex(s);
    EXPECT_TRUE(b);
    return b ? *b : Bytes{};
}

// go-ethereum core/types/receipt_test.go TestReceiptMarshalBinary: a failed receipt with
// cumulative gas 1 and two logs (addresses 0x11 and 0x0111, topics dead/beef, data 0100ff).
constexpr const char* kGethLegacyReceipt =
    "f901c58001b90100000000000000100000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000050000000000000000000000000000000000001400000000000"
    "0000000000000000000000000000000000000000000000000000000000000000010000080000000000000000000004000000"
    "0000000000000000000000400000000000000000000000000008000000000000000000000000000000000000000000000000"
    "0000040000000000000000000000000000000000000000000000000000000000001000000000000000000000000000000000"
    "0000000000000000000000000000f8bef85d940000000000000000000000000000000000000011f842a00000000000000000"
    "00000000000000000000000000000000000000000000deada000000000000000000000000000000000000000000000000000"
    "0000000000beef830100fff85d940000000000000000000000000000000000000111f842a000000000000000000000000000"
    "0000000000000000000000000000000000deada0000000000000000000000000000000000000000000000000000000000000"
    "beef830100ff";

std::vector<Log> geth_logs() {
    Address a1{};
    a1[19] = 0x11;
    Address a2{};
    a2[18] = 0x01;
    a2[19] = 0x11;
    B256 dead{};
    dead[30] = 0xde;
    dead[31] = 0xad;
    B256 beef{};
    beef[30] = 0xbe;
    beef[31] = 0xef;
    return {Log{a1, {dead, beef}, Bytes{0x01, 0x00, 0xff}}, Log{a2, {dead, beef}, Bytes{0x01, 0x00, 0xff}}};
}

TEST(ReceiptTest, MatchesGethLegacyAndTypedEncodings) {
    Receipt r;
    r.status = false;
    r.cumulative_gas_used = 1;
    r.logs = geth_logs();
    r.logs_bloom = logs_bloom(r.logs);
    EXPECT_EQ(to_hex(encode_receipt(r), false), kGethLegacyReceipt);

    for (TxType type : {TxType::kAccessList, TxType::kDynamicFee}) {
        r.type = type;
        const Bytes enc = encode_receipt(r);
        EXPECT_EQ(enc[0], static_cast<std::uint8_t>(type));
        EXPECT_EQ(to_hex(ByteView{enc}.subspan(1), false), kGethLegacyReceipt);
        auto back = decode_receipt(enc);
        ASSERT_TRUE(back);
        EXPECT_EQ(*back, r);
    }

    auto decoded = decode_receipt(hex(kGethLegacyReceipt));
    ASSERT_TRUE(decoded) << to_string(decoded.error());
    EXPECT_EQ(decoded->type, TxType::kLegacy);
    EXPECT_FALSE(decoded->status);
    EXPECT_EQ(decoded->cumulative_gas_used, 1u);
    EXPECT_EQ(decoded->logs, geth_logs());
    EXPECT_EQ(decoded->logs_bloom, logs_bloom(geth_logs()));
}

TEST(ReceiptTest, BloomContainsLoggedItems) {
    const auto logs = geth_logs();
    const Bloom bloom = logs_bloom(logs);
    EXPECT_TRUE(bloom_contains(bloom, logs[0].address));
    EXPECT_TRUE(bloom_contains(bloom, logs[1].topics[1]));
    // Each item sets at most 3 bits; with 3 distinct items the bloom is far from full.
    int bits = 0;
    for (auto b : bloom) bits += __builtin_popcount(b);
    EXPECT_GT(bits, 0);
    EXPECT_LE(bits, 12);
    const B256 absent = keccak256(as_view("not logged"));
    EXPECT_FALSE(bloom_contains(bloom, absent));
    EXPECT_EQ(logs_bloom({}), Bloom{});
}

TEST(ReceiptTest, DepositReceiptOptionalFieldsRoundTrip) {
    Receipt r;
    r.type = TxType::kDeposit;
    r.status = true;
    r.cumulative_gas_used = 46913;
    r.logs = geth_logs();
    r.logs_bloom = logs_bloom(r.logs);
    for (int variant = 0; variant < 3; ++variant) {
        r.deposit_nonce = variant >= 1 ? std::optional<std::uint64_t>{7} : std::nullopt;
        r.deposit_receipt_version = variant >= 2 ? std::optional<std::uint64_t>{1} : std::nullopt;
        const Bytes enc = encode_receipt(r);
        EXPECT_EQ(enc[0], 0x7e);
        auto back = decode_receipt(enc);
        ASSERT_TRUE(back) << variant;
        EXPECT_EQ(*back, r) << variant;
        EXPECT_EQ(encode_receipt(*back), enc);
    }
}

TEST(ReceiptTest, RejectsPreByzantiumAndMalformed) {
    // op-geth TestBedrockDepositReceiptUnchanged: a deposit receipt with a post-state root.
    const Bytes bedrock = hex(
        "7ef90156a003000000000000000000000000000000000000000000000000000000000000000ab90100000000000000000000"
        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000f0d794"
        "0000000000000000000000000000000000000033c001d7940000000000000000000000000000000000000333c002");
    EXPECT_EQ(decode_receipt(bedrock).error(), ReceiptError::kPreByzantium);

    EXPECT_EQ(decode_receipt({}).error(), ReceiptError::kEmptyInput);
    EXPECT_EQ(decode_receipt(hex("05c0")).error(), ReceiptError::kUnsupportedType);
    EXPECT_EQ(decode_receipt(hex("80")).error(), ReceiptError::kMalformedRlp);
    Bytes good = hex(kGethLegacyReceipt);
    Bytes extra = good;
    extra.push_back(1);
    EXPECT_EQ(decode_receipt(extra).error(), ReceiptError::kTrailingBytes);
    Bytes cut(good.begin(), good.end() - 1);
    EXPECT_EQ(decode_receipt(cut).error(), ReceiptError::kMalformedRlp);
    // Status 0x02 is neither success nor failure.
    Bytes bad_status = good;
    ASSERT_EQ(bad_status[3], 0x80);
    bad_status[3] = 0x02;
    EXPECT_EQ(decode_receipt(bad_status).error(), ReceiptError::kMalformedRlp);
    // A legacy receipt may not carry deposit fields.
    Receipt r;
    r.deposit_nonce = 1;
    EXPECT_EQ(decode_receipt(encode_receipt(r)).error(), ReceiptError::kMalformedRlp);
}

}  // namespace
}  // namespace baton
