// SPDX-License-Identifier: MIT
#include <baton/l1/mechanism_views.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/hex.hpp>
#include <baton/l1/test_util/fake_contract_calls.hpp>

#include <gtest/gtest.h>

#include <string>

namespace baton::l1 {
namespace {

using test_util::addr;
using test_util::FakeContractCalls;

std::string words(std::initializer_list<std::uint64_t> values) {
    std::string out = "0x";
    for (auto v : values) {
        const std::array<abi::Type, 1> t{abi::uint_type()};
        const std::array<abi::Value, 1> x{v};
        out += to_hex(*abi::encode(t, x)).substr(2);
    }
    return out;
}

rpc::Client client_of(const FakeContractCalls& inbox) {
    return *rpc::Client::make(inbox.node.url());
}

TEST(MechanismViewsTest, ReadsWeightAndTotal) {
    FakeContractCalls inbox;
    inbox.answer("weightAt(address,uint256)", words({2, 6}));
    auto client = client_of(inbox);
    auto w = read_weight_at(client, addr(1), addr(7), 42, rpc::BlockTag::at(42));
    ASSERT_TRUE(w) << to_string(w.error());
    ASSERT_TRUE(*w);
    EXPECT_EQ(**w, (LeaderWeight{2, 6}));
    // The member and the block travel in the call.
    EXPECT_NE(inbox.calldata.back().find(to_hex(addr(7)).substr(2)), std::string::npos);
    EXPECT_EQ(inbox.calldata.back().substr(inbox.calldata.back().size() - 2), "2a");
}

TEST(MechanismViewsTest, ARevertOrAnAnswerOfTheWrongShapeMeansNotImplemented) {
    FakeContractCalls reverts;
    reverts.answer("somethingElse()", words({1}));
    auto client = client_of(reverts);
    auto w = read_weight_at(client, addr(1), addr(7), 1, rpc::BlockTag::latest());
    ASSERT_TRUE(w) << to_string(w.error());
    EXPECT_FALSE(*w);
    auto window = read_window_of(client, addr(1), 1, rpc::BlockTag::latest());
    ASSERT_TRUE(window);
    EXPECT_FALSE(*window);

    // A leader's call reaches the fallback and succeeds with no return data.
    FakeContractCalls empty;
    empty.answer("weightAt(address,uint256)", "0x");
    auto empty_client = client_of(empty);
    auto e = read_weight_at(empty_client, addr(1), addr(7), 1, rpc::BlockTag::latest());
    ASSERT_TRUE(e);
    EXPECT_FALSE(*e);
}

TEST(MechanismViewsTest, AWeightAboveTheTotalIsMalformed) {
    FakeContractCalls inbox;
    inbox.answer("weightAt(address,uint256)", words({7, 6}));
    auto client = client_of(inbox);
    auto w = read_weight_at(client, addr(1), addr(7), 1, rpc::BlockTag::latest());
    ASSERT_FALSE(w);
    EXPECT_EQ(w.error().error, ScheduleError::kDecode);
}

TEST(MechanismViewsTest, ReadsTheWindowOfABlock) {
    FakeContractCalls inbox;
    inbox.answer("windowOf(uint256)", words({9}));
    auto client = client_of(inbox);
    auto window = read_window_of(client, addr(1), 77, rpc::BlockTag::latest());
    ASSERT_TRUE(window) << to_string(window.error());
    ASSERT_TRUE(*window);
    EXPECT_EQ(**window, 9u);
}

TEST(MechanismViewsTest, AnUnreachableNodeIsAnErrorNotAMissingFunction) {
    std::string url;
    {
        rpc::test_util::FakeNode gone;
        url = gone.url();
    }
    auto client = rpc::Client::make(url);
    ASSERT_TRUE(client);
    auto w = read_weight_at(*client, addr(1), addr(7), 1, rpc::BlockTag::latest());
    ASSERT_FALSE(w);
    EXPECT_EQ(w.error().error, ScheduleError::kRpc);
    auto window = read_window_of(*client, addr(1), 1, rpc::BlockTag::latest());
    ASSERT_FALSE(window);
}

TEST(MechanismViewsTest, ReportMissedCalldataIsTheSelectorAndTheWindow) {
    const Bytes data = report_missed_calldata(5);
    ASSERT_EQ(data.size(), 36u);
    const auto sel = abi::selector("reportMissed(uint256)");
    EXPECT_TRUE(std::equal(sel.begin(), sel.end(), data.begin()));
    EXPECT_EQ(data.back(), 5);
    EXPECT_NE(data[0], 0x00);  // a batch (version byte 0x00) can never call it
}

}  // namespace
}  // namespace baton::l1
