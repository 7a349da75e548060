// SPDX-License-Identifier: MIT
// Batcher tx payloads and frames: parsing never crashes, and whatever parses re-encodes to the
// same bytes (the format has exactly one encoding per frame list).
#include <baton/core/assert.hpp>
#include <baton/protocol/frame.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <cstddef>
#include <cstdint>

using namespace baton;
using namespace baton::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input(data, size);

    // Whole payload: all or nothing, and a round trip when accepted.
    auto frames = decode_tx_payload(input);
    if (frames.has_value()) {
        BATON_ASSERT(!frames->empty());
        const auto again = encode_tx_payload(*frames);
        BATON_ASSERT(again.size() == size);
        BATON_ASSERT(std::equal(again.begin(), again.end(), input.begin()));
    } else {
        BATON_ASSERT(frames.error().offset <= size);
    }

    // Frames one after another from the raw bytes (no version byte): each one consumed re-encodes
    // to exactly the bytes it was read from; an error leaves the view untouched.
    ByteView rest = input;
    while (!rest.empty()) {
        const ByteView before = rest;
        auto frame = decode_frame(rest);
        if (!frame.has_value()) {
            BATON_ASSERT(rest.data() == before.data() && rest.size() == before.size());
            BATON_ASSERT(frame.error().offset <= before.size());
            break;
        }
        const auto consumed = before.size() - rest.size();
        BATON_ASSERT(consumed == encoded_size(*frame));
        const auto bytes = encode_frame(*frame);
        BATON_ASSERT(std::equal(bytes.begin(), bytes.end(), before.begin()));
    }

    // The force-close helper accepts any frame list of one channel.
    if (frames.has_value()) {
        auto closing = force_close_tx_payload(*frames);
        if (closing.has_value() && closing->size() > 1) BATON_ASSERT(decode_tx_payload(*closing).has_value());
    }
    return 0;
}
