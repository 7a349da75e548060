// SPDX-License-Identifier: MIT
#pragma once

// Ethereum JSON-RPC client. `call()` sends any method (anvil_*, evm_*, debug_*) and returns the raw
// JSON result; the typed calls are named after the method they send (eth_getBlockByNumber →
// eth_get_block_by_number) and decode into rpc/core values. "Not found" answers (JSON null) are
// std::nullopt, never an error. A node error on eth_call / eth_estimateGas is an RpcError of kind
// kRpcError whose `data` holds the revert bytes when the node gives them.
//
// A Client is cheap to move and safe to share between threads (requests are serialised).

#include <baton/core/result.hpp>
#include <baton/rpc/eth_types.hpp>
#include <baton/rpc/rpc_error.hpp>
#include <baton/rpc/transport.hpp>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baton::rpc {

using ClientOptions = TransportOptions;

class Client {
public:
    // kInvalidUrl for a URL that is not http(s)://host[:port][/path]. Does not connect.
    static Result<Client, RpcError> make(std::string_view url, ClientOptions options = {});

    const std::string& url() const noexcept { return transport_->url(); }

    // Any method; `params` is the JSON array of positional parameters (null means none).
    Result<nlohmann::json, RpcError> call(std::string_view method,
                                          nlohmann::json params = nlohmann::json::array());

    Result<std::uint64_t, RpcError> eth_chain_id();
    Result<std::uint64_t, RpcError> eth_block_number();
    Result<std::optional<Block>, RpcError> eth_get_block_by_number(const BlockTag& tag,
                                                                   bool full_transactions);
    Result<std::optional<Block>, RpcError> eth_get_block_by_hash(const B256& hash, bool full_transactions);
    Result<std::optional<RpcTransaction>, RpcError> eth_get_transaction_by_hash(const B256& hash);
    Result<std::optional<TransactionReceipt>, RpcError> eth_get_transaction_receipt(const B256& hash);
    Result<std::optional<std::vector<TransactionReceipt>>, RpcError> eth_get_block_receipts(
        const BlockTag& tag);
    Result<std::optional<std::vector<TransactionReceipt>>, RpcError> eth_get_block_receipts(
        const B256& block_hash);
    Result<std::vector<RpcLog>, RpcError> eth_get_logs(const LogFilter& filter);
    Result<Bytes, RpcError> eth_call(const CallRequest& request, const BlockTag& tag = BlockTag::latest());
    Result<std::uint64_t, RpcError> eth_estimate_gas(const CallRequest& request,
                                                     std::optional<BlockTag> tag = std::nullopt);
    // Returns the hash the node computed for the transaction.
    Result<B256, RpcError> eth_send_raw_transaction(ByteView envelope);
    Result<std::uint64_t, RpcError> eth_get_transaction_count(const Address& address,
                                                              const BlockTag& tag = BlockTag::latest());
    Result<U256, RpcError> eth_get_balance(const Address& address, const BlockTag& tag = BlockTag::latest());
    Result<Bytes, RpcError> eth_get_code(const Address& address, const BlockTag& tag = BlockTag::latest());
    Result<U256, RpcError> eth_gas_price();
    Result<U256, RpcError> eth_max_priority_fee_per_gas();
    Result<FeeHistory, RpcError> eth_fee_history(std::uint64_t block_count, const BlockTag& newest,
                                                 const std::vector<double>& reward_percentiles = {});

private:
    explicit Client(std::unique_ptr<Transport> transport) : transport_(std::move(transport)) {}
    std::unique_ptr<Transport> transport_;
};

}  // namespace baton::rpc
