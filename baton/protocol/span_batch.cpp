// SPDX-License-Identifier: MIT
#include <baton/protocol/span_batch.hpp>

#include <baton/core/assert.hpp>
#include <baton/core/rlp.hpp>

#include <algorithm>

namespace baton::protocol {

namespace {

constexpr std::size_t kSigSize = 64;

Unexpected<BatchFailure> fail(BatchError e, std::size_t offset) {
    return baton::unexpected(BatchFailure{e, offset});
}

bool has(ByteView data, std::size_t pos, std::size_t n) {
    return pos <= data.size() && data.size() - pos >= n;
}

template <std::size_t N>
Result<FixedBytes<N>, BatchFailure> read_fixed(ByteView data, std::size_t& pos) {
    if (!has(data, pos, N)) return fail(BatchError::kUnexpectedEof, data.size());
    FixedBytes<N> out{};
    std::copy_n(data.begin() + static_cast<std::ptrdiff_t>(pos), N, out.begin());
    pos += N;
    return out;
}

// Reads one tx_datas entry: optional type byte, then one RLP list. Returns the type.
Result<SpanTxType, BatchFailure> read_tx_data(ByteView data, std::size_t& pos, Bytes& out) {
    if (!has(data, pos, 1)) return fail(BatchError::kUnexpectedEof, data.size());
    const std::size_t start = pos;
    std::size_t p = pos;
    SpanTxType type = SpanTxType::kLegacy;
    const std::uint8_t first = data[p];
    if (first <= 0x7f) {
        switch (first) {
            case 0x01:
                type = SpanTxType::kAccessList;
                break;
            case 0x02:
                type = SpanTxType::kDynamicFee;
                break;
            case 0x04:
                type = SpanTxType::kSetCode;
                break;
            default:
                return fail(BatchError::kUnsupportedTxType, p);
        }
        ++p;
    }
    ByteView rest = data.subspan(p);
    const auto header = rlp::decode_header(rest);
    if (!header) {
        return fail(header.error() == rlp::DecodingError::kInputTooShort ? BatchError::kUnexpectedEof
                                                                         : BatchError::kInvalidTxData,
                    p);
    }
    if (!header->list) return fail(BatchError::kInvalidTxData, p);
    const std::size_t header_len = (data.size() - p) - rest.size();
    const std::size_t end = p + header_len + header->payload_length;
    out.assign(data.begin() + static_cast<std::ptrdiff_t>(start),
               data.begin() + static_cast<std::ptrdiff_t>(end));
    pos = end;
    return type;
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

Result<ByteView, rlp::DecodingError> access_list_item(ByteView& from) {
    const ByteView before = from;
    auto list = rlp::decode_list(from);
    if (!list) return baton::unexpected(list.error());
    ByteView entries = *list;
    while (!entries.empty()) {
        auto entry = rlp::decode_list(entries);
        if (!entry) return baton::unexpected(entry.error());
        ByteView fields = *entry;
        auto address = rlp::decode_fixed<20>(fields);
        if (!address) return baton::unexpected(address.error());
        auto keys = rlp::decode_list(fields);
        if (!keys) return baton::unexpected(keys.error());
        ByteView key_items = *keys;
        while (!key_items.empty()) {
            auto key = rlp::decode_fixed<32>(key_items);
            if (!key) return baton::unexpected(key.error());
        }
        if (!fields.empty()) return baton::unexpected(rlp::DecodingError::kListLengthMismatch);
    }
    return before.first(before.size() - from.size());
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

AccessList decode_access_list(ByteView item) {
    AccessList out;
    ByteView v = item;
    auto list = rlp::decode_list(v);
    if (!list) return out;
    ByteView entries = *list;
    while (!entries.empty()) {
        auto entry = rlp::decode_list(entries);
        if (!entry) break;
        ByteView fields = *entry;
        AccessListEntry e;
        auto address = rlp::decode_fixed<20>(fields);
        if (address) e.address = *address;
        auto keys = rlp::decode_list(fields);
        ByteView key_items = keys ? *keys : ByteView{};
        while (!key_items.empty()) {
            auto key = rlp::decode_fixed<32>(key_items);
            if (!key) break;
            e.storage_keys.push_back(*key);
        }
        out.push_back(std::move(e));
    }
    return out;
}

void encode_access_list(Bytes& out, const AccessList& list) {
    Bytes entries;
    for (const auto& e : list) {
        Bytes keys;
        for (const auto& k : e.storage_keys) rlp::encode_string(keys, k);
        Bytes fields;
        rlp::encode_string(fields, e.address);
        rlp::encode_list(fields, keys);
        rlp::encode_list(entries, fields);
    }
    rlp::encode_list(out, entries);
}

void encode_signature_word(Bytes& out, const B256& word) {
    rlp::encode_uint(out, U256::from_be(word));
}

}  // namespace

// ---- Wire pieces ----

Result<std::uint64_t, BatchFailure> decode_uvarint(ByteView data, std::size_t& pos) {
    // Go's binary.ReadUvarint: up to 10 bytes, the 10th at most 1; non-minimal forms accepted.
    std::uint64_t x = 0;
    unsigned shift = 0;
    const std::size_t start = pos;
    for (int i = 0; i < 10; ++i) {
        if (pos >= data.size()) return fail(BatchError::kUnexpectedEof, pos);
        const std::uint8_t b = data[pos++];
        if (b < 0x80) {
            if (i == 9 && b > 1) return fail(BatchError::kUvarintOverflow, start);
            return x | (static_cast<std::uint64_t>(b) << shift);
        }
        x |= static_cast<std::uint64_t>(b & 0x7f) << shift;
        shift += 7;
    }
    return fail(BatchError::kUvarintOverflow, start);
}

void append_uvarint(Bytes& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<std::uint8_t>(value | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<std::uint8_t>(value));
}

Result<std::vector<bool>, BatchFailure> decode_bitlist(ByteView data, std::size_t& pos,
                                                       std::uint64_t bit_length) {
    const std::uint64_t byte_len = (bit_length + 7) / 8;
    if (byte_len > kMaxSpanBatchElementCount) return fail(BatchError::kTooBigSpanBatchSize, pos);
    if (!has(data, pos, byte_len)) return fail(BatchError::kUnexpectedEof, data.size());
    const ByteView bytes = data.subspan(pos, byte_len);
    if (bit_length % 8 != 0 && (bytes[0] >> (bit_length % 8)) != 0) {
        return fail(BatchError::kBitfieldTooLong, pos);
    }
    std::vector<bool> bits(bit_length);
    for (std::uint64_t i = 0; i < bit_length; ++i) {
        bits[i] = ((bytes[byte_len - 1 - i / 8] >> (i % 8)) & 1) != 0;
    }
    pos += byte_len;
    return bits;
}

void append_bitlist(Bytes& out, const std::vector<bool>& bits) {
    const std::size_t byte_len = (bits.size() + 7) / 8;
    const std::size_t base = out.size();
    out.resize(base + byte_len, 0);
    for (std::size_t i = 0; i < bits.size(); ++i) {
        if (bits[i]) out[base + byte_len - 1 - i / 8] |= static_cast<std::uint8_t>(1u << (i % 8));
    }
}

Result<SpanBatchPrefix, BatchFailure> decode_span_batch_prefix(ByteView data, std::size_t& pos) {
    SpanBatchPrefix p;
    auto rel = decode_uvarint(data, pos);
    if (!rel) return baton::unexpected(rel.error());
    p.rel_timestamp = *rel;
    auto origin = decode_uvarint(data, pos);
    if (!origin) return baton::unexpected(origin.error());
    p.l1_origin_num = *origin;
    auto parent = read_fixed<20>(data, pos);
    if (!parent) return baton::unexpected(parent.error());
    p.parent_check = *parent;
    auto check = read_fixed<20>(data, pos);
    if (!check) return baton::unexpected(check.error());
    p.l1_origin_check = *check;
    return p;
}

Result<std::uint64_t, BatchFailure> decode_block_count(ByteView data, std::size_t& pos) {
    const std::size_t start = pos;
    auto count = decode_uvarint(data, pos);
    if (!count) return count;
    if (*count > kMaxSpanBatchElementCount) return fail(BatchError::kTooBigSpanBatchSize, start);
    if (*count == 0) return fail(BatchError::kEmptySpanBatch, start);
    return count;
}

Result<std::vector<std::uint64_t>, BatchFailure> decode_block_tx_counts(ByteView data, std::size_t& pos,
                                                                        std::uint64_t block_count) {
    std::vector<std::uint64_t> counts;
    // Every count takes at least one byte: never reserve more than the input could hold.
    counts.reserve(std::min<std::uint64_t>(block_count, data.size() - std::min(pos, data.size())));
    for (std::uint64_t i = 0; i < block_count; ++i) {
        const std::size_t start = pos;
        auto count = decode_uvarint(data, pos);
        if (!count) return baton::unexpected(count.error());
        if (*count > kMaxSpanBatchElementCount) return fail(BatchError::kTooBigSpanBatchSize, start);
        counts.push_back(*count);
    }
    return counts;
}

// ---- Batch codec ----

Result<SpanBatch, BatchFailure> decode_span_batch(ByteView data) {
    if (data.size() > kMaxSpanBatchElementCount) return fail(BatchError::kTooBigSpanBatchSize, 0);
    std::size_t pos = 0;
    SpanBatch batch;
    auto prefix = decode_span_batch_prefix(data, pos);
    if (!prefix) return baton::unexpected(prefix.error());
    batch.rel_timestamp = prefix->rel_timestamp;
    batch.l1_origin_num = prefix->l1_origin_num;
    batch.parent_check = prefix->parent_check;
    batch.l1_origin_check = prefix->l1_origin_check;

    auto block_count = decode_block_count(data, pos);
    if (!block_count) return baton::unexpected(block_count.error());
    auto origin_bits = decode_bitlist(data, pos, *block_count);
    if (!origin_bits) return baton::unexpected(origin_bits.error());
    batch.origin_bits = std::move(*origin_bits);
    auto counts = decode_block_tx_counts(data, pos, *block_count);
    if (!counts) return baton::unexpected(counts.error());
    batch.block_tx_counts = std::move(*counts);

    std::uint64_t total = 0;
    for (auto c : batch.block_tx_counts) {
        total += c;  // each count <= 10^7 and at most 10^7 of them: no overflow in u64
        if (total > kMaxSpanBatchElementCount) return fail(BatchError::kTooBigSpanBatchSize, pos);
    }

    auto creation_bits = decode_bitlist(data, pos, total);
    if (!creation_bits) return baton::unexpected(creation_bits.error());
    auto parity_bits = decode_bitlist(data, pos, total);
    if (!parity_bits) return baton::unexpected(parity_bits.error());
    // The signatures alone need 64 bytes per tx: fail before allocating for a count the input
    // cannot hold.
    if (!has(data, pos, total * kSigSize)) return fail(BatchError::kUnexpectedEof, data.size());

    batch.txs.resize(total);
    for (std::uint64_t i = 0; i < total; ++i) {
        auto& tx = batch.txs[i];
        tx.contract_creation = (*creation_bits)[i];
        tx.y_parity = (*parity_bits)[i] ? 1 : 0;
        std::copy_n(data.begin() + static_cast<std::ptrdiff_t>(pos), 32, tx.r.begin());
        std::copy_n(data.begin() + static_cast<std::ptrdiff_t>(pos + 32), 32, tx.s.begin());
        pos += kSigSize;
    }
    for (auto& tx : batch.txs) {
        if (tx.contract_creation) continue;
        auto to = read_fixed<20>(data, pos);
        if (!to) return baton::unexpected(to.error());
        tx.to = *to;
    }
    std::uint64_t legacy_count = 0;
    for (auto& tx : batch.txs) {
        auto type = read_tx_data(data, pos, tx.tx_data);
        if (!type) return baton::unexpected(type.error());
        tx.type = *type;
        if (tx.type == SpanTxType::kLegacy) ++legacy_count;
    }
    for (auto& tx : batch.txs) {
        auto nonce = decode_uvarint(data, pos);
        if (!nonce) return baton::unexpected(nonce.error());
        tx.nonce = *nonce;
    }
    for (auto& tx : batch.txs) {
        auto gas = decode_uvarint(data, pos);
        if (!gas) return baton::unexpected(gas.error());
        tx.gas = *gas;
    }
    auto protected_bits = decode_bitlist(data, pos, legacy_count);
    if (!protected_bits) return baton::unexpected(protected_bits.error());
    std::size_t legacy_index = 0;
    for (auto& tx : batch.txs) {
        if (tx.type == SpanTxType::kLegacy) tx.is_protected = (*protected_bits)[legacy_index++];
    }
    return batch;
}

Bytes encode_span_batch(const SpanBatch& batch) {
    BATON_ASSERT(batch.origin_bits.size() == batch.block_tx_counts.size());
    std::size_t data_size = 0;
    for (const auto& tx : batch.txs) data_size += tx.tx_data.size();
    Bytes out;
    out.reserve(64 + batch.block_tx_counts.size() * 2 + batch.txs.size() * (kSigSize + 20 + 12) + data_size);
    out.push_back(0x01);
    append_uvarint(out, batch.rel_timestamp);
    append_uvarint(out, batch.l1_origin_num);
    append(out, batch.parent_check);
    append(out, batch.l1_origin_check);
    append_uvarint(out, batch.block_tx_counts.size());
    append_bitlist(out, batch.origin_bits);
    std::uint64_t total = 0;
    for (auto c : batch.block_tx_counts) {
        append_uvarint(out, c);
        total += c;
    }
    BATON_ASSERT(total == batch.txs.size());

    std::vector<bool> creation(batch.txs.size());
    std::vector<bool> parity(batch.txs.size());
    std::vector<bool> protection;
    for (std::size_t i = 0; i < batch.txs.size(); ++i) {
        creation[i] = batch.txs[i].contract_creation;
        parity[i] = batch.txs[i].y_parity != 0;
        if (batch.txs[i].type == SpanTxType::kLegacy) protection.push_back(batch.txs[i].is_protected);
    }
    append_bitlist(out, creation);
    append_bitlist(out, parity);
    for (const auto& tx : batch.txs) {
        append(out, tx.r);
        append(out, tx.s);
    }
    for (const auto& tx : batch.txs) {
        if (!tx.contract_creation) append(out, tx.to);
    }
    for (const auto& tx : batch.txs) append(out, tx.tx_data);
    for (const auto& tx : batch.txs) append_uvarint(out, tx.nonce);
    for (const auto& tx : batch.txs) append_uvarint(out, tx.gas);
    append_bitlist(out, protection);
    return out;
}

// ---- Derivation view ----

std::vector<std::uint64_t> span_batch_epoch_nums(const SpanBatch& batch) {
    std::vector<std::uint64_t> nums(batch.block_count());
    std::uint64_t origin = batch.l1_origin_num;
    for (std::size_t i = nums.size(); i-- > 0;) {
        nums[i] = origin;
        if (i > 0 && batch.origin_bits[i]) --origin;
    }
    return nums;
}

std::uint64_t span_batch_start_epoch_num(const SpanBatch& batch) {
    std::uint64_t set = 0;
    for (bool b : batch.origin_bits) set += b ? 1 : 0;
    const std::uint64_t first = !batch.origin_bits.empty() && batch.origin_bits[0] ? 1 : 0;
    return batch.l1_origin_num - set + first;
}

std::uint64_t span_batch_timestamp(const SpanBatch& batch, const SpanBatchParams& params, std::size_t block) {
    return params.genesis_l2_time + batch.rel_timestamp + block * params.block_time;
}

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
            t.access_list = decode_access_list(fields->access_list);
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
            t.access_list = decode_access_list(fields->access_list);
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

Result<std::vector<SpanBatchElement>, BatchFailure> derive_span_batch(const SpanBatch& batch,
                                                                      const SpanBatchParams& params) {
    const auto epochs = span_batch_epoch_nums(batch);
    std::vector<SpanBatchElement> blocks(batch.block_count());
    std::size_t tx_index = 0;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        blocks[i].epoch_num = epochs[i];
        blocks[i].timestamp = span_batch_timestamp(batch, params, i);
        blocks[i].transactions.reserve(batch.block_tx_counts[i]);
        for (std::uint64_t j = 0; j < batch.block_tx_counts[i]; ++j, ++tx_index) {
            auto envelope = rebuild_transaction_envelope(batch.txs[tx_index], params.l2_chain_id);
            if (!envelope) return baton::unexpected(envelope.error());
            blocks[i].transactions.push_back(std::move(*envelope));
        }
    }
    return blocks;
}

SingularBatch make_singular_batch(SpanBatchElement element, const B256& parent_hash, const B256& epoch_hash) {
    SingularBatch b;
    b.parent_hash = parent_hash;
    b.epoch_num = element.epoch_num;
    b.epoch_hash = epoch_hash;
    b.timestamp = element.timestamp;
    b.transactions = std::move(element.transactions);
    return b;
}

namespace {

Result<SpanBatchTx, BatchFailure> to_span_tx(ByteView envelope, std::uint64_t chain_id) {
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

}  // namespace

Result<SpanBatch, BatchFailure> make_span_batch(std::span<const SingularBatch> batches,
                                                const SpanBatchParams& params, bool first_starts_epoch) {
    if (batches.empty()) return fail(BatchError::kEmptySpanBatch, 0);
    SpanBatch out;
    const auto& first = batches.front();
    const auto& last = batches.back();
    if (first.timestamp < params.genesis_l2_time) return fail(BatchError::kUnorderedBatches, 0);
    out.rel_timestamp = first.timestamp - params.genesis_l2_time;
    out.l1_origin_num = last.epoch_num;
    std::copy_n(first.parent_hash.begin(), 20, out.parent_check.begin());
    std::copy_n(last.epoch_hash.begin(), 20, out.l1_origin_check.begin());
    for (std::size_t i = 0; i < batches.size(); ++i) {
        if (i > 0 && batches[i].timestamp < batches[i - 1].timestamp) {
            return fail(BatchError::kUnorderedBatches, i);
        }
        out.origin_bits.push_back(i == 0 ? first_starts_epoch
                                         : batches[i - 1].epoch_num < batches[i].epoch_num);
        out.block_tx_counts.push_back(batches[i].transactions.size());
        for (const auto& envelope : batches[i].transactions) {
            auto tx = to_span_tx(envelope, params.l2_chain_id);
            if (!tx) return baton::unexpected(BatchFailure{tx.error().error, i});
            out.txs.push_back(std::move(*tx));
        }
    }
    return out;
}

}  // namespace baton::protocol
