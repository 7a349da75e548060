// SPDX-License-Identifier: MIT
// A span batch's txs (op-node's span_batch_txs.go): the tx_data fields of each type, a tx rebuilt
// from them with the L2 chain id, and the other way, a signed envelope split into span fields.
#include <baton/protocol/span_batch.hpp>

#include <baton/core/rlp.hpp>
#include <baton/core/transaction.hpp>

#include <algorithm>

namespace baton::protocol {

namespace {

Unexpected<BatchFailure> fail(BatchError e, std::size_t offset) {
    return baton::unexpected(BatchFailure{e, offset});
}

// ---- tx_data field parsing (rebuild) ----

struct TxDataFields {
    ByteView value;             // encoded RLP items, copied verbatim into envelopes
    ByteView gas_price;         // legacy / 2930
    ByteView max_priority_fee;  // 1559 / 7702
    ByteView max_fee;
    ByteView data;
    ByteView access_list;         // 2930+
    ByteView authorization_list;  // 7702
};

// Returns the complete encoding of the next item after checking it is a canonical string.
Result<ByteView, rlp::DecodingError> string_item(ByteView& from) {
    const ByteView before = from;
    auto s = rlp::decode_string(from);
    if (!s) return baton::unexpected(s.error());
    return before.first(before.size() - from.size());
}

Result<ByteView, rlp::DecodingError> uint_item(ByteView& from) {
    const ByteView before = from;
    auto v = rlp::decode_u256(from);
    if (!v) return baton::unexpected(v.error());
    return before.first(before.size() - from.size());
}

// The access list's item, checked whole by core's strict decoder.
Result<ByteView, rlp::DecodingError> access_list_item(ByteView& from) {
    const ByteView before = from;
    auto list = rlp::decode_list(from);
    if (!list) return baton::unexpected(list.error());
    const ByteView item = before.first(before.size() - from.size());
    if (!decode_access_list(item)) return baton::unexpected(rlp::DecodingError::kListLengthMismatch);
    return item;
}

Result<TxDataFields, BatchFailure> parse_tx_data(const SpanBatchTx& tx) {
    ByteView from(tx.tx_data);
    if (tx.type != SpanTxType::kLegacy) from = from.subspan(1);
    auto list = rlp::decode_list(from);
    if (!list || !from.empty()) return fail(BatchError::kInvalidTxData, 0);
    ByteView fields = *list;
    TxDataFields out;
    bool ok = true;
    auto take = [&](ByteView& dst, auto reader) {
        if (!ok) return;
        auto item = reader(fields);
        if (!item) {
            ok = false;
            return;
        }
        dst = *item;
    };
    take(out.value, uint_item);
    switch (tx.type) {
        case SpanTxType::kLegacy:
            take(out.gas_price, uint_item);
            take(out.data, string_item);
            break;
        case SpanTxType::kAccessList:
            take(out.gas_price, uint_item);
            take(out.data, string_item);
            take(out.access_list, access_list_item);
            break;
        case SpanTxType::kDynamicFee:
            take(out.max_priority_fee, uint_item);
            take(out.max_fee, uint_item);
            take(out.data, string_item);
            take(out.access_list, access_list_item);
            break;
        case SpanTxType::kSetCode:
            take(out.max_priority_fee, uint_item);
            take(out.max_fee, uint_item);
            take(out.data, string_item);
            take(out.access_list, access_list_item);
            if (ok) {
                const ByteView before = fields;
                auto auth = rlp::decode_list(fields);
                if (!auth)
                    ok = false;
                else
                    out.authorization_list = before.first(before.size() - fields.size());
                // Each authorization tuple must itself be well-formed RLP.
                ByteView tuples = auth ? *auth : ByteView{};
                while (ok && !tuples.empty()) {
                    if (!rlp::decode_item(tuples)) ok = false;
                }
            }
            break;
    }
    if (!ok || !fields.empty()) return fail(BatchError::kInvalidTxData, 0);
    return out;
}

ByteView item_payload(ByteView item) {
    ByteView v = item;
    auto s = rlp::decode_string(v);
    return s ? *s : ByteView{};
}

U256 item_u256(ByteView item) {
    ByteView v = item;
    auto x = rlp::decode_u256(v);
    return x ? *x : U256{};
}

void encode_signature_word(Bytes& out, const B256& word) {
    rlp::encode_uint(out, U256::from_be(word));
}

}  // namespace

Result<Bytes, BatchFailure> rebuild_transaction_envelope(const SpanBatchTx& tx, std::uint64_t chain_id) {
    const auto fields = parse_tx_data(tx);
    if (!fields) return baton::unexpected(fields.error());
    if (tx.type == SpanTxType::kSetCode && tx.contract_creation) return fail(BatchError::kInvalidTxData, 0);

    Bytes payload;
    payload.reserve(tx.tx_data.size() + 120);
    auto append_to = [&]() {
        if (tx.contract_creation) {
            rlp::encode_string(payload, ByteView{});
        } else {
            rlp::encode_string(payload, tx.to);
        }
    };
    if (tx.type == SpanTxType::kLegacy) {
        rlp::encode_uint(payload, tx.nonce);
        append(payload, fields->gas_price);
        rlp::encode_uint(payload, tx.gas);
        append_to();
        append(payload, fields->value);
        append(payload, fields->data);
        if (tx.is_protected) {
            rlp::encode_uint(payload, U256(chain_id) * U256(2) + U256(35 + tx.y_parity));
        } else {
            rlp::encode_uint(payload, static_cast<std::uint64_t>(27 + tx.y_parity));
        }
    } else {
        rlp::encode_uint(payload, chain_id);
        rlp::encode_uint(payload, tx.nonce);
        if (tx.type == SpanTxType::kAccessList) {
            append(payload, fields->gas_price);
        } else {
            append(payload, fields->max_priority_fee);
            append(payload, fields->max_fee);
        }
        rlp::encode_uint(payload, tx.gas);
        append_to();
        append(payload, fields->value);
        append(payload, fields->data);
        append(payload, fields->access_list);
        if (tx.type == SpanTxType::kSetCode) append(payload, fields->authorization_list);
        rlp::encode_uint(payload, static_cast<std::uint64_t>(tx.y_parity));
    }
    encode_signature_word(payload, tx.r);
    encode_signature_word(payload, tx.s);

    Bytes out;
    out.reserve(payload.size() + 10);
    if (tx.type != SpanTxType::kLegacy) out.push_back(static_cast<std::uint8_t>(tx.type));
    rlp::encode_list(out, payload);
    return out;
}

Result<Transaction, BatchFailure> rebuild_transaction(const SpanBatchTx& tx, std::uint64_t chain_id) {
    const auto fields = parse_tx_data(tx);
    if (!fields) return baton::unexpected(fields.error());
    std::optional<Address> to;
    if (!tx.contract_creation) to = tx.to;
    const Signature sig{U256::from_be(tx.r), U256::from_be(tx.s), tx.y_parity};
    const ByteView data = item_payload(fields->data);
    switch (tx.type) {
        case SpanTxType::kLegacy: {
            LegacyTx t;
            t.nonce = tx.nonce;
            t.gas_price = item_u256(fields->gas_price);
            t.gas_limit = tx.gas;
            t.to = to;
            t.value = item_u256(fields->value);
            t.data = to_bytes(data);
            if (tx.is_protected) t.chain_id = chain_id;
            t.signature = sig;
            return Transaction{std::move(t)};
        }
        case SpanTxType::kAccessList: {
            AccessListTx t;
            t.chain_id = chain_id;
            t.nonce = tx.nonce;
            t.gas_price = item_u256(fields->gas_price);
            t.gas_limit = tx.gas;
            t.to = to;
            t.value = item_u256(fields->value);
            t.data = to_bytes(data);
            auto access_list = decode_access_list(fields->access_list);
            if (!access_list) return fail(BatchError::kInvalidTxData, 0);
            t.access_list = std::move(*access_list);
            t.signature = sig;
            return Transaction{std::move(t)};
        }
        case SpanTxType::kDynamicFee: {
            DynamicFeeTx t;
            t.chain_id = chain_id;
            t.nonce = tx.nonce;
            t.max_priority_fee_per_gas = item_u256(fields->max_priority_fee);
            t.max_fee_per_gas = item_u256(fields->max_fee);
            t.gas_limit = tx.gas;
            t.to = to;
            t.value = item_u256(fields->value);
            t.data = to_bytes(data);
            auto access_list = decode_access_list(fields->access_list);
            if (!access_list) return fail(BatchError::kInvalidTxData, 0);
            t.access_list = std::move(*access_list);
            t.signature = sig;
            return Transaction{std::move(t)};
        }
        case SpanTxType::kSetCode: {
            // The authorization tuples are carried verbatim: core decodes the rebuilt envelope.
            auto envelope = rebuild_transaction_envelope(tx, chain_id);
            if (!envelope) return baton::unexpected(envelope.error());
            auto decoded = decode_transaction(*envelope);
            if (!decoded) return fail(BatchError::kInvalidTxData, 0);
            return std::move(*decoded);
        }
    }
    return fail(BatchError::kUnsupportedTxType, 0);
}

Result<SpanBatchTx, BatchFailure> make_span_batch_tx(ByteView envelope, std::uint64_t chain_id) {
    auto decoded = decode_transaction(envelope);
    if (!decoded) return fail(BatchError::kInvalidTxData, 0);
    SpanBatchTx out;
    auto fill_common = [&](std::uint64_t nonce, std::uint64_t gas, const std::optional<Address>& to,
                           const Signature& sig) {
        out.nonce = nonce;
        out.gas = gas;
        out.contract_creation = !to.has_value();
        if (to) out.to = *to;
        out.y_parity = sig.y_parity;
        out.r = sig.r.to_be();
        out.s = sig.s.to_be();
    };
    Bytes fields;
    if (const auto* t = std::get_if<LegacyTx>(&*decoded)) {
        if (t->chain_id && *t->chain_id != chain_id) return fail(BatchError::kChainIdMismatch, 0);
        fill_common(t->nonce, t->gas_limit, t->to, t->signature);
        out.type = SpanTxType::kLegacy;
        out.is_protected = t->chain_id.has_value();
        rlp::encode_uint(fields, t->value);
        rlp::encode_uint(fields, t->gas_price);
        rlp::encode_string(fields, t->data);
    } else if (const auto* a = std::get_if<AccessListTx>(&*decoded)) {
        if (a->chain_id != chain_id) return fail(BatchError::kChainIdMismatch, 0);
        fill_common(a->nonce, a->gas_limit, a->to, a->signature);
        out.type = SpanTxType::kAccessList;
        out.tx_data.push_back(0x01);
        rlp::encode_uint(fields, a->value);
        rlp::encode_uint(fields, a->gas_price);
        rlp::encode_string(fields, a->data);
        encode_access_list(fields, a->access_list);
    } else if (const auto* d = std::get_if<DynamicFeeTx>(&*decoded)) {
        if (d->chain_id != chain_id) return fail(BatchError::kChainIdMismatch, 0);
        fill_common(d->nonce, d->gas_limit, d->to, d->signature);
        out.type = SpanTxType::kDynamicFee;
        out.tx_data.push_back(0x02);
        rlp::encode_uint(fields, d->value);
        rlp::encode_uint(fields, d->max_priority_fee_per_gas);
        rlp::encode_uint(fields, d->max_fee_per_gas);
        rlp::encode_string(fields, d->data);
        encode_access_list(fields, d->access_list);
    } else if (const auto* c = std::get_if<SetCodeTx>(&*decoded)) {
        // Isthmus: value, max priority fee, max fee, data, access list, authorization list.
        if (c->chain_id != chain_id) return fail(BatchError::kChainIdMismatch, 0);
        fill_common(c->nonce, c->gas_limit, c->to, c->signature);
        out.type = SpanTxType::kSetCode;
        out.tx_data.push_back(0x04);
        rlp::encode_uint(fields, c->value);
        rlp::encode_uint(fields, c->max_priority_fee_per_gas);
        rlp::encode_uint(fields, c->max_fee_per_gas);
        rlp::encode_string(fields, c->data);
        encode_access_list(fields, c->access_list);
        encode_authorization_list(fields, c->authorization_list);
    } else {
        // Blob txs cannot be batched on L2 and deposits are never batched.
        return fail(BatchError::kUnsupportedTxType, 0);
    }
    rlp::encode_list(out.tx_data, fields);
    return out;
}

}  // namespace baton::protocol
