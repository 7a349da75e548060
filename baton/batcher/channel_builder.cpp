// SPDX-License-Identifier: MIT
#include <baton/batcher/channel_builder.hpp>

#include <baton/core/keccak.hpp>
#include <baton/protocol/batch.hpp>
#include <baton/protocol/channel_out.hpp>
#include <baton/protocol/span_batch.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <algorithm>

namespace baton::batcher {

const char* to_string(ChannelBuildError e) noexcept {
    switch (e) {
        case ChannelBuildError::kNoBlocks:
            return "no blocks";
        case ChannelBuildError::kNotContiguous:
            return "blocks are not contiguous";
        case ChannelBuildError::kInvalidBatch:
            return "span batch encoder refused the blocks";
        case ChannelBuildError::kTooLarge:
            return "channel exceeds max RLP bytes";
        case ChannelBuildError::kFrameSizeTooSmall:
            return "max frame size leaves no room for data";
        case ChannelBuildError::kTooManyFrames:
            return "channel needs more than 65536 frames";
    }
    return "unknown channel build error";
}

ChannelParams ChannelParams::for_rollup(const protocol::RollupConfig& rollup, std::uint64_t first_block_time,
                                        std::uint64_t l1_head_time) {
    ChannelParams p;
    const bool fjord = rollup.is_fjord_active(l1_head_time);
    p.algo = fjord ? protocol::CompressionAlgo::kBrotli : protocol::CompressionAlgo::kZlib;
    p.max_rlp_bytes = static_cast<std::size_t>(rollup.max_rlp_bytes_per_channel_at(l1_head_time));
    p.span_batches = rollup.is_delta_active(first_block_time);
    p.span = protocol::SpanBatchParams{rollup.genesis.l2_time, rollup.block_time, rollup.l2_chain_id};
    return p;
}

protocol::ChannelId make_channel_id(const B256& seed, std::uint64_t counter) noexcept {
    Bytes input(seed.begin(), seed.end());
    append_be(input, counter, 8);
    const B256 h = keccak256(input);
    protocol::ChannelId id{};
    std::copy_n(h.begin(), id.size(), id.begin());
    return id;
}

namespace {

ChannelBuildError from_channel_out(protocol::ChannelOutError e) noexcept {
    switch (e) {
        case protocol::ChannelOutError::kTooLarge:
            return ChannelBuildError::kTooLarge;
        case protocol::ChannelOutError::kFrameSizeTooSmall:
            return ChannelBuildError::kFrameSizeTooSmall;
        case protocol::ChannelOutError::kTooManyFrames:
            return ChannelBuildError::kTooManyFrames;
        case protocol::ChannelOutError::kClosed:
        case protocol::ChannelOutError::kNotClosed:
        case protocol::ChannelOutError::kEmptyBatch:
            break;
    }
    // The remaining errors are misuse of ChannelOut by this file, never input.
    return ChannelBuildError::kInvalidBatch;
}

}  // namespace

Result<BuiltChannel, ChannelBuildError> build_channel(const protocol::ChannelId& id,
                                                      std::span<const L2Block> blocks,
                                                      const ChannelParams& params) {
    if (blocks.empty()) return baton::unexpected(ChannelBuildError::kNoBlocks);
    for (std::size_t i = 1; i < blocks.size(); ++i) {
        if (blocks[i].number != blocks[i - 1].number + 1 || blocks[i].parent_hash != blocks[i - 1].hash)
            return baton::unexpected(ChannelBuildError::kNotContiguous);
    }
    if (params.max_frame_size <= protocol::kFrameOverhead)
        return baton::unexpected(ChannelBuildError::kFrameSizeTooSmall);

    std::vector<protocol::SingularBatch> batches;
    batches.reserve(blocks.size());
    for (const auto& b : blocks) batches.push_back(to_singular_batch(b));

    protocol::ChannelOut out(id, params.algo, params.compression_level, params.max_rlp_bytes);
    if (params.span_batches) {
        auto span = protocol::make_span_batch(batches, params.span, blocks.front().sequence_number == 0);
        if (!span) return baton::unexpected(ChannelBuildError::kInvalidBatch);
        auto added = out.add_batch(protocol::encode_batch(protocol::Batch{std::move(*span)}));
        if (!added) return baton::unexpected(from_channel_out(added.error()));
    } else {
        // Singular batches (pre-Delta) have no wire field for a fee recipient: encode drops it and
        // these blocks derive with the fee vault. Rotating sequencers need span batches.
        for (auto& b : batches) {
            auto added = out.add_batch(protocol::encode_batch(protocol::Batch{std::move(b)}));
            if (!added) return baton::unexpected(from_channel_out(added.error()));
        }
    }
    if (auto closed = out.close(); !closed) return baton::unexpected(from_channel_out(closed.error()));
    auto frames = out.frames(params.max_frame_size);
    if (!frames) return baton::unexpected(from_channel_out(frames.error()));

    BuiltChannel c;
    c.id = id;
    c.first_block = blocks.front().number;
    c.last_block = blocks.back().number;
    c.last_block_id = blocks.back().id();
    c.rlp_bytes = out.input_bytes();
    c.compressed_bytes = out.compressed().size();
    c.frames = std::move(*frames);
    return c;
}

Bytes tx_payload_of(const protocol::Frame& frame) {
    return protocol::encode_tx_payload(std::span<const protocol::Frame>(&frame, 1));
}

}  // namespace baton::batcher
