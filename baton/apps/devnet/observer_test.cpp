// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/observer.hpp>

#include <baton/core/keccak.hpp>

#include <gtest/gtest.h>

#include <string_view>

namespace baton::apps::devnet {
namespace {

Address addr(std::uint8_t last) {
    Address a{};
    a[19] = last;
    return a;
}

B256 word(std::uint64_t v) {
    B256 w{};
    for (int i = 0; i < 8; ++i) w[31 - i] = static_cast<std::uint8_t>(v >> (8 * i));
    return w;
}

B256 address_topic(const Address& a) {
    B256 w{};
    std::copy(a.begin(), a.end(), w.begin() + 12);
    return w;
}

// One batch tx from `sender` to the inbox (0x42), and its receipt with `logs`.
struct OneTx {
    rpc::Block block;
    std::vector<rpc::TransactionReceipt> receipts;

    OneTx(const Address& sender, bool status, std::vector<Log> logs) {
        DynamicFeeTx txn;
        txn.to = addr(0x42);
        txn.data = Bytes{0x00, 0x01};
        rpc::RpcTransaction tx{Transaction(txn), word(7), sender, {}, {}, {}};
        block.transactions.push_back(tx);
        rpc::TransactionReceipt receipt;
        receipt.transaction_hash = word(7);
        receipt.receipt.status = status;
        receipt.receipt.logs = std::move(logs);
        receipts.push_back(receipt);
    }
};

Log ladder_post(const Address& emitter, const Address& poster, std::uint64_t rung) {
    const std::string_view signature = "LadderPost(address,uint256,uint8)";
    const B256 topic =
        keccak256(ByteView(reinterpret_cast<const std::uint8_t*>(signature.data()), signature.size()));
    const B256 data = word(rung);
    return Log{emitter, {topic, address_topic(poster), word(3)}, Bytes(data.begin(), data.end())};
}

TEST(DevnetObserverTest, AnInboxLadderPostGivesTheRungOfItsOwnSender) {
    const std::vector<Address> batchers{addr(1), addr(2)};
    const OneTx backup(addr(2), true, {ladder_post(addr(0x42), addr(2), 2)});
    auto txs = classify_inbox_txs(backup.block, backup.receipts, addr(0x42), batchers);
    ASSERT_EQ(txs.size(), 1U);
    EXPECT_EQ(txs[0].batcher, 2U);
    EXPECT_EQ(txs[0].ladder_rung, 2);
    // Another contract's event, another poster's, a rung out of range, or a failed tx: no rung.
    for (const auto& other : {OneTx(addr(2), true, {ladder_post(addr(0x43), addr(2), 2)}),
                              OneTx(addr(2), true, {ladder_post(addr(0x42), addr(1), 2)}),
                              OneTx(addr(2), true, {ladder_post(addr(0x42), addr(2), 9)}),
                              OneTx(addr(2), false, {ladder_post(addr(0x42), addr(2), 2)})}) {
        auto none = classify_inbox_txs(other.block, other.receipts, addr(0x42), batchers);
        ASSERT_EQ(none.size(), 1U);
        EXPECT_FALSE(none[0].ladder_rung.has_value());
    }
}

}  // namespace
}  // namespace baton::apps::devnet
