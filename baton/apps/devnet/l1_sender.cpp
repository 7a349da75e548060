// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/l1_sender.hpp>

#include <baton/core/address.hpp>
#include <baton/core/assert.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/core/transaction.hpp>

#include <thread>
#include <utility>

namespace baton::apps::devnet {

using namespace std::chrono_literals;

PrivateKey key_from_phrase(std::string_view phrase) {
    const B256 secret =
        keccak256(ByteView(reinterpret_cast<const std::uint8_t*>(phrase.data()), phrase.size()));
    auto key = PrivateKey::from_bytes(secret);
    // A keccak output fails as a secp256k1 key with probability about 2^-128; the phrases are fixed.
    BATON_ASSERT(key.has_value());
    return *key;
}

Result<L1Sender, std::string> L1Sender::make(const std::string& url) {
    rpc::ClientOptions options;
    options.connect_timeout = 1000ms;
    options.read_timeout = 10000ms;
    auto client = rpc::Client::make(url, options);
    if (!client) return unexpected("L1 " + url + ": " + rpc::to_string(client.error()));
    auto id = client->eth_chain_id();
    if (!id) return unexpected("L1 eth_chainId: " + rpc::to_string(id.error()));
    return L1Sender(std::move(*client), *id);
}

Result<B256, std::string> L1Sender::send(const PrivateKey& key, const Address& to, Bytes data,
                                         const U256& value, std::optional<std::uint64_t> gas) {
    const Address from = address_from_private_key(key);
    if (!gas) {
        rpc::CallRequest request;
        request.from = from;
        request.to = to;
        request.data = data;
        request.value = value;
        auto estimate = client_.eth_estimate_gas(request);
        if (!estimate) return unexpected("eth_estimateGas: " + rpc::to_string(estimate.error()));
        gas = *estimate + *estimate / 5;
    }
    auto nonce = client_.eth_get_transaction_count(from, rpc::BlockTag::pending());
    if (!nonce) return unexpected("eth_getTransactionCount: " + rpc::to_string(nonce.error()));
    auto head = client_.eth_get_block_by_number(rpc::BlockTag::latest(), false);
    if (!head || !*head || !(*head)->header.base_fee_per_gas) return unexpected("no base fee in the L1 head");
    DynamicFeeTx tx;
    tx.chain_id = chain_id_;
    tx.nonce = *nonce;
    tx.max_priority_fee_per_gas = U256(1'000'000'000);
    tx.max_fee_per_gas = *(*head)->header.base_fee_per_gas * U256(2) + tx.max_priority_fee_per_gas;
    tx.gas_limit = *gas;
    tx.to = to;
    tx.value = value;
    tx.data = std::move(data);
    Transaction txn(std::move(tx));
    if (!sign(txn, key)) return unexpected("signing failed");
    auto sent = client_.eth_send_raw_transaction(encode_transaction(txn));
    if (!sent) return unexpected("eth_sendRawTransaction: " + rpc::to_string(sent.error()));
    return *sent;
}

Result<void, std::string> L1Sender::transfer(const PrivateKey& from, const Address& to, const U256& value,
                                             const std::atomic<bool>& stop) {
    auto sent = send(from, to, {}, value, 21'000);
    if (!sent) return unexpected(sent.error());
    auto receipt = wait(*sent, stop);
    if (!receipt) return unexpected(receipt.error());
    if (!receipt->succeeded()) return unexpected("transfer " + to_hex(*sent) + " reverted");
    return {};
}

Result<rpc::TransactionReceipt, std::string> L1Sender::wait(const B256& hash, const std::atomic<bool>& stop,
                                                            std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline && !stop) {
        auto receipt = client_.eth_get_transaction_receipt(hash);
        if (receipt && *receipt) return std::move(**receipt);
        std::this_thread::sleep_for(200ms);
    }
    return unexpected("no receipt for " + to_hex(hash));
}

}  // namespace baton::apps::devnet
