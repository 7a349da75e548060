// SPDX-License-Identifier: MIT
#include <baton/l1/beacon_blob_source.hpp>

#include <baton/core/hex.hpp>
#include <baton/protocol/blob.hpp>
#include <baton/rpc/test_util/fake_node.hpp>

#include <gtest/gtest.h>

#include <string>

namespace baton::l1 {
namespace {

using derive::Reason;
using derive::Severity;
using rpc::test_util::FakeNode;

Bytes blob_with(std::uint8_t first) {
    Bytes blob(protocol::kBlobSize, 0);
    blob[0] = first;
    return blob;
}

// What anvil 1.7.1 answers (measured), with `blobs` as its data.
std::string anvil_answer(const std::vector<Bytes>& blobs) {
    std::string body = R"({"execution_optimistic":false,"finalized":false,"data":[)";
    for (std::size_t i = 0; i < blobs.size(); ++i) body += (i ? ",\"" : "\"") + to_hex(blobs[i]) + "\"";
    return body + "]}";
}

TEST(BeaconBlobsDecodeTest, DecodesAnvilsAnswer) {
    auto got = decode_beacon_blobs(anvil_answer({blob_with(1), blob_with(2)}));
    ASSERT_TRUE(got.has_value());
    ASSERT_EQ(got->size(), 2u);
    EXPECT_EQ((*got)[0], blob_with(1));
    EXPECT_EQ((*got)[1], blob_with(2));
    auto none = decode_beacon_blobs(R"({"execution_optimistic":false,"finalized":false,"data":[]})");
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->empty());
}

TEST(BeaconBlobsDecodeTest, RejectsEveryMalformedShape) {
    const std::string good = "\"" + to_hex(blob_with(0)) + "\"";
    const struct {
        std::string body;
        BeaconBlobsError error;
        std::size_t index;
    } cases[] = {
        {"", BeaconBlobsError::kNotJson, 0},
        {"{\"data\":[", BeaconBlobsError::kNotJson, 0},
        {"[]", BeaconBlobsError::kNoData, 0},
        {R"({"code":404,"message":"Block not found"})", BeaconBlobsError::kNoData, 0},
        {R"({"data":{}})", BeaconBlobsError::kNoData, 0},
        {"{\"data\":[" + good + ",7]}", BeaconBlobsError::kBlobNotHex, 1},
        {R"({"data":["00ff"]})", BeaconBlobsError::kBlobNotHex, 0},
        {R"({"data":["0xzz"]})", BeaconBlobsError::kBlobNotHex, 0},
        {R"({"data":["0x0102"]})", BeaconBlobsError::kWrongSize, 0},
    };
    for (const auto& c : cases) {
        auto got = decode_beacon_blobs(c.body);
        ASSERT_FALSE(got.has_value()) << c.body;
        EXPECT_EQ(got.error().error, c.error) << c.body << ": " << to_string(got.error().error);
        EXPECT_EQ(got.error().index, c.index) << c.body;
    }
}

class BeaconBlobSourceTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto made = BeaconBlobSource::make(node.url());
        ASSERT_TRUE(made.has_value());
        source = std::move(*made);
        block.number = 4;
        block.hash[0] = 0xab;
    }

    derive::PipelineResult<std::vector<Bytes>> ask(std::initializer_list<derive::IndexedBlobHash> hashes) {
        const std::vector<derive::IndexedBlobHash> v(hashes);
        return source->blobs(block, v);
    }

    FakeNode node;
    std::unique_ptr<BeaconBlobSource> source;
    derive::L1BlockRef block;
};

TEST_F(BeaconBlobSourceTest, AsksByBlockHashAndPicksByIndex) {
    node.on_get([](const std::string&) {
        return std::pair{200, anvil_answer({blob_with(0), blob_with(1)})};
    });
    auto got = ask({{1, {}}, {0, {}}});
    ASSERT_TRUE(got.has_value()) << derive::to_string(got.error());
    ASSERT_EQ(got->size(), 2u);
    EXPECT_EQ((*got)[0], blob_with(1));
    EXPECT_EQ((*got)[1], blob_with(0));
    ASSERT_EQ(node.gets().size(), 1u);
    EXPECT_EQ(node.gets()[0], "/eth/v1/beacon/blobs/" + to_hex(block.hash));
}

TEST_F(BeaconBlobSourceTest, FailuresAreTemporary) {
    const struct {
        const char* name;
        int status;
        std::string body;
        Reason reason;
        const char* detail;
    } cases[] = {
        {"unknown block", 404, R"({"code":404,"message":"Block not found"})", Reason::kMissingL1Data,
         "not found"},
        {"index past the list", 200, anvil_answer({blob_with(0)}), Reason::kMissingL1Data, "none at index 1"},
        {"deprecated route", 410, R"({"code":410,"message":"deprecated"})", Reason::kProvider, "HTTP 410"},
        {"server error", 500, "oops", Reason::kProvider, "HTTP 500"},
        {"malformed", 200, R"({"data":["0x01"]})", Reason::kProvider, "not 131072 bytes"},
    };
    for (const auto& c : cases) {
        node.on_get([&c](const std::string&) { return std::pair{c.status, c.body}; });
        auto got = ask({{1, {}}});
        ASSERT_FALSE(got.has_value()) << c.name;
        EXPECT_TRUE(got.error().is(Severity::kTemporary, c.reason))
            << c.name << ": " << derive::to_string(got.error());
        EXPECT_NE(got.error().detail.find(c.detail), std::string::npos)
            << c.name << ": " << got.error().detail;
    }
}

TEST_F(BeaconBlobSourceTest, UnreachableServerIsTemporary) {
    auto made = BeaconBlobSource::make("http://127.0.0.1:1");
    ASSERT_TRUE(made.has_value());
    const derive::IndexedBlobHash wanted[] = {{0, {}}};
    auto got = (*made)->blobs(block, wanted);
    ASSERT_FALSE(got.has_value());
    EXPECT_TRUE(got.error().is(Severity::kTemporary, Reason::kProvider)) << derive::to_string(got.error());
}

}  // namespace
}  // namespace baton::l1
