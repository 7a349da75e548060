// SPDX-License-Identifier: MIT
// Channels: reading with both compressions never crashes and stays within the cap; compression and
// framing round-trip. The first byte picks the property, the rest is the input.
#include <baton/core/assert.hpp>
#include <baton/protocol/blob.hpp>
#include <baton/protocol/channel_in.hpp>
#include <baton/protocol/channel_out.hpp>
#include <baton/protocol/compression.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>

using namespace baton;
using namespace baton::protocol;

namespace {

// Small enough that a zip bomb costs little per run; the code paths are the same as at 100 MB.
constexpr std::size_t kCap = 1 << 20;

void read_property(ByteView channel) {
    for (bool fjord : {false, true}) {
        auto out = decompress_channel(channel, fjord, kCap);
        if (!out.has_value()) continue;
        BATON_ASSERT(out->data.size() <= kCap);
        auto content = read_channel(channel, fjord, kCap);
        BATON_ASSERT(content.has_value());
        // The batches, re-wrapped, are exactly the stream up to where reading stopped.
        Bytes rewrapped;
        for (const auto& b : content->batches) append_rlp_string(rewrapped, b);
        BATON_ASSERT(content->end_offset <= out->data.size());
        BATON_ASSERT(rewrapped.size() == content->end_offset);
        BATON_ASSERT(std::equal(rewrapped.begin(), rewrapped.end(), out->data.begin()));

        // The pull reader agrees with the all-at-once one.
        auto reader = ChannelReader::open(channel, fjord, kCap);
        BATON_ASSERT(reader.has_value());
        std::size_t n = 0;
        while (auto batch = reader->next_batch()) {
            BATON_ASSERT(n < content->batches.size() && *batch == content->batches[n]);
            ++n;
        }
        BATON_ASSERT(n == content->batches.size() && reader->end() == content->end);
    }
}

void compress_property(ByteView data) {
    for (auto algo : {CompressionAlgo::kZlib, CompressionAlgo::kBrotli}) {
        ChannelId id{};
        id[0] = static_cast<std::uint8_t>(data.size());
        ChannelOut out(id, algo, 1, kCap);
        // Split the input into batches at every 0xff byte.
        std::vector<Bytes> batches;
        Bytes current;
        for (auto b : data) {
            current.push_back(b);
            if (b == 0xff) batches.push_back(std::exchange(current, {}));
        }
        if (!current.empty()) batches.push_back(current);
        for (const auto& b : batches) BATON_ASSERT(out.add_batch(b).has_value());
        BATON_ASSERT(out.close().has_value());

        const std::size_t max_frame = kFrameOverhead + 1 + (data.empty() ? 0 : data[0]) * 4;
        auto frames = out.frames(max_frame);
        if (!frames.has_value()) {
            BATON_ASSERT(frames.error() == ChannelOutError::kTooManyFrames);
            continue;
        }
        Channel ch(id);
        for (auto& f : *frames) BATON_ASSERT(ch.add_frame(f).has_value());
        BATON_ASSERT(ch.is_ready());
        auto content = read_channel(ch.data(), true, kCap);
        BATON_ASSERT(content.has_value());
        BATON_ASSERT(content->end == ChannelEnd::kComplete);
        BATON_ASSERT(content->batches == batches);
    }
}

void blob_property(ByteView data) {
    auto blob = encode_blob(data);
    BATON_ASSERT(blob.has_value() == (data.size() <= kMaxBlobDataSize));
    if (!blob.has_value()) return;
    auto back = decode_blob(*blob);
    BATON_ASSERT(back.has_value() && *back == Bytes(data.begin(), data.end()));
    // Arbitrary bytes as a blob prefix: decoding must fail or succeed cleanly.
    Bytes raw(kBlobSize, 0);
    std::copy_n(data.begin(), std::min(data.size(), kBlobSize), raw.begin());
    auto any = decode_blob(raw);
    if (any.has_value()) BATON_ASSERT(any->size() <= kMaxBlobDataSize);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const ByteView input(data + 1, size - 1);
    switch (data[0] % 3) {
        case 0:
            read_property(input);
            break;
        case 1:
            compress_property(input);
            break;
        default:
            blob_property(input);
            break;
    }
    return 0;
}
