// SPDX-License-Identifier: MIT
// Gas of Baton's inbox contract on a real anvil, not time: a plain program that prints tables
// (docs/gas.md holds the figures). It deploys the L1 contracts with Baton's deployer and sends the
// same batch payload (version byte 0x00 + random, i.e. compressed-looking, bytes) from the current
// leader to an EOA inbox and to the RoundRobinInbox; then the views through eth_estimateGas and
// through real txs; then blob txs.
//
// Blob txs: Baton has no KZG library, but the all-zero blob needs none: its commitment and its
// proof are both the point at infinity (0xc0 ‖ 47 zero bytes), so a valid sidecar can be written
// down. Blob contents do not change gas (blob gas is 131,072 per blob, and the inbox never reads
// them), so a zero blob measures exactly what a real one costs.
#include <tests/support/anvil.hpp>
#include <tests/support/wait.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/address.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/rlp.hpp>
#include <baton/core/secp256k1.hpp>
#include <baton/core/transaction.hpp>
#include <baton/l1/deploy.hpp>
#include <baton/rpc/client.hpp>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

using namespace baton;

namespace {

constexpr std::uint64_t kGwei = 1'000'000'000;
constexpr std::size_t kBlobSize = 131'072;
constexpr std::size_t kLeader = 1;    // dev key 1 leads blocks [0, 1000)
constexpr std::size_t kOutsider = 4;  // not in the set
constexpr std::uint64_t kTurnLength = 1000;

// kzg_to_versioned_hash(point at infinity) = 0x01 ‖ sha256(0xc0 ‖ 0^47)[1..32].
constexpr std::string_view kZeroBlobVersionedHash =
    "0x010657f37554c781402a22917dee2f75def7ab966d7b770905398eba3c444014";

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "baton_inbox_gas_bench: %s\n", message.c_str());
    std::exit(1);
}

template <class T, class E>
T must(Result<T, E> r, const char* what) {
    if (!r) {
        if constexpr (std::is_same_v<E, rpc::RpcError>)
            die(std::string(what) + ": " + rpc::to_string(r.error()));
        else if constexpr (std::is_same_v<E, std::string>)
            die(std::string(what) + ": " + r.error());
        else
            die(what);
    }
    return std::move(*r);
}

using testing::dev_address;
using testing::dev_key;

std::string with_commas(std::uint64_t v) {
    std::string s = std::to_string(v);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

std::string signed_commas(std::int64_t v) {
    return (v < 0 ? "-" : "+") + with_commas(static_cast<std::uint64_t>(v < 0 ? -v : v));
}

// A batch of `size` bytes: the derivation version byte, then random bytes (compressed data looks
// random: about 1 byte in 256 is zero).
Bytes batch_payload(std::size_t size, std::mt19937_64& rng) {
    Bytes out(size);
    for (std::size_t i = 1; i < size; ++i) out[i] = static_cast<std::uint8_t>(rng());
    out[0] = 0x00;
    return out;
}

// EIP-2028/7623 token count: zero bytes 1, nonzero bytes 4.
std::uint64_t tokens(ByteView data) {
    std::uint64_t t = 0;
    for (auto b : data) t += b == 0 ? 1 : 4;
    return t;
}

class Sender {
public:
    explicit Sender(rpc::Client& client) : client_(client) {}

    // EIP-1559 tx; gas from eth_estimateGas unless given.
    rpc::TransactionReceipt send(std::size_t key, const Address& to, const Bytes& data,
                                 std::optional<std::uint64_t> gas = std::nullopt) {
        DynamicFeeTx tx;
        fill_common(tx.chain_id, tx.nonce, tx.max_priority_fee_per_gas, tx.max_fee_per_gas, key);
        tx.to = to;
        tx.data = data;
        tx.gas_limit = gas ? *gas : estimate(key, to, data);
        return sign_send_wait(Transaction(std::move(tx)), key, {});
    }

    // Type-3 tx with one zero blob and empty calldata, sent in network form with its sidecar.
    rpc::TransactionReceipt send_blob(std::size_t key, const Address& to, std::uint64_t gas) {
        BlobTx tx;
        fill_common(tx.chain_id, tx.nonce, tx.max_priority_fee_per_gas, tx.max_fee_per_gas, key);
        tx.to = to;
        tx.gas_limit = gas;
        tx.max_fee_per_blob_gas = U256(10 * kGwei);
        tx.blob_versioned_hashes = {must(decode_hex_fixed<32>(kZeroBlobVersionedHash), "versioned hash")};
        return sign_send_wait(Transaction(std::move(tx)), key, Bytes(kBlobSize, 0));
    }

    std::uint64_t estimate(std::size_t key, const Address& to, const Bytes& data) {
        rpc::CallRequest request;
        request.from = dev_address(key);
        request.to = to;
        request.data = data;
        return must(client_.eth_estimate_gas(request), "eth_estimateGas");
    }

private:
    void fill_common(std::uint64_t& chain_id, std::uint64_t& nonce, U256& tip, U256& max_fee,
                     std::size_t key) {
        chain_id = testing::kDefaultChainId;
        nonce = must(client_.eth_get_transaction_count(dev_address(key), rpc::BlockTag::pending()), "nonce");
        const auto head = must(client_.eth_get_block_by_number(rpc::BlockTag::latest(), false), "head");
        if (!head || !head->header.base_fee_per_gas) die("latest block without a base fee");
        tip = U256(kGwei);
        max_fee = *head->header.base_fee_per_gas * U256(2) + tip;
    }

    rpc::TransactionReceipt sign_send_wait(Transaction txn, std::size_t key, const Bytes& blob) {
        if (!sign(txn, dev_key(key))) die("signing failed");
        Bytes envelope = encode_transaction(txn);
        if (!blob.empty()) {
            // Network form (EIP-4844): 0x03 ‖ rlp([tx_payload_body, blobs, commitments, proofs]).
            Bytes infinity(48, 0);
            infinity[0] = 0xc0;
            Bytes blobs, commitments, proofs, payload;
            rlp::encode_string(blobs, blob);
            rlp::encode_string(commitments, infinity);
            rlp::encode_string(proofs, infinity);
            append(payload, ByteView(envelope).subspan(1));
            rlp::encode_list(payload, blobs);
            rlp::encode_list(payload, commitments);
            rlp::encode_list(payload, proofs);
            envelope = {0x03};
            rlp::encode_list(envelope, payload);
        }
        const B256 hash = must(client_.eth_send_raw_transaction(envelope), "eth_sendRawTransaction");
        if (hash != transaction_hash(txn)) die("node computed another tx hash");
        return must(testing::wait_for_receipt(client_, hash), "receipt");
    }

    rpc::Client& client_;
};

}  // namespace

int main() {
    auto anvil = must(testing::Anvil::start({.args = {"--hardfork", "prague"}}), "start anvil");
    auto client = must(rpc::Client::make(anvil.url()), "client");
    const auto version = must(client.call("web3_clientVersion"), "web3_clientVersion");

    l1::DeploySpec spec;
    spec.leaders = {dev_address(1), dev_address(2), dev_address(3)};
    spec.turn_length = kTurnLength;
    spec.lookahead = 16;
    spec.start_block = 0;
    auto deployed = l1::deploy(client, dev_key(0), spec);
    if (!deployed) die(l1::to_string(deployed.error()));
    const l1::Deployment& d = *deployed;
    const Address inbox = d.batch_inbox;
    // An upstream-style EOA inbox (0xff…00 ‖ chain id); nothing is deployed there.
    const Address eoa_inbox = must(parse_address("0xff00000000000000000000000000000000031337"), "eoa");

    std::printf("anvil: %s, hardfork prague (EIP-7623 calldata floor active)\n",
                version.get<std::string>().c_str());
    std::printf("RoundRobinInbox: %s leaders, k = %s; leader = %s\n\n",
                with_commas(spec.leaders.size()).c_str(), with_commas(spec.turn_length).c_str(),
                to_checksum_hex(dev_address(kLeader)).c_str());

    std::printf("deployment gas: RoundRobinInbox %s, DepositPortal %s, SystemConfig %s\n\n",
                with_commas(d.inbox.gas_used).c_str(), with_commas(d.deposit_portal.gas_used).c_str(),
                with_commas(d.system_config.gas_used).c_str());

    Sender sender(client);
    std::mt19937_64 rng(0xba7011);

    std::printf("calldata batches (same payload to both), gasUsed from receipts:\n");
    std::printf("%9s %9s %12s %12s %12s %12s %9s\n", "bytes", "tokens", "floor", "standard", "EOA inbox",
                "contract", "diff");
    for (const std::size_t size :
         {std::size_t{32}, std::size_t{100}, std::size_t{1024}, std::size_t{10'240}, std::size_t{120'000}}) {
        const Bytes payload = batch_payload(size, rng);
        const auto t = tokens(payload);
        const auto to_eoa = sender.send(kLeader, eoa_inbox, payload);
        const auto to_contract = sender.send(kLeader, inbox, payload);
        if (!to_eoa.succeeded() || !to_contract.succeeded()) die("a leader batch failed");
        std::printf("%9s %9s %12s %12s %12s %12s %9s\n", with_commas(size).c_str(), with_commas(t).c_str(),
                    with_commas(21'000 + 10 * t).c_str(), with_commas(21'000 + 4 * t).c_str(),
                    with_commas(to_eoa.gas_used).c_str(), with_commas(to_contract.gas_used).c_str(),
                    signed_commas(static_cast<std::int64_t>(to_contract.gas_used) -
                                  static_cast<std::int64_t>(to_eoa.gas_used))
                        .c_str());
    }
    {
        const Bytes payload = batch_payload(1024, rng);
        const auto rejected = sender.send(kOutsider, inbox, payload, 100'000);
        std::printf("non-leader, 1,024 bytes: status %d, gasUsed %s\n", rejected.succeeded() ? 1 : 0,
                    with_commas(rejected.gas_used).c_str());
    }

    std::printf("\nviews (eth_estimateGas, and gasUsed of a real tx calling the view):\n");
    std::printf("%-28s %10s %10s %14s\n", "call", "estimate", "gasUsed", "net of 21k+data");
    const auto head = must(client.eth_block_number(), "head");
    struct View {
        const char* label;
        Bytes data;
    };
    const abi::Type window_types[] = {abi::address_type(), abi::uint_type()};
    const abi::Value window_args[] = {dev_address(2), head};
    const abi::Type leader_types[] = {abi::uint_type()};
    const abi::Value leader_args[] = {head};
    const abi::Value is_leader_args[] = {dev_address(kLeader), head};
    const View views[] = {
        {"nextWindow(dev2, head)",
         must(abi::encode_call(abi::selector("nextWindow(address,uint256)"), window_types, window_args),
              "abi")},
        {"leaderAt(head)",
         must(abi::encode_call(abi::selector("leaderAt(uint256)"), leader_types, leader_args), "abi")},
        {"isLeader(leader, head)",
         must(abi::encode_call(abi::selector("isLeader(address,uint256)"), window_types, is_leader_args),
              "abi")},
    };
    for (const auto& v : views) {
        const auto estimate = sender.estimate(kOutsider, inbox, v.data);
        const auto receipt = sender.send(kOutsider, inbox, v.data, estimate + 10'000);
        if (!receipt.succeeded()) die(std::string("view tx failed: ") + v.label);
        const auto intrinsic = 21'000 + 4 * tokens(v.data);
        std::printf("%-28s %10s %10s %14s\n", v.label, with_commas(estimate).c_str(),
                    with_commas(receipt.gas_used).c_str(), with_commas(receipt.gas_used - intrinsic).c_str());
    }

    std::printf("\nblob txs (one zero blob, empty calldata; blob gas is separate from gasUsed):\n");
    std::printf("%-28s %7s %10s %12s\n", "tx", "status", "gasUsed", "blobGasUsed");
    const auto blob_eoa = sender.send_blob(kLeader, eoa_inbox, 100'000);
    const auto blob_leader = sender.send_blob(kLeader, inbox, 100'000);
    const auto blob_outsider = sender.send_blob(kOutsider, inbox, 100'000);
    for (const auto& [label, r] :
         {std::pair{"leader -> EOA inbox", &blob_eoa}, std::pair{"leader -> contract", &blob_leader},
          std::pair{"non-leader -> contract", &blob_outsider}}) {
        std::printf("%-28s %7d %10s %12s\n", label, r->succeeded() ? 1 : 0, with_commas(r->gas_used).c_str(),
                    with_commas(r->blob_gas_used.value_or(0)).c_str());
    }
    std::printf("blob overhead of the contract inbox: %s gas\n",
                signed_commas(static_cast<std::int64_t>(blob_leader.gas_used) -
                              static_cast<std::int64_t>(blob_eoa.gas_used))
                    .c_str());
    return 0;
}
