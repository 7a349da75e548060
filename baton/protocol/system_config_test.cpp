// SPDX-License-Identifier: MIT
#include <baton/protocol/rollup_config.hpp>
#include <baton/protocol/system_config.hpp>
#include <baton/protocol/test_util/vectors.hpp>

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace baton::protocol {
namespace {

using test_util::case_name;
using test_util::hex_field;
using test_util::hex_of;

B256 b256_of(const nlohmann::json& v) {
    B256 out{};
    if (v.is_string()) {
        auto bytes = hex_of(v);
        if (bytes && bytes->size() <= 32) std::copy(bytes->begin(), bytes->end(), out.end() - bytes->size());
    } else if (v.is_number_unsigned()) {
        auto n = v.get<std::uint64_t>();
        for (int i = 0; i < 8; ++i) out[31 - i] = static_cast<std::uint8_t>(n >> (8 * i));
    }
    return out;
}

Address address_of(const nlohmann::json& v) {
    Address a{};
    auto bytes = hex_of(v);
    if (bytes && bytes->size() == 20) std::copy(bytes->begin(), bytes->end(), a.begin());
    return a;
}

std::vector<B256> topics_of(const nlohmann::json& c) {
    std::vector<B256> topics;
    for (const auto& t : c.at("topics")) topics.push_back(b256_of(t));
    return topics;
}

// kona's error names (the vector's expected_error) mapped to Baton's enum; the number in
// parentheses, where present, is the failure's value.
std::optional<ConfigUpdateFailure> expected_failure(const std::string& text) {
    static const std::map<std::string, SystemConfigError> kNames = {
        {"InvalidDataLen", SystemConfigError::kInvalidDataLen},
        {"PointerDecodingError", SystemConfigError::kPointerDecoding},
        {"InvalidDataPointer", SystemConfigError::kInvalidDataPointer},
        {"LengthDecodingError", SystemConfigError::kLengthDecoding},
        {"InvalidDataLength", SystemConfigError::kInvalidDataLength},
        {"BatcherAddressDecodingError", SystemConfigError::kBatcherHashDecoding},
        {"GasLimitDecodingError", SystemConfigError::kGasLimitDecoding},
        {"UnsafeBlockSignerAddressDecodingError", SystemConfigError::kUnsafeBlockSignerDecoding},
        {"EIP1559DecodingError", SystemConfigError::kEip1559Decoding},
        {"MinBaseFeeDecodingError", SystemConfigError::kMinBaseFeeDecoding},
        {"DaFootprintGasScalarDecodingError", SystemConfigError::kDaFootprintDecoding},
        {"expected 3 event topics", SystemConfigError::kWrongTopicCount},
    };
    const auto paren = text.find('(');
    const auto name = text.substr(0, paren);
    const auto it = kNames.find(name);
    if (it == kNames.end()) return std::nullopt;
    ConfigUpdateFailure f{it->second, 0};
    if (paren != std::string::npos) f.value = std::stoull(text.substr(paren + 1));
    return f;
}

RollupConfig rollup_with_ecotone(bool active) {
    RollupConfig cfg;
    if (active) cfg.ecotone_time = 0;
    return cfg;
}

TEST(SystemConfigVectorsTest, EveryCase) {
    std::string error;
    const auto cases = test_util::load_cases("system_config_updates.json", &error);
    ASSERT_TRUE(error.empty()) << error;
    ASSERT_GE(cases.size(), 60u);
    int checked = 0;
    for (const auto& c : cases) {
        SCOPED_TRACE(case_name(c));
        const auto topics = topics_of(c);
        const auto data = hex_field(c, "data_hex");
        ASSERT_TRUE(data.has_value());

        if (c.contains("expected_error")) {
            const auto text = c["expected_error"].get<std::string>();
            if (text.rfind("upstream op-node/kona reject this", 0) == 0) {
                // Baton's deliberate departure: a version-1 batcherHash is bytes32, not an address.
                const auto update = decode_config_update(topics, *data);
                ASSERT_TRUE(update.has_value()) << to_string(update.error().error);
                const auto auth = decode_batcher_hash(update->batcher_hash);
                ASSERT_TRUE(auth.has_value());
                EXPECT_EQ(auth->version, BatcherHashVersion::kLeaderElection);
                ++checked;
                continue;
            }
            const auto want = expected_failure(text);
            ASSERT_TRUE(want.has_value()) << "unmapped error " << text;
            const auto got = decode_config_update(topics, *data);
            ASSERT_FALSE(got.has_value());
            EXPECT_EQ(got.error().error, want->error) << to_string(got.error().error);
            if (text.find('(') != std::string::npos) {
                EXPECT_EQ(got.error().value, want->value);
            }
            ++checked;
            continue;
        }

        const auto& exp = c.at("expected");
        if (c.contains("ecotone_active") || exp.contains("system_config_unchanged")) {
            // Cases about op-node's apply semantics.
            SystemConfig before;
            before.scalar[31] = 0x11;
            before.overhead[31] = 0x22;
            SystemConfig cfg = before;
            const auto rollup = rollup_with_ecotone(c.value("ecotone_active", false));
            const auto applied = apply_config_update(cfg, topics, *data, rollup, 100);
            ASSERT_TRUE(applied.has_value()) << to_string(applied.error().error);
            for (const auto& [key, value] : exp.items()) {
                if (key == "overhead")
                    EXPECT_EQ(cfg.overhead, b256_of(value));
                else if (key == "scalar")
                    EXPECT_EQ(cfg.scalar, b256_of(value));
                else if (key == "blob_base_fee_scalar")
                    EXPECT_EQ(blob_base_fee_scalar(cfg.scalar), value.get<std::uint32_t>());
                else if (key == "base_fee_scalar")
                    EXPECT_EQ(base_fee_scalar(cfg.scalar), value.get<std::uint32_t>());
                else if (key == "system_config_unchanged")
                    EXPECT_EQ(cfg, before);
                else
                    ADD_FAILURE() << "unhandled expected key " << key;
            }
            ++checked;
            continue;
        }

        const auto got = decode_config_update(topics, *data);
        ASSERT_TRUE(got.has_value()) << to_string(got.error().error);
        EXPECT_EQ(static_cast<std::uint64_t>(got->type), c.at("update_type").get<std::uint64_t>());
        for (const auto& [key, value] : exp.items()) {
            if (key == "batcher_address")
                EXPECT_EQ(got->batcher_hash, make_batcher_hash(address_of(value)));
            else if (key == "overhead")
                EXPECT_EQ(got->overhead, b256_of(value));
            else if (key == "scalar")
                EXPECT_EQ(got->scalar, b256_of(value));
            else if (key == "gas_limit")
                EXPECT_EQ(got->gas_limit, value.get<std::uint64_t>());
            else if (key == "unsafe_block_signer")
                EXPECT_EQ(got->unsafe_block_signer, address_of(value));
            else if (key == "eip1559_denominator")
                EXPECT_EQ(got->eip1559_denominator, value.get<std::uint32_t>());
            else if (key == "eip1559_elasticity")
                EXPECT_EQ(got->eip1559_elasticity, value.get<std::uint32_t>());
            else if (key == "eip1559_params_bytes8") {
                const auto bytes = hex_of(value);
                ASSERT_TRUE(bytes && bytes->size() == 8);
                EXPECT_EQ(got->eip1559_denominator, load_be(ByteView(*bytes).first(4)));
                EXPECT_EQ(got->eip1559_elasticity, load_be(ByteView(*bytes).last(4)));
            } else if (key == "operator_fee_scalar")
                EXPECT_EQ(got->operator_fee_scalar, value.get<std::uint32_t>());
            else if (key == "operator_fee_constant")
                EXPECT_EQ(got->operator_fee_constant, value.get<std::uint64_t>());
            else if (key == "min_base_fee")
                EXPECT_EQ(got->min_base_fee, value.get<std::uint64_t>());
            else if (key == "da_footprint_gas_scalar")
                EXPECT_EQ(got->da_footprint_gas_scalar, value.get<std::uint16_t>());
            else if (key == "ok")
                EXPECT_TRUE(value.get<bool>());
            else
                ADD_FAILURE() << "unhandled expected key " << key;
        }
        ++checked;
    }
    EXPECT_EQ(checked, static_cast<int>(cases.size()));
}

std::vector<B256> config_topics(std::uint64_t type) {
    B256 t{};
    for (int i = 0; i < 8; ++i) t[31 - i] = static_cast<std::uint8_t>(type >> (8 * i));
    return {kConfigUpdateTopic, B256{}, t};
}

Bytes abi_bytes_word(const B256& word) {
    Bytes data(96, 0);
    data[31] = 32;
    data[63] = 32;
    std::copy(word.begin(), word.end(), data.begin() + 64);
    return data;
}

TEST(SystemConfigTest, BatchInboxUpdateIsType128AddressWord) {
    Address inbox{};
    inbox[0] = 0xff;
    inbox[19] = 0x42;
    const auto data = abi_bytes_word(make_batcher_hash(inbox));
    const auto update = decode_config_update(config_topics(128), data);
    ASSERT_TRUE(update.has_value());
    EXPECT_EQ(update->type, ConfigUpdateType::kBatchInbox);
    EXPECT_EQ(update->batch_inbox, inbox);

    SystemConfig cfg;
    ASSERT_TRUE(apply_config_update(cfg, config_topics(128), data, RollupConfig{}, 0).has_value());
    EXPECT_EQ(cfg.batch_inbox, inbox);

    Log log;
    log.topics = config_topics(128);
    log.data = data;
    SystemConfig via_log;
    ASSERT_TRUE(apply_config_update(via_log, log, RollupConfig{}, 0).has_value());
    EXPECT_EQ(via_log, cfg);
    EXPECT_EQ(decode_config_update(log)->batch_inbox, inbox);

    B256 dirty = make_batcher_hash(inbox);
    dirty[3] = 1;
    const auto bad = decode_config_update(config_topics(128), abi_bytes_word(dirty));
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().error, SystemConfigError::kBatchInboxDecoding);
}

TEST(SystemConfigTest, RejectsUnknownTypeAndVersion) {
    const auto data = abi_bytes_word(B256{});
    auto got = decode_config_update(config_topics(8), data);
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, SystemConfigError::kUnknownUpdateType);

    auto topics = config_topics(0);
    topics[1][31] = 1;
    got = decode_config_update(topics, data);
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, SystemConfigError::kUnsupportedVersion);

    topics = config_topics(0);
    topics[0][0] ^= 1;
    got = decode_config_update(topics, data);
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, SystemConfigError::kNotConfigUpdate);
}

TEST(SystemConfigTest, BatcherHashVersions) {
    Address a{};
    a[19] = 7;
    const auto v0 = decode_batcher_hash(make_batcher_hash(a));
    ASSERT_TRUE(v0.has_value());
    EXPECT_EQ(v0->version, BatcherHashVersion::kAddress);
    EXPECT_EQ(v0->batcher, a);

    const auto v1 = decode_batcher_hash(make_leader_election_batcher_hash());
    ASSERT_TRUE(v1.has_value());
    EXPECT_EQ(v1->version, BatcherHashVersion::kLeaderElection);

    B256 padded = make_batcher_hash(a);
    padded[5] = 1;
    EXPECT_FALSE(decode_batcher_hash(padded).has_value());
    B256 v2{};
    v2[0] = 2;
    EXPECT_FALSE(decode_batcher_hash(v2).has_value());
}

TEST(SystemConfigTest, InvalidEcotoneScalarKeepsOldValue) {
    SystemConfig cfg;
    cfg.scalar[31] = 9;
    Bytes data(64, 0);
    data[31] = 32;
    data[63] = 64;
    data.resize(128, 0);
    data[64 + 31] = 1;  // overhead
    data[96] = 2;       // scalar version 2: invalid
    const auto before = cfg;
    ASSERT_TRUE(apply_config_update(cfg, config_topics(1), data, rollup_with_ecotone(true), 0).has_value());
    EXPECT_EQ(cfg, before);
}

}  // namespace
}  // namespace baton::protocol
