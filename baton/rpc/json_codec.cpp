// SPDX-License-Identifier: MIT
// One job, one file: the JSON form of core's types as Ethereum nodes print them (quantities, blocks,
// the six txn types, receipts, logs, fee history, requests). The per-type readers share one field
// reader (Fields) and its error paths; split apart they would each need it from a header.
#include <baton/rpc/json_codec.hpp>

#include <baton/core/hex.hpp>

#include <utility>

namespace baton::rpc {
namespace {

RpcError decode_error(std::string message) {
    return make_error(RpcErrorKind::kDecode, std::move(message));
}

std::string kind_name(const Json& j) {
    return j.type_name();
}

template <std::size_t N>
Result<FixedBytes<N>, RpcError> decode_fixed(const Json& j) {
    if (!j.is_string()) return unexpected(decode_error("expected hex string, got " + kind_name(j)));
    const auto& text = j.get_ref<const std::string&>();
    auto bytes = decode_hex_fixed<N>(text);
    if (!bytes) {
        return unexpected(
            decode_error("expected " + std::to_string(N) + " hex bytes: " + to_string(bytes.error().error)));
    }
    return *bytes;
}

Result<bool, RpcError> decode_bool(const Json& j) {
    if (!j.is_boolean()) return unexpected(decode_error("expected boolean, got " + kind_name(j)));
    return j.get<bool>();
}

Result<double, RpcError> decode_double(const Json& j) {
    if (!j.is_number()) return unexpected(decode_error("expected number, got " + kind_name(j)));
    return j.get<double>();
}

template <class T>
using Decoder = Result<T, RpcError> (*)(const Json&);

template <class T>
Result<std::vector<T>, RpcError> decode_array(const Json& j, Decoder<T> decode) {
    if (!j.is_array()) return unexpected(decode_error("expected array, got " + kind_name(j)));
    std::vector<T> out;
    out.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) {
        auto item = decode(j[i]);
        if (!item) return unexpected(decode_error("[" + std::to_string(i) + "]: " + item.error().message));
        out.push_back(std::move(*item));
    }
    return out;
}

Result<std::vector<B256>, RpcError> decode_b256_array(const Json& j) {
    return decode_array<B256>(j, decode_b256);
}
Result<std::vector<U256>, RpcError> decode_u256_array(const Json& j) {
    return decode_array<U256>(j, decode_u256);
}
Result<std::vector<RpcLog>, RpcError> decode_log_array(const Json& j) {
    return decode_array<RpcLog>(j, decode_log);
}
Result<std::vector<double>, RpcError> decode_double_array(const Json& j) {
    return decode_array<double>(j, decode_double);
}
Result<std::vector<std::vector<U256>>, RpcError> decode_reward(const Json& j) {
    return decode_array<std::vector<U256>>(j, decode_u256_array);
}

// Reads the members of one JSON object. The first failure is kept (with object and field names) and
// later reads return defaults, so a decoder reads every field in a row and checks ok() once.
class Fields {
public:
    Fields(const Json& object, std::string what) : object_(object), what_(std::move(what)) {
        if (!object_.is_object()) fail_whole("expected object, got " + kind_name(object_));
    }

    bool ok() const noexcept { return !error_.has_value(); }
    RpcError error() const { return *error_; }

    template <class T>
    T req(const char* key, Decoder<T> decode) {
        const Json* value = find(key);
        if (value == nullptr) {
            if (ok()) fail(key, "missing");
            return T{};
        }
        auto r = decode(*value);
        if (!r) {
            fail(key, r.error().message);
            return T{};
        }
        return std::move(*r);
    }

    // Absent and null both mean "not there": nodes differ in which one they use.
    template <class T>
    std::optional<T> opt(const char* key, Decoder<T> decode) {
        const Json* value = find(key);
        if (value == nullptr) return std::nullopt;
        auto r = decode(*value);
        if (!r) {
            fail(key, r.error().message);
            return std::nullopt;
        }
        return std::move(*r);
    }

    bool has(const char* key) const {
        if (!object_.is_object()) return false;
        const auto it = object_.find(key);
        return it != object_.end() && !it->is_null();
    }

    const Json* raw(const char* key) const { return find(key); }

    void fail(const char* key, const std::string& message) {
        if (ok()) error_ = decode_error(what_ + "." + key + ": " + message);
    }
    void fail_whole(const std::string& message) {
        if (ok()) error_ = decode_error(what_ + ": " + message);
    }

private:
    const Json* find(const char* key) const {
        if (!ok() || !object_.is_object()) return nullptr;
        const auto it = object_.find(key);
        if (it == object_.end() || it->is_null()) return nullptr;
        return &*it;
    }

    const Json& object_;
    std::string what_;
    std::optional<RpcError> error_;
};

Result<AccessListEntry, RpcError> decode_access_list_entry(const Json& j) {
    Fields f(j, "accessList entry");
    AccessListEntry e;
    e.address = f.req<Address>("address", decode_address);
    e.storage_keys = f.req<std::vector<B256>>("storageKeys", decode_b256_array);
    if (!f.ok()) return unexpected(f.error());
    return e;
}

Result<AccessList, RpcError> decode_access_list(const Json& j) {
    return decode_array<AccessListEntry>(j, decode_access_list_entry);
}

// Typed transactions give the parity as "yParity"; older nodes only as "v" (0 or 1).
std::uint8_t read_y_parity(Fields& f) {
    const auto y = f.has("yParity") ? f.req<std::uint64_t>("yParity", decode_u64)
                                    : f.req<std::uint64_t>("v", decode_u64);
    if (y > 1) {
        f.fail("yParity", "must be 0 or 1");
        return 0;
    }
    return static_cast<std::uint8_t>(y);
}

Signature read_signature(Fields& f, std::uint8_t y_parity) {
    Signature sig;
    sig.r = f.req<U256>("r", decode_u256);
    sig.s = f.req<U256>("s", decode_u256);
    sig.y_parity = y_parity;
    return sig;
}

Transaction read_legacy(Fields& f) {
    LegacyTx tx;
    tx.nonce = f.req<std::uint64_t>("nonce", decode_u64);
    tx.gas_price = f.req<U256>("gasPrice", decode_u256);
    tx.gas_limit = f.req<std::uint64_t>("gas", decode_u64);
    tx.to = f.opt<Address>("to", decode_address);
    tx.value = f.req<U256>("value", decode_u256);
    tx.data = f.req<Bytes>("input", decode_bytes);
    // v = 27 + y before EIP-155, chain_id * 2 + 35 + y after it.
    const U256 v = f.req<U256>("v", decode_u256);
    std::uint8_t y = 0;
    if (v == U256(27) || v == U256(28)) {
        y = static_cast<std::uint8_t>(v.limbs[0] - 27);
    } else if (v.fits_u64() && v.limbs[0] >= 35) {
        tx.chain_id = (v.limbs[0] - 35) / 2;
        y = static_cast<std::uint8_t>((v.limbs[0] - 35) % 2);
    } else if (f.ok()) {
        f.fail("v", "not 27, 28 or an EIP-155 value");
    }
    tx.signature = read_signature(f, y);
    return tx;
}

Transaction read_access_list_tx(Fields& f) {
    AccessListTx tx;
    tx.chain_id = f.req<std::uint64_t>("chainId", decode_u64);
    tx.nonce = f.req<std::uint64_t>("nonce", decode_u64);
    tx.gas_price = f.req<U256>("gasPrice", decode_u256);
    tx.gas_limit = f.req<std::uint64_t>("gas", decode_u64);
    tx.to = f.opt<Address>("to", decode_address);
    tx.value = f.req<U256>("value", decode_u256);
    tx.data = f.req<Bytes>("input", decode_bytes);
    tx.access_list = f.opt<AccessList>("accessList", decode_access_list).value_or(AccessList{});
    tx.signature = read_signature(f, read_y_parity(f));
    return tx;
}

Transaction read_dynamic_fee_tx(Fields& f) {
    DynamicFeeTx tx;
    tx.chain_id = f.req<std::uint64_t>("chainId", decode_u64);
    tx.nonce = f.req<std::uint64_t>("nonce", decode_u64);
    tx.max_priority_fee_per_gas = f.req<U256>("maxPriorityFeePerGas", decode_u256);
    tx.max_fee_per_gas = f.req<U256>("maxFeePerGas", decode_u256);
    tx.gas_limit = f.req<std::uint64_t>("gas", decode_u64);
    tx.to = f.opt<Address>("to", decode_address);
    tx.value = f.req<U256>("value", decode_u256);
    tx.data = f.req<Bytes>("input", decode_bytes);
    tx.access_list = f.opt<AccessList>("accessList", decode_access_list).value_or(AccessList{});
    tx.signature = read_signature(f, read_y_parity(f));
    return tx;
}

Transaction read_blob_tx(Fields& f) {
    BlobTx tx;
    tx.chain_id = f.req<std::uint64_t>("chainId", decode_u64);
    tx.nonce = f.req<std::uint64_t>("nonce", decode_u64);
    tx.max_priority_fee_per_gas = f.req<U256>("maxPriorityFeePerGas", decode_u256);
    tx.max_fee_per_gas = f.req<U256>("maxFeePerGas", decode_u256);
    tx.gas_limit = f.req<std::uint64_t>("gas", decode_u64);
    tx.to = f.req<Address>("to", decode_address);
    tx.value = f.req<U256>("value", decode_u256);
    tx.data = f.req<Bytes>("input", decode_bytes);
    tx.access_list = f.opt<AccessList>("accessList", decode_access_list).value_or(AccessList{});
    tx.max_fee_per_blob_gas = f.req<U256>("maxFeePerBlobGas", decode_u256);
    tx.blob_versioned_hashes = f.req<std::vector<B256>>("blobVersionedHashes", decode_b256_array);
    tx.signature = read_signature(f, read_y_parity(f));
    return tx;
}

// EIP-7702 tuples as geth/reth/anvil print them; "yParity" is a byte here (the EIP bounds it
// to 2^8, and a tuple with a bad parity is skipped at execution, not an invalid tx).
Result<Authorization, RpcError> decode_authorization(const Json& j) {
    Fields f(j, "authorizationList entry");
    Authorization a;
    a.chain_id = f.req<U256>("chainId", decode_u256);
    a.address = f.req<Address>("address", decode_address);
    a.nonce = f.req<std::uint64_t>("nonce", decode_u64);
    const std::uint64_t y = f.req<std::uint64_t>("yParity", decode_u64);
    if (y > 0xff) f.fail("yParity", "wider than a byte");
    a.y_parity = static_cast<std::uint8_t>(y);
    a.r = f.req<U256>("r", decode_u256);
    a.s = f.req<U256>("s", decode_u256);
    if (!f.ok()) return unexpected(f.error());
    return a;
}

Result<std::vector<Authorization>, RpcError> decode_authorization_list(const Json& j) {
    return decode_array<Authorization>(j, decode_authorization);
}

Transaction read_set_code_tx(Fields& f) {
    SetCodeTx tx;
    tx.chain_id = f.req<std::uint64_t>("chainId", decode_u64);
    tx.nonce = f.req<std::uint64_t>("nonce", decode_u64);
    tx.max_priority_fee_per_gas = f.req<U256>("maxPriorityFeePerGas", decode_u256);
    tx.max_fee_per_gas = f.req<U256>("maxFeePerGas", decode_u256);
    tx.gas_limit = f.req<std::uint64_t>("gas", decode_u64);
    tx.to = f.req<Address>("to", decode_address);
    tx.value = f.req<U256>("value", decode_u256);
    tx.data = f.req<Bytes>("input", decode_bytes);
    tx.access_list = f.opt<AccessList>("accessList", decode_access_list).value_or(AccessList{});
    tx.authorization_list = f.req<std::vector<Authorization>>("authorizationList", decode_authorization_list);
    if (f.ok() && tx.authorization_list.empty()) f.fail("authorizationList", "empty (invalid per EIP-7702)");
    tx.signature = read_signature(f, read_y_parity(f));
    return tx;
}

// op-geth leaves out "mint" when it is zero and "isSystemTx" when false.
Transaction read_deposit_tx(Fields& f) {
    DepositTx tx;
    tx.source_hash = f.req<B256>("sourceHash", decode_b256);
    tx.from = f.req<Address>("from", decode_address);
    tx.to = f.opt<Address>("to", decode_address);
    tx.mint = f.opt<U256>("mint", decode_u256).value_or(U256{});
    tx.value = f.req<U256>("value", decode_u256);
    tx.gas_limit = f.req<std::uint64_t>("gas", decode_u64);
    tx.is_system_tx = f.opt<bool>("isSystemTx", decode_bool).value_or(false);
    tx.data = f.req<Bytes>("input", decode_bytes);
    return tx;
}

Result<TxType, RpcError> to_tx_type(std::uint64_t type) {
    switch (type) {
        case 0x00:
            return TxType::kLegacy;
        case 0x01:
            return TxType::kAccessList;
        case 0x02:
            return TxType::kDynamicFee;
        case 0x03:
            return TxType::kBlob;
        case 0x04:
            return TxType::kSetCode;
        case 0x7e:
            return TxType::kDeposit;
        default:
            break;
    }
    return unexpected(decode_error("unsupported transaction type " + encode_quantity(type)));
}

}  // namespace

// ---- scalars ----

Result<std::uint64_t, RpcError> decode_u64(const Json& j) {
    auto v = decode_u256(j);
    if (!v) return unexpected(v.error());
    auto small = v->to_u64();
    if (!small) return unexpected(decode_error("quantity does not fit in 64 bits"));
    return *small;
}

Result<U256, RpcError> decode_u256(const Json& j) {
    if (!j.is_string()) return unexpected(decode_error("expected hex quantity, got " + kind_name(j)));
    auto v = parse_quantity(j.get_ref<const std::string&>());
    if (!v) return unexpected(decode_error(std::string("bad quantity: ") + to_string(v.error())));
    return *v;
}

Result<Bytes, RpcError> decode_bytes(const Json& j) {
    if (!j.is_string()) return unexpected(decode_error("expected hex data, got " + kind_name(j)));
    auto bytes = decode_hex(j.get_ref<const std::string&>());
    if (!bytes)
        return unexpected(decode_error(std::string("bad hex data: ") + to_string(bytes.error().error)));
    return std::move(*bytes);
}

Result<B256, RpcError> decode_b256(const Json& j) {
    return decode_fixed<32>(j);
}

Result<Address, RpcError> decode_address(const Json& j) {
    return decode_fixed<20>(j);
}

std::string encode_quantity(std::uint64_t v) {
    return to_quantity(U256(v));
}

std::string encode_quantity(const U256& v) {
    return to_quantity(v);
}

Json encode_block_tag(const BlockTag& tag) {
    switch (tag.name) {
        case BlockTag::Name::kNumber:
            return encode_quantity(tag.number);
        case BlockTag::Name::kLatest:
            return "latest";
        case BlockTag::Name::kPending:
            return "pending";
        case BlockTag::Name::kSafe:
            return "safe";
        case BlockTag::Name::kFinalized:
            return "finalized";
        case BlockTag::Name::kEarliest:
            return "earliest";
    }
    return "latest";
}

// ---- node objects ----

Result<BlockHeader, RpcError> decode_block_header(const Json& j) {
    Fields f(j, "block");
    BlockHeader h;
    h.hash = f.req<B256>("hash", decode_b256);
    h.parent_hash = f.req<B256>("parentHash", decode_b256);
    h.ommers_hash = f.req<B256>("sha3Uncles", decode_b256);
    h.beneficiary = f.req<Address>("miner", decode_address);
    h.state_root = f.req<B256>("stateRoot", decode_b256);
    h.transactions_root = f.req<B256>("transactionsRoot", decode_b256);
    h.receipts_root = f.req<B256>("receiptsRoot", decode_b256);
    h.logs_bloom = f.req<Bloom>("logsBloom", decode_fixed<256>);
    h.difficulty = f.opt<U256>("difficulty", decode_u256).value_or(U256{});
    h.number = f.req<std::uint64_t>("number", decode_u64);
    h.gas_limit = f.req<std::uint64_t>("gasLimit", decode_u64);
    h.gas_used = f.req<std::uint64_t>("gasUsed", decode_u64);
    h.timestamp = f.req<std::uint64_t>("timestamp", decode_u64);
    h.extra_data = f.req<Bytes>("extraData", decode_bytes);
    h.mix_hash = f.req<B256>("mixHash", decode_b256);
    h.nonce = f.opt<FixedBytes<8>>("nonce", decode_fixed<8>).value_or(FixedBytes<8>{});
    h.base_fee_per_gas = f.opt<U256>("baseFeePerGas", decode_u256);
    h.withdrawals_root = f.opt<B256>("withdrawalsRoot", decode_b256);
    h.blob_gas_used = f.opt<std::uint64_t>("blobGasUsed", decode_u64);
    h.excess_blob_gas = f.opt<std::uint64_t>("excessBlobGas", decode_u64);
    h.parent_beacon_block_root = f.opt<B256>("parentBeaconBlockRoot", decode_b256);
    h.requests_hash = f.opt<B256>("requestsHash", decode_b256);
    if (!f.ok()) return unexpected(f.error());
    return h;
}

Result<Block, RpcError> decode_block(const Json& j) {
    auto header = decode_block_header(j);
    if (!header) return unexpected(header.error());
    Block block;
    block.header = std::move(*header);
    const auto txs = j.find("transactions");
    if (txs == j.end() || !txs->is_array())
        return unexpected(decode_error("block.transactions: missing or not an array"));
    block.transaction_hashes.reserve(txs->size());
    for (std::size_t i = 0; i < txs->size(); ++i) {
        const Json& item = (*txs)[i];
        if (item.is_string()) {
            auto hash = decode_b256(item);
            if (!hash) {
                return unexpected(
                    decode_error("block.transactions[" + std::to_string(i) + "]: " + hash.error().message));
            }
            block.transaction_hashes.push_back(*hash);
            continue;
        }
        auto txn = decode_rpc_transaction(item);
        if (!txn) {
            return unexpected(
                decode_error("block.transactions[" + std::to_string(i) + "]: " + txn.error().message));
        }
        block.transaction_hashes.push_back(txn->hash);
        block.transactions.push_back(std::move(*txn));
    }
    if (!block.transactions.empty() && block.transactions.size() != block.transaction_hashes.size()) {
        return unexpected(decode_error("block.transactions: mixes hashes and objects"));
    }
    return block;
}

Result<RpcTransaction, RpcError> decode_rpc_transaction(const Json& j) {
    Fields f(j, "transaction");
    const std::uint64_t type_number = f.opt<std::uint64_t>("type", decode_u64).value_or(0);
    if (!f.ok()) return unexpected(f.error());
    auto type = to_tx_type(type_number);
    if (!type) return unexpected(decode_error("transaction.type: " + type.error().message));

    RpcTransaction out;
    out.hash = f.req<B256>("hash", decode_b256);
    out.from = f.req<Address>("from", decode_address);
    out.block_hash = f.opt<B256>("blockHash", decode_b256);
    out.block_number = f.opt<std::uint64_t>("blockNumber", decode_u64);
    out.transaction_index = f.opt<std::uint64_t>("transactionIndex", decode_u64);
    switch (*type) {
        case TxType::kLegacy:
            out.txn = read_legacy(f);
            break;
        case TxType::kAccessList:
            out.txn = read_access_list_tx(f);
            break;
        case TxType::kDynamicFee:
            out.txn = read_dynamic_fee_tx(f);
            break;
        case TxType::kBlob:
            out.txn = read_blob_tx(f);
            break;
        case TxType::kSetCode:
            out.txn = read_set_code_tx(f);
            break;
        case TxType::kDeposit:
            out.txn = read_deposit_tx(f);
            break;
    }
    if (!f.ok()) return unexpected(f.error());
    // The node's hash covers the exact envelope; a mismatch means a field we read differs from what
    // was signed (or a codec bug), and such a transaction must not be used.
    if (transaction_hash(out.txn) != out.hash) {
        return unexpected(
            decode_error("transaction " + to_hex(out.hash) + ": hash does not match its fields"));
    }
    return out;
}

Result<RpcLog, RpcError> decode_log(const Json& j) {
    Fields f(j, "log");
    RpcLog out;
    out.log.address = f.req<Address>("address", decode_address);
    out.log.topics = f.req<std::vector<B256>>("topics", decode_b256_array);
    out.log.data = f.req<Bytes>("data", decode_bytes);
    out.block_number = f.req<std::uint64_t>("blockNumber", decode_u64);
    out.block_hash = f.req<B256>("blockHash", decode_b256);
    out.transaction_hash = f.req<B256>("transactionHash", decode_b256);
    out.transaction_index = f.req<std::uint64_t>("transactionIndex", decode_u64);
    out.log_index = f.req<std::uint64_t>("logIndex", decode_u64);
    out.removed = f.opt<bool>("removed", decode_bool).value_or(false);
    if (!f.ok()) return unexpected(f.error());
    return out;
}

Result<TransactionReceipt, RpcError> decode_receipt(const Json& j) {
    Fields f(j, "receipt");
    TransactionReceipt out;
    const std::uint64_t type_number = f.opt<std::uint64_t>("type", decode_u64).value_or(0);
    if (!f.ok()) return unexpected(f.error());
    auto type = to_tx_type(type_number);
    if (!type) return unexpected(decode_error("receipt.type: " + type.error().message));
    out.receipt.type = *type;
    if (!f.has("status") && f.has("root")) {
        return unexpected(decode_error("receipt.status: pre-Byzantium receipt with a state root"));
    }
    const std::uint64_t status = f.req<std::uint64_t>("status", decode_u64);
    if (status > 1) f.fail("status", "must be 0 or 1");
    out.receipt.status = status == 1;
    out.receipt.cumulative_gas_used = f.req<std::uint64_t>("cumulativeGasUsed", decode_u64);
    out.receipt.logs_bloom = f.req<Bloom>("logsBloom", decode_fixed<256>);
    out.receipt.deposit_nonce = f.opt<std::uint64_t>("depositNonce", decode_u64);
    out.receipt.deposit_receipt_version = f.opt<std::uint64_t>("depositReceiptVersion", decode_u64);
    out.transaction_hash = f.req<B256>("transactionHash", decode_b256);
    out.transaction_index = f.req<std::uint64_t>("transactionIndex", decode_u64);
    out.block_hash = f.req<B256>("blockHash", decode_b256);
    out.block_number = f.req<std::uint64_t>("blockNumber", decode_u64);
    out.from = f.req<Address>("from", decode_address);
    out.to = f.opt<Address>("to", decode_address);
    out.contract_address = f.opt<Address>("contractAddress", decode_address);
    out.gas_used = f.req<std::uint64_t>("gasUsed", decode_u64);
    // Deposit receipts from some nodes carry no effective gas price: deposits pay no L2 fee.
    out.effective_gas_price = f.opt<U256>("effectiveGasPrice", decode_u256).value_or(U256{});
    out.blob_gas_used = f.opt<std::uint64_t>("blobGasUsed", decode_u64);
    out.blob_gas_price = f.opt<U256>("blobGasPrice", decode_u256);
    out.logs = f.req<std::vector<RpcLog>>("logs", decode_log_array);
    if (!f.ok()) return unexpected(f.error());
    out.receipt.logs.reserve(out.logs.size());
    for (const auto& log : out.logs) out.receipt.logs.push_back(log.log);
    return out;
}

Result<FeeHistory, RpcError> decode_fee_history(const Json& j) {
    Fields f(j, "feeHistory");
    FeeHistory out;
    out.oldest_block = f.req<std::uint64_t>("oldestBlock", decode_u64);
    out.base_fee_per_gas = f.req<std::vector<U256>>("baseFeePerGas", decode_u256_array);
    out.gas_used_ratio = f.req<std::vector<double>>("gasUsedRatio", decode_double_array);
    out.reward = f.opt<std::vector<std::vector<U256>>>("reward", decode_reward)
                     .value_or(std::vector<std::vector<U256>>{});
    out.base_fee_per_blob_gas =
        f.opt<std::vector<U256>>("baseFeePerBlobGas", decode_u256_array).value_or(std::vector<U256>{});
    out.blob_gas_used_ratio =
        f.opt<std::vector<double>>("blobGasUsedRatio", decode_double_array).value_or(std::vector<double>{});
    if (!f.ok()) return unexpected(f.error());
    return out;
}

// ---- requests ----

Json encode_call_request(const CallRequest& request) {
    Json j = Json::object();
    if (request.from) j["from"] = to_hex(*request.from);
    if (request.to) j["to"] = to_hex(*request.to);
    // geth reads "input" and, for older clients, "data"; sending both (equal) suits every node.
    j["input"] = to_hex(request.data);
    j["data"] = to_hex(request.data);
    if (request.value) j["value"] = encode_quantity(*request.value);
    if (request.gas) j["gas"] = encode_quantity(*request.gas);
    if (request.gas_price) j["gasPrice"] = encode_quantity(*request.gas_price);
    if (request.max_fee_per_gas) j["maxFeePerGas"] = encode_quantity(*request.max_fee_per_gas);
    if (request.max_priority_fee_per_gas)
        j["maxPriorityFeePerGas"] = encode_quantity(*request.max_priority_fee_per_gas);
    if (request.nonce) j["nonce"] = encode_quantity(*request.nonce);
    return j;
}

Json encode_log_filter(const LogFilter& filter) {
    Json j = Json::object();
    if (filter.block_hash) j["blockHash"] = to_hex(*filter.block_hash);
    if (filter.from_block) j["fromBlock"] = encode_block_tag(*filter.from_block);
    if (filter.to_block) j["toBlock"] = encode_block_tag(*filter.to_block);
    if (!filter.addresses.empty()) {
        Json addresses = Json::array();
        for (const auto& a : filter.addresses) addresses.push_back(to_hex(a));
        j["address"] = std::move(addresses);
    }
    if (!filter.topics.empty()) {
        Json topics = Json::array();
        for (const auto& position : filter.topics) {
            if (position.empty()) {
                topics.push_back(nullptr);
                continue;
            }
            Json alternatives = Json::array();
            for (const auto& t : position) alternatives.push_back(to_hex(t));
            topics.push_back(std::move(alternatives));
        }
        j["topics"] = std::move(topics);
    }
    return j;
}

}  // namespace baton::rpc
