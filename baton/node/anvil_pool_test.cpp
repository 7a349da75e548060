// SPDX-License-Identifier: MIT
// The pool split that does not need anvil (tests/integration/engine_test.cpp runs the gate and the
// drain against the real thing).
#include <baton/node/anvil_pool.hpp>

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace baton::node {
namespace {

PoolTxn pool_txn(std::uint8_t sender, std::uint64_t nonce) {
    PoolTxn t;
    t.from[19] = sender;
    t.nonce = nonce;
    t.hash[0] = sender;
    t.hash[31] = static_cast<std::uint8_t>(nonce);
    return t;
}

std::vector<std::uint64_t> nonces_of(const std::vector<PoolTxn>& txns, std::uint8_t sender) {
    std::vector<std::uint64_t> out;
    for (const auto& t : txns) {
        if (t.from[19] == sender) out.push_back(t.nonce);
    }
    return out;
}

TEST(AnvilPoolTest, SplitSendsOnlyTheRunFromTheAccountNonce) {
    // Sender 1 at nonce 3: 3, 4 go, 6 and 7 wait behind the gap at 5, 2 is stale.
    // Sender 2 at nonce 0: 0 goes. Sender 3 at nonce 1 has only 2: everything waits.
    std::vector<PoolTxn> drained{pool_txn(1, 7), pool_txn(2, 0), pool_txn(1, 3), pool_txn(1, 2),
                                 pool_txn(1, 6), pool_txn(3, 2), pool_txn(1, 4)};
    std::map<Address, std::uint64_t> nonces;
    nonces[pool_txn(1, 0).from] = 3;
    nonces[pool_txn(3, 0).from] = 1;  // sender 2 absent: nonce 0
    const PoolSplit split = split_by_account_nonce(drained, nonces);
    EXPECT_EQ(nonces_of(split.send, 1), (std::vector<std::uint64_t>{3, 4}));
    EXPECT_EQ(nonces_of(split.send, 2), (std::vector<std::uint64_t>{0}));
    EXPECT_TRUE(nonces_of(split.send, 3).empty());
    EXPECT_EQ(nonces_of(split.held, 1), (std::vector<std::uint64_t>{6, 7}));
    EXPECT_EQ(nonces_of(split.held, 3), (std::vector<std::uint64_t>{2}));
    EXPECT_EQ(nonces_of(split.stale, 1), (std::vector<std::uint64_t>{2}));
    EXPECT_EQ(split.send.size() + split.held.size() + split.stale.size(), drained.size());
}

TEST(AnvilPoolTest, SplitNeverSendsTwoTxnsForOneNonce) {
    // Two txns with one nonce (anvil never lists both, but a bad answer might): one goes, the
    // other is stale, and the run goes on with the next nonce.
    std::vector<PoolTxn> drained{pool_txn(1, 0), pool_txn(1, 0), pool_txn(1, 1)};
    drained[1].hash[5] = 0xff;
    const PoolSplit split = split_by_account_nonce(drained, {});
    EXPECT_EQ(nonces_of(split.send, 1), (std::vector<std::uint64_t>{0, 1}));
    EXPECT_EQ(nonces_of(split.stale, 1), (std::vector<std::uint64_t>{0}));
    EXPECT_TRUE(split.held.empty());
}

}  // namespace
}  // namespace baton::node
