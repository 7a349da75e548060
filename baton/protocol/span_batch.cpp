// SPDX-License-Identifier: MIT
#include <baton/protocol/span_batch.hpp>

// The wire codec and the derivation view of span batches; the txs' own fields are in
// span_batch_tx.cpp and the builder in span_batch_builder.cpp (op-node's span_batch.go /
// span_batch_txs.go split).

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

Result<SpanBatch, BatchFailure> decode_baton_span_batch(ByteView data) {
    if (data.size() > kMaxSpanBatchElementCount) return fail(BatchError::kTooBigSpanBatchSize, 0);
    std::size_t pos = 0;
    auto count = decode_uvarint(data, pos);
    if (!count) return baton::unexpected(count.error());
    if (*count > kMaxSpanBatchElementCount) return fail(BatchError::kTooManyFeeRecipients, 0);
    // Checked before allocating, so a huge count the input cannot hold costs nothing.
    if (!has(data, pos, *count * 20)) return fail(BatchError::kTruncatedFeeRecipients, data.size());
    std::vector<Address> recipients(*count);
    for (auto& r : recipients) {
        std::copy_n(data.begin() + static_cast<std::ptrdiff_t>(pos), 20, r.begin());
        pos += 20;
    }
    const std::size_t inner_start = pos;
    auto batch = decode_span_batch(data.subspan(inner_start));
    if (!batch) return fail(batch.error().error, batch.error().offset + inner_start);
    if (recipients.size() != batch->block_count()) return fail(BatchError::kFeeRecipientCountMismatch, 0);
    batch->fee_recipients = std::move(recipients);
    return batch;
}

Bytes encode_span_batch(const SpanBatch& batch) {
    BATON_ASSERT(batch.origin_bits.size() == batch.block_tx_counts.size());
    BATON_ASSERT(batch.fee_recipients.empty() || batch.fee_recipients.size() == batch.block_tx_counts.size());
    std::size_t data_size = 0;
    for (const auto& tx : batch.txs) data_size += tx.tx_data.size();
    Bytes out;
    out.reserve(64 + batch.fee_recipients.size() * 20 + batch.block_tx_counts.size() * 2 +
                batch.txs.size() * (kSigSize + 20 + 12) + data_size);
    if (batch.is_baton()) {
        out.push_back(0xBA);
        append_uvarint(out, batch.fee_recipients.size());
        for (const auto& r : batch.fee_recipients) append(out, r);
    } else {
        out.push_back(0x01);
    }
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

Result<std::vector<SpanBatchElement>, BatchFailure> derive_span_batch(const SpanBatch& batch,
                                                                      const SpanBatchParams& params) {
    const auto epochs = span_batch_epoch_nums(batch);
    std::vector<SpanBatchElement> blocks(batch.block_count());
    std::size_t tx_index = 0;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        blocks[i].epoch_num = epochs[i];
        blocks[i].timestamp = span_batch_timestamp(batch, params, i);
        if (batch.is_baton()) blocks[i].fee_recipient = batch.fee_recipients[i];
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
    b.fee_recipient = element.fee_recipient;
    return b;
}

}  // namespace baton::protocol
