// SPDX-License-Identifier: MIT
#include <baton/core/receipt.hpp>

#include <baton/core/keccak.hpp>
#include <baton/core/rlp.hpp>

namespace baton {

const char* to_string(ReceiptError e) noexcept {
    switch (e) {
        case ReceiptError::kEmptyInput:
            return "empty receipt";
        case ReceiptError::kUnsupportedType:
            return "unsupported receipt type";
        case ReceiptError::kMalformedRlp:
            return "malformed receipt RLP";
        case ReceiptError::kTrailingBytes:
            return "trailing bytes after receipt";
        case ReceiptError::kPreByzantium:
            return "pre-Byzantium receipt (post-state root)";
    }
    return "unknown receipt error";
}

namespace {

void add_to_bloom(Bloom& bloom, ByteView item) {
    const B256 h = keccak256(item);
    for (std::size_t i = 0; i < 6; i += 2) {
        const unsigned bit = ((unsigned{h[i]} << 8) | h[i + 1]) & 2047u;
        bloom[255 - bit / 8] |= static_cast<std::uint8_t>(1u << (bit % 8));
    }
}

}  // namespace

Bloom logs_bloom(const std::vector<Log>& logs) {
    Bloom bloom{};
    for (const auto& log : logs) {
        add_to_bloom(bloom, log.address);
        for (const auto& topic : log.topics) add_to_bloom(bloom, topic);
    }
    return bloom;
}

bool bloom_contains(const Bloom& bloom, ByteView item) {
    Bloom probe{};
    add_to_bloom(probe, item);
    for (std::size_t i = 0; i < probe.size(); ++i) {
        if ((bloom[i] & probe[i]) != probe[i]) return false;
    }
    return true;
}

void encode_log(Bytes& out, const Log& log) {
    Bytes payload;
    rlp::encode_string(payload, log.address);
    Bytes topics;
    for (const auto& t : log.topics) rlp::encode_string(topics, t);
    rlp::encode_list(payload, topics);
    rlp::encode_string(payload, log.data);
    rlp::encode_list(out, payload);
}

Bytes encode_receipt(const Receipt& receipt) {
    Bytes payload;
    // Status is a byte string: empty for failure, 0x01 for success (as geth writes it).
    rlp::encode_bool(payload, receipt.status);
    rlp::encode_uint(payload, receipt.cumulative_gas_used);
    rlp::encode_string(payload, receipt.logs_bloom);
    Bytes logs;
    for (const auto& log : receipt.logs) encode_log(logs, log);
    rlp::encode_list(payload, logs);
    if (receipt.deposit_nonce) {
        rlp::encode_uint(payload, *receipt.deposit_nonce);
        // The version is only meaningful after a nonce (both are trailing optional fields).
        if (receipt.deposit_receipt_version) rlp::encode_uint(payload, *receipt.deposit_receipt_version);
    }
    Bytes out;
    if (receipt.type != TxType::kLegacy) out.push_back(static_cast<std::uint8_t>(receipt.type));
    rlp::encode_list(out, payload);
    return out;
}

namespace {

Log read_log(rlp::ListReader& logs) {
    rlp::ListReader r(logs.list());
    Log log;
    log.address = r.fixed<20>();
    rlp::ListReader topics(r.list());
    while (topics.ok() && !topics.at_end()) log.topics.push_back(topics.fixed<32>());
    if (auto done = topics.finish(); !done) r.set_error(done.error());
    log.data = r.bytes();
    if (auto done = r.finish(); !done) logs.set_error(done.error());
    return log;
}

}  // namespace

Result<Receipt, ReceiptError> decode_receipt(ByteView input) {
    if (input.empty()) return unexpected(ReceiptError::kEmptyInput);
    Receipt receipt;
    ByteView rest = input;
    const std::uint8_t first = input[0];
    if (first < 0x80) {
        if (first != 0x01 && first != 0x02 && first != 0x03 && first != 0x7e) {
            return unexpected(ReceiptError::kUnsupportedType);
        }
        receipt.type = static_cast<TxType>(first);
        rest = rest.subspan(1);
    } else if (first < 0xc0) {
        return unexpected(ReceiptError::kMalformedRlp);
    }
    auto payload = rlp::decode_list(rest);
    if (!payload) return unexpected(ReceiptError::kMalformedRlp);
    if (!rest.empty()) return unexpected(ReceiptError::kTrailingBytes);

    rlp::ListReader r(*payload);
    const ByteView status = r.string();
    bool pre_byzantium = false;
    if (status.empty()) {
        receipt.status = false;
    } else if (status.size() == 1 && status[0] == 0x01) {
        receipt.status = true;
    } else if (status.size() == 32) {
        pre_byzantium = true;
    } else {
        r.set_error(rlp::DecodingError::kUnexpectedLength);
    }
    receipt.cumulative_gas_used = r.u64();
    receipt.logs_bloom = r.fixed<256>();
    rlp::ListReader logs(r.list());
    while (logs.ok() && !logs.at_end()) receipt.logs.push_back(read_log(logs));
    if (auto done = logs.finish(); !done) r.set_error(done.error());
    if (receipt.type == TxType::kDeposit) {
        if (r.ok() && !r.at_end()) receipt.deposit_nonce = r.u64();
        if (r.ok() && !r.at_end()) receipt.deposit_receipt_version = r.u64();
    }
    if (auto done = r.finish(); !done) return unexpected(ReceiptError::kMalformedRlp);
    if (pre_byzantium) return unexpected(ReceiptError::kPreByzantium);
    return receipt;
}

}  // namespace baton
