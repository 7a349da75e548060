// SPDX-License-Identifier: MIT
#include <baton/protocol/rollup_config.hpp>
#include <baton/protocol/test_util/vectors.hpp>

#include <gtest/gtest.h>

namespace baton::protocol {
namespace {

// A config that passes check(), shaped like the reference rollup.json.
RollupConfig valid_config() {
    RollupConfig cfg;
    cfg.genesis.l1 = {B256{1}, 10};
    cfg.genesis.l2 = {B256{2}, 0};
    cfg.genesis.l2_time = 1725557164;
    cfg.genesis.system_config.batcher_hash[31] = 3;
    cfg.genesis.system_config.scalar[31] = 4;
    cfg.genesis.system_config.gas_limit = 30'000'000;
    cfg.block_time = 2;
    cfg.max_sequencer_drift = 600;
    cfg.seq_window_size = 3600;
    cfg.channel_timeout = 300;
    cfg.l1_chain_id = 1;
    cfg.l2_chain_id = 10;
    cfg.batch_inbox_address[0] = 0xff;
    cfg.deposit_contract_address[0] = 0x08;
    return cfg;
}

// The "param" cases of rollup_config.json: per-fork derived parameters.
TEST(RollupConfigVectorsTest, ParamCases) {
    std::string error;
    const auto cases = test_util::load_cases("rollup_config.json", &error);
    ASSERT_TRUE(error.empty()) << error;
    int checked = 0;
    for (const auto& c : cases) {
        if (c.value("kind", "") != "param") continue;
        SCOPED_TRACE(test_util::case_name(c));
        RollupConfig cfg;
        for (const auto& [key, value] : c.at("config").items()) {
            const auto v = value.get<std::uint64_t>();
            if (key == "channel_timeout")
                cfg.channel_timeout = v;
            else if (key == "granite_time")
                cfg.granite_time = v;
            else if (key == "max_sequencer_drift")
                cfg.max_sequencer_drift = v;
            else if (key == "fjord_time")
                cfg.fjord_time = v;
            else if (key == "genesis.l2_time")
                cfg.genesis.l2_time = v;
            else if (key == "genesis.l2.number")
                cfg.genesis.l2.number = v;
            else if (key == "block_time")
                cfg.block_time = v;
            else
                ADD_FAILURE() << "unhandled config key " << key;
        }
        for (const auto& q : c.at("queries")) {
            const auto fn = q.at("fn").get<std::string>();
            const auto want = q.at("expected").get<std::uint64_t>();
            if (fn == "channel_timeout") {
                EXPECT_EQ(cfg.channel_timeout_at(q.at("l1_timestamp").get<std::uint64_t>()), want);
            } else if (fn == "max_sequencer_drift") {
                EXPECT_EQ(cfg.max_sequencer_drift_at(q.at("l1_origin_timestamp").get<std::uint64_t>()), want);
            } else if (fn == "timestamp_for_block") {
                EXPECT_EQ(cfg.timestamp_for_block(q.at("l2_block_number").get<std::uint64_t>()), want);
            } else {
                ADD_FAILURE() << "unhandled fn " << fn;
            }
            ++checked;
        }
    }
    EXPECT_EQ(checked, 7);
}

TEST(RollupConfigTest, ForkPredicatesUseInclusiveTimes) {
    RollupConfig cfg;
    EXPECT_FALSE(cfg.is_regolith_active(0));
    EXPECT_FALSE(cfg.is_baton_active(1'000'000));
    cfg.ecotone_time = 100;
    cfg.baton_time = 200;
    EXPECT_FALSE(cfg.is_ecotone_active(99));
    EXPECT_TRUE(cfg.is_ecotone_active(100));
    EXPECT_FALSE(cfg.is_baton_active(199));
    EXPECT_TRUE(cfg.is_baton_active(200));
}

TEST(RollupConfigTest, ActivationBlockIsFirstBlockAtOrAfterForkTime) {
    RollupConfig cfg;
    cfg.block_time = 2;
    cfg.ecotone_time = 101;
    EXPECT_FALSE(cfg.is_ecotone_activation_block(100));
    EXPECT_TRUE(cfg.is_ecotone_activation_block(102));
    EXPECT_FALSE(cfg.is_ecotone_activation_block(104));
}

TEST(RollupConfigTest, CheckAcceptsValidAndRejectsEachDefect) {
    EXPECT_TRUE(valid_config().check().has_value());

    auto expect_error = [](RollupConfig cfg, RollupConfigError want) {
        const auto got = cfg.check();
        ASSERT_FALSE(got.has_value());
        EXPECT_EQ(got.error().error, want) << to_string(got.error().error);
    };
    auto cfg = valid_config();
    cfg.block_time = 0;
    expect_error(cfg, RollupConfigError::kBlockTimeZero);
    cfg = valid_config();
    cfg.seq_window_size = 1;
    expect_error(cfg, RollupConfigError::kInvalidSeqWindowSize);
    cfg = valid_config();
    cfg.genesis.l2.hash = cfg.genesis.l1.hash;
    expect_error(cfg, RollupConfigError::kGenesisHashesSame);
    cfg = valid_config();
    cfg.l2_chain_id = cfg.l1_chain_id;
    expect_error(cfg, RollupConfigError::kChainIdsSame);
    cfg = valid_config();
    cfg.l1_chain_id = 0;
    expect_error(cfg, RollupConfigError::kL1ChainIdNotPositive);
}

TEST(RollupConfigTest, ForkOrder) {
    auto cfg = valid_config();
    cfg.ecotone_time = 1;
    auto got = cfg.check();
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, RollupConfigError::kForkPriorMissing);
    EXPECT_EQ(got.error().detail, "fork ecotone set (to 1), but prior fork delta missing");

    cfg = valid_config();
    cfg.regolith_time = 2;
    cfg.canyon_time = 1;
    got = cfg.check();
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, RollupConfigError::kForkPriorLater);
    EXPECT_EQ(got.error().detail, "fork canyon set to 1, but prior fork regolith has higher offset 2");
}

TEST(RollupConfigTest, BatonNeedsHoloceneAndBlocksPerChannel) {
    auto cfg = valid_config();
    cfg.baton_time = 10;
    auto got = cfg.check();
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, RollupConfigError::kBatonWithoutHolocene);

    cfg.regolith_time = cfg.canyon_time = cfg.delta_time = cfg.ecotone_time = 0;
    cfg.fjord_time = cfg.granite_time = cfg.holocene_time = 0;
    got = cfg.check();
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, RollupConfigError::kInvalidBlocksPerChannel);

    cfg.l2_blocks_per_channel = 5;
    EXPECT_TRUE(cfg.check().has_value());
}

TEST(RollupConfigTest, CheckBoundsBlockTimeAndBlocksPerChannel) {
    auto cfg = valid_config();
    cfg.block_time = ~0ull;  // what a wrapped -1 or a typo gives
    auto got = cfg.check();
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, RollupConfigError::kBlockTimeTooLarge);
    cfg.block_time = kMaxBlockTime;
    EXPECT_TRUE(cfg.check().has_value());

    cfg = valid_config();
    cfg.l2_blocks_per_channel = 1'000'000'000'000;
    got = cfg.check();
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, RollupConfigError::kBlocksPerChannelTooLarge);
    cfg.l2_blocks_per_channel = kMaxL2BlocksPerChannel;
    EXPECT_TRUE(cfg.check().has_value());
}

TEST(RollupConfigTest, CheckRejectsZeroEip1559Denominators) {
    auto cfg = valid_config();
    cfg.genesis.system_config.eip1559_elasticity = 20;
    auto got = cfg.check();
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, RollupConfigError::kInvalidEip1559Params);
    cfg.genesis.system_config.eip1559_elasticity = 0;  // both zero: the chain defaults apply
    EXPECT_TRUE(cfg.check().has_value());

    cfg.chain_op_config = ChainOpConfig{6, 50, 250};
    EXPECT_TRUE(cfg.check().has_value());
    cfg.chain_op_config->eip1559_denominator = 0;
    got = cfg.check();
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().error, RollupConfigError::kInvalidChainOpConfig);
    cfg.chain_op_config = ChainOpConfig{6, 50, 0};
    EXPECT_FALSE(cfg.check().has_value());
}

TEST(RollupConfigTest, UnsupportedFeaturesNameJovianInteropAndSystemConfigAddress) {
    auto cfg = valid_config();
    cfg.l1_system_config_address[0] = 0x5c;
    EXPECT_TRUE(cfg.unsupported_features().empty());

    cfg.activate_forks_through_isthmus();
    cfg.l2_blocks_per_channel = 4;
    EXPECT_TRUE(cfg.unsupported_features().empty());
    cfg.jovian_time = 100;
    cfg.interop_time = 200;
    cfg.l1_system_config_address = {};
    ASSERT_TRUE(cfg.check().has_value());  // op-node would run it
    const auto found = cfg.unsupported_features();
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(found[0].error, RollupConfigError::kJovianUnsupported);
    EXPECT_NE(found[0].detail.find("no Jovian setter"), std::string::npos) << found[0].detail;
    EXPECT_EQ(found[1].error, RollupConfigError::kInteropUnsupported);
    EXPECT_EQ(found[2].error, RollupConfigError::kMissingSystemConfigAddress);
}

}  // namespace
}  // namespace baton::protocol
