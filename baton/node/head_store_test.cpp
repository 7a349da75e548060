// SPDX-License-Identifier: MIT
#include <baton/node/head_store.hpp>
#include <baton/node/node_metrics.hpp>

#include <gtest/gtest.h>

#include <unistd.h>
#include <fstream>

namespace baton::node {
namespace {

std::filesystem::path fresh_dir(const char* tag) {
    auto dir = std::filesystem::temp_directory_path() /
               (std::string("baton_head_store_") + tag + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    return dir;
}

TEST(HeadStoreTest, MissingFileIsNoHeads) {
    const HeadStore store(fresh_dir("missing"));
    auto loaded = store.load();
    ASSERT_TRUE(loaded);
    EXPECT_FALSE(*loaded);
}

TEST(HeadStoreTest, SaveThenLoadRoundTripsAndReplaces) {
    const auto dir = fresh_dir("roundtrip");
    const HeadStore store(dir / "nested");
    PersistedHeads heads;
    heads.safe.hash[0] = 0xab;
    heads.safe.number = 42;
    heads.finalized.hash[31] = 0xcd;
    heads.finalized.number = 7;
    ASSERT_TRUE(store.save(heads));
    heads.safe.number = 43;
    ASSERT_TRUE(store.save(heads));
    auto loaded = store.load();
    ASSERT_TRUE(loaded);
    ASSERT_TRUE(*loaded);
    EXPECT_EQ(**loaded, heads);
    // Only the file itself: the temp file was renamed over it.
    std::size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir / "nested")) {
        EXPECT_EQ(e.path().filename(), "heads.json");
        ++files;
    }
    EXPECT_EQ(files, 1u);
    std::filesystem::remove_all(dir);
}

TEST(HeadStoreTest, MalformedFileIsAnError) {
    const auto dir = fresh_dir("malformed");
    std::filesystem::create_directories(dir);
    const HeadStore store(dir);
    std::ofstream(store.file()) << "{\"safe\":{\"hash\":\"0x12\",\"number\":1}}";
    EXPECT_FALSE(store.load());
    std::ofstream(store.file(), std::ios::trunc) << "not json";
    EXPECT_FALSE(store.load());
    std::filesystem::remove_all(dir);
}

TEST(NodeMetricsTest, RendersCountersAndHeads) {
    NodeMetrics m;
    m.record_drop(derive::DropReason::kFrameOutOfOrder);
    m.record_drop(derive::DropReason::kFrameOutOfOrder);
    m.record_engine_error(EngineErrorKind::kUnavailable);
    m.record_temporary_error(DriverErrorSource::kL1);
    m.set_l1_rpc_errors(5);
    m.set_l1_rpc_errors(3);  // never goes back
    m.set_heads(10, 8, 4, 30, 31);
    EXPECT_EQ(m.drops(derive::DropReason::kFrameOutOfOrder), 2u);
    const std::string text = m.render();
    const std::string drop_line = std::string("baton_node_derivation_drops_total{reason=\"") +
                                  derive::to_string(derive::DropReason::kFrameOutOfOrder) + "\"} 2";
    EXPECT_NE(text.find(drop_line), std::string::npos) << text;
    EXPECT_NE(text.find("baton_node_engine_errors_total{kind=\""), std::string::npos);
    EXPECT_NE(text.find("baton_node_temporary_errors_total{source=\"L1\"} 1"), std::string::npos);
    EXPECT_NE(text.find("baton_node_l1_rpc_errors_total 5"), std::string::npos) << text;
    EXPECT_NE(text.find("baton_node_head{head=\"safe_l2\"} 8"), std::string::npos);
    EXPECT_NE(text.find("baton_node_head{head=\"head_l1\"} 31"), std::string::npos);
}

}  // namespace
}  // namespace baton::node
