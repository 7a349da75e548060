// SPDX-License-Identifier: MIT
// RpcL1Provider over a scripted node (rpc test_util FakeNode) serving a real anvil 1.7.1 block and
// its receipts (baton/rpc/testdata/anvil_responses.json), edited per test.
#include <baton/l1/rpc_l1_provider.hpp>

#include <baton/l1/beacon_blob_source.hpp>

#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/protocol/blob.hpp>
#include <baton/rpc/json_codec.hpp>
#include <baton/rpc/test_util/fake_node.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <utility>

namespace baton::l1 {
namespace {

using derive::L1BlockRef;
using derive::Reason;
using derive::Severity;
using nlohmann::json;
using rpc::test_util::FakeNode;

const json& responses() {
    static const json doc = [] {
        std::ifstream in(std::string(BATON_SOURCE_DIR) + "/baton/rpc/testdata/anvil_responses.json");
        return json::parse(in).at("responses");
    }();
    return doc;
}

std::string hex(const B256& h) {
    return to_hex(ByteView(h.data(), h.size()));
}

B256 fake_hash(std::uint64_t number) {
    std::string text = std::to_string(number);
    return keccak256(as_view(text));
}

// The recorded block #4 (one txn with a log), renumbered to `number` with synthetic hashes so a
// chain of them can be served. Header hashes are not recomputed by the decoder, which is fine here.
json block_json(std::uint64_t number) {
    json b = responses().at("block_full");
    if (number != 4) {
        b["number"] = rpc::encode_quantity(number);
        b["hash"] = hex(fake_hash(number));
        b["parentHash"] = hex(fake_hash(number - 1));
    }
    return b;
}

json receipts_json(const json& block) {
    json r = responses().at("block_receipts");
    for (auto& receipt : r) {
        receipt["blockHash"] = block.at("hash");
        receipt["blockNumber"] = block.at("number");
        for (auto& log : receipt["logs"]) {
            log["blockHash"] = block.at("hash");
            log["blockNumber"] = block.at("number");
        }
    }
    return r;
}

std::uint64_t number_param(const json& params) {
    auto n = rpc::decode_u64(params.at(0));
    return n ? *n : ~std::uint64_t{0};
}

// A node with blocks 1..head built by block_json, answering by number, by hash and receipts.
struct ChainNode {
    FakeNode node;
    std::uint64_t head = 6;

    ChainNode() {
        node.on("eth_getBlockByNumber", [this](const json& params) -> Result<json, rpc::RpcError> {
            const auto& tag = params.at(0);
            if (tag == "latest") return block_json(head);
            if (tag == "safe") return block_json(head - 1);
            if (tag == "finalized") return json(nullptr);
            const std::uint64_t n = number_param(params);
            if (n < 1 || n > head) return json(nullptr);
            return block_json(n);
        });
        node.on("eth_getBlockByHash", [this](const json& params) -> Result<json, rpc::RpcError> {
            for (std::uint64_t n = 1; n <= head; ++n) {
                json b = block_json(n);
                if (b.at("hash") == params.at(0)) return b;
            }
            return json(nullptr);
        });
        node.on("eth_getBlockReceipts", [this](const json& params) -> Result<json, rpc::RpcError> {
            for (std::uint64_t n = 1; n <= head; ++n) {
                json b = block_json(n);
                if (b.at("hash") == params.at(0)) return receipts_json(b);
            }
            return json(nullptr);
        });
    }

    std::size_t count(const std::string& method) const {
        std::size_t n = 0;
        for (const auto& r : node.requests())
            if (r.at("method") == method) ++n;
        return n;
    }
};

RpcL1Provider make_provider(const std::string& url, RpcL1ProviderOptions options = {}) {
    auto client = rpc::Client::make(url);
    EXPECT_TRUE(client.has_value());
    return RpcL1Provider(std::move(*client), std::move(options));
}

TEST(RpcL1ProviderTest, ReadsABlockOnceForRefTxnsReceiptsAndHeader) {
    ChainNode chain;
    auto provider = make_provider(chain.node.url());
    const json& recorded = responses().at("block_full");

    auto ref = provider.block_ref_by_number(4);
    ASSERT_TRUE(ref.has_value()) << derive::to_string(ref.error());
    EXPECT_EQ(hex(ref->hash), recorded.at("hash").get<std::string>());
    EXPECT_EQ(ref->number, 4U);
    EXPECT_EQ(hex(ref->parent_hash), recorded.at("parentHash").get<std::string>());
    EXPECT_EQ(ref->timestamp, 0x6b05b2f4U);

    auto txns = provider.transactions(*ref);
    ASSERT_TRUE(txns.has_value()) << derive::to_string(txns.error());
    ASSERT_EQ(txns->size(), 1U);
    EXPECT_EQ(hex((*txns)[0].hash), recorded.at("transactions").at(0).at("hash").get<std::string>());
    EXPECT_EQ(transaction_hash((*txns)[0].txn), (*txns)[0].hash);

    for (int i = 0; i < 2; ++i) {
        auto receipts = provider.receipts(*ref);
        ASSERT_TRUE(receipts.has_value()) << derive::to_string(receipts.error());
        ASSERT_EQ(receipts->size(), 1U);
        EXPECT_TRUE((*receipts)[0].status);
        EXPECT_EQ((*receipts)[0].logs.size(), 1U);
    }

    auto header = provider.header(*ref);
    ASSERT_TRUE(header.has_value()) << derive::to_string(header.error());
    EXPECT_EQ(header->ref, *ref);
    EXPECT_EQ(header->base_fee, U256(0x27fac7a1));
    EXPECT_EQ(header->blob_base_fee, U256(1));  // excessBlobGas 0
    EXPECT_EQ(hex(header->mix_hash), recorded.at("mixHash").get<std::string>());
    EXPECT_EQ(header->parent_beacon_block_root, B256{});

    // One block fetch and one receipts fetch served all of the above.
    EXPECT_EQ(chain.count("eth_getBlockByNumber"), 1U);
    EXPECT_EQ(chain.count("eth_getBlockByHash"), 0U);
    EXPECT_EQ(chain.count("eth_getBlockReceipts"), 1U);
    EXPECT_EQ(provider.rpc_errors(), 0U);

    auto by_hash = provider.block_ref_by_hash(ref->hash);
    ASSERT_TRUE(by_hash.has_value());
    EXPECT_EQ(*by_hash, *ref);
}

TEST(RpcL1ProviderTest, ABlockNotMinedYetIsEofAndNotAnError) {
    ChainNode chain;
    auto provider = make_provider(chain.node.url());
    auto got = provider.block_ref_by_number(7);
    ASSERT_FALSE(got.has_value());
    EXPECT_TRUE(got.error().is_eof()) << derive::to_string(got.error());
    EXPECT_EQ(provider.rpc_errors(), 0U);
}

TEST(RpcL1ProviderTest, AnUnreachableNodeIsTemporaryAndCounted) {
    std::string url;
    {
        FakeNode gone;
        url = gone.url();
    }
    rpc::ClientOptions options;
    options.connect_timeout = std::chrono::milliseconds(500);
    auto client = rpc::Client::make(url, options);
    ASSERT_TRUE(client.has_value());
    RpcL1Provider provider(std::move(*client));
    auto got = provider.block_ref_by_number(1);
    ASSERT_FALSE(got.has_value());
    EXPECT_TRUE(got.error().is(Severity::kTemporary, Reason::kProvider)) << derive::to_string(got.error());
    auto head = provider.head_ref();
    ASSERT_FALSE(head.has_value());
    EXPECT_TRUE(head.error().is(Severity::kTemporary, Reason::kProvider));
    EXPECT_EQ(provider.rpc_errors(), 2U);
}

TEST(RpcL1ProviderTest, ANodeErrorIsTemporary) {
    FakeNode node;
    node.on_error("eth_getBlockByNumber",
                  rpc::make_error(rpc::RpcErrorKind::kRpcError, "overloaded", -32000));
    auto provider = make_provider(node.url());
    auto got = provider.block_ref_by_number(1);
    ASSERT_FALSE(got.has_value());
    EXPECT_TRUE(got.error().is(Severity::kTemporary, Reason::kProvider));
    EXPECT_NE(got.error().detail.find("overloaded"), std::string::npos) << got.error().detail;
    EXPECT_EQ(provider.rpc_errors(), 1U);
}

TEST(RpcL1ProviderTest, AReorgedOutBlockIsAReset) {
    ChainNode chain;
    auto provider = make_provider(chain.node.url());
    // A ref to a #5 the node never had: #5 is now another block.
    L1BlockRef stale{fake_hash(555), 5, fake_hash(4), 0};
    for (int which = 0; which < 3; ++which) {
        derive::PipelineError error;
        if (which == 0) error = provider.transactions(stale).error();
        if (which == 1) error = provider.receipts(stale).error();
        if (which == 2) error = provider.header(stale).error();
        EXPECT_TRUE(error.is(Severity::kReset, Reason::kBlockHashMismatch)) << derive::to_string(error);
    }
    // A ref past the node's head is "not there yet".
    L1BlockRef ahead{fake_hash(9), 9, fake_hash(8), 0};
    auto got = provider.transactions(ahead);
    ASSERT_FALSE(got.has_value());
    EXPECT_TRUE(got.error().is_eof()) << derive::to_string(got.error());
}

TEST(RpcL1ProviderTest, AnAnswerForAnotherBlockIsAReset) {
    FakeNode node;
    node.on_result("eth_getBlockByHash", block_json(3));
    auto provider = make_provider(node.url());
    auto got = provider.block_ref_by_hash(fake_hash(4));
    ASSERT_FALSE(got.has_value());
    EXPECT_TRUE(got.error().is(Severity::kReset, Reason::kBlockHashMismatch))
        << derive::to_string(got.error());
    auto txns = provider.transactions(L1BlockRef{fake_hash(4), 4, fake_hash(3), 0});
    ASSERT_FALSE(txns.has_value());
    EXPECT_TRUE(txns.error().is(Severity::kReset, Reason::kBlockHashMismatch));
}

TEST(RpcL1ProviderTest, AnUnknownHashIsMissingData) {
    ChainNode chain;
    auto provider = make_provider(chain.node.url());
    auto got = provider.block_ref_by_hash(fake_hash(77));
    ASSERT_FALSE(got.has_value());
    EXPECT_TRUE(got.error().is(Severity::kTemporary, Reason::kMissingL1Data))
        << derive::to_string(got.error());
}

TEST(RpcL1ProviderTest, ATxnWhoseEnvelopeDoesNotHashToItsHashIsCritical) {
    FakeNode node;
    json b = block_json(2);
    b["transactions"][0]["hash"] = hex(fake_hash(1234));
    node.on_result("eth_getBlockByNumber", b);
    auto provider = make_provider(node.url());
    auto got = provider.block_ref_by_number(2);
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().severity, Severity::kCritical) << derive::to_string(got.error());
    EXPECT_EQ(provider.rpc_errors(), 1U);
}

TEST(RpcL1ProviderTest, ReceiptsThatDoNotMatchTheBlockAreRejected) {
    struct Case {
        const char* name;
        void (*mutate)(json& receipts);
        Severity severity;
        Reason reason;
    };
    const Case cases[] = {
        {"one receipt too many", [](json& r) { r.push_back(r.at(0)); }, Severity::kTemporary,
         Reason::kInconsistentL1Data},
        {"none", [](json& r) { r = json::array(); }, Severity::kTemporary, Reason::kInconsistentL1Data},
        {"another txn", [](json& r) { r[0]["transactionHash"] = hex(fake_hash(99)); }, Severity::kTemporary,
         Reason::kInconsistentL1Data},
        {"another index", [](json& r) { r[0]["transactionIndex"] = "0x1"; }, Severity::kTemporary,
         Reason::kInconsistentL1Data},
        {"another block", [](json& r) { r[0]["blockHash"] = hex(fake_hash(98)); }, Severity::kReset,
         Reason::kBlockHashMismatch},
        {"unknown block", [](json& r) { r = nullptr; }, Severity::kReset, Reason::kBlockHashMismatch},
    };
    for (const auto& c : cases) {
        FakeNode node;
        const json block = block_json(4);
        json receipts = receipts_json(block);
        c.mutate(receipts);
        node.on_result("eth_getBlockByNumber", block);
        node.on_result("eth_getBlockReceipts", receipts);
        auto provider = make_provider(node.url());
        auto ref = provider.block_ref_by_number(4);
        ASSERT_TRUE(ref.has_value()) << c.name;
        auto got = provider.receipts(*ref);
        ASSERT_FALSE(got.has_value()) << c.name;
        EXPECT_TRUE(got.error().is(c.severity, c.reason)) << c.name << ": " << derive::to_string(got.error());
        EXPECT_EQ(provider.rpc_errors(), 1U) << c.name;
    }
}

TEST(RpcL1ProviderTest, HeadSafeAndFinalizedTags) {
    ChainNode chain;
    auto provider = make_provider(chain.node.url());
    auto head = provider.head_ref();
    ASSERT_TRUE(head.has_value());
    EXPECT_EQ(head->number, 6U);
    EXPECT_EQ(head->hash, fake_hash(6));
    auto safe = provider.safe_ref();
    ASSERT_TRUE(safe.has_value());
    EXPECT_EQ(safe->number, 5U);
    auto finalized = provider.finalized_ref();
    ASSERT_FALSE(finalized.has_value());
    EXPECT_TRUE(finalized.error().is_eof());
    EXPECT_EQ(chain.count("eth_getBlockByNumber"), 3U);
    // Tags are asked with hashes only: a head poll must not pull every txn of the block.
    for (const auto& r : chain.node.requests()) EXPECT_EQ(r.at("params").at(1), false);
}

TEST(RpcL1ProviderTest, TheCacheIsBounded) {
    ChainNode chain;
    RpcL1ProviderOptions options;
    options.cache_blocks = 2;
    auto provider = make_provider(chain.node.url(), options);
    std::vector<L1BlockRef> refs;
    for (std::uint64_t n = 1; n <= 3; ++n) {
        auto ref = provider.block_ref_by_number(n);
        ASSERT_TRUE(ref.has_value());
        refs.push_back(*ref);
    }
    EXPECT_EQ(provider.cached_blocks(), 2U);
    ASSERT_TRUE(provider.transactions(refs[2]).has_value());  // cached
    EXPECT_EQ(chain.count("eth_getBlockByHash"), 0U);
    ASSERT_TRUE(provider.transactions(refs[0]).has_value());  // evicted: fetched again
    EXPECT_EQ(chain.count("eth_getBlockByHash"), 1U);
    EXPECT_EQ(provider.cached_blocks(), 2U);
}

TEST(RpcL1ProviderTest, BlobBaseFeeFollowsEip4844) {
    // Reference values from the EIP's fake_exponential in Python.
    EXPECT_EQ(blob_base_fee(0, 5007716), U256(1));
    EXPECT_EQ(blob_base_fee(std::uint64_t{10} * 131072, 3338477), U256(1));
    EXPECT_EQ(blob_base_fee(100'000'000, 5007716), U256(470442149));
    EXPECT_EQ(blob_base_fee(100'000'000, 8346193), U256(159773));
    EXPECT_EQ(blob_base_fee(1, 0), std::nullopt);
    EXPECT_EQ(blob_base_fee(~std::uint64_t{0}, 3338477), std::nullopt);  // overflows, no crash

    FakeNode node;
    json b = block_json(4);
    b["excessBlobGas"] = rpc::encode_quantity(std::uint64_t{100'000'000});
    node.on_result("eth_getBlockByNumber", b);
    RpcL1ProviderOptions prague;
    prague.blob_base_fee_update_fraction = 5007716;
    auto provider = make_provider(node.url(), prague);
    auto ref = provider.block_ref_by_number(4);
    ASSERT_TRUE(ref.has_value());
    auto header = provider.header(*ref);
    ASSERT_TRUE(header.has_value());
    EXPECT_EQ(header->blob_base_fee, U256(470442149));
}

// A block #4 whose only txn is a blob txn carrying `hashes` (unsigned: the decoder checks the
// envelope hash, not the signature).
json blob_block_json(const std::vector<B256>& hashes) {
    BlobTx tx;
    tx.chain_id = 31337;
    tx.max_priority_fee_per_gas = U256(1);
    tx.max_fee_per_gas = U256(2);
    tx.gas_limit = 21000;
    tx.to[19] = 0xff;
    tx.max_fee_per_blob_gas = U256(1);
    tx.blob_versioned_hashes = hashes;
    tx.signature = Signature{U256(1), U256(2), 0};
    json j = responses().at("block_full");
    json hashes_json = json::array();
    for (const auto& h : hashes) hashes_json.push_back(hex(h));
    const B256 txn_hash = transaction_hash(Transaction{tx});
    j["transactions"] = json::array({json{
        {"type", "0x3"},
        {"chainId", "0x7a69"},
        {"nonce", "0x0"},
        {"gas", "0x5208"},
        {"maxFeePerGas", "0x2"},
        {"maxPriorityFeePerGas", "0x1"},
        {"to", "0x00000000000000000000000000000000000000ff"},
        {"value", "0x0"},
        {"input", "0x"},
        {"accessList", json::array()},
        {"maxFeePerBlobGas", "0x1"},
        {"blobVersionedHashes", hashes_json},
        {"r", "0x1"},
        {"s", "0x2"},
        {"yParity", "0x0"},
        {"hash", hex(txn_hash)},
        {"from", "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"},
        {"blockHash", j.at("hash")},
        {"blockNumber", "0x4"},
        {"transactionIndex", "0x0"},
    }});
    return j;
}

TEST(RpcL1ProviderTest, FetchesBlobsByVersionedHashFromAnvil) {
    B256 h0 = fake_hash(1000);
    B256 h1 = fake_hash(1001);
    h0[0] = h1[0] = 0x01;
    FakeNode node;
    node.on_result("eth_getBlockByNumber", blob_block_json({h0, h1}));
    node.on("anvil_getBlobByHash", [h1](const json& params) -> Result<json, rpc::RpcError> {
        Bytes blob(protocol::kBlobSize, 0);
        blob[0] = params.at(0) == hex(h1) ? 1 : 0;
        return to_hex(blob);
    });
    auto provider = make_provider(node.url());
    auto ref = provider.block_ref_by_number(4);
    ASSERT_TRUE(ref.has_value()) << derive::to_string(ref.error());

    const derive::IndexedBlobHash wanted[] = {{1, h1}, {0, h0}};
    auto blobs = provider.blobs(*ref, wanted);
    ASSERT_TRUE(blobs.has_value()) << derive::to_string(blobs.error());
    ASSERT_EQ(blobs->size(), 2U);
    EXPECT_EQ((*blobs)[0].size(), protocol::kBlobSize);
    EXPECT_EQ((*blobs)[0][0], 1);  // in the order asked
    EXPECT_EQ((*blobs)[1][0], 0);

    // A hash that is not the block's at that index: the request is stale.
    const derive::IndexedBlobHash stale[] = {{0, h1}};
    auto got = provider.blobs(*ref, stale);
    ASSERT_FALSE(got.has_value());
    EXPECT_TRUE(got.error().is(Severity::kReset, Reason::kInconsistentL1Data))
        << derive::to_string(got.error());
}

TEST(RpcL1ProviderTest, BlobFailuresAreTyped) {
    B256 h0 = fake_hash(1000);
    h0[0] = 0x01;
    const derive::IndexedBlobHash wanted[] = {{0, h0}};
    struct Case {
        const char* name;
        std::function<void(FakeNode&)> script;
        Severity severity;
        Reason reason;
        const char* detail;
    };
    const Case cases[] = {
        {"no such method (a non-anvil L1)", [](FakeNode&) {}, Severity::kCritical, Reason::kProvider,
         "beacon endpoint"},
        {"unknown blob", [](FakeNode& n) { n.on_result("anvil_getBlobByHash", nullptr); },
         Severity::kTemporary, Reason::kMissingL1Data, "no such blob"},
        {"short blob", [](FakeNode& n) { n.on_result("anvil_getBlobByHash", "0x0102"); },
         Severity::kTemporary, Reason::kBlobMismatch, "not a blob"},
        {"not hex", [](FakeNode& n) { n.on_result("anvil_getBlobByHash", "0xzz"); }, Severity::kCritical,
         Reason::kProvider, "anvil_getBlobByHash"},
    };
    for (const auto& c : cases) {
        FakeNode node;
        node.on_result("eth_getBlockByNumber", blob_block_json({h0}));
        c.script(node);
        auto provider = make_provider(node.url());
        auto ref = provider.block_ref_by_number(4);
        ASSERT_TRUE(ref.has_value()) << c.name;
        auto got = provider.blobs(*ref, wanted);
        ASSERT_FALSE(got.has_value()) << c.name;
        EXPECT_TRUE(got.error().is(c.severity, c.reason)) << c.name << ": " << derive::to_string(got.error());
        EXPECT_NE(got.error().detail.find(c.detail), std::string::npos)
            << c.name << ": " << got.error().detail;
        EXPECT_EQ(provider.rpc_errors(), 1U) << c.name;
    }
}

// The beacon API first, anvil_getBlobByHash when it fails (issue 19): one provider interface.
TEST(RpcL1ProviderTest, ReadsBlobsFromTheBeaconAndFallsBackToAnvil) {
    B256 h0 = fake_hash(1000);
    h0[0] = 0x01;
    FakeNode node;
    node.on_result("eth_getBlockByNumber", blob_block_json({h0}));
    int anvil_calls = 0;
    node.on("anvil_getBlobByHash", [&anvil_calls](const json&) -> Result<json, rpc::RpcError> {
        ++anvil_calls;
        Bytes blob(protocol::kBlobSize, 0);
        blob[0] = 2;
        return to_hex(blob);
    });
    bool beacon_up = true;
    node.on_get([&beacon_up](const std::string&) {
        Bytes blob(protocol::kBlobSize, 0);
        blob[0] = 1;
        return beacon_up ? std::pair{200, R"({"data":[")" + to_hex(blob) + "\"]}"}
                         : std::pair{404, std::string(R"({"code":404,"message":"Block not found"})")};
    });
    auto beacon = BeaconBlobSource::make(node.url());
    ASSERT_TRUE(beacon.has_value());
    RpcL1ProviderOptions options;
    options.beacon = std::move(*beacon);
    auto provider = make_provider(node.url(), options);
    auto ref = provider.block_ref_by_number(4);
    ASSERT_TRUE(ref.has_value());
    const derive::IndexedBlobHash wanted[] = {{0, h0}};

    auto from_beacon = provider.blobs(*ref, wanted);
    ASSERT_TRUE(from_beacon.has_value()) << derive::to_string(from_beacon.error());
    EXPECT_EQ((*from_beacon)[0][0], 1);
    EXPECT_EQ(anvil_calls, 0);

    beacon_up = false;
    auto from_anvil = provider.blobs(*ref, wanted);
    ASSERT_TRUE(from_anvil.has_value()) << derive::to_string(from_anvil.error());
    EXPECT_EQ((*from_anvil)[0][0], 2);
    EXPECT_EQ(anvil_calls, 1);
    EXPECT_EQ(provider.rpc_errors(), 1U);  // the beacon's 404

    // Both down: the anvil error, with the beacon's appended.
    node.on_result("anvil_getBlobByHash", nullptr);
    auto neither = provider.blobs(*ref, wanted);
    ASSERT_FALSE(neither.has_value());
    EXPECT_TRUE(neither.error().is(Severity::kTemporary, Reason::kMissingL1Data))
        << derive::to_string(neither.error());
    EXPECT_NE(neither.error().detail.find("beacon:"), std::string::npos) << neither.error().detail;
}

}  // namespace
}  // namespace baton::l1
