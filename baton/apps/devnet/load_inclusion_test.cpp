// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/load_inclusion.hpp>

#include <gtest/gtest.h>

namespace baton::apps::devnet {
namespace {

B256 hash_of(std::uint8_t n) {
    B256 h{};
    h[31] = n;
    return h;
}

Address sender_of(std::uint8_t n) {
    Address a{};
    a[19] = n;
    return a;
}

TEST(DevnetLoadInclusionTest, EveryAcceptedTxInTheChainIsIncludedOnce) {
    const std::vector<SentLoadTx> sent = {
        {sender_of(1), 0, hash_of(1)}, {sender_of(1), 1, hash_of(2)}, {sender_of(2), 0, hash_of(3)}};
    const auto load = check_load_inclusion(sent, {{hash_of(1)}, {hash_of(9), hash_of(2), hash_of(3)}},
                                           {{sender_of(1), 2}, {sender_of(2), 1}});
    EXPECT_EQ(load.accepted, 3U);
    EXPECT_EQ(load.included, 3U);
    EXPECT_EQ(load.lost, 0U);
    EXPECT_EQ(load.pending, 0U);
    EXPECT_TRUE(load.all_included_once());
}

// With --rotate each tx goes to every node; two nodes accepting it is still one tx.
TEST(DevnetLoadInclusionTest, ATxAcceptedByTwoNodesIsOneTx) {
    const std::vector<SentLoadTx> sent = {{sender_of(1), 0, hash_of(1)}, {sender_of(1), 0, hash_of(1)}};
    const auto load = check_load_inclusion(sent, {{hash_of(1)}}, {{sender_of(1), 1}});
    EXPECT_EQ(load.accepted, 1U);
    EXPECT_EQ(load.included, 1U);
}

// A tx whose nonce slot another tx took is lost; one whose nonce is not reached yet is pending.
TEST(DevnetLoadInclusionTest, ATxWhoseNonceWasTakenIsLostAndALaterOneIsPending) {
    const std::vector<SentLoadTx> sent = {{sender_of(1), 0, hash_of(1)},   // replaced by a resend
                                          {sender_of(1), 0, hash_of(2)},   // the resend, included
                                          {sender_of(1), 1, hash_of(3)}};  // not safe yet
    const auto load = check_load_inclusion(sent, {{hash_of(2)}}, {{sender_of(1), 1}});
    EXPECT_EQ(load.included, 1U);
    EXPECT_EQ(load.lost, 1U);
    EXPECT_EQ(load.pending, 1U);
    EXPECT_FALSE(load.all_included_once());
}

TEST(DevnetLoadInclusionTest, ATxInTwoBlocksIsCountedTwice) {
    const std::vector<SentLoadTx> sent = {{sender_of(1), 0, hash_of(1)}};
    const auto load = check_load_inclusion(sent, {{hash_of(1)}, {hash_of(1)}}, {{sender_of(1), 1}});
    EXPECT_EQ(load.included, 1U);
    EXPECT_EQ(load.included_twice, 1U);
    EXPECT_FALSE(load.all_included_once());
}

// A sender the chain never saw has nonce 0: its txs are pending, not lost.
TEST(DevnetLoadInclusionTest, AnUnknownSenderIsAtNonceZero) {
    const auto load = check_load_inclusion({{sender_of(7), 0, hash_of(1)}}, {}, {});
    EXPECT_EQ(load.pending, 1U);
    EXPECT_EQ(load.lost, 0U);
}

}  // namespace
}  // namespace baton::apps::devnet
