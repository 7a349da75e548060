// SPDX-License-Identifier: MIT
#pragma once

// Span batch (batch type 1, Delta), OP-PROTOCOL.md §5.2:
//
//   0x01 ++ prefix ++ payload
//   prefix  = uvarint rel_timestamp ++ uvarint l1_origin_num ++ parent_check[20] ++ l1_origin_check[20]
//   payload = uvarint block_count ++ origin_bits ++ block_tx_counts ++ txs
//   txs     = contract_creation_bits ++ y_parity_bits ++ tx_sigs ++ tx_tos ++ tx_datas
//             ++ tx_nonces ++ tx_gases ++ protected_bits
//
// Baton span batch (batch type 0xBA): a span batch that names each block's fee recipient (coinbase),
// so rotating sequencers can each be paid for their own blocks and every verifier reproduces the
// coinbase from L1 data alone:
//
//   0xBA ++ uvarint block_count ++ block_count × fee_recipient[20] ++ prefix ++ payload
//
// `prefix ++ payload` is exactly a type-1 span batch without its type byte; block_count must equal
// its block count (kFeeRecipientCountMismatch). `SpanBatch::fee_recipients` empty is a plain type-1
// span batch, non-empty the Baton one; type-1 bytes are unchanged by its presence.
//
// `SpanBatch` is the wire form (op-node's RawSpanBatch): decoding then encoding gives back the same
// bytes for canonical input. `derive_span_batch` turns it into per-block elements (timestamps,
// L1 origins, full EIP-2718 txs rebuilt with the L2 chain id); `make_span_batch` goes the other way
// from singular batches.
//
// Decisions:
// - uvarints are read exactly like Go's binary.ReadUvarint: non-minimal encodings are accepted and
//   at most 10 bytes are read (the 10th must be 0 or 1). A stricter reader would split consensus.
// - tx_datas entries are delimited and type-checked at decode time but their fields are parsed
//   only when rebuilding txs, as op-node does; the original bytes are kept for exact re-encoding.
// - Bytes after the last field are ignored, as op-node's reader ignores them.
// - A batch longer than MAX_SPAN_BATCH_ELEMENT_COUNT bytes is rejected before decoding (op-node).

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/core/transaction.hpp>
#include <baton/protocol/batch_error.hpp>
#include <baton/protocol/singular_batch.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace baton::protocol {

using Bytes20 = FixedBytes<20>;

// Span batch tx types (tx_datas' leading byte; legacy has none).
enum class SpanTxType : std::uint8_t {
    kLegacy = 0x00,
    kAccessList = 0x01,
    kDynamicFee = 0x02,
    kSetCode = 0x04,  // Isthmus (EIP-7702); the batch queue rejects it before Isthmus
};

struct SpanBatchTx {
    SpanTxType type = SpanTxType::kLegacy;
    bool contract_creation = false;
    std::uint8_t y_parity = 0;
    bool is_protected = false;  // legacy only: EIP-155 signature
    B256 r{};
    B256 s{};
    Address to{};  // meaningful when !contract_creation
    std::uint64_t nonce = 0;
    std::uint64_t gas = 0;
    Bytes tx_data;  // wire fragment: (type byte ++) rlp list

    friend bool operator==(const SpanBatchTx&, const SpanBatchTx&) = default;
};

struct SpanBatch {
    std::uint64_t rel_timestamp = 0;             // first block's timestamp − genesis l2_time
    std::uint64_t l1_origin_num = 0;             // last block's L1 origin number
    Bytes20 parent_check{};                      // first 20 bytes of the first block's parent hash
    Bytes20 l1_origin_check{};                   // first 20 bytes of the last block's L1 origin hash
    std::vector<bool> origin_bits;               // one per block
    std::vector<std::uint64_t> block_tx_counts;  // one per block
    std::vector<SpanBatchTx> txs;                // all blocks' txs in order
    std::vector<Address> fee_recipients;         // Baton (0xBA): one per block; empty for type 1

    bool is_baton() const noexcept { return !fee_recipients.empty(); }
    std::uint64_t block_count() const noexcept { return block_tx_counts.size(); }
    friend bool operator==(const SpanBatch&, const SpanBatch&) = default;
};

// One L2 block of a span batch, as derivation sees it.
struct SpanBatchElement {
    std::uint64_t epoch_num = 0;
    std::uint64_t timestamp = 0;
    std::vector<Bytes> transactions;       // EIP-2718 envelopes
    std::optional<Address> fee_recipient;  // set for every block of a Baton span batch

    friend bool operator==(const SpanBatchElement&, const SpanBatchElement&) = default;
};

// ---- Wire codec ----

// Decodes the content after the type byte. Failure offsets count from the start of `content`.
Result<SpanBatch, BatchFailure> decode_span_batch(ByteView content);

// Decodes the content after the Baton type byte 0xBA: the recipient list, then a type-1 span batch's
// content (bytes after it ignored, as for type 1). Failure offsets count from the start of `content`.
Result<SpanBatch, BatchFailure> decode_baton_span_batch(ByteView content);

// The full batch: type byte 0x01 ++ prefix ++ payload, or, when `fee_recipients` is non-empty,
// 0xBA ++ recipients ++ prefix ++ payload. The value must be consistent (origin_bits and
// block_tx_counts of equal size, counts summing to txs.size(), no recipients or one per block).
Bytes encode_span_batch(const SpanBatch& batch);

// Pieces of the codec, exposed for vectors and tools. Each reads from `data` at `pos` and advances it.
Result<std::uint64_t, BatchFailure> decode_uvarint(ByteView data, std::size_t& pos);
void append_uvarint(Bytes& out, std::uint64_t value);

// A bit list of `bit_length` bits: ceil(n/8) bytes holding one big-endian integer; bit i is
// (value >> i) & 1. A set bit at index >= bit_length is kBitfieldTooLong.
Result<std::vector<bool>, BatchFailure> decode_bitlist(ByteView data, std::size_t& pos,
                                                       std::uint64_t bit_length);
void append_bitlist(Bytes& out, const std::vector<bool>& bits);

struct SpanBatchPrefix {
    std::uint64_t rel_timestamp = 0;
    std::uint64_t l1_origin_num = 0;
    Bytes20 parent_check{};
    Bytes20 l1_origin_check{};
};
Result<SpanBatchPrefix, BatchFailure> decode_span_batch_prefix(ByteView data, std::size_t& pos);

// block_count: 1 ..= MAX_SPAN_BATCH_ELEMENT_COUNT.
Result<std::uint64_t, BatchFailure> decode_block_count(ByteView data, std::size_t& pos);
Result<std::vector<std::uint64_t>, BatchFailure> decode_block_tx_counts(ByteView data, std::size_t& pos,
                                                                        std::uint64_t block_count);

// ---- Derivation view ----

struct SpanBatchParams {
    std::uint64_t genesis_l2_time = 0;
    std::uint64_t block_time = 0;
    std::uint64_t l2_chain_id = 0;
};

// Each block's L1 origin number: the last is l1_origin_num; walking back, a set origin bit i > 0
// lowers block i−1's origin by one. Arithmetic wraps like op-node's uint64 on malformed input.
std::vector<std::uint64_t> span_batch_epoch_nums(const SpanBatch& batch);

// The span start's epoch for the batch queue: l1_origin_num − Σ origin_bits + origin_bits[0].
std::uint64_t span_batch_start_epoch_num(const SpanBatch& batch);

// Timestamp of block i: genesis_l2_time + rel_timestamp + i · block_time.
std::uint64_t span_batch_timestamp(const SpanBatch& batch, const SpanBatchParams& params, std::size_t block);

// Rebuilds one tx as an EIP-2718 envelope. Legacy protected v = 2·chain_id + 35 + y_parity,
// unprotected v = 27 + y_parity; typed txs carry the chain id and y_parity directly.
Result<Bytes, BatchFailure> rebuild_transaction_envelope(const SpanBatchTx& tx, std::uint64_t chain_id);

// The same tx as a core value (legacy, 2930, 1559, 7702 set-code).
Result<Transaction, BatchFailure> rebuild_transaction(const SpanBatchTx& tx, std::uint64_t chain_id);

// One signed envelope (legacy, 2930, 1559, 7702) as span batch fields; its chain id must be
// `chain_id` (kChainIdMismatch), blob txs and deposits are kUnsupportedTxType.
Result<SpanBatchTx, BatchFailure> make_span_batch_tx(ByteView envelope, std::uint64_t chain_id);

// All blocks with timestamps, origins, rebuilt txs and, for a Baton span batch, fee recipients.
Result<std::vector<SpanBatchElement>, BatchFailure> derive_span_batch(const SpanBatch& batch,
                                                                      const SpanBatchParams& params);

// A singular batch for one element; the hashes come from the safe chain and the L1 origins.
SingularBatch make_singular_batch(SpanBatchElement element, const B256& parent_hash, const B256& epoch_hash);

// Span batch of consecutive singular batches (op-node SpanBatch.AppendSingularBatch +
// ToRawSpanBatch). `first_starts_epoch` is origin_bits[0]: whether the first block has sequence
// number 0 in its epoch. Txs must be legacy/2930/1559 signed for `params.l2_chain_id`. When any
// batch names a fee recipient the result is a Baton span batch naming one for every block (the
// fee vault where a batch names none); otherwise a plain type-1 span batch. A failure's offset is
// the index of the offending singular batch, not a byte offset.
Result<SpanBatch, BatchFailure> make_span_batch(std::span<const SingularBatch> batches,
                                                const SpanBatchParams& params, bool first_starts_epoch);

}  // namespace baton::protocol
