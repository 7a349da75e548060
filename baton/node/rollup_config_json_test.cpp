// SPDX-License-Identifier: MIT
#include <baton/node/rollup_config_json.hpp>
#include <baton/protocol/test_util/vectors.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace baton::node {
namespace {

using nlohmann::json;
using protocol::RollupConfigError;

// op-node's error names (vector expected_error) mapped to the check enum.
std::optional<RollupConfigError> op_node_error(const std::string& name) {
    static const std::map<std::string, RollupConfigError> kNames = {
        {"ErrBlockTimeZero", RollupConfigError::kBlockTimeZero},
        {"ErrMissingChannelTimeout", RollupConfigError::kMissingChannelTimeout},
        {"ErrInvalidSeqWindowSize", RollupConfigError::kInvalidSeqWindowSize},
        {"ErrMissingGenesisL1Hash", RollupConfigError::kMissingGenesisL1Hash},
        {"ErrMissingGenesisL2Hash", RollupConfigError::kMissingGenesisL2Hash},
        {"ErrGenesisHashesSame", RollupConfigError::kGenesisHashesSame},
        {"ErrMissingGenesisL2Time", RollupConfigError::kMissingGenesisL2Time},
        {"ErrMissingBatcherAddr", RollupConfigError::kMissingBatcherAddr},
        {"ErrMissingScalar", RollupConfigError::kMissingScalar},
        {"ErrMissingGasLimit", RollupConfigError::kMissingGasLimit},
        {"ErrMissingBatchInboxAddress", RollupConfigError::kMissingBatchInboxAddress},
        {"ErrMissingDepositContractAddress", RollupConfigError::kMissingDepositContractAddress},
        {"ErrMissingL1ChainID", RollupConfigError::kMissingL1ChainId},
        {"ErrMissingL2ChainID", RollupConfigError::kMissingL2ChainId},
        {"ErrChainIDsSame", RollupConfigError::kChainIdsSame},
        {"ErrL1ChainIDNotPositive", RollupConfigError::kL1ChainIdNotPositive},
        {"ErrL2ChainIDNotPositive", RollupConfigError::kL2ChainIdNotPositive},
    };
    const auto it = kNames.find(name);
    if (it == kNames.end()) return std::nullopt;
    return it->second;
}

json* at_path(json& doc, const std::string& dotted) {
    json* node = &doc;
    std::size_t start = 0;
    while (true) {
        const auto dot = dotted.find('.', start);
        const auto key = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        node = &(*node)[key];
        if (dot == std::string::npos) return node;
        start = dot + 1;
    }
}

json get_path(const json& doc, const std::string& dotted) {
    json copy = doc;
    return *at_path(copy, dotted);
}

std::string dump_sorted(const json& j) {
    return j.dump();
}

TEST(RollupConfigJsonVectorsTest, EveryCase) {
    std::string error;
    const auto cases = protocol::test_util::load_cases("rollup_config.json", &error);
    ASSERT_TRUE(error.empty()) << error;
    ASSERT_GE(cases.size(), 30u);

    json reference;
    for (const auto& c : cases) {
        if (c.value("name", "") == "reference rollup.json parses") reference = c.at("input_json");
    }
    ASSERT_TRUE(reference.is_object());
    json no_forks = reference;
    for (const char* key : {"regolith_time", "canyon_time", "delta_time", "ecotone_time", "fjord_time"}) {
        no_forks.erase(key);
    }

    int ran = 0;
    for (const auto& c : cases) {
        SCOPED_TRACE(protocol::test_util::case_name(c));
        const auto kind = c.at("kind").get<std::string>();
        if (kind == "param") {
            // Per-fork parameters are value-type behaviour, run by baton_protocol_test
            // (RollupConfigVectorsTest.ParamCases).
            std::printf("  [covered in protocol] %s: no JSON involved\n",
                        c.at("name").get<std::string>().c_str());
            ++ran;
            continue;
        }
        if (kind == "parse") {
            const auto got = decode_rollup_config_json(c.at("input_json"));
            if (c.contains("expected_error")) {
                ASSERT_FALSE(got.has_value());
                EXPECT_EQ(got.error().error, RollupConfigJsonError::kUnknownField);
                EXPECT_EQ(got.error().message, c["expected_error"].get<std::string>());
                ++ran;
                continue;
            }
            ASSERT_TRUE(got.has_value()) << got.error().message;
            EXPECT_TRUE(got->check().has_value());
            // Re-encode and compare each expected value found in our own output.
            const auto encoded = encode_rollup_config_json(*got);
            for (const auto& [key, value] : c.at("expected").items()) {
                if (key == "granite_channel_timeout") {
                    EXPECT_EQ(got->channel_timeout_at(~0ull >> 1), 300u);  // no granite_time: stays
                    EXPECT_EQ(protocol::kGraniteChannelTimeout, value.get<std::uint64_t>());
                    continue;
                }
                const auto mine = get_path(encoded, key);
                EXPECT_EQ(dump_sorted(mine), dump_sorted(value)) << key;
            }
            ++ran;
            continue;
        }
        if (kind == "validate") {
            json doc =
                c.at("base").get<std::string>() == "a config with no fork times" ? no_forks : reference;
            for (const auto& [key, value] : c.at("mutation").items()) {
                json v = value;
                if (v == "<same as genesis.l1.hash>") v = get_path(doc, "genesis.l1.hash");
                if (v == "<same as l1_chain_id>") v = get_path(doc, "l1_chain_id");
                *at_path(doc, key) = v;
            }
            const auto got = load_rollup_config_json(doc.dump());
            if (c.contains("expected")) {
                EXPECT_TRUE(got.has_value()) << got.error().message;
                ++ran;
                continue;
            }
            ASSERT_FALSE(got.has_value());
            EXPECT_EQ(got.error().error, RollupConfigJsonError::kCheck) << got.error().message;
            const auto want_text = c.at("expected_error").get<std::string>();
            if (const auto want = op_node_error(want_text)) {
                ASSERT_TRUE(got.error().check.has_value());
                EXPECT_EQ(*got.error().check, *want) << got.error().message;
            } else {
                EXPECT_EQ(got.error().message, want_text);
            }
            ++ran;
            continue;
        }
        if (kind == "reference_values") {
            const auto got = load_rollup_config_json(c.at("rollup_json").dump());
            ASSERT_TRUE(got.has_value()) << got.error().message;
            // Round trip: encode then decode gives the same value.
            const auto again = decode_rollup_config_json(encode_rollup_config_json(*got));
            ASSERT_TRUE(again.has_value());
            EXPECT_EQ(*again, *got);
            EXPECT_EQ(got->block_time, 2u);
            EXPECT_EQ(got->seq_window_size, 3600u);
            ++ran;
            continue;
        }
        ADD_FAILURE() << "unhandled kind " << kind;
    }
    EXPECT_EQ(ran, static_cast<int>(cases.size()));
}

TEST(RollupConfigJsonTest, OpMainnetReferenceValues) {
    const auto cases = protocol::test_util::load_cases("rollup_config.json");
    for (const auto& c : cases) {
        if (c.value("name", "") != "real chain: OP Mainnet") continue;
        const auto cfg = decode_rollup_config_json(c.at("rollup_json"));
        ASSERT_TRUE(cfg.has_value());
        EXPECT_EQ(cfg->genesis.l2_time, 1686068903u);
        EXPECT_EQ(cfg->genesis.l2.number, 105235063u);
        EXPECT_EQ(cfg->max_sequencer_drift, 600u);
        EXPECT_EQ(to_hex(cfg->batch_inbox_address), "0xff00000000000000000000000000000000000010");
        const auto auth = protocol::decode_batcher_hash(cfg->genesis.system_config.batcher_hash);
        ASSERT_TRUE(auth.has_value());
        EXPECT_EQ(to_hex(auth->batcher), "0x6887246668a3b87f54deb3b94ba47a6f63f32985");
        EXPECT_TRUE(cfg->is_jovian_active(1764691201));
        EXPECT_FALSE(cfg->is_baton_active(~0ull));
        return;
    }
    FAIL() << "OP Mainnet case missing";
}

TEST(RollupConfigJsonTest, BatonFieldsAndRejections) {
    const auto cases = protocol::test_util::load_cases("rollup_config.json");
    json doc = cases.at(0).at("input_json");
    doc["granite_time"] = 0;
    doc["holocene_time"] = 0;
    doc["baton_time"] = 10;
    auto got = load_rollup_config_json(doc.dump());
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().check, RollupConfigError::kInvalidBlocksPerChannel);

    doc["l2_blocks_per_channel"] = 4;
    doc["genesis"]["system_config"].erase("batcherAddr");
    doc["genesis"]["system_config"]["batcherHash"] =
        "0x0100000000000000000000000000000000000000000000000000000000000000";
    got = load_rollup_config_json(doc.dump());
    ASSERT_TRUE(got.has_value()) << got.error().message;
    EXPECT_TRUE(got->is_baton_active(10));
    EXPECT_EQ(got->l2_blocks_per_channel, 4u);
    EXPECT_EQ(got->genesis.system_config.batcher_hash[0], 1);
    const auto again = decode_rollup_config_json(encode_rollup_config_json(*got));
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, *got);

    doc["block_time"] = "2";
    got = decode_rollup_config_json(std::string_view(doc.dump()));
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, RollupConfigJsonError::kWrongType);
    EXPECT_EQ(got.error().path, "block_time");

    doc["block_time"] = 2;
    doc["genesis"]["system_config"]["extra"] = 1;
    got = decode_rollup_config_json(std::string_view(doc.dump()));
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, RollupConfigJsonError::kUnknownField);
    EXPECT_EQ(got.error().path, "genesis.system_config.extra");

    got = decode_rollup_config_json(std::string_view("{not json"));
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, RollupConfigJsonError::kSyntax);
}

// The op-node reference rollup.json of the vectors (L1 3151908, L2 1337, forks through Fjord).
json reference_doc() {
    return protocol::test_util::load_cases("rollup_config.json").at(0).at("input_json");
}

TEST(RollupConfigJsonTest, RejectsDuplicateKeys) {
    const auto doc = reference_doc().dump();
    // nlohmann would keep the second value silently.
    auto text = "{\"block_time\": 2, " + doc.substr(1);
    auto got = decode_rollup_config_json(std::string_view(text));
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, RollupConfigJsonError::kDuplicateField);
    EXPECT_EQ(got.error().path, "block_time");
    EXPECT_EQ(to_one_line(got.error()), "block_time: duplicate field 'block_time'");

    const auto at = doc.find("\"gasLimit\"");
    ASSERT_NE(at, std::string::npos);
    text = doc.substr(0, at) + "\"gasLimit\": 1, " + doc.substr(at);
    got = load_rollup_config_json(text);
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, RollupConfigJsonError::kDuplicateField);
    EXPECT_EQ(got.error().path, "genesis.system_config.gasLimit");
}

TEST(RollupConfigJsonTest, RejectsOutOfRangeValues) {
    auto expect_check = [](const json& doc, RollupConfigError want) {
        const auto got = load_rollup_config_json(doc.dump());
        ASSERT_FALSE(got.has_value());
        EXPECT_EQ(got.error().error, RollupConfigJsonError::kCheck) << got.error().message;
        EXPECT_EQ(got.error().check, want) << got.error().message;
        EXPECT_EQ(to_one_line(got.error()).find('\n'), std::string::npos);
    };
    auto doc = reference_doc();
    doc["block_time"] = ~0ull;
    expect_check(doc, RollupConfigError::kBlockTimeTooLarge);

    doc = reference_doc();
    doc["l2_blocks_per_channel"] = 1'000'000'000'000ull;
    expect_check(doc, RollupConfigError::kBlocksPerChannelTooLarge);

    doc = reference_doc();  // its eip1559Elasticity is 20
    doc["genesis"]["system_config"]["eip1559Denominator"] = 0;
    expect_check(doc, RollupConfigError::kInvalidEip1559Params);

    doc = reference_doc();
    doc["chain_op_config"]["eip1559Denominator"] = 0;
    expect_check(doc, RollupConfigError::kInvalidChainOpConfig);
}

TEST(RollupConfigJsonTest, RunnableLoadRefusesWhatBatonCannotRun) {
    auto doc = reference_doc();
    ASSERT_TRUE(load_runnable_rollup_config_json(doc.dump()).has_value());

    doc["granite_time"] = 0;
    doc["holocene_time"] = 0;
    doc["isthmus_time"] = 0;
    doc["jovian_time"] = 100;
    ASSERT_TRUE(load_rollup_config_json(doc.dump()).has_value());  // op-node's rules allow it
    auto got = load_runnable_rollup_config_json(doc.dump());
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, RollupConfigJsonError::kUnsupported);
    EXPECT_EQ(got.error().check, RollupConfigError::kJovianUnsupported);
    EXPECT_NE(to_one_line(got.error()).find("jovian_time is set"), std::string::npos) << got.error().message;

    doc = reference_doc();
    doc["l1_system_config_address"] = "0x0000000000000000000000000000000000000000";
    got = load_runnable_rollup_config_json(doc.dump());
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().check, RollupConfigError::kMissingSystemConfigAddress);

    doc = reference_doc();
    doc["alt_da"] = {{"da_commitment_type", "KeccakCommitment"},
                     {"da_challenge_contract_address", "0x1111111111111111111111111111111111111111"},
                     {"da_challenge_window", 160},
                     {"da_resolve_window", 160}};
    got = decode_rollup_config_json(std::string_view(doc.dump()));
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, RollupConfigJsonError::kUnsupported);
    EXPECT_EQ(to_one_line(got.error()),
              "alt_da: alt-DA is not supported: Baton derives only from calldata and blobs on L1");
    doc = reference_doc();
    doc["use_plasma"] = true;  // op-node v1.7-v1.9's spelling
    got = decode_rollup_config_json(std::string_view(doc.dump()));
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, RollupConfigJsonError::kUnsupported);
    doc["use_plasma"] = false;
    EXPECT_TRUE(decode_rollup_config_json(std::string_view(doc.dump())).has_value());
}

TEST(RollupConfigJsonTest, ErrorNamesItsPathOnce) {
    auto doc = reference_doc();
    doc["batch_inbox_address"] = "0x12";
    const auto got = decode_rollup_config_json(std::string_view(doc.dump()));
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(to_one_line(got.error()), "batch_inbox_address: expected 20 bytes of hex");
}

// OP Mainnet as op-node (Isthmus) writes it; sources in testdata/README.md. It used to fail with
// `genesis.system_config.operatorFeeParams: unknown field`.
TEST(RollupConfigJsonTest, LoadsOpMainnetAsOpNodeWritesIt) {
    std::ifstream in(std::string(BATON_SOURCE_DIR) + "/baton/node/testdata/op_mainnet_rollup.json");
    ASSERT_TRUE(in) << "testdata missing";
    std::stringstream text;
    text << in.rdbuf();
    const auto cfg = load_runnable_rollup_config_json(text.str());
    ASSERT_TRUE(cfg.has_value()) << to_one_line(cfg.error());
    EXPECT_EQ(cfg->l2_chain_id, 10u);
    EXPECT_EQ(cfg->genesis.l2.number, 105235063u);
    EXPECT_TRUE(cfg->is_isthmus_active(1746806401));
    EXPECT_FALSE(cfg->is_jovian_active(~0ull));
    ASSERT_TRUE(cfg->chain_op_config.has_value());
    EXPECT_EQ(cfg->chain_op_config->eip1559_denominator_canyon, 250u);

    // Written back under op-node's names: the same document.
    const auto original = json::parse(text.str());
    EXPECT_EQ(encode_rollup_config_json(*cfg), original);

    // A Jovian-aware op-node also writes the Jovian SystemConfig fields, zero before Jovian.
    auto newer = original;
    newer["genesis"]["system_config"]["minBaseFee"] = 0;
    newer["genesis"]["system_config"]["daFootprintGasScalar"] = 0;
    EXPECT_TRUE(load_runnable_rollup_config_json(newer.dump()).has_value());
}

TEST(RollupConfigJsonTest, OperatorFeeParamsBothWays) {
    auto doc = reference_doc();
    auto& sc = doc["genesis"]["system_config"];
    sc.erase("operatorFeeScalar");
    sc.erase("operatorFeeConstant");
    sc["operatorFeeParams"] = "0x0000000000000000000000000000000000000000123456780102030405060708";
    const auto cfg = load_rollup_config_json(doc.dump());
    ASSERT_TRUE(cfg.has_value()) << to_one_line(cfg.error());
    EXPECT_EQ(cfg->genesis.system_config.operator_fee_scalar, 0x12345678u);
    EXPECT_EQ(cfg->genesis.system_config.operator_fee_constant, 0x0102030405060708u);
    const auto encoded = encode_rollup_config_json(*cfg);
    EXPECT_EQ(encoded["genesis"]["system_config"]["operatorFeeParams"], sc["operatorFeeParams"]);
    EXPECT_FALSE(encoded["genesis"]["system_config"].contains("operatorFeeScalar"));
    const auto again = decode_rollup_config_json(encoded);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, *cfg);

    sc["operatorFeeScalar"] = 1;  // the same field in kona's spelling too
    const auto both = decode_rollup_config_json(std::string_view(doc.dump()));
    ASSERT_FALSE(both.has_value());
    EXPECT_EQ(both.error().error, RollupConfigJsonError::kInvalidValue);
}

}  // namespace
}  // namespace baton::node
