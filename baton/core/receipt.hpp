// SPDX-License-Identifier: MIT
#pragma once

// Receipts and logs as plain values (the rpc layer fills them from JSON).
//
// Consensus encoding (EIP-2718): legacy = rlp([status, cumulativeGasUsed, bloom, logs]);
// typed = type ++ rlp(same). OP deposit receipts (type 0x7E) append depositNonce after Regolith
// and depositReceiptVersion after Canyon: rlp([status, cumGas, bloom, logs, nonce?, version?]).
// Log = rlp([address, [topics...], data]). Only post-Byzantium status receipts are supported.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/core/transaction.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace baton {

enum class [[nodiscard]] ReceiptError{
    kEmptyInput,   kUnsupportedType, kMalformedRlp, kTrailingBytes,
    kPreByzantium,  // 32-byte post-state root instead of a status
};

const char* to_string(ReceiptError e) noexcept;

using Bloom = FixedBytes<256>;

struct Log {
    Address address{};
    std::vector<B256> topics;
    Bytes data;
    friend bool operator==(const Log&, const Log&) = default;
};

struct Receipt {
    TxType type{TxType::kLegacy};
    bool status{false};  // true: success
    std::uint64_t cumulative_gas_used{0};
    Bloom logs_bloom{};
    std::vector<Log> logs;
    std::optional<std::uint64_t> deposit_nonce;            // deposit receipts, Regolith+
    std::optional<std::uint64_t> deposit_receipt_version;  // deposit receipts, Canyon+
    friend bool operator==(const Receipt&, const Receipt&) = default;
};

// The 2048-bit bloom of the logs' addresses and topics (yellow paper M3:2048).
Bloom logs_bloom(const std::vector<Log>& logs);
// True if `bloom` may contain `item` (an address or topic).
bool bloom_contains(const Bloom& bloom, ByteView item);

Bytes encode_receipt(const Receipt& receipt);
Result<Receipt, ReceiptError> decode_receipt(ByteView envelope);

void encode_log(Bytes& out, const Log& log);

}  // namespace baton
