// SPDX-License-Identifier: MIT
#include <baton/protocol/deposit.hpp>
#include <baton/protocol/l1_info.hpp>
#include <baton/protocol/test_util/vectors.hpp>

#include <baton/core/hex.hpp>

#include <gtest/gtest.h>

#include <regex>

namespace baton::protocol {
namespace {

using test_util::case_name;
using test_util::hex_field;

U256 u256_of(const nlohmann::json& v) {
    return U256(v.get<std::uint64_t>());
}

TEST(L1InfoVectorsTest, EveryCase) {
    std::string error;
    const auto cases = test_util::load_cases("l1_info_tx.json", &error);
    ASSERT_TRUE(error.empty()) << error;
    ASSERT_EQ(cases.size(), 9u);
    for (const auto& c : cases) {
        SCOPED_TRACE(case_name(c));
        const auto input = hex_field(c, "input_hex");
        ASSERT_TRUE(input.has_value());
        const auto got = decode_l1_info_calldata(*input);
        if (c.contains("expected_error")) {
            const auto text = c["expected_error"].get<std::string>();
            ASSERT_FALSE(got.has_value());
            if (text == "MissingSelector") {
                EXPECT_EQ(got.error().error, L1InfoError::kMissingSelector);
            } else if (text == "InvalidSelector") {
                EXPECT_EQ(got.error().error, L1InfoError::kInvalidSelector);
            } else {
                std::smatch m;
                const std::regex re("Invalid (\\w+) data length. Expected (\\d+), got (\\d+)");
                ASSERT_TRUE(std::regex_match(text, m, re)) << text;
                EXPECT_EQ(got.error().error, L1InfoError::kInvalidLength);
                EXPECT_EQ(got.error().expected_length, std::stoul(m[2]));
                EXPECT_EQ(got.error().actual_length, std::stoul(m[3]));
                const std::string layout = m[1];
                const auto want_format = layout == "bedrock"   ? L1InfoFormat::kBedrock
                                         : layout == "ecotone" ? L1InfoFormat::kEcotone
                                                               : L1InfoFormat::kIsthmus;
                EXPECT_EQ(got.error().format, want_format);
            }
            continue;
        }
        ASSERT_TRUE(got.has_value()) << to_string(got.error().error);
        const auto& info = got->info;
        for (const auto& [key, value] : c.at("expected").items()) {
            if (key == "number")
                EXPECT_EQ(info.number, value.get<std::uint64_t>());
            else if (key == "timestamp")
                EXPECT_EQ(info.timestamp, value.get<std::uint64_t>());
            else if (key == "basefee")
                EXPECT_EQ(info.base_fee, u256_of(value));
            else if (key == "hash")
                EXPECT_EQ(to_hex(info.block_hash), value.get<std::string>());
            else if (key == "sequenceNumber")
                EXPECT_EQ(info.sequence_number, value.get<std::uint64_t>());
            else if (key == "batcherHash")
                EXPECT_EQ(to_hex(info.batcher_hash), value.get<std::string>());
            else if (key == "batcher_address") {
                const auto auth = decode_batcher_hash(info.batcher_hash);
                ASSERT_TRUE(auth.has_value());
                EXPECT_EQ(to_hex(auth->batcher), value.get<std::string>());
            } else if (key == "l1FeeOverhead")
                EXPECT_EQ(info.l1_fee_overhead, u256_of(value));
            else if (key == "l1FeeScalar")
                EXPECT_EQ(info.l1_fee_scalar, u256_of(value));
            else if (key == "selector")
                EXPECT_EQ(to_hex(l1_info_selector(got->format)), value.get<std::string>());
            else if (key == "length")
                EXPECT_EQ(l1_info_length(got->format), value.get<std::size_t>());
            else if (key == "baseFeeScalar")
                EXPECT_EQ(info.base_fee_scalar, value.get<std::uint32_t>());
            else if (key == "blobBaseFeeScalar")
                EXPECT_EQ(info.blob_base_fee_scalar, value.get<std::uint32_t>());
            else if (key == "blobBaseFee")
                EXPECT_EQ(info.blob_base_fee, u256_of(value));
            else if (key == "operatorFeeScalar")
                EXPECT_EQ(info.operator_fee_scalar, value.get<std::uint32_t>());
            else if (key == "operatorFeeConstant")
                EXPECT_EQ(info.operator_fee_constant, value.get<std::uint64_t>());
            else if (key == "daFootprintGasScalar")
                EXPECT_EQ(info.da_footprint_gas_scalar, value.get<std::uint16_t>());
            else
                ADD_FAILURE() << "unhandled expected key " << key;
        }
        EXPECT_EQ(encode_l1_info_calldata(info, got->format), *input) << "re-encoding differs";
    }
}

B256 b256(std::string_view hex) {
    return decode_hex_fixed<32>(hex).value();
}

// Values from op-node deposit_source_test.go and viem's computeSourceHash tests.
TEST(DepositSourceTest, KnownHashes) {
    EXPECT_EQ(to_hex(l1_info_deposit_source_hash(
                  b256("0xc00e5d67c2755389aded7d8b151cbd5bcdf7ed275ad5e028b664880fc7581c77"), 4)),
              "0x0586c503340591999b8b38bc9834bb16aec7d5bc00eb5587ab139c9ddab81977");
    EXPECT_EQ(to_hex(l1_info_deposit_source_hash(
                  b256("0x9ba3933dc6ce43c145349770a39c30f9b647f17668f004bd2e05c80a2e7262f7"), 1)),
              "0x722c43232e2f9dc07ebc07a02a3056993a2ed1328a1c81377ea99d135af39536");
    EXPECT_EQ(to_hex(user_deposit_source_hash(
                  b256("0x9ba3933dc6ce43c145349770a39c30f9b647f17668f004bd2e05c80a2e7262f7"), 196)),
              "0xd0868c8764d81f1749edb7dec4a550966963540d9fe50aefce8cdb38ea7b2213");
    EXPECT_EQ(to_hex(upgrade_deposit_source_hash("Ecotone: L1 Block Proxy Update")),
              "0x18acb38c5ff1c238a7460ebc1b421fa49ec4874bdf1e0a530d234104e5e67dbc");
}

RollupConfig forks_at(std::uint64_t ecotone, std::uint64_t isthmus, std::uint64_t jovian) {
    RollupConfig cfg;
    cfg.block_time = 2;
    cfg.regolith_time = cfg.canyon_time = cfg.delta_time = 0;
    cfg.ecotone_time = ecotone;
    cfg.fjord_time = cfg.granite_time = cfg.holocene_time = ecotone;
    cfg.isthmus_time = isthmus;
    cfg.jovian_time = jovian;
    return cfg;
}

TEST(L1InfoTest, ActivationBlocksKeepThePreviousLayout) {
    const auto cfg = forks_at(100, 200, 300);
    EXPECT_EQ(l1_info_format(cfg, 98), L1InfoFormat::kBedrock);
    EXPECT_EQ(l1_info_format(cfg, 100), L1InfoFormat::kBedrock);
    EXPECT_EQ(l1_info_format(cfg, 102), L1InfoFormat::kEcotone);
    EXPECT_EQ(l1_info_format(cfg, 200), L1InfoFormat::kEcotone);
    EXPECT_EQ(l1_info_format(cfg, 202), L1InfoFormat::kIsthmus);
    EXPECT_EQ(l1_info_format(cfg, 300), L1InfoFormat::kIsthmus);
    EXPECT_EQ(l1_info_format(cfg, 302), L1InfoFormat::kJovian);
}

TEST(L1InfoTest, DepositCarriesVersionOneBatcherHashVerbatim) {
    const auto cfg = forks_at(0, 0, 0);
    SystemConfig sys;
    sys.batcher_hash = make_leader_election_batcher_hash();
    sys.scalar[0] = 1;
    sys.scalar[27] = 0xb3;  // blob base fee scalar
    sys.scalar[31] = 0xbb;  // base fee scalar
    sys.operator_fee_scalar = 7;
    sys.operator_fee_constant = 9;
    L1Origin origin{19655712, 1713121139, U256(10445852825ull),
                    b256("0x1c4c84c50740386c7dc081efddd644405f04cde73e30a2e381737acce9f5add3"), U256(1)};
    const auto tx = make_l1_info_deposit(cfg, sys, origin, 5, 1000);
    ASSERT_TRUE(tx.has_value());
    EXPECT_EQ(tx->from, kL1InfoDepositerAddress);
    ASSERT_TRUE(tx->to.has_value());
    EXPECT_EQ(*tx->to, kL1BlockAddress);
    EXPECT_EQ(tx->gas_limit, kL1InfoDepositGas);
    EXPECT_FALSE(tx->is_system_tx);
    EXPECT_EQ(tx->source_hash, l1_info_deposit_source_hash(origin.hash, 5));

    const auto decoded = decode_l1_info_calldata(tx->data);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->format, L1InfoFormat::kJovian);
    EXPECT_EQ(decoded->info.batcher_hash, sys.batcher_hash);
    EXPECT_EQ(decoded->info.base_fee_scalar, 0xbbu);
    EXPECT_EQ(decoded->info.blob_base_fee_scalar, 0xb3u);
    EXPECT_EQ(decoded->info.operator_fee_constant, 9u);
    EXPECT_EQ(decoded->info.da_footprint_gas_scalar, kDefaultDaFootprintGasScalar);
    EXPECT_EQ(decoded->info.number, origin.number);
    EXPECT_EQ(decoded->info.sequence_number, 5u);

    // A version-0 batcher hash is upstream's left-padded address.
    Address batcher{};
    batcher[19] = 0x85;
    sys.batcher_hash = make_batcher_hash(batcher);
    const auto info = make_l1_block_info(cfg, sys, origin, 0, 1000);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(to_hex(info->batcher_hash),
              "0x0000000000000000000000000000000000000000000000000000000000000085");

    sys.scalar[0] = 2;
    EXPECT_EQ(make_l1_block_info(cfg, sys, origin, 0, 1000).error().error, L1InfoError::kInvalidScalar);
}

TEST(L1InfoTest, BedrockLayoutBeforeRegolithIsASystemTx) {
    RollupConfig cfg;
    cfg.block_time = 2;
    SystemConfig sys;
    sys.overhead[31] = 0xbc;
    sys.scalar[31] = 0xe0;
    const auto tx = make_l1_info_deposit(cfg, sys, L1Origin{}, 0, 10);
    ASSERT_TRUE(tx.has_value());
    EXPECT_TRUE(tx->is_system_tx);
    EXPECT_EQ(tx->gas_limit, kL1InfoDepositGasBedrock);
    const auto decoded = decode_l1_info_calldata(tx->data);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->format, L1InfoFormat::kBedrock);
    EXPECT_EQ(decoded->info.l1_fee_overhead, U256(0xbc));
    EXPECT_EQ(decoded->info.l1_fee_scalar, U256(0xe0));

    Bytes bad = tx->data;
    bad[4] = 1;  // upper byte of the number word
    EXPECT_EQ(decode_l1_info_calldata(bad).error().error, L1InfoError::kInvalidField);
}

}  // namespace
}  // namespace baton::protocol

namespace baton::protocol {
namespace {

// A TransactionDeposited log as the OptimismPortal emits it: abi.encode(bytes opaqueData) with
// opaqueData = abi.encodePacked(mint, value, gasLimit, isCreation, data).
Log deposit_log(bool creation, ByteView calldata) {
    Log log;
    B256 from{};
    from[31] = 0xaa;
    B256 to{};
    to[31] = 0xbb;
    log.topics = {kTransactionDepositedTopic, from, to, B256{}};
    Bytes opaque(73, 0);
    opaque[31] = 5;     // mint
    opaque[63] = 7;     // value
    opaque[70] = 0x52;  // gas 0x5208 = 21000
    opaque[71] = 0x08;
    opaque[72] = creation ? 1 : 0;
    append(opaque, calldata);
    Bytes data(64, 0);
    data[31] = 32;
    data[63] = static_cast<std::uint8_t>(opaque.size());
    append(data, opaque);
    data.resize((data.size() + 31) / 32 * 32, 0);
    log.data = data;
    return log;
}

TEST(DepositLogTest, DecodesVersionZeroDeposit) {
    const B256 block = b256("0x9ba3933dc6ce43c145349770a39c30f9b647f17668f004bd2e05c80a2e7262f7");
    const Bytes calldata{0xde, 0xad, 0xbe, 0xef};
    const auto tx = decode_deposit_log(deposit_log(false, calldata), block, 196);
    ASSERT_TRUE(tx.has_value()) << to_string(tx.error());
    EXPECT_EQ(to_hex(tx->source_hash), "0xd0868c8764d81f1749edb7dec4a550966963540d9fe50aefce8cdb38ea7b2213");
    EXPECT_EQ(tx->from[19], 0xaa);
    ASSERT_TRUE(tx->to.has_value());
    EXPECT_EQ((*tx->to)[19], 0xbb);
    EXPECT_EQ(tx->mint, U256(5));
    EXPECT_EQ(tx->value, U256(7));
    EXPECT_EQ(tx->gas_limit, 21000u);
    EXPECT_FALSE(tx->is_system_tx);
    EXPECT_EQ(tx->data, calldata);

    const auto create = decode_deposit_log(deposit_log(true, {}), block, 0);
    ASSERT_TRUE(create.has_value());
    EXPECT_FALSE(create->to.has_value());
    EXPECT_TRUE(create->data.empty());
}

TEST(DepositLogTest, RejectsMalformedLogs) {
    const B256 block{};
    auto log = deposit_log(false, {});
    log.topics.pop_back();
    EXPECT_EQ(decode_deposit_log(log, block, 0).error(), DepositLogError::kWrongTopicCount);
    log = deposit_log(false, {});
    log.topics[0][0] ^= 1;
    EXPECT_EQ(decode_deposit_log(log, block, 0).error(), DepositLogError::kNotDepositEvent);
    log = deposit_log(false, {});
    log.topics[3][31] = 1;
    EXPECT_EQ(decode_deposit_log(log, block, 0).error(), DepositLogError::kUnsupportedVersion);
    log = deposit_log(false, {});
    log.data[31] = 64;
    EXPECT_EQ(decode_deposit_log(log, block, 0).error(), DepositLogError::kBadOffset);
    log = deposit_log(false, {});
    log.data[63] = 0xff;
    EXPECT_EQ(decode_deposit_log(log, block, 0).error(), DepositLogError::kBadLength);
    log = deposit_log(false, {});
    log.data[63] = 72;
    EXPECT_EQ(decode_deposit_log(log, block, 0).error(), DepositLogError::kShortOpaqueData);
    log = deposit_log(false, {});
    log.data.pop_back();
    EXPECT_EQ(decode_deposit_log(log, block, 0).error(), DepositLogError::kBadDataSize);
}

}  // namespace
}  // namespace baton::protocol
