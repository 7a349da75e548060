// SPDX-License-Identifier: MIT
#include <baton/rpc/client.hpp>

#include <baton/core/assert.hpp>
#include <baton/core/hex.hpp>
#include <baton/rpc/json_codec.hpp>

#include <utility>

namespace baton::rpc {
namespace {

template <class T>
using Decoder = Result<T, RpcError> (*)(const Json&);

// The method name is prefixed to decode errors so a log line says which call returned bad data.
RpcError in_method(std::string_view method, RpcError e) {
    if (e.kind == RpcErrorKind::kDecode) e.message = std::string(method) + ": " + e.message;
    return e;
}

template <class T>
Result<T, RpcError> decode_result(std::string_view method, Result<Json, RpcError> raw, Decoder<T> decode) {
    if (!raw) return unexpected(raw.error());
    auto value = decode(*raw);
    if (!value) return unexpected(in_method(method, value.error()));
    return std::move(*value);
}

template <class T>
Result<std::optional<T>, RpcError> decode_optional(std::string_view method, Result<Json, RpcError> raw,
                                                   Decoder<T> decode) {
    if (!raw) return unexpected(raw.error());
    if (raw->is_null()) return std::optional<T>{};
    auto value = decode(*raw);
    if (!value) return unexpected(in_method(method, value.error()));
    return std::optional<T>(std::move(*value));
}

Result<std::vector<TransactionReceipt>, RpcError> decode_receipts(const Json& j) {
    if (!j.is_array()) return unexpected(make_error(RpcErrorKind::kDecode, "expected array of receipts"));
    std::vector<TransactionReceipt> out;
    out.reserve(j.size());
    for (const auto& item : j) {
        auto r = decode_receipt(item);
        if (!r) return unexpected(r.error());
        out.push_back(std::move(*r));
    }
    return out;
}

Result<std::vector<RpcLog>, RpcError> decode_logs(const Json& j) {
    if (!j.is_array()) return unexpected(make_error(RpcErrorKind::kDecode, "expected array of logs"));
    std::vector<RpcLog> out;
    out.reserve(j.size());
    for (const auto& item : j) {
        auto r = decode_log(item);
        if (!r) return unexpected(r.error());
        out.push_back(std::move(*r));
    }
    return out;
}

}  // namespace

Result<Client, RpcError> Client::make(std::string_view url, ClientOptions options) {
    auto transport = Transport::make(url, options);
    if (!transport) return unexpected(transport.error());
    return Client(std::move(*transport));
}

Result<nlohmann::json, RpcError> Client::call(std::string_view method, nlohmann::json params) {
    BATON_ASSERT(transport_ != nullptr);  // a moved-from Client must not be used
    return transport_->call(method, std::move(params));
}

Result<std::uint64_t, RpcError> Client::eth_chain_id() {
    return decode_result<std::uint64_t>("eth_chainId", call("eth_chainId"), decode_u64);
}

Result<std::uint64_t, RpcError> Client::eth_block_number() {
    return decode_result<std::uint64_t>("eth_blockNumber", call("eth_blockNumber"), decode_u64);
}

Result<std::optional<Block>, RpcError> Client::eth_get_block_by_number(const BlockTag& tag,
                                                                       bool full_transactions) {
    return decode_optional<Block>(
        "eth_getBlockByNumber",
        call("eth_getBlockByNumber", Json::array({encode_block_tag(tag), full_transactions})), decode_block);
}

Result<std::optional<Block>, RpcError> Client::eth_get_block_by_hash(const B256& hash,
                                                                     bool full_transactions) {
    return decode_optional<Block>("eth_getBlockByHash",
                                  call("eth_getBlockByHash", Json::array({to_hex(hash), full_transactions})),
                                  decode_block);
}

Result<std::optional<RpcTransaction>, RpcError> Client::eth_get_transaction_by_hash(const B256& hash) {
    return decode_optional<RpcTransaction>("eth_getTransactionByHash",
                                           call("eth_getTransactionByHash", Json::array({to_hex(hash)})),
                                           decode_rpc_transaction);
}

Result<std::optional<TransactionReceipt>, RpcError> Client::eth_get_transaction_receipt(const B256& hash) {
    return decode_optional<TransactionReceipt>("eth_getTransactionReceipt",
                                               call("eth_getTransactionReceipt", Json::array({to_hex(hash)})),
                                               decode_receipt);
}

Result<std::optional<std::vector<TransactionReceipt>>, RpcError> Client::eth_get_block_receipts(
    const BlockTag& tag) {
    return decode_optional<std::vector<TransactionReceipt>>(
        "eth_getBlockReceipts", call("eth_getBlockReceipts", Json::array({encode_block_tag(tag)})),
        decode_receipts);
}

Result<std::optional<std::vector<TransactionReceipt>>, RpcError> Client::eth_get_block_receipts(
    const B256& block_hash) {
    return decode_optional<std::vector<TransactionReceipt>>(
        "eth_getBlockReceipts", call("eth_getBlockReceipts", Json::array({to_hex(block_hash)})),
        decode_receipts);
}

Result<std::vector<RpcLog>, RpcError> Client::eth_get_logs(const LogFilter& filter) {
    return decode_result<std::vector<RpcLog>>(
        "eth_getLogs", call("eth_getLogs", Json::array({encode_log_filter(filter)})), decode_logs);
}

Result<Bytes, RpcError> Client::eth_call(const CallRequest& request, const BlockTag& tag) {
    return decode_result<Bytes>(
        "eth_call", call("eth_call", Json::array({encode_call_request(request), encode_block_tag(tag)})),
        decode_bytes);
}

Result<std::uint64_t, RpcError> Client::eth_estimate_gas(const CallRequest& request,
                                                         std::optional<BlockTag> tag) {
    Json params = Json::array({encode_call_request(request)});
    if (tag) params.push_back(encode_block_tag(*tag));
    return decode_result<std::uint64_t>("eth_estimateGas", call("eth_estimateGas", std::move(params)),
                                        decode_u64);
}

Result<B256, RpcError> Client::eth_send_raw_transaction(ByteView envelope) {
    return decode_result<B256>("eth_sendRawTransaction",
                               call("eth_sendRawTransaction", Json::array({to_hex(envelope)})), decode_b256);
}

Result<std::uint64_t, RpcError> Client::eth_get_transaction_count(const Address& address,
                                                                  const BlockTag& tag) {
    return decode_result<std::uint64_t>(
        "eth_getTransactionCount",
        call("eth_getTransactionCount", Json::array({to_hex(address), encode_block_tag(tag)})), decode_u64);
}

Result<U256, RpcError> Client::eth_get_balance(const Address& address, const BlockTag& tag) {
    return decode_result<U256>("eth_getBalance",
                               call("eth_getBalance", Json::array({to_hex(address), encode_block_tag(tag)})),
                               decode_u256);
}

Result<Bytes, RpcError> Client::eth_get_code(const Address& address, const BlockTag& tag) {
    return decode_result<Bytes>("eth_getCode",
                                call("eth_getCode", Json::array({to_hex(address), encode_block_tag(tag)})),
                                decode_bytes);
}

Result<U256, RpcError> Client::eth_gas_price() {
    return decode_result<U256>("eth_gasPrice", call("eth_gasPrice"), decode_u256);
}

Result<U256, RpcError> Client::eth_max_priority_fee_per_gas() {
    return decode_result<U256>("eth_maxPriorityFeePerGas", call("eth_maxPriorityFeePerGas"), decode_u256);
}

Result<FeeHistory, RpcError> Client::eth_fee_history(std::uint64_t block_count, const BlockTag& newest,
                                                     const std::vector<double>& reward_percentiles) {
    Json percentiles = Json::array();
    for (double p : reward_percentiles) percentiles.push_back(p);
    return decode_result<FeeHistory>(
        "eth_feeHistory",
        call("eth_feeHistory",
             Json::array({encode_quantity(block_count), encode_block_tag(newest), percentiles})),
        decode_fee_history);
}

}  // namespace baton::rpc
