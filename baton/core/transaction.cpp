// SPDX-License-Identifier: MIT
// One job, one file: the RLP wire form of the six txn types (legacy, 2930, 1559, 4844, 7702,
// deposit) and the hashes built on it. Encoder and decoder of each type sit side by side so that a
// field added to one is added to the other; signing only re-encodes (signing_hash, sign).
#include <baton/core/transaction.hpp>

#include <baton/core/keccak.hpp>
#include <baton/core/rlp.hpp>

#include <type_traits>

namespace baton {

const char* to_string(TxError e) noexcept {
    switch (e) {
        case TxError::kEmptyInput:
            return "empty transaction";
        case TxError::kUnsupportedType:
            return "unsupported transaction type";
        case TxError::kMalformedRlp:
            return "malformed transaction RLP";
        case TxError::kTrailingBytes:
            return "trailing bytes after transaction";
        case TxError::kInvalidV:
            return "invalid signature v / y parity";
        case TxError::kMissingTo:
            return "blob or set-code transaction without recipient";
        case TxError::kInvalidSignature:
            return "invalid signature";
        case TxError::kNotSignable:
            return "deposit transactions are not signed";
        case TxError::kEmptyAuthorizationList:
            return "set-code transaction with an empty authorization list";
    }
    return "unknown transaction error";
}

namespace {
constexpr TxType type_of(const LegacyTx&) noexcept {
    return TxType::kLegacy;
}
constexpr TxType type_of(const AccessListTx&) noexcept {
    return TxType::kAccessList;
}
constexpr TxType type_of(const DynamicFeeTx&) noexcept {
    return TxType::kDynamicFee;
}
constexpr TxType type_of(const BlobTx&) noexcept {
    return TxType::kBlob;
}
constexpr TxType type_of(const DepositTx&) noexcept {
    return TxType::kDeposit;
}
constexpr TxType type_of(const SetCodeTx&) noexcept {
    return TxType::kSetCode;
}
}  // namespace

// By alternative type, not index, so the variant's order carries no meaning here. std::visit throws
// only for a valueless variant, which a Transaction never is (its alternatives move without throwing).
// NOLINTNEXTLINE(bugprone-exception-escape)
TxType tx_type(const Transaction& txn) noexcept {
    return std::visit([](const auto& t) { return type_of(t); }, txn);
}

AccessListEntry make_access_list_entry(const Address& address, std::vector<B256> storage_keys) {
    return AccessListEntry{address, std::move(storage_keys)};
}

namespace {

// ---- encoding ----

void encode_to(Bytes& out, const std::optional<Address>& to) {
    if (to) {
        rlp::encode_string(out, *to);
    } else {
        rlp::encode_string(out, {});
    }
}

void encode_hashes(Bytes& out, const std::vector<B256>& hashes) {
    Bytes payload;
    payload.reserve(hashes.size() * 33);
    for (const auto& h : hashes) rlp::encode_string(payload, h);
    rlp::encode_list(out, payload);
}

void encode_y_r_s(Bytes& out, const Signature& sig) {
    rlp::encode_uint(out, std::uint64_t{sig.y_parity});
    rlp::encode_uint(out, sig.r);
    rlp::encode_uint(out, sig.s);
}

enum class Form { kSigned, kForSigning };

U256 legacy_v(const LegacyTx& t) {
    if (!t.chain_id) return U256{27u + t.signature.y_parity};
    return U256{*t.chain_id} * U256{2} + U256{35u + t.signature.y_parity};
}

Bytes fields(const LegacyTx& t, Form form) {
    Bytes p;
    rlp::encode_uint(p, t.nonce);
    rlp::encode_uint(p, t.gas_price);
    rlp::encode_uint(p, t.gas_limit);
    encode_to(p, t.to);
    rlp::encode_uint(p, t.value);
    rlp::encode_string(p, t.data);
    if (form == Form::kSigned) {
        rlp::encode_uint(p, legacy_v(t));
        rlp::encode_uint(p, t.signature.r);
        rlp::encode_uint(p, t.signature.s);
    } else if (t.chain_id) {
        // EIP-155: the signed message commits to the chain id, with empty r and s.
        rlp::encode_uint(p, *t.chain_id);
        rlp::encode_uint(p, std::uint64_t{0});
        rlp::encode_uint(p, std::uint64_t{0});
    }
    return p;
}

Bytes fields(const AccessListTx& t, Form form) {
    Bytes p;
    rlp::encode_uint(p, t.chain_id);
    rlp::encode_uint(p, t.nonce);
    rlp::encode_uint(p, t.gas_price);
    rlp::encode_uint(p, t.gas_limit);
    encode_to(p, t.to);
    rlp::encode_uint(p, t.value);
    rlp::encode_string(p, t.data);
    encode_access_list(p, t.access_list);
    if (form == Form::kSigned) encode_y_r_s(p, t.signature);
    return p;
}

Bytes fields(const DynamicFeeTx& t, Form form) {
    Bytes p;
    rlp::encode_uint(p, t.chain_id);
    rlp::encode_uint(p, t.nonce);
    rlp::encode_uint(p, t.max_priority_fee_per_gas);
    rlp::encode_uint(p, t.max_fee_per_gas);
    rlp::encode_uint(p, t.gas_limit);
    encode_to(p, t.to);
    rlp::encode_uint(p, t.value);
    rlp::encode_string(p, t.data);
    encode_access_list(p, t.access_list);
    if (form == Form::kSigned) encode_y_r_s(p, t.signature);
    return p;
}

Bytes fields(const BlobTx& t, Form form) {
    Bytes p;
    rlp::encode_uint(p, t.chain_id);
    rlp::encode_uint(p, t.nonce);
    rlp::encode_uint(p, t.max_priority_fee_per_gas);
    rlp::encode_uint(p, t.max_fee_per_gas);
    rlp::encode_uint(p, t.gas_limit);
    rlp::encode_string(p, t.to);
    rlp::encode_uint(p, t.value);
    rlp::encode_string(p, t.data);
    encode_access_list(p, t.access_list);
    rlp::encode_uint(p, t.max_fee_per_blob_gas);
    encode_hashes(p, t.blob_versioned_hashes);
    if (form == Form::kSigned) encode_y_r_s(p, t.signature);
    return p;
}

Bytes fields(const SetCodeTx& t, Form form) {
    Bytes p;
    rlp::encode_uint(p, t.chain_id);
    rlp::encode_uint(p, t.nonce);
    rlp::encode_uint(p, t.max_priority_fee_per_gas);
    rlp::encode_uint(p, t.max_fee_per_gas);
    rlp::encode_uint(p, t.gas_limit);
    rlp::encode_string(p, t.to);
    rlp::encode_uint(p, t.value);
    rlp::encode_string(p, t.data);
    encode_access_list(p, t.access_list);
    encode_authorization_list(p, t.authorization_list);
    if (form == Form::kSigned) encode_y_r_s(p, t.signature);
    return p;
}

Bytes fields(const DepositTx& t, Form /*form*/) {
    Bytes p;
    rlp::encode_string(p, t.source_hash);
    rlp::encode_string(p, t.from);
    encode_to(p, t.to);
    rlp::encode_uint(p, t.mint);
    rlp::encode_uint(p, t.value);
    rlp::encode_uint(p, t.gas_limit);
    rlp::encode_bool(p, t.is_system_tx);
    rlp::encode_string(p, t.data);
    return p;
}

Bytes envelope(const Transaction& txn, Form form) {
    Bytes out;
    const TxType type = tx_type(txn);
    if (type != TxType::kLegacy) out.push_back(static_cast<std::uint8_t>(type));
    const Bytes payload = std::visit([form](const auto& t) { return fields(t, form); }, txn);
    rlp::encode_list(out, payload);
    return out;
}

// ---- decoding ----

std::optional<Address> read_to(rlp::ListReader& r) {
    const ByteView s = r.string();
    if (s.empty()) return std::nullopt;
    if (s.size() != 20) {
        r.set_error(rlp::DecodingError::kUnexpectedLength);
        return std::nullopt;
    }
    Address a{};
    std::copy(s.begin(), s.end(), a.begin());
    return a;
}

std::vector<B256> read_hashes(rlp::ListReader& r) {
    rlp::ListReader inner(r.list());
    std::vector<B256> out;
    while (inner.ok() && !inner.at_end()) out.push_back(inner.fixed<32>());
    auto done = inner.finish();
    if (!done) r.set_error(done.error());
    return out;
}

AccessList read_access_list(rlp::ListReader& r) {
    rlp::ListReader list(r.list());
    AccessList out;
    while (list.ok() && !list.at_end()) {
        rlp::ListReader item(list.list());
        AccessListEntry entry;
        entry.address = item.fixed<20>();
        entry.storage_keys = read_hashes(item);
        auto done = item.finish();
        if (!done) {
            list.set_error(done.error());
            break;
        }
        out.push_back(std::move(entry));
    }
    auto done = list.finish();
    if (!done) r.set_error(done.error());
    return out;
}

// Typed y_parity must be 0 or 1.
std::optional<TxError> read_y_r_s(rlp::ListReader& r, Signature& sig) {
    const std::uint64_t y = r.u64();
    sig.r = r.u256();
    sig.s = r.u256();
    if (y > 1) return TxError::kInvalidV;
    sig.y_parity = static_cast<std::uint8_t>(y);
    return std::nullopt;
}

template <class T>
Result<Transaction, TxError> finish(const rlp::ListReader& r, T&& txn, std::optional<TxError> field_error) {
    if (auto done = r.finish(); !done) return unexpected(TxError::kMalformedRlp);
    if (field_error) return unexpected(*field_error);
    return Transaction{std::forward<T>(txn)};
}

Result<Transaction, TxError> decode_legacy(ByteView payload) {
    rlp::ListReader r(payload);
    LegacyTx t;
    t.nonce = r.u64();
    t.gas_price = r.u256();
    t.gas_limit = r.u64();
    t.to = read_to(r);
    t.value = r.u256();
    t.data = r.bytes();
    const U256 v = r.u256();
    t.signature.r = r.u256();
    t.signature.s = r.u256();
    std::optional<TxError> field_error;
    if (v == U256{27} || v == U256{28}) {
        t.signature.y_parity = static_cast<std::uint8_t>(v.limbs[0] - 27);
    } else if (v >= U256{35}) {
        const U256 offset = v - U256{35};
        const U256DivMod qr = *divmod(offset, 2);
        if (auto id = qr.quotient.to_u64(); id) {
            t.chain_id = *id;
            t.signature.y_parity = static_cast<std::uint8_t>(qr.remainder);
        } else {
            field_error = TxError::kInvalidV;
        }
    } else {
        field_error = TxError::kInvalidV;
    }
    return finish(r, std::move(t), field_error);
}

Result<Transaction, TxError> decode_access_list_tx(ByteView payload) {
    rlp::ListReader r(payload);
    AccessListTx t;
    t.chain_id = r.u64();
    t.nonce = r.u64();
    t.gas_price = r.u256();
    t.gas_limit = r.u64();
    t.to = read_to(r);
    t.value = r.u256();
    t.data = r.bytes();
    t.access_list = read_access_list(r);
    const auto field_error = read_y_r_s(r, t.signature);
    return finish(r, std::move(t), field_error);
}

Result<Transaction, TxError> decode_dynamic_fee_tx(ByteView payload) {
    rlp::ListReader r(payload);
    DynamicFeeTx t;
    t.chain_id = r.u64();
    t.nonce = r.u64();
    t.max_priority_fee_per_gas = r.u256();
    t.max_fee_per_gas = r.u256();
    t.gas_limit = r.u64();
    t.to = read_to(r);
    t.value = r.u256();
    t.data = r.bytes();
    t.access_list = read_access_list(r);
    const auto field_error = read_y_r_s(r, t.signature);
    return finish(r, std::move(t), field_error);
}

Result<Transaction, TxError> decode_blob_tx(ByteView payload) {
    rlp::ListReader r(payload);
    BlobTx t;
    t.chain_id = r.u64();
    t.nonce = r.u64();
    t.max_priority_fee_per_gas = r.u256();
    t.max_fee_per_gas = r.u256();
    t.gas_limit = r.u64();
    const auto to = read_to(r);
    t.value = r.u256();
    t.data = r.bytes();
    t.access_list = read_access_list(r);
    t.max_fee_per_blob_gas = r.u256();
    t.blob_versioned_hashes = read_hashes(r);
    auto field_error = read_y_r_s(r, t.signature);
    if (to) {
        t.to = *to;
    } else if (!field_error) {
        field_error = TxError::kMissingTo;
    }
    return finish(r, std::move(t), field_error);
}

std::vector<Authorization> read_authorization_list(rlp::ListReader& r) {
    rlp::ListReader list(r.list());
    std::vector<Authorization> out;
    while (list.ok() && !list.at_end()) {
        rlp::ListReader item(list.list());
        Authorization auth;
        auth.chain_id = item.u256();
        auth.address = item.fixed<20>();
        auth.nonce = item.u64();
        const std::uint64_t y = item.u64();
        auth.r = item.u256();
        auth.s = item.u256();
        // The EIP bounds y_parity to a byte; anything wider makes the whole tx invalid.
        if (y > 0xff) item.set_error(rlp::DecodingError::kOverflow);
        auto done = item.finish();
        if (!done) {
            list.set_error(done.error());
            break;
        }
        auth.y_parity = static_cast<std::uint8_t>(y);
        out.push_back(auth);
    }
    auto done = list.finish();
    if (!done) r.set_error(done.error());
    return out;
}

Result<Transaction, TxError> decode_set_code_tx(ByteView payload) {
    rlp::ListReader r(payload);
    SetCodeTx t;
    t.chain_id = r.u64();
    t.nonce = r.u64();
    t.max_priority_fee_per_gas = r.u256();
    t.max_fee_per_gas = r.u256();
    t.gas_limit = r.u64();
    const auto to = read_to(r);
    t.value = r.u256();
    t.data = r.bytes();
    t.access_list = read_access_list(r);
    t.authorization_list = read_authorization_list(r);
    auto field_error = read_y_r_s(r, t.signature);
    if (to) {
        t.to = *to;
    } else if (!field_error) {
        field_error = TxError::kMissingTo;
    }
    if (!field_error && t.authorization_list.empty()) field_error = TxError::kEmptyAuthorizationList;
    return finish(r, std::move(t), field_error);
}

Result<Transaction, TxError> decode_deposit_tx(ByteView payload) {
    rlp::ListReader r(payload);
    DepositTx t;
    t.source_hash = r.fixed<32>();
    t.from = r.fixed<20>();
    t.to = read_to(r);
    t.mint = r.u256();
    t.value = r.u256();
    t.gas_limit = r.u64();
    t.is_system_tx = r.boolean();
    t.data = r.bytes();
    return finish(r, std::move(t), std::nullopt);
}

}  // namespace

void encode_access_list(Bytes& out, const AccessList& list) {
    Bytes payload;
    for (const auto& entry : list) {
        Bytes item;
        rlp::encode_string(item, entry.address);
        encode_hashes(item, entry.storage_keys);
        rlp::encode_list(payload, item);
    }
    rlp::encode_list(out, payload);
}

Result<AccessList, TxError> decode_access_list(ByteView encoded) {
    // One list item: read as the only field of a payload, so the strict reader checks it whole.
    rlp::ListReader r(encoded);
    AccessList list = read_access_list(r);
    if (auto done = r.finish(); !done) return unexpected(TxError::kMalformedRlp);
    return list;
}

void encode_authorization_list(Bytes& out, const std::vector<Authorization>& list) {
    Bytes payload;
    for (const auto& auth : list) {
        Bytes item;
        rlp::encode_uint(item, auth.chain_id);
        rlp::encode_string(item, auth.address);
        rlp::encode_uint(item, auth.nonce);
        rlp::encode_uint(item, std::uint64_t{auth.y_parity});
        rlp::encode_uint(item, auth.r);
        rlp::encode_uint(item, auth.s);
        rlp::encode_list(payload, item);
    }
    rlp::encode_list(out, payload);
}

Bytes encode_transaction(const Transaction& txn) {
    return envelope(txn, Form::kSigned);
}

Result<Transaction, TxError> decode_transaction(ByteView input) {
    if (input.empty()) return unexpected(TxError::kEmptyInput);
    const std::uint8_t first = input[0];
    if (first >= 0x80 && first < 0xc0) return unexpected(TxError::kMalformedRlp);
    ByteView rest = input;
    if (first < 0x80) rest = rest.subspan(1);
    if (first < 0x80 && first != 0x01 && first != 0x02 && first != 0x03 && first != 0x04 && first != 0x7e) {
        return unexpected(TxError::kUnsupportedType);
    }
    auto payload = rlp::decode_list(rest);
    if (!payload) return unexpected(TxError::kMalformedRlp);
    if (!rest.empty()) return unexpected(TxError::kTrailingBytes);
    if (first >= 0xc0) return decode_legacy(*payload);
    switch (static_cast<TxType>(first)) {
        case TxType::kAccessList:
            return decode_access_list_tx(*payload);
        case TxType::kDynamicFee:
            return decode_dynamic_fee_tx(*payload);
        case TxType::kBlob:
            return decode_blob_tx(*payload);
        case TxType::kSetCode:
            return decode_set_code_tx(*payload);
        case TxType::kDeposit:
            return decode_deposit_tx(*payload);
        case TxType::kLegacy:
            break;
    }
    return unexpected(TxError::kUnsupportedType);
}

B256 transaction_hash(const Transaction& txn) {
    return keccak256(encode_transaction(txn));
}

Result<B256, TxError> signing_hash(const Transaction& txn) {
    if (std::holds_alternative<DepositTx>(txn)) return unexpected(TxError::kNotSignable);
    return keccak256(envelope(txn, Form::kForSigning));
}

Result<void, TxError> sign(Transaction& txn, const PrivateKey& key) {
    auto hash = signing_hash(txn);
    if (!hash) return unexpected(hash.error());
    auto sig = sign_hash(*hash, key);
    if (!sig) return unexpected(TxError::kInvalidSignature);
    std::visit(
        [&sig](auto& t) {
            if constexpr (!std::is_same_v<std::decay_t<decltype(t)>, DepositTx>) t.signature = *sig;
        },
        txn);
    return {};
}

Result<Address, TxError> recover_sender(const Transaction& txn) {
    if (const auto* deposit = std::get_if<DepositTx>(&txn)) return deposit->from;
    auto hash = signing_hash(txn);
    if (!hash) return unexpected(hash.error());
    const Signature sig = std::visit(
        [](const auto& t) -> Signature {
            if constexpr (std::is_same_v<std::decay_t<decltype(t)>, DepositTx>) {
                return {};
            } else {
                return t.signature;
            }
        },
        txn);
    auto from = recover_address(*hash, sig);
    if (!from) return unexpected(TxError::kInvalidSignature);
    return *from;
}

B256 authorization_signing_hash(const U256& chain_id, const Address& address, std::uint64_t nonce) {
    // MAGIC 0x05 keeps this message apart from every tx type's signing hash.
    Bytes fields;
    rlp::encode_uint(fields, chain_id);
    rlp::encode_string(fields, address);
    rlp::encode_uint(fields, nonce);
    Bytes message{0x05};
    rlp::encode_list(message, fields);
    return keccak256(message);
}

Result<Authorization, TxError> sign_authorization(const U256& chain_id, const Address& address,
                                                  std::uint64_t nonce, const PrivateKey& key) {
    auto sig = sign_hash(authorization_signing_hash(chain_id, address, nonce), key);
    if (!sig) return unexpected(TxError::kInvalidSignature);
    return Authorization{chain_id, address, nonce, sig->y_parity, sig->r, sig->s};
}

Result<Address, TxError> recover_authority(const Authorization& auth) {
    if (auth.y_parity > 1) return unexpected(TxError::kInvalidSignature);
    const Signature sig{auth.r, auth.s, auth.y_parity};
    auto authority =
        recover_address(authorization_signing_hash(auth.chain_id, auth.address, auth.nonce), sig);
    if (!authority) return unexpected(TxError::kInvalidSignature);
    return *authority;
}

}  // namespace baton
