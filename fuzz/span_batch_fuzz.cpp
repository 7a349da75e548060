// SPDX-License-Identifier: MIT
// Batch decoding from arbitrary bytes (type byte first; seeds are mostly span batches):
// - decode_batch never crashes and returns a typed error for bad input;
// - a decoded batch re-encodes, and the re-encoding decodes to an equal value (decode → encode →
//   decode), and re-encoding that gives the same bytes (the encoder is canonical);
// - span → per-block derivation (tx rebuild with a fixed chain id) never crashes, and every block
//   gets exactly its count of txs;
// - a Baton span batch (0xBA) keeps its type and recipients through the round trip, and every block
//   derives with its own recipient; a type-1 one names none. Seeds include 0xBA batches.

#include <baton/core/assert.hpp>
#include <baton/protocol/batch.hpp>

#include <cstddef>
#include <cstdint>

using namespace baton;
using namespace baton::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input(data, size);
    const auto batch = decode_batch(input);
    if (!batch) {
        BATON_ASSERT(batch.error().offset <= size);
        return 0;
    }
    const Bytes encoded = encode_batch(*batch);
    const auto again = decode_batch(encoded);
    BATON_ASSERT(again.has_value());
    BATON_ASSERT(*again == *batch);
    BATON_ASSERT(encode_batch(*again) == encoded);
    BATON_ASSERT(batch_type(*again) == batch_type(*batch));
    BATON_ASSERT(static_cast<std::uint8_t>(batch_type(*batch)) == encoded[0]);

    if (const auto* span = std::get_if<SpanBatch>(&*batch)) {
        const SpanBatchParams params{1686068903, 2, 10};
        const auto blocks = derive_span_batch(*span, params);
        if (blocks) {
            BATON_ASSERT(blocks->size() == span->block_count());
            for (std::size_t i = 0; i < blocks->size(); ++i) {
                BATON_ASSERT((*blocks)[i].transactions.size() == span->block_tx_counts[i]);
                BATON_ASSERT(span->is_baton() ? (*blocks)[i].fee_recipient == span->fee_recipients[i]
                                              : !(*blocks)[i].fee_recipient.has_value());
            }
        }
    }
    return 0;
}
