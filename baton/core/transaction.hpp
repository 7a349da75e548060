// SPDX-License-Identifier: MIT
#pragma once

// Transactions as value types, one struct per EIP-2718 type, and their envelope codec.
//
// Envelope (EIP-2718): a legacy tx is its RLP list; a typed tx is `type ++ rlp(fields)`.
//   legacy  rlp([nonce, gasPrice, gas, to, value, data, v, r, s]), v = 27 + y or
//           chainId * 2 + 35 + y (EIP-155)
//   0x01    rlp([chainId, nonce, gasPrice, gas, to, value, data, accessList, y, r, s])
//   0x02    rlp([chainId, nonce, maxPriorityFee, maxFee, gas, to, value, data, accessList, y, r, s])
//   0x03    rlp([chainId, nonce, maxPriorityFee, maxFee, gas, to, value, data, accessList,
//                maxFeePerBlobGas, blobVersionedHashes, y, r, s])        (no sidecar: L1 form)
//   0x04    rlp([chainId, nonce, maxPriorityFee, maxFee, gas, to, value, data, accessList,
//                authorizationList, y, r, s])                             (EIP-7702 set-code)
//           authorizationList = [[chainId, address, nonce, y, r, s], ...], never empty
//   0x7E    rlp([sourceHash, from, to, mint, value, gas, isSystemTx, data])   (OP deposit, unsigned)
// `to` empty (0x80) means contract creation, except for blob and set-code txs where it is required.
//
// The transaction hash is keccak256 of the envelope for every type, deposits included.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/core/secp256k1.hpp>
#include <baton/core/u256.hpp>

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

namespace baton {

enum class TxType : std::uint8_t {
    kLegacy = 0x00,
    kAccessList = 0x01,  // EIP-2930
    kDynamicFee = 0x02,  // EIP-1559
    kBlob = 0x03,        // EIP-4844
    kSetCode = 0x04,     // EIP-7702
    kDeposit = 0x7e,     // OP Stack deposit
};

enum class [[nodiscard]] TxError{
    kEmptyInput,
    kUnsupportedType,         // first byte is neither a legacy list nor a known type
    kMalformedRlp,            // not canonical RLP, wrong field count or field kinds
    kTrailingBytes,           // bytes after the transaction
    kInvalidV,                // legacy v is not 27/28 or a valid EIP-155 value; typed y_parity > 1
    kMissingTo,               // blob or set-code tx without a recipient
    kInvalidSignature,        // r/s out of range, high s, or recovery failed
    kNotSignable,             // deposits carry no signature
    kEmptyAuthorizationList,  // set-code tx with no authorizations (invalid per EIP-7702)
};

const char* to_string(TxError e) noexcept;

struct AccessListEntry {
    Address address{};
    std::vector<B256> storage_keys;
    friend bool operator==(const AccessListEntry&, const AccessListEntry&) = default;
};
using AccessList = std::vector<AccessListEntry>;

struct LegacyTx {
    std::uint64_t nonce{0};
    U256 gas_price;
    std::uint64_t gas_limit{0};
    std::optional<Address> to;  // nullopt: contract creation
    U256 value;
    Bytes data;
    std::optional<std::uint64_t> chain_id;  // set: EIP-155 replay protection
    Signature signature;
    friend bool operator==(const LegacyTx&, const LegacyTx&) = default;
};

struct AccessListTx {
    std::uint64_t chain_id{0};
    std::uint64_t nonce{0};
    U256 gas_price;
    std::uint64_t gas_limit{0};
    std::optional<Address> to;
    U256 value;
    Bytes data;
    AccessList access_list;
    Signature signature;
    friend bool operator==(const AccessListTx&, const AccessListTx&) = default;
};

struct DynamicFeeTx {
    std::uint64_t chain_id{0};
    std::uint64_t nonce{0};
    U256 max_priority_fee_per_gas;
    U256 max_fee_per_gas;
    std::uint64_t gas_limit{0};
    std::optional<Address> to;
    U256 value;
    Bytes data;
    AccessList access_list;
    Signature signature;
    friend bool operator==(const DynamicFeeTx&, const DynamicFeeTx&) = default;
};

struct BlobTx {
    std::uint64_t chain_id{0};
    std::uint64_t nonce{0};
    U256 max_priority_fee_per_gas;
    U256 max_fee_per_gas;
    std::uint64_t gas_limit{0};
    Address to{};  // blob txs cannot create contracts
    U256 value;
    Bytes data;
    AccessList access_list;
    U256 max_fee_per_blob_gas;
    std::vector<B256> blob_versioned_hashes;
    Signature signature;
    friend bool operator==(const BlobTx&, const BlobTx&) = default;
};

// One EIP-7702 authorization tuple: the authority (recovered from the signature over
// keccak256(0x05 ++ rlp([chain_id, address, nonce]))) delegates its code to `address`.
// chain_id 0 means any chain. The EIP bounds y_parity only to a byte (not 0/1): an
// authorization with a bad signature makes the tuple void at execution, not the tx invalid,
// so decoding keeps whatever byte was sent.
struct Authorization {
    U256 chain_id;
    Address address{};
    std::uint64_t nonce{0};
    std::uint8_t y_parity{0};
    U256 r;
    U256 s;
    friend bool operator==(const Authorization&, const Authorization&) = default;
};

struct SetCodeTx {
    std::uint64_t chain_id{0};
    std::uint64_t nonce{0};
    U256 max_priority_fee_per_gas;
    U256 max_fee_per_gas;
    std::uint64_t gas_limit{0};
    Address to{};  // set-code txs cannot create contracts
    U256 value;
    Bytes data;
    AccessList access_list;
    std::vector<Authorization> authorization_list;  // at least one
    Signature signature;
    friend bool operator==(const SetCodeTx&, const SetCodeTx&) = default;
};

struct DepositTx {
    B256 source_hash{};
    Address from{};
    std::optional<Address> to;
    U256 mint;
    U256 value;
    std::uint64_t gas_limit{0};
    bool is_system_tx{false};
    Bytes data;
    friend bool operator==(const DepositTx&, const DepositTx&) = default;
};

// SetCodeTx is last so that the older alternatives keep their indexes.
using Transaction = std::variant<LegacyTx, AccessListTx, DynamicFeeTx, BlobTx, DepositTx, SetCodeTx>;

TxType tx_type(const Transaction& txn) noexcept;

// Builds an access-list entry; with no keys it only warms the account.
AccessListEntry make_access_list_entry(const Address& address, std::vector<B256> storage_keys = {});

// EIP-2718 envelope (what eth_sendRawTransaction takes and what the tx hash covers).
Bytes encode_transaction(const Transaction& txn);
// Strict: canonical RLP only, no trailing bytes.
Result<Transaction, TxError> decode_transaction(ByteView envelope);

// keccak256(envelope).
B256 transaction_hash(const Transaction& txn);
// The hash that is signed: legacy rlp([nonce, gasPrice, gas, to, value, data]) or with
// [..., chainId, 0, 0] under EIP-155; typed `type ++ rlp(fields without signature)`.
// Deposits have none (kNotSignable).
Result<B256, TxError> signing_hash(const Transaction& txn);
// Fills in the signature. Deposits: kNotSignable.
Result<void, TxError> sign(Transaction& txn, const PrivateKey& key);
// The sender: recovered from the signature, or a deposit's `from`.
Result<Address, TxError> recover_sender(const Transaction& txn);

// rlp([[address, [storageKey, ...]], ...]): the EIP-2930 access list as it sits in a typed tx
// (span batches carry it in their tx_data). decode_access_list reads exactly one such item,
// strictly (canonical RLP, 20-byte addresses, 32-byte keys, nothing left over).
void encode_access_list(Bytes& out, const AccessList& list);
Result<AccessList, TxError> decode_access_list(ByteView encoded);
// EIP-7702: keccak256(0x05 ++ rlp([chain_id, address, nonce])), the hash an authority signs.
// rlp([[chainId, address, nonce, y, r, s], ...]): the list as it sits in a set-code tx (span
// batches carry it verbatim).
void encode_authorization_list(Bytes& out, const std::vector<Authorization>& list);
B256 authorization_signing_hash(const U256& chain_id, const Address& address, std::uint64_t nonce);
// A signed authorization tuple delegating `key`'s account to `address`.
Result<Authorization, TxError> sign_authorization(const U256& chain_id, const Address& address,
                                                  std::uint64_t nonce, const PrivateKey& key);
// The authority that signed the tuple. y_parity > 1, high s or a failed recovery:
// kInvalidSignature (the EIP then skips the tuple).
Result<Address, TxError> recover_authority(const Authorization& auth);

}  // namespace baton
