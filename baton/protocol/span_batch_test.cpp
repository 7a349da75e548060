// SPDX-License-Identifier: MIT
#include <baton/protocol/batch.hpp>
#include <baton/protocol/channel_in.hpp>
#include <baton/protocol/span_batch.hpp>
#include <baton/protocol/test_util/vectors.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/core/transaction.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>

namespace baton::protocol {
namespace {

using nlohmann::json;
using test_util::case_name;
using test_util::hex_field;
using test_util::hex_of;

std::vector<std::size_t> set_bits(const std::vector<bool>& bits) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < bits.size(); ++i) {
        if (bits[i]) out.push_back(i);
    }
    return out;
}

std::vector<bool> bits_from(const json& set, std::size_t length) {
    std::vector<bool> bits(length);
    for (const auto& i : set) bits[i.get<std::size_t>()] = true;
    return bits;
}

std::vector<bool> bits_from_list(const json& list) {
    std::vector<bool> bits;
    for (const auto& b : list) bits.push_back(b.get<int>() != 0);
    return bits;
}

void expect_span(const SpanBatch& b, const json& exp) {
    for (const auto& [key, value] : exp.items()) {
        if (key == "batch_type")
            EXPECT_EQ(value.get<int>(), 1);
        else if (key == "rel_timestamp")
            EXPECT_EQ(b.rel_timestamp, value.get<std::uint64_t>());
        else if (key == "l1_origin_num")
            EXPECT_EQ(b.l1_origin_num, value.get<std::uint64_t>());
        else if (key == "parent_check")
            EXPECT_EQ(to_hex(b.parent_check), value.get<std::string>());
        else if (key == "l1_origin_check")
            EXPECT_EQ(to_hex(b.l1_origin_check), value.get<std::string>());
        else if (key == "block_count")
            EXPECT_EQ(b.block_count(), value.get<std::uint64_t>());
        else if (key == "origin_bits")
            EXPECT_EQ(b.origin_bits, bits_from_list(value));
        else if (key == "block_tx_counts")
            EXPECT_EQ(b.block_tx_counts, value.get<std::vector<std::uint64_t>>());
        else if (key == "total_txs")
            EXPECT_EQ(b.txs.size(), value.get<std::size_t>());
        else if (key == "derived_epoch_nums")
            EXPECT_EQ(span_batch_epoch_nums(b), value.get<std::vector<std::uint64_t>>());
        else if (key == "tx_type_counts") {
            std::map<std::string, std::size_t> counts;
            for (const auto& tx : b.txs) {
                switch (tx.type) {
                    case SpanTxType::kLegacy:
                        ++counts[tx.is_protected ? "legacy_protected" : "legacy_unprotected"];
                        break;
                    case SpanTxType::kAccessList:
                        ++counts["eip2930"];
                        break;
                    case SpanTxType::kDynamicFee:
                        ++counts["eip1559"];
                        break;
                    case SpanTxType::kSetCode:
                        ++counts["eip7702"];
                        break;
                }
            }
            for (const auto& [name, n] : value.items()) EXPECT_EQ(counts[name], n.get<std::size_t>()) << name;
        } else if (key == "contract_creations") {
            std::size_t n = 0;
            for (const auto& tx : b.txs) n += tx.contract_creation ? 1 : 0;
            EXPECT_EQ(n, value.get<std::size_t>());
        } else if (key == "txs") {
            ASSERT_EQ(b.txs.size(), value.size());
            for (std::size_t i = 0; i < value.size(); ++i) {
                const auto& tx = b.txs[i];
                const auto& w = value[i];
                SCOPED_TRACE("tx " + std::to_string(i));
                EXPECT_EQ(static_cast<int>(tx.type), w.at("type").get<int>());
                EXPECT_EQ(tx.contract_creation, w.at("contract_creation").get<bool>());
                EXPECT_EQ(tx.y_parity, w.at("y_parity").get<int>());
                EXPECT_EQ(to_hex(tx.r), w.at("r").get<std::string>());
                EXPECT_EQ(to_hex(tx.s), w.at("s").get<std::string>());
                if (w.at("to").is_null())
                    EXPECT_TRUE(tx.contract_creation);
                else
                    EXPECT_EQ(to_hex(tx.to), w.at("to").get<std::string>());
                EXPECT_EQ(tx.nonce, w.at("nonce").get<std::uint64_t>());
                EXPECT_EQ(tx.gas, w.at("gas").get<std::uint64_t>());
                EXPECT_EQ(to_hex(tx.tx_data), w.at("tx_data").get<std::string>());
                if (w.contains("protected") && !w.at("protected").is_null()) {
                    EXPECT_EQ(tx.is_protected, w.at("protected").get<bool>());
                }
            }
        } else if (key == "reencodes_to_input" || key == "decodes_identically_to_case" ||
                   key == "derived_blocks" || key == "encoded_length") {
            // Checked by the caller, which has the input bytes and the config.
        } else {
            ADD_FAILURE() << "unhandled expected key " << key;
        }
    }
}

BatchError error_of(const std::string& text) {
    if (text.rfind("bitfield too long", 0) == 0) return BatchError::kBitfieldTooLong;
    if (text.rfind("unexpected EOF", 0) == 0) return BatchError::kUnexpectedEof;
    if (text == "EmptySpanBatch") return BatchError::kEmptySpanBatch;
    if (text.rfind("TooBigSpanBatchSize", 0) == 0) return BatchError::kTooBigSpanBatchSize;
    ADD_FAILURE() << "unmapped error " << text;
    return BatchError::kEmptyBatch;
}

// Rebuilding through core's transaction types gives the same bytes as the fast envelope path.
void expect_core_agrees(const SpanBatchTx& tx, std::uint64_t chain_id, const Bytes& envelope) {
    const auto core_tx = rebuild_transaction(tx, chain_id);
    ASSERT_TRUE(core_tx.has_value()) << to_string(core_tx.error().error);
    EXPECT_EQ(encode_transaction(*core_tx), envelope);
}

TEST(SpanBatchVectorsTest, EveryCase) {
    std::string error;
    const auto cases = test_util::load_cases("span_batches.json", &error);
    ASSERT_TRUE(error.empty()) << error;
    ASSERT_EQ(cases.size(), 15u);

    std::map<std::string, SpanBatch> decoded_by_name;
    int ran = 0;
    for (const auto& c : cases) {
        SCOPED_TRACE(case_name(c));
        const auto kind = c.at("kind").get<std::string>();
        const auto input = hex_field(c, "input_hex").value_or(Bytes{});
        std::size_t pos = 0;
        ++ran;
        if (kind == "decode_span_batch_body") {
            const auto got = decode_span_batch(input);
            if (c.contains("expected_error")) {
                ASSERT_FALSE(got.has_value());
                EXPECT_EQ(got.error().error, error_of(c["expected_error"].get<std::string>()))
                    << to_string(got.error().error);
                continue;
            }
            ASSERT_TRUE(got.has_value()) << to_string(got.error().error) << " at " << got.error().offset;
            const auto& exp = c.at("expected");
            expect_span(*got, exp);
            if (exp.value("reencodes_to_input", false)) {
                Bytes typed{0x01};
                append(typed, input);
                EXPECT_EQ(encode_span_batch(*got), typed);
            }
            if (exp.contains("decodes_identically_to_case")) {
                const auto other =
                    decoded_by_name.find(exp["decodes_identically_to_case"].get<std::string>());
                ASSERT_NE(other, decoded_by_name.end());
                EXPECT_EQ(*got, other->second);
            }
            // The random txs' chain id is unknown, but rebuilding must still agree with core.
            for (const auto& tx : got->txs) {
                const auto envelope = rebuild_transaction_envelope(tx, 10);
                ASSERT_TRUE(envelope.has_value());
                expect_core_agrees(tx, 10, *envelope);
            }
            decoded_by_name[case_name(c)] = *got;
        } else if (kind == "decode_batch") {
            const auto got = decode_batch(input);
            ASSERT_TRUE(got.has_value()) << to_string(got.error().error);
            const auto* span = std::get_if<SpanBatch>(&*got);
            ASSERT_NE(span, nullptr);
            expect_span(*span, c.at("expected"));
            EXPECT_EQ(encode_batch(*got), input);
            const auto& cfg = c.at("config");
            const SpanBatchParams params{cfg.at("genesis_timestamp").get<std::uint64_t>(),
                                         cfg.at("block_time").get<std::uint64_t>(),
                                         cfg.at("l2_chain_id").get<std::uint64_t>()};
            const auto blocks = derive_span_batch(*span, params);
            ASSERT_TRUE(blocks.has_value());
            const auto& want = c.at("expected").at("derived_blocks");
            ASSERT_EQ(blocks->size(), want.size());
            for (std::size_t i = 0; i < want.size(); ++i) {
                EXPECT_EQ((*blocks)[i].timestamp, want[i].at("timestamp").get<std::uint64_t>());
                EXPECT_EQ((*blocks)[i].epoch_num, want[i].at("epoch_num").get<std::uint64_t>());
                const auto& txs = want[i].at("transactions");
                ASSERT_EQ((*blocks)[i].transactions.size(), txs.size());
                for (std::size_t j = 0; j < txs.size(); ++j) {
                    EXPECT_EQ(to_hex((*blocks)[i].transactions[j]), txs[j].get<std::string>());
                }
            }
            expect_core_agrees(span->txs.at(0), params.l2_chain_id, (*blocks)[0].transactions[0]);
        } else if (kind == "decode_span_prefix") {
            const auto got = decode_span_batch_prefix(input, pos);
            ASSERT_TRUE(got.has_value());
            const auto& exp = c.at("expected");
            EXPECT_EQ(got->rel_timestamp, exp.at("rel_timestamp").get<std::uint64_t>());
            EXPECT_EQ(got->l1_origin_num, exp.at("l1_origin_num").get<std::uint64_t>());
            EXPECT_EQ(to_hex(got->parent_check), exp.at("parent_check").get<std::string>());
            EXPECT_EQ(to_hex(got->l1_origin_check), exp.at("l1_origin_check").get<std::string>());
            EXPECT_EQ(pos, exp.at("consumed_bytes").get<std::size_t>());
        } else if (kind == "bitlist") {
            const json steps = c.contains("steps") ? c["steps"] : json::array({c});
            for (const auto& step : steps) {
                const auto n = step.at("bit_length").get<std::size_t>();
                const auto bits = bits_from(step.at("set_bits"), n);
                Bytes encoded;
                append_bitlist(encoded, bits);
                EXPECT_EQ(to_hex(encoded, false), step.at("encoded_hex").get<std::string>());
                std::size_t p = 0;
                const auto back = decode_bitlist(encoded, p, n);
                ASSERT_TRUE(back.has_value());
                EXPECT_EQ(set_bits(*back), step.at("set_bits").get<std::vector<std::size_t>>());
                EXPECT_EQ(p, encoded.size());
            }
        } else if (kind == "decode_block_count") {
            const auto got = decode_block_count(input, pos);
            if (c.contains("expected_error")) {
                ASSERT_FALSE(got.has_value());
                EXPECT_EQ(got.error().error, error_of(c["expected_error"].get<std::string>()));
            } else {
                ASSERT_TRUE(got.has_value());
                EXPECT_EQ(*got, c.at("expected").at("block_count").get<std::uint64_t>());
            }
        } else if (kind == "decode_block_tx_counts") {
            const auto got = decode_block_tx_counts(input, pos, c.at("block_count").get<std::uint64_t>());
            ASSERT_TRUE(got.has_value());
            EXPECT_EQ(*got, c.at("expected").at("block_tx_counts").get<std::vector<std::uint64_t>>());
        } else if (kind == "encode_span_prefix_fields") {
            const auto& in = c.at("input");
            std::vector<SingularBatch> batches;
            for (const auto& blk : in.at("blocks")) {
                SingularBatch b;
                b.epoch_num = blk.at("epoch_num").get<std::uint64_t>();
                b.timestamp = blk.at("timestamp").get<std::uint64_t>();
                batches.push_back(b);
            }
            SpanBatchParams params{in.value("genesis_timestamp", std::uint64_t{0}), 2, 10};
            if (in.contains("parent_check")) {
                const auto pc = hex_of(in["parent_check"]).value();
                std::copy(pc.begin(), pc.end(), batches.front().parent_hash.begin());
                const auto oc = hex_of(in["l1_origin_check"]).value();
                std::copy(oc.begin(), oc.end(), batches.back().epoch_hash.begin());
            }
            const auto got = make_span_batch(batches, params, true);
            if (c.contains("expected_error")) {
                ASSERT_FALSE(got.has_value());
                EXPECT_EQ(got.error().error, error_of(c["expected_error"].get<std::string>()));
                continue;
            }
            ASSERT_TRUE(got.has_value());
            const auto& exp = c.at("expected");
            EXPECT_EQ(got->rel_timestamp, exp.at("rel_timestamp").get<std::uint64_t>());
            EXPECT_EQ(got->l1_origin_num, exp.at("l1_origin_num").get<std::uint64_t>());
            EXPECT_EQ(got->block_count(), exp.at("block_count").get<std::uint64_t>());
            EXPECT_EQ(to_hex(got->parent_check), in.at("parent_check").get<std::string>());
            EXPECT_EQ(to_hex(got->l1_origin_check), in.at("l1_origin_check").get<std::string>());
        } else {
            --ran;
            ADD_FAILURE() << "unhandled kind " << kind;
        }
    }
    EXPECT_EQ(ran, static_cast<int>(cases.size()));
}

// The real OP Mainnet batcher tx: L1 tx → calldata → frame → zlib channel → span batch of 27 blocks
// → 209 txs rebuilt with chain id 10, compared hash by hash.
TEST(SpanBatchMainnetTest, BatcherTxDecodesTo27BlocksAnd209Hashes) {
    std::string error;
    const auto cases = test_util::load_cases("op_mainnet_batcher_tx.json", &error);
    ASSERT_TRUE(error.empty()) << error;
    ASSERT_EQ(cases.size(), 1u);
    const auto& c = cases[0];
    const auto raw_tx = hex_field(c, "input_tx_hex");
    ASSERT_TRUE(raw_tx.has_value());
    const auto l1_tx = decode_transaction(*raw_tx);
    ASSERT_TRUE(l1_tx.has_value()) << to_string(l1_tx.error());
    const auto& exp = c.at("expected");
    EXPECT_EQ(to_hex(transaction_hash(*l1_tx)), exp.at("tx_hash").get<std::string>());
    const auto* dyn = std::get_if<DynamicFeeTx>(&*l1_tx);
    ASSERT_NE(dyn, nullptr);
    ASSERT_EQ(dyn->data.size(), exp.at("calldata_length").get<std::size_t>());

    const auto frames = decode_tx_payload(dyn->data);
    ASSERT_TRUE(frames.has_value());
    ASSERT_EQ(frames->size(), 1u);
    Channel channel((*frames)[0].id);
    ASSERT_TRUE(channel.add_frame((*frames)[0]).has_value());
    ASSERT_TRUE(channel.is_ready());
    const auto content = read_channel(channel.data(), /*fjord_active=*/false, kMaxRlpBytesPerChannel);
    ASSERT_TRUE(content.has_value());
    // op-batcher ends its zlib stream with a sync flush and no final block: every batch is whole,
    // and the reader reports the stream as cut right after the last one.
    EXPECT_EQ(content->end, ChannelEnd::kTruncated);
    ASSERT_EQ(content->batches.size(), 1u);
    EXPECT_EQ(content->batches[0].size(), exp.at("batches")[0].at("encoded_length").get<std::size_t>());

    const auto batch = decode_batch(content->batches[0]);
    ASSERT_TRUE(batch.has_value()) << to_string(batch.error().error) << " at " << batch.error().offset;
    const auto* span = std::get_if<SpanBatch>(&*batch);
    ASSERT_NE(span, nullptr);
    const auto& want_batch = exp.at("batches")[0];
    expect_span(*span, want_batch);
    EXPECT_EQ(encode_batch(*batch), content->batches[0]) << "span batch does not re-encode byte for byte";

    const auto& l2 = c.at("l2_config");
    const SpanBatchParams params{l2.at("genesis_l2_time").get<std::uint64_t>(),
                                 l2.at("block_time").get<std::uint64_t>(),
                                 l2.at("l2_chain_id").get<std::uint64_t>()};
    const auto blocks = derive_span_batch(*span, params);
    ASSERT_TRUE(blocks.has_value()) << to_string(blocks.error().error);
    const auto& want_blocks = want_batch.at("derived_blocks");
    ASSERT_EQ(blocks->size(), 27u);
    ASSERT_EQ(want_blocks.size(), 27u);
    std::size_t hashes = 0;
    std::size_t tx_index = 0;
    for (std::size_t i = 0; i < 27; ++i) {
        SCOPED_TRACE("block " + std::to_string(i));
        const auto& got = (*blocks)[i];
        const auto& want = want_blocks[i];
        EXPECT_EQ(got.timestamp, want.at("timestamp").get<std::uint64_t>());
        EXPECT_EQ(got.epoch_num, want.at("epoch_num").get<std::uint64_t>());
        const auto& txs = want.at("txs");
        ASSERT_EQ(got.transactions.size(), txs.size());
        for (std::size_t j = 0; j < txs.size(); ++j, ++tx_index) {
            EXPECT_EQ(to_hex(keccak256(got.transactions[j])), txs[j].at("hash").get<std::string>());
            EXPECT_EQ(got.transactions[j].size(), txs[j].at("encoded_len").get<std::size_t>());
            const auto core_tx = rebuild_transaction(span->txs[tx_index], params.l2_chain_id);
            ASSERT_TRUE(core_tx.has_value());
            EXPECT_EQ(encode_transaction(*core_tx), got.transactions[j]);
            const auto sender = recover_sender(*core_tx);
            ASSERT_TRUE(sender.has_value());
            EXPECT_EQ(to_hex(*sender), txs[j].at("from").get<std::string>());
            ++hashes;
        }
    }
    EXPECT_EQ(hashes, 209u);

    // Singular → span: the derived blocks re-encode to the same span batch.
    std::vector<SingularBatch> singulars;
    for (std::size_t i = 0; i < blocks->size(); ++i) {
        B256 parent{};
        std::copy(span->parent_check.begin(), span->parent_check.end(), parent.begin());
        B256 epoch{};
        std::copy(span->l1_origin_check.begin(), span->l1_origin_check.end(), epoch.begin());
        singulars.push_back(make_singular_batch((*blocks)[i], parent, epoch));
    }
    const auto again = make_span_batch(singulars, params, span->origin_bits[0]);
    ASSERT_TRUE(again.has_value()) << to_string(again.error().error);
    EXPECT_EQ(encode_span_batch(*again), content->batches[0]);
}

// Isthmus: an EIP-7702 set-code txn (made by cast 1.7.1, chain 31337, one authorization) goes into
// a span batch and comes back byte for byte, as an envelope and as a core value.
TEST(SpanBatchTest, SetCodeTxnRoundTrips) {
    const auto envelope = decode_hex(
        "04f8cd827a6980843b9aca008477359400830186a09470997970c51812dc3a010c7d01b50e0d17dc79c88080c0f85ef85c82"
        "7a69"
        "94000000000000000000000000000000000000c0de8001a02f28b4df8d133c51cc96e6822532943d647963d542d43bd5b300"
        "ba9a"
        "cc0c91cca0119c1a60bb7dc0aafca9f45be3817ef084aa93a114d734317fc3c6d0efd7888380a0cfc4f233ec92fa9cec2a25"
        "2722"
        "85e346517406a9e4b2ff8a34cf10cb9a77dd2ba040c59f344c72fa709b975089be01c54d40dd180c8462dc061335ae36b7b7"
        "da8"
        "b");
    ASSERT_TRUE(envelope);
    const SpanBatchParams params{.genesis_l2_time = 1000, .block_time = 2, .l2_chain_id = 31337};
    SingularBatch block;
    block.epoch_num = 7;
    block.timestamp = 1002;
    block.transactions = {*envelope};
    const std::vector<SingularBatch> blocks{block};

    const auto span = make_span_batch(blocks, params, true);
    ASSERT_TRUE(span.has_value()) << to_string(span.error().error);
    ASSERT_EQ(span->txs.size(), 1u);
    EXPECT_EQ(span->txs[0].type, SpanTxType::kSetCode);

    const Bytes wire = encode_span_batch(*span);
    ASSERT_EQ(wire.front(), 0x01);  // the span batch type byte
    const auto decoded = decode_span_batch(ByteView(wire).subspan(1));
    ASSERT_TRUE(decoded.has_value()) << to_string(decoded.error().error);
    const auto derived = derive_span_batch(*decoded, params);
    ASSERT_TRUE(derived.has_value());
    ASSERT_EQ((*derived)[0].transactions.size(), 1u);
    EXPECT_EQ((*derived)[0].transactions[0], *envelope);

    const auto core_tx = rebuild_transaction(decoded->txs[0], params.l2_chain_id);
    ASSERT_TRUE(core_tx.has_value());
    ASSERT_TRUE(std::holds_alternative<SetCodeTx>(*core_tx));
    EXPECT_EQ(encode_transaction(*core_tx), *envelope);
    EXPECT_EQ(std::get<SetCodeTx>(*core_tx).authorization_list.size(), 1u);

    // Another chain's set-code txn is refused, as for every typed txn.
    const SpanBatchParams other{.genesis_l2_time = 1000, .block_time = 2, .l2_chain_id = 10};
    const auto refused = make_span_batch(blocks, other, true);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().error, BatchError::kChainIdMismatch);
}

TEST(SpanBatchTest, UvarintFollowsGoReadUvarint) {
    std::size_t pos = 0;
    const Bytes non_minimal{0x84, 0x00};
    auto v = decode_uvarint(non_minimal, pos);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(*v, 4u);
    EXPECT_EQ(pos, 2u);

    const Bytes max{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
    pos = 0;
    v = decode_uvarint(max, pos);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(*v, ~0ull);

    Bytes too_big = max;
    too_big[9] = 0x02;
    pos = 0;
    EXPECT_EQ(decode_uvarint(too_big, pos).error().error, BatchError::kUvarintOverflow);
    const Bytes eleven{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
    pos = 0;
    EXPECT_EQ(decode_uvarint(eleven, pos).error().error, BatchError::kUvarintOverflow);
    const Bytes cut{0x80};
    pos = 0;
    EXPECT_EQ(decode_uvarint(cut, pos).error().error, BatchError::kUnexpectedEof);

    for (std::uint64_t x : {0ull, 1ull, 127ull, 128ull, 300ull, 1ull << 35, ~0ull}) {
        Bytes out;
        append_uvarint(out, x);
        pos = 0;
        EXPECT_EQ(decode_uvarint(out, pos).value(), x);
        EXPECT_EQ(pos, out.size());
    }
}

TEST(SpanBatchTest, HugeCountsFailWithoutAllocating) {
    // block_count 1, tx count 10^7: the sigs cannot be there, so this is EOF, not a 10^7-tx allocation.
    Bytes b{0x00, 0x00};
    b.resize(b.size() + 40, 0);
    b.push_back(0x01);  // block_count
    b.push_back(0x00);  // origin bits
    append_uvarint(b, kMaxSpanBatchElementCount);
    const auto got = decode_span_batch(b);
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, BatchError::kUnexpectedEof);
}

TEST(SpanBatchTest, OriginBitsShiftEarlierBlocks) {
    SpanBatch b;
    b.l1_origin_num = 100;
    b.origin_bits = {true, false, true, true};
    b.block_tx_counts = {0, 0, 0, 0};
    EXPECT_EQ(span_batch_epoch_nums(b), (std::vector<std::uint64_t>{98, 98, 99, 100}));
    EXPECT_EQ(span_batch_start_epoch_num(b), 98u);
}

}  // namespace
}  // namespace baton::protocol
