// SPDX-License-Identifier: MIT
#pragma once

// JSON codecs between Ethereum JSON-RPC objects and Baton's values. They live in rpc, not core, so
// core stays free of JSON. Every decoder is total: a missing field, a wrong JSON kind, a bad hex
// quantity or a transaction whose hash does not match its fields is an RpcError of kind kDecode
// whose message names the object and field ("receipt.status: missing"), never an exception.
//
// Quantities follow the JSON-RPC spec ("0x"-prefixed, no leading zeros when encoding; leading
// zeros tolerated when decoding, as some nodes send them).

#include <baton/core/result.hpp>
#include <baton/rpc/eth_types.hpp>
#include <baton/rpc/rpc_error.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace baton::rpc {

using Json = nlohmann::json;

// ---- scalars ----
Result<std::uint64_t, RpcError> decode_u64(const Json& j);
Result<U256, RpcError> decode_u256(const Json& j);
Result<Bytes, RpcError> decode_bytes(const Json& j);
Result<B256, RpcError> decode_b256(const Json& j);
Result<Address, RpcError> decode_address(const Json& j);

std::string encode_quantity(std::uint64_t v);
std::string encode_quantity(const U256& v);
Json encode_block_tag(const BlockTag& tag);

// ---- node objects ----
// Sealed blocks only: a "pending" block (hash and number null on geth) is a kDecode error.
Result<BlockHeader, RpcError> decode_block_header(const Json& j);
// Accepts both forms of "transactions": full objects or hashes.
Result<Block, RpcError> decode_block(const Json& j);
// Decodes the typed fields per "type" (0x0 legacy, 0x1, 0x2, 0x3, 0x7e deposit) and checks that
// keccak(encode_transaction(txn)) equals "hash".
Result<RpcTransaction, RpcError> decode_rpc_transaction(const Json& j);
Result<RpcLog, RpcError> decode_log(const Json& j);
Result<TransactionReceipt, RpcError> decode_receipt(const Json& j);
Result<FeeHistory, RpcError> decode_fee_history(const Json& j);

// ---- requests ----
Json encode_call_request(const CallRequest& request);
Json encode_log_filter(const LogFilter& filter);

}  // namespace baton::rpc
