// SPDX-License-Identifier: MIT
#pragma once

// Channel building (op-batcher's channel_builder, reduced to what Baton's rules leave): a run of
// consecutive L2 blocks in, one closed channel cut into frames out.
//
//   channel = compress( rlp_string(batch) )        one span batch of all the blocks (Delta+),
//                                                  or one singular batch per block before Delta
//   tx payload = 0x00 ++ frame                     one frame per batcher tx
//
// Decisions:
// - A channel is built only once all its blocks are known, so it is opened and closed in one call:
//   Baton channels carry exactly `l2_blocks_per_channel` blocks (derivation drops the surplus), so
//   there is no "full" decision to take block by block and no partially built channel to carry
//   over a window boundary.
// - The compression algorithm is chosen by the caller from the L1 head time (brotli once Fjord is
//   active there: derivation judges Fjord by the L1 block that includes the frames, which is never
//   earlier than the current head).
// - Channel ids come from a seed and a counter (keccak), so randomness stays with the caller and a
//   run is reproducible in tests; a restarted batcher gets a new seed and thus fresh ids.
// - `max_frame_size` is the encoded frame size limit including its 23-byte overhead (op-batcher's
//   MaxFrameSize); a tx's calldata is that plus the version byte.

#include <baton/batcher/l2_block.hpp>
#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/protocol/compression.hpp>
#include <baton/protocol/frame.hpp>
#include <baton/protocol/rollup_config.hpp>
#include <baton/protocol/span_batch.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace baton::batcher {

// Default calldata limit of one batcher tx (op-batcher's MaxL1TxSize) and the frame limit it gives.
inline constexpr std::size_t kDefaultMaxTxSize = 120'000;
inline constexpr std::size_t kDefaultMaxFrameSize = kDefaultMaxTxSize - 1;

enum class [[nodiscard]] ChannelBuildError{
    kNoBlocks,           // nothing to put in the channel
    kNotContiguous,      // a block's number or parent hash does not follow the previous block
    kInvalidBatch,       // the span batch encoder refused the blocks (e.g. a txn signed for another chain)
    kTooLarge,           // the batches exceed the channel's max RLP bytes
    kFrameSizeTooSmall,  // max_frame_size leaves no room for frame data
    kTooManyFrames,      // more than 65536 frames would be needed
};

const char* to_string(ChannelBuildError e) noexcept;

struct ChannelParams {
    protocol::CompressionAlgo algo = protocol::CompressionAlgo::kBrotli;
    int compression_level = 9;  // zlib 0..9, brotli 0..11 (op-batcher uses brotli 10 by default)
    std::size_t max_frame_size = kDefaultMaxFrameSize;
    std::size_t max_rlp_bytes = protocol::kMaxRlpBytesPerChannelFjord;
    bool span_batches = true;          // false before Delta: one singular batch per block
    protocol::SpanBatchParams span{};  // genesis L2 time, block time, L2 chain id

    // Span batches iff Delta is active at `first_block_time`; brotli iff Fjord is active at
    // `l1_head_time`, and the max RLP bytes judged there too. Frame size and level keep defaults.
    static ChannelParams for_rollup(const protocol::RollupConfig& rollup, std::uint64_t first_block_time,
                                    std::uint64_t l1_head_time);
};

struct BuiltChannel {
    protocol::ChannelId id{};
    std::uint64_t first_block = 0;  // L2 block numbers, inclusive
    std::uint64_t last_block = 0;
    BlockId last_block_id;  // hash and number of the last block
    std::vector<protocol::Frame> frames;
    std::size_t rlp_bytes = 0;         // uncompressed batch stream
    std::size_t compressed_bytes = 0;  // channel bytes (all frames' data)

    std::uint64_t block_count() const noexcept { return last_block - first_block + 1; }
};

// The id of the `counter`-th channel of a run: keccak256(seed ++ counter as 8 bytes BE)[0..16].
protocol::ChannelId make_channel_id(const B256& seed, std::uint64_t counter) noexcept;

// Builds one closed channel of `blocks` (consecutive, ascending, each the parent of the next).
Result<BuiltChannel, ChannelBuildError> build_channel(const protocol::ChannelId& id,
                                                      std::span<const L2Block> blocks,
                                                      const ChannelParams& params);

// The calldata of a batcher tx carrying `frame`: 0x00 ++ frame.
Bytes tx_payload_of(const protocol::Frame& frame);

}  // namespace baton::batcher
