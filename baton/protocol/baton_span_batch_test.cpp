// SPDX-License-Identifier: MIT
// The Baton span batch (type 0xBA): Baton's own vectors (tests/vectors/baton), the codec's errors,
// and the builder's choice between type 1 and 0xBA.
#include <baton/protocol/batch.hpp>
#include <baton/protocol/span_batch.hpp>
#include <baton/protocol/test_util/vectors.hpp>

#include <baton/core/hex.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace baton::protocol {
namespace {

using nlohmann::json;

const Address kLeaderA = {0x70, 0x99, 0x79, 0x70, 0xc5, 0x18, 0x12, 0xdc, 0x3a, 0x01,
                          0x0c, 0x7d, 0x01, 0xb5, 0x0e, 0x0d, 0x17, 0xdc, 0x79, 0xc8};
const Address kLeaderB = {0x3c, 0x44, 0xcd, 0xdd, 0xb6, 0xa9, 0x00, 0xfa, 0x2b, 0x58,
                          0x5d, 0xd2, 0x99, 0xe0, 0x3d, 0x12, 0xfa, 0x42, 0x93, 0xbc};

json load_own_vectors(std::string* error) {
    const std::string path = std::string(BATON_SOURCE_DIR) + "/tests/vectors/baton/baton_span_batch.json";
    std::ifstream in(path);
    if (!in) {
        *error = "cannot open " + path;
        return {};
    }
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded() || !parsed.contains("cases")) *error = "malformed " + path;
    return parsed;
}

BatchError error_named(const std::string& name) {
    static const std::map<std::string, BatchError> kByName{
        {"FeeRecipientCountMismatch", BatchError::kFeeRecipientCountMismatch},
        {"TruncatedFeeRecipients", BatchError::kTruncatedFeeRecipients},
        {"TooManyFeeRecipients", BatchError::kTooManyFeeRecipients},
        {"UnexpectedEof", BatchError::kUnexpectedEof},
    };
    const auto it = kByName.find(name);
    EXPECT_NE(it, kByName.end()) << "unknown error name " << name;
    return it == kByName.end() ? BatchError::kEmptyBatch : it->second;
}

TEST(BatonSpanBatchVectorsTest, DecodeAndReencodeByteForByte) {
    std::string error;
    const auto doc = load_own_vectors(&error);
    ASSERT_TRUE(error.empty()) << error;
    const auto& cases = doc.at("cases");
    ASSERT_EQ(cases.size(), 8u);
    int valid = 0;
    for (const auto& c : cases) {
        SCOPED_TRACE(test_util::case_name(c));
        const auto input = test_util::hex_field(c, "input_hex");
        ASSERT_TRUE(input.has_value());
        const auto got = decode_batch(*input);
        if (c.contains("expected_error")) {
            ASSERT_FALSE(got.has_value());
            EXPECT_EQ(got.error().error, error_named(c["expected_error"].get<std::string>()))
                << to_string(got.error().error);
            continue;
        }
        ++valid;
        ASSERT_TRUE(got.has_value()) << to_string(got.error().error) << " at " << got.error().offset;
        const auto& exp = c.at("expected");
        EXPECT_EQ(static_cast<int>(batch_type(*got)), exp.at("batch_type").get<int>());
        const auto& span = std::get<SpanBatch>(*got);
        EXPECT_EQ(span.rel_timestamp, exp.at("rel_timestamp").get<std::uint64_t>());
        EXPECT_EQ(span.l1_origin_num, exp.at("l1_origin_num").get<std::uint64_t>());
        EXPECT_EQ(span.block_count(), exp.at("block_count").get<std::uint64_t>());
        EXPECT_EQ(span.block_tx_counts, exp.at("block_tx_counts").get<std::vector<std::uint64_t>>());
        std::vector<std::string> recipients;
        for (const auto& r : span.fee_recipients) recipients.push_back(to_hex(r));
        EXPECT_EQ(recipients, exp.at("fee_recipients").get<std::vector<std::string>>());

        Bytes want = *input;
        if (exp.value("reencodes_without_trailing_bytes", false)) want.resize(want.size() - 2);
        EXPECT_EQ(encode_batch(*got), want);
        const auto again = decode_batch(encode_batch(*got));
        ASSERT_TRUE(again.has_value());
        EXPECT_EQ(*again, *got);
    }
    EXPECT_EQ(valid, 3);
}

// The inner span batch decodes exactly like the type-1 batch it was made from.
TEST(BatonSpanBatchVectorsTest, InnerSpanBatchIsTheTypeOneBatch) {
    std::string error;
    const auto doc = load_own_vectors(&error);
    ASSERT_TRUE(error.empty()) << error;
    const auto& c = doc.at("cases").at(0);
    ASSERT_EQ(test_util::case_name(c), "one_block");
    auto baton = decode_batch(*test_util::hex_field(c, "input_hex"));
    ASSERT_TRUE(baton.has_value());
    auto span = std::get<SpanBatch>(*baton);
    span.fee_recipients.clear();
    const Bytes type1 = encode_span_batch(span);
    ASSERT_EQ(type1[0], 0x01);
    const auto again = decode_batch(type1);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(batch_type(*again), BatchType::kSpan);
    EXPECT_EQ(std::get<SpanBatch>(*again), span);
}

SingularBatch empty_block(std::uint64_t i) {
    SingularBatch b;
    b.epoch_num = 7;
    b.timestamp = 100 + 2 * i;
    return b;
}

const SpanBatchParams kParams{.genesis_l2_time = 0, .block_time = 2, .l2_chain_id = 10};

TEST(BatonSpanBatchTest, VaultOnlyBlocksMakeAPlainTypeOneBatch) {
    const std::vector<SingularBatch> blocks{empty_block(0), empty_block(1), empty_block(2)};
    const auto span = make_span_batch(blocks, kParams, true);
    ASSERT_TRUE(span.has_value());
    EXPECT_TRUE(span->fee_recipients.empty());
    const Bytes bytes = encode_batch(Batch{*span});
    EXPECT_EQ(bytes[0], 0x01);
    EXPECT_EQ(batch_type(Batch{*span}), BatchType::kSpan);
}

TEST(BatonSpanBatchTest, OneRecipientNamesEveryBlocksWithTheVaultForTheRest) {
    std::vector<SingularBatch> blocks{empty_block(0), empty_block(1), empty_block(2)};
    blocks[1].fee_recipient = kLeaderA;
    const auto span = make_span_batch(blocks, kParams, true);
    ASSERT_TRUE(span.has_value());
    EXPECT_EQ(span->fee_recipients,
              (std::vector<Address>{kSequencerFeeVaultAddress, kLeaderA, kSequencerFeeVaultAddress}));
    EXPECT_EQ(batch_type(Batch{*span}), BatchType::kBatonSpan);
    const Bytes bytes = encode_batch(Batch{*span});
    ASSERT_GT(bytes.size(), 2u + 3 * 20);
    EXPECT_EQ(bytes[0], 0xBA);
    EXPECT_EQ(bytes[1], 3);

    // Every element derives with its block's recipient, and so does its singular batch.
    const auto elements = derive_span_batch(*span, kParams);
    ASSERT_TRUE(elements.has_value());
    ASSERT_EQ(elements->size(), 3u);
    EXPECT_EQ((*elements)[0].fee_recipient, kSequencerFeeVaultAddress);
    EXPECT_EQ((*elements)[1].fee_recipient, kLeaderA);
    EXPECT_EQ(make_singular_batch((*elements)[1], B256{}, B256{}).fee_recipient, kLeaderA);
}

TEST(BatonSpanBatchTest, TypeOneElementsHaveNoRecipient) {
    const std::vector<SingularBatch> blocks{empty_block(0), empty_block(1)};
    const auto span = make_span_batch(blocks, kParams, true);
    ASSERT_TRUE(span.has_value());
    const auto elements = derive_span_batch(*span, kParams);
    ASSERT_TRUE(elements.has_value());
    for (const auto& e : *elements) EXPECT_FALSE(e.fee_recipient.has_value());
}

TEST(BatonSpanBatchTest, RoundTripsTwoLeadersTurns) {
    std::vector<SingularBatch> blocks;
    for (std::uint64_t i = 0; i < 4; ++i) {
        blocks.push_back(empty_block(i));
        blocks.back().fee_recipient = i < 2 ? kLeaderA : kLeaderB;
    }
    const auto span = make_span_batch(blocks, kParams, false);
    ASSERT_TRUE(span.has_value());
    const Bytes bytes = encode_batch(Batch{*span});
    const auto got = decode_batch(bytes);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(std::get<SpanBatch>(*got), *span);
    EXPECT_EQ(encode_batch(*got), bytes);
}

// Offsets count from the type byte, through the recipient list into the inner span batch.
TEST(BatonSpanBatchTest, ErrorsPointAtTheirByte) {
    std::vector<SingularBatch> blocks{empty_block(0), empty_block(1)};
    blocks[0].fee_recipient = kLeaderA;
    const auto span = make_span_batch(blocks, kParams, true);
    ASSERT_TRUE(span.has_value());
    const Bytes good = encode_batch(Batch{*span});

    Bytes cut(good.begin(), good.begin() + 2 + 30);  // inside the second recipient
    auto got = decode_batch(cut);
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, BatchError::kTruncatedFeeRecipients);
    EXPECT_EQ(got.error().offset, cut.size());

    Bytes inner_cut(good.begin(), good.begin() + 2 + 40 + 3);  // inside the span prefix
    got = decode_batch(inner_cut);
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, BatchError::kUnexpectedEof);
    EXPECT_GE(got.error().offset, 2u + 40);

    Bytes mismatch = good;
    mismatch[1] = 1;                                               // one recipient for two blocks:
    mismatch.erase(mismatch.begin() + 22, mismatch.begin() + 42);  // drop the second recipient
    got = decode_batch(mismatch);
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, BatchError::kFeeRecipientCountMismatch);
    EXPECT_EQ(got.error().offset, 1u);

    Bytes empty_list{0xBA, 0x00};
    empty_list.insert(empty_list.end(), good.begin() + 42, good.end());
    got = decode_batch(empty_list);
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, BatchError::kFeeRecipientCountMismatch);
}

TEST(BatonSpanBatchTest, HugeRecipientCountFailsWithoutAllocating) {
    Bytes data{0xBA};
    append_uvarint(data, kMaxSpanBatchElementCount);  // allowed count, but no bytes behind it
    auto got = decode_batch(data);
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, BatchError::kTruncatedFeeRecipients);

    Bytes over{0xBA};
    append_uvarint(over, kMaxSpanBatchElementCount + 1);
    got = decode_batch(over);
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, BatchError::kTooManyFeeRecipients);
    EXPECT_EQ(got.error().offset, 1u);
}

// The recipient is a Baton extension: the type-0 wire never carries it.
TEST(BatonSpanBatchTest, SingularBatchWireIgnoresTheRecipient) {
    SingularBatch with = empty_block(0);
    with.fee_recipient = kLeaderB;
    const SingularBatch without = empty_block(0);
    EXPECT_EQ(encode_batch(Batch{with}), encode_batch(Batch{without}));
    const auto got = decode_batch(encode_batch(Batch{with}));
    ASSERT_TRUE(got.has_value());
    EXPECT_FALSE(std::get<SingularBatch>(*got).fee_recipient.has_value());
}

}  // namespace
}  // namespace baton::protocol
