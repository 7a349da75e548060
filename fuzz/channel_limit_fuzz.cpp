// SPDX-License-Identifier: MIT
// Channels at the real MAX_RLP_BYTES_PER_CHANNEL (10 MB before Fjord, 100 MB from Fjord), where
// `baton decode` once spent 5.5 GB splitting a 100 KB zlib bomb into 100 M batches. channel_fuzz
// caps output at 1 MiB to stay fast and so never reaches this limit; this target starts from zlib
// bombs just past each limit (seed_channel_limit.sh). Decompression stays within the cap, keeps
// exactly the cap when more output existed, and the batches, walked as views as decode and
// derivation do, lie in order inside the stream; only a stream cut by the cap ends at the size
// limit. One run holds one decompressed channel (peak RSS about 0.4 GB, under libFuzzer's 2 GB).
// The first byte picks the fork (bit 0: Fjord), the rest is the channel.
#include <baton/core/assert.hpp>
#include <baton/protocol/channel_in.hpp>
#include <baton/protocol/compression.hpp>

#include <cstddef>
#include <cstdint>

using namespace baton;
using namespace baton::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const bool fjord = (data[0] & 1) != 0;
    const ByteView channel(data + 1, size - 1);
    const std::size_t cap = fjord ? kMaxRlpBytesPerChannelFjord : kMaxRlpBytesPerChannel;
    auto out = decompress_channel(channel, fjord, cap);
    if (!out.has_value()) return 0;
    BATON_ASSERT(out->data.size() <= cap);
    if (out->status == DecompressStatus::kLimitReached) BATON_ASSERT(out->data.size() == cap);

    BatchSplitter splitter(out->data, out->status);
    const std::uint8_t* const stream_begin = out->data.data();
    const std::uint8_t* const stream_end = stream_begin + out->data.size();
    const std::uint8_t* previous_end = stream_begin;
    while (auto batch = splitter.next()) {
        BATON_ASSERT(batch->data() >= previous_end && batch->data() + batch->size() <= stream_end);
        previous_end = batch->data() + batch->size();
    }
    BATON_ASSERT(splitter.end_offset() == static_cast<std::size_t>(previous_end - stream_begin));
    if (splitter.end() == ChannelEnd::kSizeLimit)
        BATON_ASSERT(out->status == DecompressStatus::kLimitReached);
    return 0;
}
