// SPDX-License-Identifier: MIT
// Foundation checks against real anvil: transactions Baton builds and signs are accepted byte for
// byte (the node's hash equals ours), receipts and blocks decode back into the same values, a
// revert is readable through eth_call, OP deposits (0x7E) built by Baton are accepted by anvil's
// optimism mode, and a dead endpoint is a typed error.
#include <tests/support/anvil.hpp>
#include <tests/support/wait.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/address.hpp>
#include <baton/core/assert.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/core/rlp.hpp>
#include <baton/core/secp256k1.hpp>
#include <baton/core/transaction.hpp>
#include <baton/derive/errors.hpp>
#include <baton/l1/rpc_l1_provider.hpp>
#include <baton/rpc/client.hpp>

#include <gtest/gtest.h>

#include <chrono>

namespace baton::testing {
namespace {

using rpc::BlockTag;
using rpc::Client;
using Json = nlohmann::json;

constexpr std::uint64_t kGwei = 1'000'000'000;
const U256 kEther = U256(1'000'000'000'000'000'000ull);

Client connect(const Anvil& anvil) {
    auto client = Client::make(anvil.url());
    BATON_ASSERT(client.has_value());
    return std::move(*client);
}

// The runtime of a tiny contract, written by hand so the test needs no compiler:
//   empty calldata      → revert Error("nope")
//   otherwise           → sstore(0, calldataload(0)); log1(word, topic = keccak("Stored(uint256)"))
Bytes stored_runtime() {
    Bytes code;
    auto op = [&](std::initializer_list<std::uint8_t> bytes) { code.insert(code.end(), bytes); };
    auto push32 = [&](ByteView word) {
        code.push_back(0x7f);
        append(code, word);
    };
    B256 selector_word{};
    const auto sel = abi::selector("Error(string)");
    std::copy(sel.begin(), sel.end(), selector_word.begin());
    B256 nope_word{};
    const std::string_view nope = "nope";
    std::copy(nope.begin(), nope.end(), nope_word.begin());

    op({0x36});        // CALLDATASIZE
    op({0x60, 0x00});  // PUSH1 <store>, patched below
    const std::size_t jump_slot = code.size() - 1;
    op({0x57});  // JUMPI
    // revert(0, 100) with memory = selector ++ offset 0x20 ++ length 4 ++ "nope"
    push32(selector_word);
    op({0x60, 0x00, 0x52});              // MSTORE(0, selector word)
    op({0x60, 0x20, 0x60, 0x04, 0x52});  // MSTORE(4, 0x20)
    op({0x60, 0x04, 0x60, 0x24, 0x52});  // MSTORE(0x24, 4)
    push32(nope_word);
    op({0x60, 0x44, 0x52});              // MSTORE(0x44, "nope")
    op({0x60, 0x64, 0x60, 0x00, 0xfd});  // REVERT(0, 0x64)
    code[jump_slot] = static_cast<std::uint8_t>(code.size());
    op({0x5b});                    // JUMPDEST
    op({0x60, 0x00, 0x35, 0x80});  // CALLDATALOAD(0), DUP1
    op({0x60, 0x00, 0x55});        // SSTORE(0, word)
    op({0x60, 0x00, 0x52});        // MSTORE(0, word)
    push32(keccak256(as_view("Stored(uint256)")));
    op({0x60, 0x20, 0x60, 0x00, 0xa1});  // LOG1(0, 32, topic)
    op({0x00});                          // STOP
    return code;
}

// Init code that returns `runtime` (CODECOPY it to memory 0, RETURN it).
Bytes deploy_code(const Bytes& runtime) {
    BATON_ASSERT(runtime.size() < 256);
    const auto n = static_cast<std::uint8_t>(runtime.size());
    Bytes code = {0x60, n, 0x80, 0x60, 11, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3};
    append(code, runtime);
    return code;
}

// CREATE address: keccak(rlp([sender, nonce]))[12..].
Address create_address(const Address& sender, std::uint64_t nonce) {
    Bytes payload;
    rlp::encode_string(payload, sender);
    rlp::encode_uint(payload, nonce);
    Bytes list;
    rlp::encode_list(list, payload);
    const B256 h = keccak256(list);
    Address out{};
    std::copy(h.begin() + 12, h.end(), out.begin());
    return out;
}

class FoundationTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto started = Anvil::start();
        ASSERT_TRUE(started) << started.error();
        anvil_.emplace(std::move(*started));
        client_.emplace(connect(*anvil_));
    }

    Client& client() { return *client_; }

    // An EIP-1559 tx from dev account `from` with the node's nonce and fees that fit the next block.
    DynamicFeeTx dynamic_fee_tx(std::size_t from, std::optional<Address> to, U256 value, Bytes data,
                                std::uint64_t gas) {
        DynamicFeeTx tx;
        tx.chain_id = kDefaultChainId;
        tx.nonce = client().eth_get_transaction_count(dev_address(from), BlockTag::pending()).value();
        const auto head = client().eth_get_block_by_number(BlockTag::latest(), false).value();
        BATON_ASSERT(head.has_value() && head->header.base_fee_per_gas.has_value());
        tx.max_priority_fee_per_gas = U256(kGwei);
        tx.max_fee_per_gas = *head->header.base_fee_per_gas * U256(2) + U256(kGwei);
        tx.gas_limit = gas;
        tx.to = to;
        tx.value = value;
        tx.data = std::move(data);
        return tx;
    }

    // Signs, sends raw, and checks that the node's hash is the one Baton computed.
    B256 sign_and_send(Transaction txn, std::size_t key_index) {
        auto signed_ok = sign(txn, dev_key(key_index));
        EXPECT_TRUE(signed_ok) << (signed_ok ? "" : to_string(signed_ok.error()));
        const B256 ours = transaction_hash(txn);
        auto theirs = client().eth_send_raw_transaction(encode_transaction(txn));
        EXPECT_TRUE(theirs) << (theirs ? "" : rpc::to_string(theirs.error()));
        if (theirs) {
            EXPECT_EQ(to_hex(*theirs), to_hex(ours));
        }
        return ours;
    }

    rpc::TransactionReceipt receipt_of(const B256& hash) {
        auto r = wait_for_receipt(client(), hash);
        EXPECT_TRUE(r) << (r ? "" : r.error());
        return r ? *r : rpc::TransactionReceipt{};
    }

    Address deploy_stored() {
        const std::size_t deployer = 0;
        const auto nonce = client().eth_get_transaction_count(dev_address(deployer)).value();
        Transaction txn =
            dynamic_fee_tx(deployer, std::nullopt, U256(), deploy_code(stored_runtime()), 200'000);
        const B256 hash = sign_and_send(txn, deployer);
        const auto receipt = receipt_of(hash);
        EXPECT_TRUE(receipt.succeeded());
        EXPECT_EQ(receipt.contract_address, create_address(dev_address(deployer), nonce));
        return receipt.contract_address.value_or(Address{});
    }

    std::optional<Anvil> anvil_;
    std::optional<Client> client_;
};

TEST_F(FoundationTest, DevKeysMatchDevAddresses) {
    for (std::size_t i = 0; i < kDevPrivateKeys.size(); ++i) {
        EXPECT_EQ(address_from_private_key(dev_key(i)), dev_address(i)) << i;
        EXPECT_EQ(client().eth_get_balance(dev_address(i)).value(), kEther * U256(10000)) << i;
    }
    EXPECT_EQ(client().eth_chain_id().value(), kDefaultChainId);
}

TEST_F(FoundationTest, Eip1559TransferHashReceiptAndBlockRoundTrip) {
    const Address to = dev_address(1);
    const U256 before = client().eth_get_balance(to).value();
    const Transaction txn = [&] {
        Transaction t = dynamic_fee_tx(0, to, kEther, {}, 21'000);
        EXPECT_TRUE(sign(t, dev_key(0)));
        return t;
    }();
    const B256 hash = sign_and_send(txn, 0);

    const auto receipt = receipt_of(hash);
    EXPECT_TRUE(receipt.succeeded());
    EXPECT_EQ(receipt.receipt.type, TxType::kDynamicFee);
    EXPECT_EQ(receipt.gas_used, 21'000u);
    EXPECT_EQ(receipt.from, dev_address(0));
    EXPECT_EQ(receipt.to, to);
    EXPECT_TRUE(receipt.logs.empty());
    EXPECT_EQ(client().eth_get_balance(to).value(), before + kEther);

    // The mined block carries exactly our transaction, decoded back to the same value.
    auto block = client().eth_get_block_by_number(BlockTag::at(receipt.block_number), true);
    ASSERT_TRUE(block) << rpc::to_string(block.error());
    ASSERT_TRUE(block->has_value());
    EXPECT_EQ((*block)->header.hash, receipt.block_hash);
    EXPECT_EQ((*block)->header.gas_used, 21'000u);
    ASSERT_EQ((*block)->transactions.size(), 1u);
    EXPECT_EQ((*block)->transactions[0].txn, txn);
    EXPECT_EQ((*block)->transactions[0].from, dev_address(0));

    auto by_hash = client().eth_get_block_by_hash(receipt.block_hash, false);
    ASSERT_TRUE(by_hash && by_hash->has_value());
    EXPECT_EQ((*by_hash)->transaction_hashes, std::vector<B256>{hash});

    auto fetched = client().eth_get_transaction_by_hash(hash);
    ASSERT_TRUE(fetched && fetched->has_value());
    EXPECT_EQ((*fetched)->txn, txn);
}

TEST_F(FoundationTest, LegacyAndAccessListTransfersHashMatch) {
    LegacyTx legacy;
    legacy.chain_id = kDefaultChainId;
    legacy.nonce = 0;
    legacy.gas_price = U256(10 * kGwei);
    legacy.gas_limit = 21'000;
    legacy.to = dev_address(2);
    legacy.value = U256(1234);
    const B256 h1 = sign_and_send(legacy, 3);
    EXPECT_TRUE(receipt_of(h1).succeeded());
    EXPECT_EQ(receipt_of(h1).receipt.type, TxType::kLegacy);

    AccessListTx al;
    al.chain_id = kDefaultChainId;
    al.nonce = 1;
    al.gas_price = U256(10 * kGwei);
    al.gas_limit = 30'000;
    al.to = dev_address(2);
    al.value = U256(1);
    al.access_list = {make_access_list_entry(dev_address(4), {B256{}})};
    const B256 h2 = sign_and_send(al, 3);
    const auto r2 = receipt_of(h2);
    EXPECT_TRUE(r2.succeeded());
    EXPECT_EQ(r2.receipt.type, TxType::kAccessList);
    EXPECT_GT(r2.gas_used, 21'000u);  // the access list costs gas

    auto fetched = client().eth_get_transaction_by_hash(h2);
    ASSERT_TRUE(fetched && fetched->has_value());
    auto expected = Transaction(al);
    ASSERT_TRUE(sign(expected, dev_key(3)));
    EXPECT_EQ((*fetched)->txn, expected);
}

TEST_F(FoundationTest, ContractCallStoresAndLogs) {
    const Address contract = deploy_stored();
    EXPECT_EQ(client().eth_get_code(contract).value(), stored_runtime());

    B256 word{};
    word[31] = 0x2a;
    const Transaction call = dynamic_fee_tx(0, contract, U256(), Bytes(word.begin(), word.end()), 100'000);
    const B256 hash = sign_and_send(call, 0);
    const auto receipt = receipt_of(hash);
    ASSERT_TRUE(receipt.succeeded());
    EXPECT_EQ(receipt.to, contract);
    EXPECT_GT(receipt.gas_used, 21'000u + 20'000u);  // a fresh SSTORE
    ASSERT_EQ(receipt.logs.size(), 1u);
    const B256 topic = keccak256(as_view("Stored(uint256)"));
    EXPECT_EQ(receipt.logs[0].log.address, contract);
    EXPECT_EQ(receipt.logs[0].log.topics, std::vector<B256>{topic});
    EXPECT_EQ(receipt.logs[0].log.data, Bytes(word.begin(), word.end()));
    EXPECT_EQ(receipt.receipt.logs_bloom, logs_bloom(receipt.receipt.logs));
    EXPECT_TRUE(bloom_contains(receipt.receipt.logs_bloom, topic));

    auto slot = client().call("eth_getStorageAt", Json::array({to_hex(contract), "0x0", "latest"}));
    ASSERT_TRUE(slot) << rpc::to_string(slot.error());
    EXPECT_EQ(*slot, Json(to_hex(word)));

    rpc::LogFilter filter;
    filter.from_block = BlockTag::earliest();
    filter.to_block = BlockTag::latest();
    filter.addresses = {contract};
    filter.topics = {{topic}};
    auto logs = client().eth_get_logs(filter);
    ASSERT_TRUE(logs) << rpc::to_string(logs.error());
    ASSERT_EQ(logs->size(), 1u);
    EXPECT_EQ((*logs)[0].transaction_hash, hash);

    auto block_receipts = client().eth_get_block_receipts(BlockTag::at(receipt.block_number));
    ASSERT_TRUE(block_receipts && block_receipts->has_value());
    ASSERT_EQ((*block_receipts)->size(), 1u);
    EXPECT_EQ((**block_receipts)[0], receipt);
    auto by_block_hash = client().eth_get_block_receipts(receipt.block_hash);
    ASSERT_TRUE(by_block_hash && by_block_hash->has_value());
    EXPECT_EQ(**by_block_hash, **block_receipts);
}

TEST_F(FoundationTest, RevertGivesStatusZeroAndReadableReason) {
    const Address contract = deploy_stored();
    // Gas is set by hand: estimation would refuse a call that reverts, and the point is to land it.
    const Transaction bad = dynamic_fee_tx(0, contract, U256(), {}, 100'000);
    const B256 hash = sign_and_send(bad, 0);
    const auto receipt = receipt_of(hash);
    EXPECT_FALSE(receipt.succeeded());
    EXPECT_TRUE(receipt.logs.empty());
    EXPECT_GT(receipt.gas_used, 21'000u);
    EXPECT_LT(receipt.gas_used, 100'000u);  // REVERT refunds what is left

    rpc::CallRequest req;
    req.from = dev_address(0);
    req.to = contract;
    auto call = client().eth_call(req, BlockTag::at(receipt.block_number));
    ASSERT_FALSE(call);
    EXPECT_EQ(call.error().kind, rpc::RpcErrorKind::kRpcError);
    ASSERT_TRUE(call.error().has_revert_data()) << rpc::to_string(call.error());
    auto reason = abi::decode_revert_reason(*call.error().data);
    ASSERT_TRUE(reason) << abi::to_string(reason.error());
    EXPECT_EQ(*reason, "nope");

    auto estimate = client().eth_estimate_gas(req);
    ASSERT_FALSE(estimate);
    ASSERT_TRUE(estimate.error().has_revert_data());
    EXPECT_EQ(abi::decode_revert_reason(*estimate.error().data).value_or(""), "nope");

    // A call with data succeeds, and the estimate covers what the real transaction used.
    B256 word{};
    word[31] = 7;
    req.data = Bytes(word.begin(), word.end());
    auto ok = client().eth_call(req);
    ASSERT_TRUE(ok) << rpc::to_string(ok.error());
    EXPECT_TRUE(ok->empty());  // STOP returns nothing
    auto gas = client().eth_estimate_gas(req);
    ASSERT_TRUE(gas) << rpc::to_string(gas.error());
    EXPECT_GT(*gas, 21'000u + 20'000u);
}

TEST_F(FoundationTest, FeeHistoryAndNonceByTag) {
    const B256 hash = sign_and_send(dynamic_fee_tx(5, dev_address(6), U256(1), {}, 21'000), 5);
    const auto receipt = receipt_of(hash);
    EXPECT_EQ(client().eth_get_transaction_count(dev_address(5), BlockTag::latest()).value(), 1u);
    EXPECT_EQ(client().eth_get_transaction_count(dev_address(5), BlockTag::at(0)).value(), 0u);
    auto fh = client().eth_fee_history(1, BlockTag::latest(), {50});
    ASSERT_TRUE(fh) << rpc::to_string(fh.error());
    EXPECT_EQ(fh->oldest_block, receipt.block_number);
    ASSERT_EQ(fh->base_fee_per_gas.size(), 2u);
    ASSERT_EQ(fh->reward.size(), 1u);
    EXPECT_EQ(fh->reward[0], std::vector<U256>{U256(kGwei)});  // our tip
    EXPECT_EQ(client().eth_block_number().value(), receipt.block_number);
}

// The L2 engine setup of the devnet: OP mode, FIFO ordering, blocks only on request.
TEST(FoundationOptimismTest, DepositBuiltByBatonIsAcceptedAndMined) {
    auto anvil = Anvil::start({.args = {"--network", "optimism", "--order", "fifo", "--no-mining"}});
    ASSERT_TRUE(anvil) << anvil.error();
    Client client = connect(*anvil);

    DepositTx dep;
    dep.source_hash = keccak256(as_view("baton foundation deposit"));
    dep.from = parse_address("0x00000000000000000000000000000000BA7011e5").value_or(Address{});
    dep.to = dev_address(1);
    dep.mint = kEther * U256(2);
    dep.value = kEther;
    dep.gas_limit = 100'000;
    const Transaction txn = dep;
    const U256 to_before = client.eth_get_balance(dev_address(1)).value();
    EXPECT_EQ(client.eth_get_balance(dep.from).value(), U256());

    auto sent = client.eth_send_raw_transaction(encode_transaction(txn));
    ASSERT_TRUE(sent) << rpc::to_string(sent.error());
    EXPECT_EQ(to_hex(*sent), to_hex(transaction_hash(txn)));

    // Not mined yet: --no-mining leaves it pending until evm_mine.
    auto pending = client.eth_get_transaction_receipt(*sent);
    ASSERT_TRUE(pending) << rpc::to_string(pending.error());
    EXPECT_FALSE(pending->has_value());

    auto mined = client.call("evm_mine");
    ASSERT_TRUE(mined) << rpc::to_string(mined.error());

    auto receipt = client.eth_get_transaction_receipt(*sent);
    ASSERT_TRUE(receipt) << rpc::to_string(receipt.error());
    ASSERT_TRUE(receipt->has_value());
    const auto& r = **receipt;
    EXPECT_TRUE(r.succeeded());
    EXPECT_EQ(r.receipt.type, TxType::kDeposit);
    EXPECT_EQ(r.from, dep.from);
    EXPECT_EQ(r.block_number, 1u);
    EXPECT_TRUE(r.receipt.deposit_nonce.has_value());
    // Minted ETH arrives, value moves, and the deposit pays no L2 gas.
    EXPECT_EQ(client.eth_get_balance(dep.from).value(), kEther);
    EXPECT_EQ(client.eth_get_balance(dev_address(1)).value(), to_before + kEther);

    auto block = client.eth_get_block_by_number(BlockTag::latest(), true);
    ASSERT_TRUE(block) << rpc::to_string(block.error());
    ASSERT_TRUE(block->has_value());
    ASSERT_EQ((*block)->transactions.size(), 1u);
    EXPECT_EQ((*block)->transactions[0].txn, txn);
    EXPECT_EQ((*block)->transactions[0].hash, *sent);
}

TEST(FoundationOptimismTest, SystemDepositAndUserTxInOneBlock) {
    auto anvil = Anvil::start({.args = {"--network", "optimism", "--order", "fifo", "--no-mining"}});
    ASSERT_TRUE(anvil) << anvil.error();
    Client client = connect(*anvil);

    // Shaped like the L1-attributes deposit: from the depositor account, to L1Block, 1M gas.
    DepositTx attrs;
    attrs.source_hash = keccak256(as_view("l1 info"));
    attrs.from = parse_address("0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001").value_or(Address{});
    attrs.to = parse_address("0x4200000000000000000000000000000000000015").value_or(Address{});
    attrs.gas_limit = 1'000'000;
    attrs.data = {0x44, 0x0a, 0x5e, 0x20};
    auto h1 = client.eth_send_raw_transaction(encode_transaction(Transaction(attrs)));
    ASSERT_TRUE(h1) << rpc::to_string(h1.error());
    EXPECT_EQ(*h1, transaction_hash(Transaction(attrs)));

    Transaction user = [] {
        DynamicFeeTx tx;
        tx.chain_id = kDefaultChainId;
        tx.max_priority_fee_per_gas = U256(kGwei);
        tx.max_fee_per_gas = U256(10 * kGwei);
        tx.gas_limit = 21'000;
        tx.to = dev_address(2);
        tx.value = U256(1);
        return Transaction(tx);
    }();
    ASSERT_TRUE(sign(user, dev_key(0)));
    auto h2 = client.eth_send_raw_transaction(encode_transaction(user));
    ASSERT_TRUE(h2) << rpc::to_string(h2.error());
    EXPECT_EQ(*h2, transaction_hash(user));

    ASSERT_TRUE(client.call("evm_mine"));
    auto block = client.eth_get_block_by_number(BlockTag::latest(), true);
    ASSERT_TRUE(block && block->has_value());
    ASSERT_EQ((*block)->transactions.size(), 2u);
    EXPECT_EQ((*block)->transaction_hashes, (std::vector<B256>{*h1, *h2}));  // FIFO: deposit first
    auto receipts = client.eth_get_block_receipts(BlockTag::latest());
    ASSERT_TRUE(receipts && receipts->has_value()) << (receipts ? "" : rpc::to_string(receipts.error()));
    ASSERT_EQ((*receipts)->size(), 2u);
    EXPECT_EQ((**receipts)[0].receipt.type, TxType::kDeposit);
    EXPECT_TRUE((**receipts)[1].succeeded());
}

// EIP-7702 on anvil --hardfork prague: dev key 1 signs an authorization delegating its account
// to the `stored` contract; dev key 0 sends the set-code txn that carries it and calls dev 1 in the
// same txn (authorizations apply before execution, so the call already runs the delegated code).
class FoundationSetCodeTest : public FoundationTest {
protected:
    void SetUp() override {
        auto started = Anvil::start({.args = {"--hardfork", "prague"}});
        ASSERT_TRUE(started) << started.error();
        anvil_.emplace(std::move(*started));
        client_.emplace(connect(*anvil_));
    }
};

TEST_F(FoundationSetCodeTest, DelegationTxHashMatchesAndL1ProviderDecodesItsBlock) {
    const Address contract = deploy_stored();
    const Address authority = dev_address(1);
    const std::uint64_t authority_nonce = client().eth_get_transaction_count(authority).value();
    auto auth = sign_authorization(U256(kDefaultChainId), contract, authority_nonce, dev_key(1));
    ASSERT_TRUE(auth);
    ASSERT_EQ(recover_authority(*auth).value(), authority);

    B256 word{};
    word[31] = 0x77;
    const DynamicFeeTx base = dynamic_fee_tx(0, authority, U256(), Bytes(word.begin(), word.end()), 200'000);
    SetCodeTx set_code;
    set_code.chain_id = base.chain_id;
    set_code.nonce = base.nonce;
    set_code.max_priority_fee_per_gas = base.max_priority_fee_per_gas;
    set_code.max_fee_per_gas = base.max_fee_per_gas;
    set_code.gas_limit = base.gas_limit;
    set_code.to = authority;
    set_code.data = base.data;
    set_code.authorization_list = {*auth};
    Transaction txn = set_code;
    ASSERT_TRUE(sign(txn, dev_key(0)));
    const B256 hash = sign_and_send(txn, 0);  // checks the node's hash equals Baton's

    const auto receipt = receipt_of(hash);
    ASSERT_TRUE(receipt.succeeded());
    EXPECT_EQ(receipt.receipt.type, TxType::kSetCode);
    EXPECT_EQ(receipt.from, dev_address(0));
    // The delegation designator 0xef0100 ++ address, and the delegated code ran in dev 1's account.
    Bytes designator{0xef, 0x01, 0x00};
    append(designator, contract);
    EXPECT_EQ(client().eth_get_code(authority).value(), designator);
    ASSERT_EQ(receipt.logs.size(), 1u);
    EXPECT_EQ(receipt.logs[0].log.address, authority);
    auto slot = client().call("eth_getStorageAt", Json::array({to_hex(authority), "0x0", "latest"}));
    ASSERT_TRUE(slot) << rpc::to_string(slot.error());
    EXPECT_EQ(*slot, Json(to_hex(word)));
    // The authority's nonce is bumped by the authorization.
    EXPECT_EQ(client().eth_get_transaction_count(authority).value(), authority_nonce + 1);

    // The block with full txns decodes back to the same value.
    auto block = client().eth_get_block_by_number(BlockTag::at(receipt.block_number), true);
    ASSERT_TRUE(block) << rpc::to_string(block.error());
    ASSERT_TRUE(block->has_value());
    ASSERT_EQ((*block)->transactions.size(), 1u);
    EXPECT_EQ((*block)->transactions[0].txn, txn);
    EXPECT_EQ((*block)->transactions[0].hash, hash);

    // What derivation reads: the node's L1 provider decodes the block's txns and receipts with no
    // (critical) error.
    l1::RpcL1Provider provider(connect(*anvil_));
    auto ref = provider.block_ref_by_number(receipt.block_number);
    ASSERT_TRUE(ref) << derive::to_string(ref.error());
    EXPECT_EQ(ref->hash, receipt.block_hash);
    auto txns = provider.transactions(*ref);
    ASSERT_TRUE(txns) << derive::to_string(txns.error());
    ASSERT_EQ(txns->size(), 1u);
    EXPECT_EQ((*txns)[0].hash, hash);
    EXPECT_EQ((*txns)[0].txn, txn);
    auto receipts = provider.receipts(*ref);
    ASSERT_TRUE(receipts) << derive::to_string(receipts.error());
    ASSERT_EQ(receipts->size(), 1u);
    EXPECT_EQ((*receipts)[0].type, TxType::kSetCode);
}

// What the EIP makes invalid vs. merely void, as anvil applies it: an empty authorization list is
// an invalid txn (Baton's decoder refuses it; anvil admits it to its pool but never mines it); a
// tuple with a bad parity or another chain id is skipped at execution, so the txn is mined (and
// Baton must decode its block).
TEST_F(FoundationSetCodeTest, EmptyListIsNeverMinedAndVoidTuplesAreSkipped) {
    const Address contract = deploy_stored();
    const Address authority = dev_address(1);
    auto set_code_tx = [&](std::vector<Authorization> list, std::size_t from = 0) {
        const DynamicFeeTx base = dynamic_fee_tx(from, authority, U256(), {}, 200'000);
        SetCodeTx t;
        t.chain_id = base.chain_id;
        t.nonce = base.nonce;
        t.max_priority_fee_per_gas = base.max_priority_fee_per_gas;
        t.max_fee_per_gas = base.max_fee_per_gas;
        t.gas_limit = base.gas_limit;
        t.to = authority;
        t.authorization_list = std::move(list);
        Transaction txn = t;
        EXPECT_TRUE(sign(txn, dev_key(from)));
        return txn;
    };

    const Transaction empty_from_dev2 = set_code_tx({}, 2);
    EXPECT_EQ(decode_transaction(encode_transaction(empty_from_dev2)).error(),
              TxError::kEmptyAuthorizationList);
    // Measured on anvil 1.7.1: it admits this txn (returns its hash) but never mines it, so no L1
    // block on anvil carries one. Sent from dev 2 so the stuck nonce does not hold up dev 0.
    auto admitted = client().eth_send_raw_transaction(encode_transaction(empty_from_dev2));
    ASSERT_TRUE(admitted) << rpc::to_string(admitted.error());
    EXPECT_EQ(*admitted, transaction_hash(empty_from_dev2));

    const std::uint64_t nonce = client().eth_get_transaction_count(authority).value();
    Authorization bad_parity = sign_authorization(U256(kDefaultChainId), contract, nonce, dev_key(1)).value();
    bad_parity.y_parity = 27;
    const Authorization other_chain = sign_authorization(U256(999), contract, nonce, dev_key(1)).value();
    for (const Authorization& tuple : {bad_parity, other_chain}) {
        const Transaction txn = set_code_tx({tuple});
        const B256 hash = sign_and_send(txn, 0);
        const auto receipt = receipt_of(hash);
        EXPECT_TRUE(receipt.succeeded());
        EXPECT_TRUE(client().eth_get_code(authority).value().empty());  // not delegated
        EXPECT_EQ(client().eth_get_transaction_count(authority).value(), nonce);

        auto block = client().eth_get_block_by_number(BlockTag::at(receipt.block_number), true);
        ASSERT_TRUE(block && block->has_value()) << (block ? "" : rpc::to_string(block.error()));
        ASSERT_EQ((*block)->transactions.size(), 1u);
        EXPECT_EQ((*block)->transactions[0].txn, txn);
        l1::RpcL1Provider provider(connect(*anvil_));
        auto ref = provider.block_ref_by_number(receipt.block_number);
        ASSERT_TRUE(ref) << derive::to_string(ref.error());
        auto txns = provider.transactions(*ref);
        ASSERT_TRUE(txns) << derive::to_string(txns.error());
        ASSERT_EQ(txns->size(), 1u);
        EXPECT_EQ((*txns)[0].hash, hash);
    }
    // Two blocks later the empty-list txn is still unmined.
    auto never = client().eth_get_transaction_receipt(transaction_hash(empty_from_dev2));
    ASSERT_TRUE(never) << rpc::to_string(never.error());
    EXPECT_FALSE(never->has_value());
}

TEST(FoundationDeadEndpointTest, StoppedNodeGivesTypedErrorQuickly) {
    auto anvil = Anvil::start();
    ASSERT_TRUE(anvil) << anvil.error();
    Client client = connect(*anvil);
    ASSERT_TRUE(client.eth_chain_id());
    anvil->stop();

    const auto started = std::chrono::steady_clock::now();
    auto id = client.eth_chain_id();
    auto block = client.eth_get_block_by_number(BlockTag::latest(), true);
    auto sent = client.eth_send_raw_transaction(Bytes{0x02});
    const auto elapsed = std::chrono::steady_clock::now() - started;
    ASSERT_FALSE(id);
    ASSERT_FALSE(block);
    ASSERT_FALSE(sent);
    EXPECT_EQ(id.error().kind, rpc::RpcErrorKind::kTransport) << rpc::to_string(id.error());
    EXPECT_EQ(block.error().kind, rpc::RpcErrorKind::kTransport);
    EXPECT_EQ(sent.error().kind, rpc::RpcErrorKind::kTransport);
    EXPECT_LT(elapsed, std::chrono::seconds(2));
}

TEST(FoundationDeadEndpointTest, GarbageRawTransactionIsRpcError) {
    auto anvil = Anvil::start();
    ASSERT_TRUE(anvil) << anvil.error();
    Client client = connect(*anvil);
    auto sent = client.eth_send_raw_transaction(Bytes{0x02, 0xc0});
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().kind, rpc::RpcErrorKind::kRpcError) << rpc::to_string(sent.error());
    EXPECT_NE(sent.error().code, 0);
}

}  // namespace
}  // namespace baton::testing
