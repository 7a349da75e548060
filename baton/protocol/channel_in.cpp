// SPDX-License-Identifier: MIT
#include <baton/protocol/channel_in.hpp>

#include <iterator>

namespace baton::protocol {
namespace {

enum class StringError { kNeedMore, kMalformed };

struct StringItem {
    std::size_t header = 0;  // header bytes (0 for a single byte < 0x80)
    std::size_t length = 0;  // payload bytes
};

// Reads a canonical RLP string header at the front of `in` and checks the payload is present
// (Go rlp.Stream.Bytes()). kNeedMore: the input ends inside the item.
Result<StringItem, StringError> read_string_header(ByteView in) noexcept {
    if (in.empty()) return unexpected(StringError::kNeedMore);
    const std::uint8_t b = in[0];
    StringItem item;
    if (b < 0x80) {
        item.length = 1;
    } else if (b < 0xB8) {
        item.header = 1;
        item.length = b - 0x80u;
    } else if (b < 0xC0) {
        const std::size_t len_of_len = b - 0xB7u;
        if (in.size() < 1 + len_of_len) return unexpected(StringError::kNeedMore);
        if (in[1] == 0) return unexpected(StringError::kMalformed);  // leading zero in the size
        item.length = static_cast<std::size_t>(load_be(in.subspan(1, len_of_len)));
        if (item.length < 56) return unexpected(StringError::kMalformed);  // should be the short form
        item.header = 1 + len_of_len;
    } else {
        return unexpected(StringError::kMalformed);  // a list where a batch string is expected
    }
    if (in.size() - item.header < item.length) return unexpected(StringError::kNeedMore);
    if (item.header == 1 && item.length == 1 && in[1] < 0x80) {
        return unexpected(StringError::kMalformed);  // single byte < 0x80 must stand alone
    }
    return item;
}

ChannelEnd end_for_cut(DecompressStatus status) noexcept {
    switch (status) {
        case DecompressStatus::kComplete:
            return ChannelEnd::kDecodeError;  // an item runs past the end
        case DecompressStatus::kTruncated:
            return ChannelEnd::kTruncated;
        case DecompressStatus::kCorrupt:
            return ChannelEnd::kCorrupt;
        case DecompressStatus::kLimitReached:
            return ChannelEnd::kSizeLimit;
    }
    return ChannelEnd::kDecodeError;
}

ChannelEnd end_for_clean_stop(DecompressStatus status) noexcept {
    // Every produced byte was consumed: the stream's own ending decides.
    switch (status) {
        case DecompressStatus::kComplete:
            return ChannelEnd::kComplete;
        case DecompressStatus::kTruncated:
            return ChannelEnd::kTruncated;
        case DecompressStatus::kCorrupt:
            return ChannelEnd::kCorrupt;
        case DecompressStatus::kLimitReached:
            return ChannelEnd::kSizeLimit;
    }
    return ChannelEnd::kComplete;
}

// One step of splitting: a batch (a view into the stream), or the end.
struct Step {
    std::optional<ByteView> batch;
    ChannelEnd end = ChannelEnd::kComplete;
};

Step next_string(ByteView data, std::size_t& pos, DecompressStatus status) {
    if (pos == data.size()) return {std::nullopt, end_for_clean_stop(status)};
    auto item = read_string_header(data.subspan(pos));
    if (!item) {
        return {std::nullopt,
                item.error() == StringError::kMalformed ? ChannelEnd::kDecodeError : end_for_cut(status)};
    }
    const auto payload = data.subspan(pos + item->header, item->length);
    pos += item->header + item->length;
    return {payload, ChannelEnd::kComplete};
}

}  // namespace

const char* to_string(ChannelError e) noexcept {
    switch (e) {
        case ChannelError::kWrongChannel:
            return "frame belongs to another channel";
        case ChannelError::kAlreadyClosed:
            return "channel already has a closing frame";
        case ChannelError::kDuplicateFrame:
            return "duplicate frame number";
        case ChannelError::kFrameAfterClose:
            return "frame number at or above the closing frame's";
    }
    return "unknown channel error";
}

const char* to_string(ChannelEnd e) noexcept {
    switch (e) {
        case ChannelEnd::kComplete:
            return "complete";
        case ChannelEnd::kTruncated:
            return "truncated stream";
        case ChannelEnd::kCorrupt:
            return "corrupt stream";
        case ChannelEnd::kDecodeError:
            return "malformed batch string";
        case ChannelEnd::kSizeLimit:
            return "MAX_RLP_BYTES_PER_CHANNEL reached";
    }
    return "unknown";
}

Result<void, ChannelError> Channel::add_frame(Frame frame) {
    if (frame.id != id_) return unexpected(ChannelError::kWrongChannel);
    if (is_closed() && frame.is_last) return unexpected(ChannelError::kAlreadyClosed);
    if (frames_.contains(frame.number)) return unexpected(ChannelError::kDuplicateFrame);
    if (is_closed() && frame.number >= *end_number_) return unexpected(ChannelError::kFrameAfterClose);

    if (frame.is_last) {
        end_number_ = frame.number;
        if (frame.number < highest_number_) {
            // Frames buffered beyond the end can never be part of the channel. op-node and kona
            // subtract the size of every frame they visit here, kept ones too, so afterwards only
            // the closing frame is counted; the size feeds channel-bank eviction, so we match it.
            for (auto it = frames_.upper_bound(frame.number); it != frames_.end();) it = frames_.erase(it);
            size_ = 0;
        }
        if (highest_number_ > frame.number) highest_number_ = frame.number;
    }
    if (frame.number > highest_number_) highest_number_ = frame.number;
    size_ += frame.data.size() + kFrameSizeOverhead;
    frames_.emplace(frame.number, std::move(frame.data));
    return {};
}

bool Channel::is_ready() const noexcept {
    // Numbers above the end are pruned, so all of 0..end are present exactly when the count matches.
    return end_number_ && frames_.size() == std::size_t{*end_number_} + 1;
}

Bytes Channel::data() const {
    Bytes out;
    for (const auto& [number, data] : frames_) append(out, data);
    return out;
}

std::optional<ByteView> BatchSplitter::next() {
    if (done_) return std::nullopt;
    auto step = next_string(stream_, pos_, status_);
    if (!step.batch) {
        done_ = true;
        end_ = step.end;
    }
    return step.batch;
}

ChannelContent split_batches(ByteView decompressed, DecompressStatus stream_status) {
    ChannelContent content;
    BatchSplitter splitter(decompressed, stream_status);
    while (auto batch = splitter.next()) content.batches.emplace_back(batch->begin(), batch->end());
    content.end = splitter.end();
    content.end_offset = splitter.end_offset();
    return content;
}

Result<ChannelReader, CompressionError> ChannelReader::open(ByteView channel, bool fjord_active,
                                                            std::size_t max_rlp_bytes) {
    auto out = decompress_channel(channel, fjord_active, max_rlp_bytes);
    if (!out) return unexpected(out.error());
    return ChannelReader(out->algo, std::move(out->data), out->status);
}

std::optional<Bytes> ChannelReader::next_batch() {
    if (done_) return std::nullopt;
    auto step = next_string(data_, pos_, status_);
    if (!step.batch) {
        done_ = true;
        end_ = step.end;
        return std::nullopt;
    }
    return Bytes(step.batch->begin(), step.batch->end());
}

Result<ChannelContent, CompressionError> read_channel(ByteView channel, bool fjord_active,
                                                      std::size_t max_rlp_bytes) {
    auto out = decompress_channel(channel, fjord_active, max_rlp_bytes);
    if (!out) return unexpected(out.error());
    auto content = split_batches(out->data, out->status);
    content.algo = out->algo;
    return content;
}

}  // namespace baton::protocol
