// SPDX-License-Identifier: MIT
#include <baton/node/engine_l2_chain.hpp>

#include <gtest/gtest.h>

#include <map>

namespace baton::node {
namespace {

// Blocks by number; `down` makes every call fail as an unreachable engine does.
class MapEngine final : public Engine {
public:
    std::map<std::uint64_t, EngineBlock> blocks;
    std::map<std::uint64_t, std::vector<Bytes>> txns;
    bool down = false;
    bool garbled = false;

    Result<EngineBlock, EngineError> build_block(const BlockId&, const derive::PayloadAttributes&) override {
        return unexpected(EngineError{EngineErrorKind::kNodeError, "not in this test"});
    }
    Result<EngineBlock, EngineError> head() override {
        if (auto e = failure()) return unexpected(*e);
        return blocks.rbegin()->second;
    }
    Result<std::optional<EngineBlock>, EngineError> block_by_number(std::uint64_t number) override {
        if (auto e = failure()) return unexpected(*e);
        const auto it = blocks.find(number);
        if (it == blocks.end()) return std::optional<EngineBlock>{};
        return std::optional<EngineBlock>{it->second};
    }
    Result<std::optional<EngineBlock>, EngineError> block_by_hash(const B256&) override {
        return std::optional<EngineBlock>{};
    }
    Result<std::optional<std::vector<Bytes>>, EngineError> transactions_by_number(
        std::uint64_t number) override {
        if (auto e = failure()) return unexpected(*e);
        const auto it = txns.find(number);
        if (it == txns.end()) return std::optional<std::vector<Bytes>>{};
        return std::optional<std::vector<Bytes>>{it->second};
    }
    Result<void, EngineError> rewind_to(const BlockId&) override { return {}; }

private:
    std::optional<EngineError> failure() const {
        if (down) return EngineError{EngineErrorKind::kUnavailable, "connection refused"};
        if (garbled) return EngineError{EngineErrorKind::kMalformedResponse, "bad block"};
        return std::nullopt;
    }
};

B256 hash_of(std::uint8_t tag) {
    B256 h{};
    h[0] = tag;
    return h;
}

class EngineL2ChainTest : public ::testing::Test {
protected:
    void SetUp() override {
        genesis_.l1 = BlockId{hash_of(0xa1), 50};
        genesis_.l2 = BlockId{hash_of(0x01), 1};
        EngineBlock g;
        g.ref.hash = hash_of(0x01);
        g.ref.number = 1;
        engine_.blocks[1] = g;
        EngineBlock b;
        b.ref.hash = hash_of(0x02);
        b.ref.number = 2;
        b.ref.parent_hash = hash_of(0x01);
        b.ref.l1_origin = BlockId{hash_of(0xa2), 51};
        b.ref.sequence_number = 0;
        b.l1_info = protocol::L1BlockInfo{};
        engine_.blocks[2] = b;
        engine_.txns[2] = {Bytes{0x7e, 0x01}, Bytes{0x02, 0x03}};
    }

    MapEngine engine_;
    protocol::Genesis genesis_;
};

TEST_F(EngineL2ChainTest, GenesisGetsTheRollupConfigsL1Origin) {
    EngineL2Chain chain(engine_, genesis_);
    auto safe = chain.safe_head();
    ASSERT_TRUE(safe);
    EXPECT_EQ(safe->id(), genesis_.l2);
    EXPECT_EQ(safe->l1_origin, genesis_.l1);
    EXPECT_EQ(safe->sequence_number, 0U);
}

TEST_F(EngineL2ChainTest, BlocksCarryTheirL1InfoOriginAndTxns) {
    EngineL2Chain chain(engine_, genesis_);
    auto ref = chain.l2_block_ref_by_number(2);
    ASSERT_TRUE(ref);
    EXPECT_EQ(ref->l1_origin, (BlockId{hash_of(0xa2), 51}));
    EXPECT_EQ(ref->parent_hash, hash_of(0x01));
    auto txns = chain.transactions_by_number(2);
    ASSERT_TRUE(txns);
    EXPECT_EQ(txns->size(), 2U);

    chain.set_safe_head(*ref);
    auto safe = chain.safe_head();
    ASSERT_TRUE(safe);
    EXPECT_EQ(safe->number, 2U);
}

TEST_F(EngineL2ChainTest, MissingBlockIsTemporary) {
    EngineL2Chain chain(engine_, genesis_);
    auto missing = chain.l2_block_ref_by_number(9);
    ASSERT_FALSE(missing);
    EXPECT_TRUE(missing.error().is(derive::Severity::kTemporary, derive::Reason::kProvider));
    auto no_txns = chain.transactions_by_number(9);
    ASSERT_FALSE(no_txns);
    EXPECT_EQ(no_txns.error().severity, derive::Severity::kTemporary);
}

TEST_F(EngineL2ChainTest, EngineErrorsKeepTheirSeverity) {
    EngineL2Chain chain(engine_, genesis_);
    engine_.down = true;
    auto down = chain.safe_head();
    ASSERT_FALSE(down);
    EXPECT_TRUE(down.error().is(derive::Severity::kTemporary, derive::Reason::kProvider));
    engine_.down = false;
    engine_.garbled = true;
    auto garbled = chain.l2_block_ref_by_number(2);
    ASSERT_FALSE(garbled);
    EXPECT_TRUE(garbled.error().is(derive::Severity::kCritical, derive::Reason::kProvider));
}

TEST_F(EngineL2ChainTest, WrongGenesisOrMissingL1InfoIsCritical) {
    protocol::Genesis other = genesis_;
    other.l2.hash = hash_of(0x99);
    EngineL2Chain wrong(engine_, other);
    auto genesis = wrong.safe_head();
    ASSERT_FALSE(genesis);
    EXPECT_TRUE(genesis.error().is(derive::Severity::kCritical, derive::Reason::kInvariant));

    engine_.blocks[2].l1_info.reset();
    EngineL2Chain chain(engine_, genesis_);
    auto bare = chain.l2_block_ref_by_number(2);
    ASSERT_FALSE(bare);
    EXPECT_TRUE(bare.error().is(derive::Severity::kCritical, derive::Reason::kInvariant));
}

}  // namespace
}  // namespace baton::node
