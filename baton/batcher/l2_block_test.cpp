// SPDX-License-Identifier: MIT
#include <baton/batcher/l2_block.hpp>
#include <baton/batcher/test_util/l2_chain_builder.hpp>

#include <gtest/gtest.h>

namespace baton::batcher {
namespace {

TEST(L2BlockTest, IsDepositLooksAtTheTypeByte) {
    EXPECT_TRUE(is_deposit(Bytes{0x7e, 0x01}));
    EXPECT_FALSE(is_deposit(Bytes{0x02, 0x7e}));
    EXPECT_FALSE(is_deposit(Bytes{}));
}

TEST(L2BlockTest, SingularBatchKeepsUserTxnsInOrderAndDropsDeposits) {
    test_util::L2ChainBuilder chain(901, BlockId{keccak256(Bytes{1}), 0}, 1000, 2);
    L2Block b = chain.next(2);
    b.transactions.push_back(Bytes{0x7e, 0xaa});  // a user deposit after the user txns
    const auto batch = to_singular_batch(b);
    EXPECT_EQ(batch.parent_hash, b.parent_hash);
    EXPECT_EQ(batch.epoch_num, b.l1_origin.number);
    EXPECT_EQ(batch.epoch_hash, b.l1_origin.hash);
    EXPECT_EQ(batch.timestamp, b.timestamp);
    ASSERT_EQ(batch.transactions.size(), 2u);
    EXPECT_EQ(batch.transactions[0], b.transactions[1]);
    EXPECT_EQ(batch.transactions[1], b.transactions[2]);
}

TEST(L2BlockTest, FeeRecipientIsNamedOnlyWhenItIsNotTheVault) {
    test_util::L2ChainBuilder chain(901, BlockId{keccak256(Bytes{1}), 0}, 1000, 2);
    L2Block b = chain.next(0);
    EXPECT_EQ(b.fee_recipient, protocol::kSequencerFeeVaultAddress);
    EXPECT_FALSE(to_singular_batch(b).fee_recipient.has_value());
    b.fee_recipient = Address{0x5e};
    EXPECT_EQ(to_singular_batch(b).fee_recipient, Address{0x5e});
}

}  // namespace
}  // namespace baton::batcher
