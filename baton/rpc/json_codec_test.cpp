// SPDX-License-Identifier: MIT
// Codec tests over real anvil answers (testdata/anvil_responses.json, see its capture script) and
// hand-made edge cases. Decoded transactions are re-encoded and hashed by core, so a field read
// wrongly shows up as a hash mismatch, not as a silently wrong value.
// It follows json_codec.cpp, one file for one job (the JSON form of core's types).
#include <baton/rpc/json_codec.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/hex.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>

namespace baton::rpc {
namespace {

const Json& responses() {
    static const Json doc = [] {
        std::ifstream in(std::string(BATON_SOURCE_DIR) + "/baton/rpc/testdata/anvil_responses.json");
        std::stringstream ss;
        ss << in.rdbuf();
        return Json::parse(ss.str());
    }();
    return doc.at("responses");
}

template <std::size_t N>
FixedBytes<N> fixed(std::string_view hex) {
    auto r = decode_hex_fixed<N>(hex);
    EXPECT_TRUE(r) << hex;
    return r ? *r : FixedBytes<N>{};
}
B256 b256(std::string_view hex) {
    return fixed<32>(hex);
}
Address address(std::string_view hex) {
    return fixed<20>(hex);
}
Bytes bytes(std::string_view hex) {
    auto r = decode_hex(hex);
    EXPECT_TRUE(r) << hex;
    return r ? *r : Bytes{};
}

// ---- scalars ----

TEST(JsonScalarTest, DecodesQuantities) {
    EXPECT_EQ(decode_u64(Json("0x0")).value(), 0u);
    EXPECT_EQ(decode_u64(Json("0x7a69")).value(), 31337u);
    EXPECT_EQ(decode_u64(Json("0xffffffffffffffff")).value(), UINT64_MAX);
    EXPECT_EQ(decode_u64(Json("0x00ff")).value(), 255u);  // leading zeros tolerated
    EXPECT_EQ(decode_u256(Json("0xde0b6b3a7640000")).value(), U256(1'000'000'000'000'000'000ull));
}

TEST(JsonScalarTest, RejectsBadQuantities) {
    for (const Json& bad : {Json("0x10000000000000000"), Json("123"), Json("0x"), Json("0xzz"), Json(5),
                            Json(nullptr), Json::array()}) {
        auto r = decode_u64(bad);
        ASSERT_FALSE(r) << bad.dump();
        EXPECT_EQ(r.error().kind, RpcErrorKind::kDecode) << bad.dump();
    }
}

TEST(JsonScalarTest, DecodesFixedAndDynamicBytes) {
    EXPECT_EQ(decode_bytes(Json("0x")).value(), Bytes{});
    EXPECT_EQ(decode_bytes(Json("0x00ff")).value(), (Bytes{0x00, 0xff}));
    EXPECT_FALSE(decode_bytes(Json("0x0")));
    EXPECT_FALSE(decode_bytes(Json(1)));
    EXPECT_EQ(decode_address(Json("0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266")).value(),
              address("f39fd6e51aad88f6f4ce6ab8827279cfffb92266"));
    EXPECT_FALSE(decode_address(Json("0xf39fd6e51aad88f6f4ce6ab8827279cfffb922")));  // 19 bytes
    EXPECT_FALSE(decode_b256(Json("0x1234")));
}

TEST(JsonScalarTest, EncodesQuantitiesAndTags) {
    EXPECT_EQ(encode_quantity(std::uint64_t{0}), "0x0");
    EXPECT_EQ(encode_quantity(std::uint64_t{255}), "0xff");
    EXPECT_EQ(encode_quantity(U256(1'000'000'000'000'000'000ull)), "0xde0b6b3a7640000");
    EXPECT_EQ(encode_block_tag(BlockTag::at(16)), Json("0x10"));
    EXPECT_EQ(encode_block_tag(BlockTag::latest()), Json("latest"));
    EXPECT_EQ(encode_block_tag(BlockTag::pending()), Json("pending"));
    EXPECT_EQ(encode_block_tag(BlockTag::safe()), Json("safe"));
    EXPECT_EQ(encode_block_tag(BlockTag::finalized()), Json("finalized"));
    EXPECT_EQ(encode_block_tag(BlockTag::earliest()), Json("earliest"));
}

// ---- transactions ----

TEST(JsonTransactionTest, LegacyWithEip155) {
    auto r = decode_rpc_transaction(responses().at("tx_legacy"));
    ASSERT_TRUE(r) << to_string(r.error());
    ASSERT_TRUE(std::holds_alternative<LegacyTx>(r->txn));
    const auto& tx = std::get<LegacyTx>(r->txn);
    EXPECT_EQ(tx.chain_id, std::optional<std::uint64_t>(31337));  // from v = 0xf4f5
    EXPECT_EQ(tx.nonce, 0u);
    EXPECT_EQ(tx.gas_price, U256(2'000'000'000));
    EXPECT_EQ(tx.gas_limit, 21000u);
    EXPECT_EQ(tx.value, U256(0x1234));
    EXPECT_EQ(tx.to, address("70997970c51812dc3a010c7d01b50e0d17dc79c8"));
    EXPECT_EQ(r->from, address("f39fd6e51aad88f6f4ce6ab8827279cfffb92266"));
    EXPECT_EQ(r->block_number, std::optional<std::uint64_t>(1));
    EXPECT_EQ(r->transaction_index, std::optional<std::uint64_t>(0));
    // Byte-exact: the envelope anvil stored (eth_getRawTransactionByHash).
    EXPECT_EQ(to_hex(encode_transaction(r->txn)),
              responses().at("raw_legacy").at("result").get<std::string>());
    auto sender = recover_sender(r->txn);
    ASSERT_TRUE(sender);
    EXPECT_EQ(*sender, r->from);
}

TEST(JsonTransactionTest, AccessList) {
    auto r = decode_rpc_transaction(responses().at("tx_access_list"));
    ASSERT_TRUE(r) << to_string(r.error());
    ASSERT_TRUE(std::holds_alternative<AccessListTx>(r->txn));
    const auto& tx = std::get<AccessListTx>(r->txn);
    EXPECT_EQ(tx.chain_id, 31337u);
    EXPECT_EQ(tx.signature.y_parity, 1);
    ASSERT_EQ(tx.access_list.size(), 1u);
    EXPECT_EQ(tx.access_list[0].address, address("70997970c51812dc3a010c7d01b50e0d17dc79c8"));
    ASSERT_EQ(tx.access_list[0].storage_keys.size(), 1u);
    EXPECT_EQ(tx.access_list[0].storage_keys[0],
              b256("0000000000000000000000000000000000000000000000000000000000000001"));
}

TEST(JsonTransactionTest, DynamicFeeCallAndCreate) {
    auto call = decode_rpc_transaction(responses().at("tx_store"));
    ASSERT_TRUE(call) << to_string(call.error());
    ASSERT_TRUE(std::holds_alternative<DynamicFeeTx>(call->txn));
    const auto& tx = std::get<DynamicFeeTx>(call->txn);
    EXPECT_EQ(tx.nonce, 3u);
    EXPECT_EQ(tx.max_priority_fee_per_gas, U256(1'000'000'000));
    EXPECT_EQ(tx.max_fee_per_gas, U256(0x639591a1));
    EXPECT_EQ(tx.data.size(), 32u);
    EXPECT_EQ(tx.data.back(), 0x2a);
    EXPECT_EQ(call->hash, b256("7336f891cc156b2fc42e6f5999f0eb892ee104ca988acd6c0c8313772c18c60c"));

    auto create = decode_rpc_transaction(responses().at("tx_deploy"));
    ASSERT_TRUE(create) << to_string(create.error());
    ASSERT_TRUE(std::holds_alternative<DynamicFeeTx>(create->txn));
    EXPECT_FALSE(std::get<DynamicFeeTx>(create->txn).to.has_value());
}

TEST(JsonTransactionTest, OpDeposit) {
    auto r = decode_rpc_transaction(responses().at("op_tx_deposit"));
    ASSERT_TRUE(r) << to_string(r.error());
    ASSERT_TRUE(std::holds_alternative<DepositTx>(r->txn));
    const auto& tx = std::get<DepositTx>(r->txn);
    EXPECT_EQ(tx.source_hash, b256("1111111111111111111111111111111111111111111111111111111111111111"));
    EXPECT_EQ(tx.from, address("dededededededededededededededededededede"));
    EXPECT_EQ(tx.to, address("70997970c51812dc3a010c7d01b50e0d17dc79c8"));
    EXPECT_EQ(tx.mint, U256(1'000'000'000'000'000'000ull));
    EXPECT_EQ(tx.value, U256(5));
    EXPECT_EQ(tx.gas_limit, 100000u);
    EXPECT_FALSE(tx.is_system_tx);  // anvil leaves isSystemTx out when false
    EXPECT_EQ(to_hex(encode_transaction(r->txn)), responses().at("op_raw").get<std::string>());
}

TEST(JsonTransactionTest, DepositWithSystemFlagAndNoMint) {
    DepositTx dep;
    dep.source_hash = b256("2222222222222222222222222222222222222222222222222222222222222222");
    dep.from = address("deaddeaddeaddeaddeaddeaddeaddeaddead0001");
    dep.to = address("4200000000000000000000000000000000000015");
    dep.gas_limit = 1'000'000;
    dep.is_system_tx = true;
    dep.data = bytes("0x440a5e20");
    const Transaction txn = dep;
    Json j = {{"type", "0x7e"},
              {"hash", to_hex(transaction_hash(txn))},
              {"from", "0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001"},
              {"to", "0x4200000000000000000000000000000000000015"},
              {"sourceHash", to_hex(dep.source_hash)},
              {"value", "0x0"},
              {"gas", "0xf4240"},
              {"isSystemTx", true},
              {"input", "0x440a5e20"}};
    auto r = decode_rpc_transaction(j);
    ASSERT_TRUE(r) << to_string(r.error());
    EXPECT_EQ(r->txn, txn);

    j["isSystemTx"] = false;  // changes the envelope, so the hash no longer matches
    auto flipped = decode_rpc_transaction(j);
    ASSERT_FALSE(flipped);
    EXPECT_NE(flipped.error().message.find("hash does not match"), std::string::npos);
}

TEST(JsonTransactionTest, BlobTxRoundTrip) {
    auto key = PrivateKey::from_hex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    ASSERT_TRUE(key);
    BlobTx blob;
    blob.chain_id = 1;
    blob.nonce = 7;
    blob.max_priority_fee_per_gas = 2;
    blob.max_fee_per_gas = 100;
    blob.gas_limit = 21000;
    blob.to = address("ff00000000000000000000000000000000000010");
    blob.max_fee_per_blob_gas = 3;
    blob.blob_versioned_hashes = {b256("0100000000000000000000000000000000000000000000000000000000000001")};
    Transaction txn = blob;
    ASSERT_TRUE(sign(txn, *key));
    const auto& s = std::get<BlobTx>(txn).signature;
    Json j = {{"type", "0x3"},
              {"hash", to_hex(transaction_hash(txn))},
              {"from", "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"},
              {"chainId", "0x1"},
              {"nonce", "0x7"},
              {"maxPriorityFeePerGas", "0x2"},
              {"maxFeePerGas", "0x64"},
              {"gas", "0x5208"},
              {"to", "0xff00000000000000000000000000000000000010"},
              {"value", "0x0"},
              {"input", "0x"},
              {"accessList", Json::array()},
              {"maxFeePerBlobGas", "0x3"},
              {"blobVersionedHashes", Json::array({to_hex(blob.blob_versioned_hashes[0])})},
              {"r", to_quantity(s.r)},
              {"s", to_quantity(s.s)},
              {"yParity", encode_quantity(std::uint64_t{s.y_parity})},
              {"blockHash", nullptr}};
    auto r = decode_rpc_transaction(j);
    ASSERT_TRUE(r) << to_string(r.error());
    EXPECT_EQ(r->txn, txn);
    EXPECT_FALSE(r->block_hash.has_value());  // pending
}

TEST(JsonTransactionTest, TamperedFieldIsHashMismatch) {
    Json j = responses().at("tx_store");
    j["value"] = "0x1";
    auto r = decode_rpc_transaction(j);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kDecode);
    EXPECT_NE(r.error().message.find("hash does not match"), std::string::npos) << r.error().message;
}

TEST(JsonTransactionTest, MissingAndMalformedFields) {
    Json missing = responses().at("tx_store");
    missing.erase("nonce");
    auto r = decode_rpc_transaction(missing);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kDecode);
    EXPECT_EQ(r.error().message, "transaction.nonce: missing");

    Json bad = responses().at("tx_store");
    bad["maxFeePerGas"] = 12;
    auto b = decode_rpc_transaction(bad);
    ASSERT_FALSE(b);
    EXPECT_NE(b.error().message.find("transaction.maxFeePerGas"), std::string::npos) << b.error().message;

    Json parity = responses().at("tx_store");
    parity["yParity"] = "0x2";
    EXPECT_FALSE(decode_rpc_transaction(parity));

    Json legacy_v = responses().at("tx_legacy");
    legacy_v["v"] = "0x1";
    EXPECT_FALSE(decode_rpc_transaction(legacy_v));

    EXPECT_FALSE(decode_rpc_transaction(Json::array()));
    EXPECT_FALSE(decode_rpc_transaction(Json("0x00")));
}

TEST(JsonTransactionTest, UnknownTypeIsDecodeError) {
    Json j = responses().at("tx_store");
    j["type"] = "0x5";
    auto r = decode_rpc_transaction(j);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kDecode);
    EXPECT_NE(r.error().message.find("unsupported transaction type 0x5"), std::string::npos)
        << r.error().message;
}

// An EIP-7702 txn as anvil 1.7.1 (--hardfork prague) printed it in eth_getBlockByNumber(full):
// anvil key 0 sends, anvil key 1 delegates to 0x…c0de (the same bytes cast makes in core's test).
Json anvil_set_code_tx() {
    return Json::parse(R"({
        "type": "0x4", "chainId": "0x7a69", "nonce": "0x0", "gas": "0x186a0",
        "maxFeePerGas": "0x77359400", "maxPriorityFeePerGas": "0x3b9aca00",
        "to": "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "value": "0x0", "accessList": [],
        "authorizationList": [{
            "chainId": "0x7a69", "address": "0x000000000000000000000000000000000000c0de", "nonce": "0x0",
            "yParity": "0x1",
            "r": "0x2f28b4df8d133c51cc96e6822532943d647963d542d43bd5b300ba9acc0c91cc",
            "s": "0x119c1a60bb7dc0aafca9f45be3817ef084aa93a114d734317fc3c6d0efd78883"}],
        "input": "0x",
        "r": "0xcfc4f233ec92fa9cec2a25272285e346517406a9e4b2ff8a34cf10cb9a77dd2b",
        "s": "0x40c59f344c72fa709b975089be01c54d40dd180c8462dc061335ae36b7b7da8b",
        "yParity": "0x0", "v": "0x0",
        "hash": "0x6f3cdab4b60726a4b991f46738148893c37c049e1dbf6a55141c93821412b77d",
        "blockHash": "0xfad10244df3519c778a54b7898fb7921fe51d97dbc871baa0b4f0f601e37f589",
        "blockNumber": "0x1", "transactionIndex": "0x0",
        "from": "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", "gasPrice": "0x77359400",
        "blockTimestamp": "0x6b05efcb"})");
}

TEST(JsonTransactionTest, AnvilSetCodeTx) {
    auto r = decode_rpc_transaction(anvil_set_code_tx());
    ASSERT_TRUE(r) << to_string(r.error());
    ASSERT_EQ(tx_type(r->txn), TxType::kSetCode);
    const auto& t = std::get<SetCodeTx>(r->txn);
    EXPECT_EQ(t.chain_id, 31337u);
    EXPECT_EQ(t.to, address("70997970c51812dc3a010c7d01b50e0d17dc79c8"));
    ASSERT_EQ(t.authorization_list.size(), 1u);
    const Authorization& auth = t.authorization_list[0];
    EXPECT_EQ(auth.chain_id, U256{31337});
    EXPECT_EQ(auth.address, address("000000000000000000000000000000000000c0de"));
    EXPECT_EQ(auth.y_parity, 1);
    auto authority = recover_authority(auth);
    ASSERT_TRUE(authority);
    EXPECT_EQ(*authority, address("70997970c51812dc3a010c7d01b50e0d17dc79c8"));  // anvil key 1
    auto sender = recover_sender(r->txn);
    ASSERT_TRUE(sender);
    EXPECT_EQ(*sender, r->from);
}

TEST(JsonTransactionTest, SetCodeTxBadAuthorizations) {
    // A changed tuple field still decodes as JSON but no longer hashes to the node's hash.
    Json tampered = anvil_set_code_tx();
    tampered["authorizationList"][0]["nonce"] = "0x1";
    auto t = decode_rpc_transaction(tampered);
    ASSERT_FALSE(t);
    EXPECT_NE(t.error().message.find("hash does not match"), std::string::npos) << t.error().message;

    Json empty = anvil_set_code_tx();
    empty["authorizationList"] = Json::array();
    auto e = decode_rpc_transaction(empty);
    ASSERT_FALSE(e);
    EXPECT_NE(e.error().message.find("transaction.authorizationList"), std::string::npos)
        << e.error().message;

    Json missing = anvil_set_code_tx();
    missing.erase("authorizationList");
    EXPECT_EQ(decode_rpc_transaction(missing).error().message, "transaction.authorizationList: missing");

    Json no_to = anvil_set_code_tx();
    no_to["to"] = nullptr;
    EXPECT_FALSE(decode_rpc_transaction(no_to));

    Json wide_parity = anvil_set_code_tx();
    wide_parity["authorizationList"][0]["yParity"] = "0x100";
    auto w = decode_rpc_transaction(wide_parity);
    ASSERT_FALSE(w);
    EXPECT_NE(w.error().message.find("yParity"), std::string::npos) << w.error().message;

    Json not_object = anvil_set_code_tx();
    not_object["authorizationList"][0] = "0x00";
    EXPECT_FALSE(decode_rpc_transaction(not_object));
}

// ---- blocks ----

TEST(JsonBlockTest, FullBlockHeaderAndTransactions) {
    auto r = decode_block(responses().at("block_full"));
    ASSERT_TRUE(r) << to_string(r.error());
    const BlockHeader& h = r->header;
    const Json& j = responses().at("block_full");
    EXPECT_EQ(h.number, 4u);
    EXPECT_EQ(to_hex(h.hash), j.at("hash").get<std::string>());
    EXPECT_EQ(to_hex(h.parent_hash), j.at("parentHash").get<std::string>());
    EXPECT_EQ(to_hex(h.state_root), j.at("stateRoot").get<std::string>());
    EXPECT_EQ(to_hex(h.receipts_root), j.at("receiptsRoot").get<std::string>());
    EXPECT_EQ(to_hex(h.prevrandao()), j.at("mixHash").get<std::string>());
    EXPECT_EQ(h.gas_limit, 30'000'000u);
    EXPECT_EQ(encode_quantity(h.gas_used), j.at("gasUsed").get<std::string>());
    EXPECT_EQ(encode_quantity(h.timestamp), j.at("timestamp").get<std::string>());
    ASSERT_TRUE(h.base_fee_per_gas.has_value());
    EXPECT_EQ(to_quantity(*h.base_fee_per_gas), j.at("baseFeePerGas").get<std::string>());
    EXPECT_EQ(h.blob_gas_used, std::optional<std::uint64_t>(0));
    EXPECT_EQ(h.excess_blob_gas, std::optional<std::uint64_t>(0));
    EXPECT_TRUE(h.parent_beacon_block_root.has_value());
    EXPECT_TRUE(h.withdrawals_root.has_value());
    EXPECT_TRUE(h.requests_hash.has_value());
    ASSERT_EQ(r->transactions.size(), 1u);
    ASSERT_EQ(r->transaction_hashes.size(), 1u);
    EXPECT_EQ(r->transactions[0].hash, r->transaction_hashes[0]);
    EXPECT_EQ(r->transactions[0].block_hash, h.hash);
}

TEST(JsonBlockTest, HashesOnlyBlock) {
    auto full = decode_block(responses().at("block_full"));
    auto hashes = decode_block(responses().at("block_hashes"));
    ASSERT_TRUE(full);
    ASSERT_TRUE(hashes) << to_string(hashes.error());
    EXPECT_TRUE(hashes->transactions.empty());
    EXPECT_EQ(hashes->transaction_hashes, full->transaction_hashes);
    EXPECT_EQ(hashes->header, full->header);
}

TEST(JsonBlockTest, OpBlockWithDeposit) {
    auto r = decode_block(responses().at("op_block"));
    ASSERT_TRUE(r) << to_string(r.error());
    ASSERT_EQ(r->transactions.size(), 1u);
    EXPECT_EQ(tx_type(r->transactions[0].txn), TxType::kDeposit);
}

TEST(JsonBlockTest, PreLondonHeaderHasNoOptionalFields) {
    Json j = responses().at("block_hashes");
    for (const char* key : {"baseFeePerGas", "withdrawalsRoot", "blobGasUsed", "excessBlobGas",
                            "parentBeaconBlockRoot", "requestsHash"}) {
        j.erase(key);
    }
    auto r = decode_block_header(j);
    ASSERT_TRUE(r) << to_string(r.error());
    EXPECT_FALSE(r->base_fee_per_gas.has_value());
    EXPECT_FALSE(r->blob_gas_used.has_value());
    EXPECT_FALSE(r->requests_hash.has_value());
}

TEST(JsonBlockTest, MalformedBlocks) {
    Json no_hash = responses().at("block_full");
    no_hash.erase("hash");
    auto a = decode_block(no_hash);
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().message, "block.hash: missing");

    Json no_txs = responses().at("block_full");
    no_txs.erase("transactions");
    EXPECT_FALSE(decode_block(no_txs));

    Json bad_tx = responses().at("block_full");
    bad_tx["transactions"][0]["gas"] = "0x1";
    auto c = decode_block(bad_tx);
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message.find("block.transactions[0]"), std::string::npos) << c.error().message;

    Json bad_bloom = responses().at("block_full");
    bad_bloom["logsBloom"] = "0x00";
    EXPECT_FALSE(decode_block(bad_bloom));

    Json mixed = responses().at("block_full");
    mixed["transactions"].push_back(responses().at("block_hashes")["transactions"][0]);
    EXPECT_FALSE(decode_block(mixed));
}

// ---- receipts and logs ----

TEST(JsonReceiptTest, SuccessfulCallWithLog) {
    auto r = decode_receipt(responses().at("receipt_store"));
    ASSERT_TRUE(r) << to_string(r.error());
    EXPECT_EQ(r->receipt.type, TxType::kDynamicFee);
    EXPECT_TRUE(r->succeeded());
    EXPECT_EQ(r->gas_used, 0xad04u);
    EXPECT_EQ(r->receipt.cumulative_gas_used, 0xad04u);
    EXPECT_EQ(r->effective_gas_price, U256(0x639591a1));
    EXPECT_EQ(r->block_number, 4u);
    EXPECT_FALSE(r->contract_address.has_value());
    ASSERT_EQ(r->logs.size(), 1u);
    ASSERT_EQ(r->receipt.logs.size(), 1u);
    EXPECT_EQ(r->receipt.logs[0], r->logs[0].log);
    EXPECT_EQ(r->logs[0].log.topics.size(), 1u);
    EXPECT_EQ(r->logs[0].log.data.back(), 0x2a);
    EXPECT_EQ(r->logs[0].transaction_hash, r->transaction_hash);
    // The node's bloom equals the one core computes from the decoded logs.
    EXPECT_EQ(r->receipt.logs_bloom, logs_bloom(r->receipt.logs));
}

TEST(JsonReceiptTest, DeployAndRevert) {
    auto deploy = decode_receipt(responses().at("receipt_deploy"));
    ASSERT_TRUE(deploy) << to_string(deploy.error());
    EXPECT_TRUE(deploy->succeeded());
    ASSERT_TRUE(deploy->contract_address.has_value());
    EXPECT_EQ(to_hex(*deploy->contract_address),
              responses().at("receipt_deploy").at("contractAddress").get<std::string>());
    EXPECT_FALSE(deploy->to.has_value());

    auto reverted = decode_receipt(responses().at("receipt_revert"));
    ASSERT_TRUE(reverted) << to_string(reverted.error());
    EXPECT_FALSE(reverted->succeeded());
    EXPECT_TRUE(reverted->logs.empty());
}

TEST(JsonReceiptTest, OpDepositReceipt) {
    auto r = decode_receipt(responses().at("op_receipt_deposit"));  // "type": "0x7E", upper case
    ASSERT_TRUE(r) << to_string(r.error());
    EXPECT_EQ(r->receipt.type, TxType::kDeposit);
    EXPECT_TRUE(r->succeeded());
    EXPECT_EQ(r->receipt.deposit_nonce, std::optional<std::uint64_t>(1));
    EXPECT_EQ(r->receipt.deposit_receipt_version, std::optional<std::uint64_t>(1));
    EXPECT_EQ(r->from, address("dededededededededededededededededededede"));
}

TEST(JsonReceiptTest, BadStatusAndPreByzantium) {
    Json two = responses().at("receipt_store");
    two["status"] = "0x2";
    EXPECT_FALSE(decode_receipt(two));

    Json root = responses().at("receipt_store");
    root.erase("status");
    root["root"] = "0x" + std::string(64, '1');
    auto r = decode_receipt(root);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("pre-Byzantium"), std::string::npos);

    Json no_logs = responses().at("receipt_store");
    no_logs.erase("logs");
    EXPECT_FALSE(decode_receipt(no_logs));

    Json bad_log = responses().at("receipt_store");
    bad_log["logs"][0]["topics"] = "0x00";
    auto l = decode_receipt(bad_log);
    ASSERT_FALSE(l);
    EXPECT_NE(l.error().message.find("receipt.logs"), std::string::npos) << l.error().message;
}

TEST(JsonReceiptTest, BlockReceiptsAndLogs) {
    const Json& all = responses().at("block_receipts");
    ASSERT_TRUE(all.is_array());
    ASSERT_EQ(all.size(), 1u);
    auto r = decode_receipt(all[0]);
    ASSERT_TRUE(r) << to_string(r.error());
    EXPECT_EQ(r->block_number, 4u);

    const Json& logs = responses().at("logs");
    ASSERT_EQ(logs.size(), 1u);
    auto log = decode_log(logs[0]);
    ASSERT_TRUE(log) << to_string(log.error());
    EXPECT_EQ(log->block_number, 4u);
    EXPECT_EQ(log->log_index, 0u);
    EXPECT_FALSE(log->removed);

    Json removed = logs[0];
    removed["removed"] = true;
    EXPECT_TRUE(decode_log(removed)->removed);
}

TEST(JsonFeeHistoryTest, DecodesAllSeries) {
    auto r = decode_fee_history(responses().at("fee_history"));
    ASSERT_TRUE(r) << to_string(r.error());
    EXPECT_EQ(r->oldest_block, 3u);
    EXPECT_EQ(r->base_fee_per_gas.size(), 4u);
    EXPECT_EQ(r->base_fee_per_gas[0], U256(0x2da7a992));
    ASSERT_EQ(r->gas_used_ratio.size(), 3u);
    EXPECT_GT(r->gas_used_ratio[0], 0.0);
    ASSERT_EQ(r->reward.size(), 3u);
    EXPECT_EQ(r->reward[0], (std::vector<U256>{U256(1'000'000'000), U256(1'000'000'000)}));
    EXPECT_EQ(r->base_fee_per_blob_gas.size(), 4u);

    Json no_reward = responses().at("fee_history");
    no_reward.erase("reward");
    auto n = decode_fee_history(no_reward);
    ASSERT_TRUE(n);
    EXPECT_TRUE(n->reward.empty());

    Json bad = responses().at("fee_history");
    bad["gasUsedRatio"][0] = "half";
    EXPECT_FALSE(decode_fee_history(bad));
}

// ---- requests ----

TEST(JsonRequestTest, CallRequestOmitsUnsetFields) {
    CallRequest req;
    req.to = address("9fe46736679d2d9a65f0992f2272de9f3c7fa6e0");
    req.data = bytes("0x01");
    const Json minimal = encode_call_request(req);
    EXPECT_EQ(
        minimal,
        (Json{{"to", "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0"}, {"input", "0x01"}, {"data", "0x01"}}));

    req.from = address("f39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    req.value = U256(10);
    req.gas = 100000;
    req.max_fee_per_gas = U256(7);
    req.max_priority_fee_per_gas = U256(1);
    req.nonce = 3;
    const Json full = encode_call_request(req);
    EXPECT_EQ(full["from"], "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    EXPECT_EQ(full["value"], "0xa");
    EXPECT_EQ(full["gas"], "0x186a0");
    EXPECT_EQ(full["maxFeePerGas"], "0x7");
    EXPECT_EQ(full["maxPriorityFeePerGas"], "0x1");
    EXPECT_EQ(full["nonce"], "0x3");
    EXPECT_FALSE(full.contains("gasPrice"));
}

TEST(JsonRequestTest, LogFilterTopicsAndRange) {
    LogFilter f;
    f.from_block = BlockTag::at(1);
    f.to_block = BlockTag::latest();
    f.addresses = {address("9fe46736679d2d9a65f0992f2272de9f3c7fa6e0")};
    f.topics = {
        {b256("aa" + std::string(62, 'a'))}, {}, {b256(std::string(64, '1')), b256(std::string(64, '2'))}};
    const Json j = encode_log_filter(f);
    EXPECT_EQ(j["fromBlock"], "0x1");
    EXPECT_EQ(j["toBlock"], "latest");
    EXPECT_EQ(j["address"], Json::array({"0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0"}));
    ASSERT_EQ(j["topics"].size(), 3u);
    EXPECT_EQ(j["topics"][0], Json::array({"0x" + std::string(64, 'a')}));
    EXPECT_TRUE(j["topics"][1].is_null());
    EXPECT_EQ(j["topics"][2].size(), 2u);
    EXPECT_FALSE(j.contains("blockHash"));

    LogFilter by_hash;
    by_hash.block_hash = b256(std::string(64, 'b'));
    const Json h = encode_log_filter(by_hash);
    EXPECT_EQ(h, (Json{{"blockHash", "0x" + std::string(64, 'b')}}));
}

// ---- totality ----

// Every decoder must turn any shape of bad input into a kDecode error, never a crash or exception:
// each field of each captured object is replaced by values of every JSON kind, one at a time.
TEST(JsonTotalityTest, AnyFieldOfAnyKindNeverCrashes) {
    const std::vector<Json> replacements = {Json(nullptr),
                                            Json(true),
                                            Json(-1),
                                            Json(18446744073709551615ull),
                                            Json(0.5),
                                            Json(""),
                                            Json("0x"),
                                            Json("0x0"),
                                            Json("0xzz"),
                                            Json("0x" + std::string(65, 'f')),
                                            Json("0x" + std::string(600, '0')),
                                            Json::array(),
                                            Json::array({Json::object()}),
                                            Json::object()};
    struct Target {
        const char* key;
        std::function<bool(const Json&)> decode;  // true when decoding succeeded
    };
    const std::vector<Target> targets = {
        {"tx_legacy", [](const Json& j) { return decode_rpc_transaction(j).has_value(); }},
        {"tx_access_list", [](const Json& j) { return decode_rpc_transaction(j).has_value(); }},
        {"tx_store", [](const Json& j) { return decode_rpc_transaction(j).has_value(); }},
        {"op_tx_deposit", [](const Json& j) { return decode_rpc_transaction(j).has_value(); }},
        {"block_full", [](const Json& j) { return decode_block(j).has_value(); }},
        {"receipt_store", [](const Json& j) { return decode_receipt(j).has_value(); }},
        {"op_receipt_deposit", [](const Json& j) { return decode_receipt(j).has_value(); }},
        {"fee_history", [](const Json& j) { return decode_fee_history(j).has_value(); }},
    };
    std::size_t rejected = 0;
    for (const auto& target : targets) {
        const Json& original = responses().at(target.key);
        ASSERT_TRUE(target.decode(original)) << target.key;
        for (const auto& [field, value] : original.items()) {
            for (const Json& replacement : replacements) {
                Json mutated = original;
                mutated[field] = replacement;
                if (!target.decode(mutated)) ++rejected;
            }
        }
        for (const Json& whole : replacements)
            EXPECT_FALSE(target.decode(whole)) << target.key << " " << whole.dump();
    }
    // Most replacements break a required field or the hash; a decoder accepting everything is broken.
    EXPECT_GT(rejected, 500u);
}

}  // namespace
}  // namespace baton::rpc
