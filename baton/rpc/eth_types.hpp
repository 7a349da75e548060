// SPDX-License-Identifier: MIT
#pragma once

// What an Ethereum node reports over JSON-RPC, as values: block headers, blocks, transactions with
// their position, receipts with their position, logs, and the request shapes Baton sends (block tag,
// call request, log filter). Consensus objects themselves (Transaction, Receipt, Log) are core
// types; these structs add the node's bookkeeping around them (hash, block, index, sender).

#include <baton/core/bytes.hpp>
#include <baton/core/receipt.hpp>
#include <baton/core/transaction.hpp>
#include <baton/core/u256.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace baton::rpc {

// A block number or one of the named tags JSON-RPC accepts in its place.
struct BlockTag {
    enum class Name { kNumber, kLatest, kPending, kSafe, kFinalized, kEarliest };
    Name name{Name::kLatest};
    std::uint64_t number{0};  // only for kNumber

    static BlockTag at(std::uint64_t block_num) { return {Name::kNumber, block_num}; }
    static BlockTag latest() { return {Name::kLatest, 0}; }
    static BlockTag pending() { return {Name::kPending, 0}; }
    static BlockTag safe() { return {Name::kSafe, 0}; }
    static BlockTag finalized() { return {Name::kFinalized, 0}; }
    static BlockTag earliest() { return {Name::kEarliest, 0}; }

    friend bool operator==(const BlockTag&, const BlockTag&) = default;
};

struct BlockHeader {
    B256 hash{};
    B256 parent_hash{};
    B256 ommers_hash{};     // "sha3Uncles"
    Address beneficiary{};  // "miner"
    B256 state_root{};
    B256 transactions_root{};
    B256 receipts_root{};
    Bloom logs_bloom{};
    U256 difficulty;
    std::uint64_t number{0};
    std::uint64_t gas_limit{0};
    std::uint64_t gas_used{0};
    std::uint64_t timestamp{0};
    Bytes extra_data;
    B256 mix_hash{};  // prevrandao since the merge
    FixedBytes<8> nonce{};
    std::optional<U256> base_fee_per_gas;          // London
    std::optional<B256> withdrawals_root;          // Shanghai
    std::optional<std::uint64_t> blob_gas_used;    // Cancun
    std::optional<std::uint64_t> excess_blob_gas;  // Cancun
    std::optional<B256> parent_beacon_block_root;  // Cancun
    std::optional<B256> requests_hash;             // Prague

    const B256& prevrandao() const noexcept { return mix_hash; }
    friend bool operator==(const BlockHeader&, const BlockHeader&) = default;
};

// A transaction as the node reports it. `hash` is checked against keccak(envelope) on decode, so
// a decoded RpcTransaction is known to re-encode to the node's exact bytes.
struct RpcTransaction {
    Transaction txn;
    B256 hash{};
    Address from{};
    std::optional<B256> block_hash;  // nullopt while pending
    std::optional<std::uint64_t> block_number;
    std::optional<std::uint64_t> transaction_index;
    friend bool operator==(const RpcTransaction&, const RpcTransaction&) = default;
};

struct Block {
    BlockHeader header;
    // Filled when the block was fetched with full transactions; empty otherwise.
    std::vector<RpcTransaction> transactions;
    // Always filled, in block order (from the full transactions or the hash list).
    std::vector<B256> transaction_hashes;
    friend bool operator==(const Block&, const Block&) = default;
};

struct RpcLog {
    Log log;
    std::uint64_t block_number{0};
    B256 block_hash{};
    B256 transaction_hash{};
    std::uint64_t transaction_index{0};
    std::uint64_t log_index{0};
    bool removed{false};  // true when a reorg dropped the block that held it
    friend bool operator==(const RpcLog&, const RpcLog&) = default;
};

struct TransactionReceipt {
    // The consensus receipt (type, status, cumulative gas, bloom, plain logs, deposit fields), so
    // encode_receipt() reproduces the bytes behind receiptsRoot.
    Receipt receipt;
    B256 transaction_hash{};
    std::uint64_t transaction_index{0};
    B256 block_hash{};
    std::uint64_t block_number{0};
    Address from{};
    std::optional<Address> to;
    std::optional<Address> contract_address;
    std::uint64_t gas_used{0};
    U256 effective_gas_price;
    std::optional<std::uint64_t> blob_gas_used;
    std::optional<U256> blob_gas_price;
    std::vector<RpcLog> logs;  // the same logs as receipt.logs, with their positions

    bool succeeded() const noexcept { return receipt.status; }
    friend bool operator==(const TransactionReceipt&, const TransactionReceipt&) = default;
};

// eth_call / eth_estimateGas request. Unset fields are left out so the node picks its defaults.
struct CallRequest {
    std::optional<Address> from;
    std::optional<Address> to;  // nullopt: contract creation
    Bytes data;
    std::optional<U256> value;
    std::optional<std::uint64_t> gas;
    std::optional<U256> gas_price;
    std::optional<U256> max_fee_per_gas;
    std::optional<U256> max_priority_fee_per_gas;
    std::optional<std::uint64_t> nonce;
};

// eth_getLogs filter. Either a block range or a block hash, not both.
struct LogFilter {
    std::optional<BlockTag> from_block;
    std::optional<BlockTag> to_block;
    std::optional<B256> block_hash;
    std::vector<Address> addresses;  // empty: any address
    // topics[i] lists the accepted values at position i; an empty list matches anything there.
    std::vector<std::vector<B256>> topics;
};

struct FeeHistory {
    std::uint64_t oldest_block{0};
    std::vector<U256> base_fee_per_gas;  // one more entry than blocks: the next block's base fee
    std::vector<double> gas_used_ratio;
    std::vector<std::vector<U256>> reward;  // per block, per requested percentile
    std::vector<U256> base_fee_per_blob_gas;
    std::vector<double> blob_gas_used_ratio;
};

}  // namespace baton::rpc
