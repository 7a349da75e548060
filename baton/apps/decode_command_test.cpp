// SPDX-License-Identifier: MIT
// `baton decode` on hostile input: a zlib bomb ends with the size-limit error while the heap stays
// within a small multiple of MAX_RLP_BYTES_PER_CHANNEL, and a span batch of a million blocks is
// printed without holding its 98 MB of JSON. Memory is measured by counting what this binary's
// operator new hands out, not by wall clock or RSS.
#include <baton/apps/decode_command.hpp>

#include <baton/core/hex.hpp>
#include <baton/protocol/batch.hpp>
#include <baton/protocol/channel_out.hpp>
#include <baton/protocol/compression.hpp>
#include <baton/protocol/frame.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <malloc.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <string>

namespace {

// Heap bytes live right now and the most live since the last reset. Sizes are malloc's usable
// sizes, read the same way on allocation and release, so the two always match.
std::atomic<std::size_t> g_live_bytes{0};
std::atomic<std::size_t> g_peak_bytes{0};
// While non-zero, an allocation that would take the live bytes past it throws bad_alloc: without
// this the unfixed decoder would really take its 5.5 GB before the test could say it is too much.
std::atomic<std::size_t> g_budget_bytes{0};

void* counted_alloc(std::size_t size) {
    void* p = std::malloc(size == 0 ? 1 : size);
    if (p == nullptr) throw std::bad_alloc();
    const std::size_t usable = malloc_usable_size(p);
    const std::size_t live = g_live_bytes.fetch_add(usable) + usable;
    const std::size_t budget = g_budget_bytes.load();
    if (budget != 0 && live > budget) {
        g_live_bytes.fetch_sub(usable);
        std::free(p);
        throw std::bad_alloc();
    }
    std::size_t peak = g_peak_bytes.load();
    while (live > peak && !g_peak_bytes.compare_exchange_weak(peak, live)) {
    }
    return p;
}

void counted_free(void* p) noexcept {
    if (p == nullptr) return;
    g_live_bytes.fetch_sub(malloc_usable_size(p));
    std::free(p);
}

// Peak heap growth over the live bytes at construction, while the object lives.
class HeapWatch {
public:
    explicit HeapWatch(std::size_t budget) : base_(g_live_bytes.load()) {
        g_peak_bytes.store(base_);
        g_budget_bytes.store(base_ + budget);
    }
    ~HeapWatch() { g_budget_bytes.store(0); }
    HeapWatch(const HeapWatch&) = delete;
    HeapWatch& operator=(const HeapWatch&) = delete;

    std::size_t peak_growth() const { return g_peak_bytes.load() - base_; }

private:
    std::size_t base_;
};

}  // namespace

void* operator new(std::size_t size) {
    return counted_alloc(size);
}
void* operator new[](std::size_t size) {
    return counted_alloc(size);
}
void operator delete(void* p) noexcept {
    counted_free(p);
}
void operator delete[](void* p) noexcept {
    counted_free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    counted_free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    counted_free(p);
}

namespace baton::apps {
namespace {

constexpr std::size_t kCap = protocol::kMaxRlpBytesPerChannelFjord;
// The decompressed stream is the one allocation allowed to reach the cap; growing it by doubling
// briefly holds the old and the new buffer (up to 3x). The compressed input and the output are
// small. Before batches were walked as views, this bomb needed about 5.5 GB.
constexpr std::size_t kHeapBudget = 3 * kCap;

// A zlib stream of zeros one KiB longer than the Fjord channel limit: 100 M one-byte batches
// (0x00 is a canonical RLP string of itself) that run into the limit.
Bytes zero_bomb_channel() {
    return protocol::compress_zlib(Bytes(kCap + 1024, 0), 9);
}

DecodeOptions options() {
    DecodeOptions o;
    o.l2_chain_id = 10;
    return o;
}

TEST(DecodeCommandTest, TxWithZlibBombEndsAtTheSizeLimitInBoundedMemory) {
    const Bytes channel = zero_bomb_channel();
    const protocol::Frame frame{protocol::ChannelId{}, 0, channel, true};
    const Bytes calldata = protocol::encode_tx_payload(std::span(&frame, 1));
    // Fits one batcher tx (the batcher's calldata limit is 120,000 bytes).
    ASSERT_LT(calldata.size(), 120'000U);
    std::istringstream in(to_hex(calldata, false));
    std::ostringstream out;
    std::ostringstream err;

    int rc = 0;
    std::size_t peak = 0;
    {
        HeapWatch watch(kHeapBudget);
        rc = run_decode_tx(in, out, err, options());
        peak = watch.peak_growth();
    }
    EXPECT_EQ(rc, 1);
    EXPECT_EQ(out.str(), "");
    EXPECT_EQ(err.str(),
              "error: channel: MAX_RLP_BYTES_PER_CHANNEL reached at decompressed byte offset 100000000\n");
    EXPECT_LE(peak, kHeapBudget);
}

TEST(DecodeCommandTest, ChannelZlibBombEndsAtTheSizeLimitInBoundedMemory) {
    std::istringstream in(to_hex(zero_bomb_channel(), false));
    std::ostringstream out;
    std::ostringstream err;

    int rc = 0;
    std::size_t peak = 0;
    {
        HeapWatch watch(kHeapBudget);
        rc = run_decode_channel(in, out, err, options());
        peak = watch.peak_growth();
    }
    EXPECT_EQ(rc, 1);
    EXPECT_EQ(out.str(), "");
    EXPECT_EQ(err.str(),
              "error: channel: MAX_RLP_BYTES_PER_CHANNEL reached at decompressed byte offset 100000000\n");
    EXPECT_LE(peak, kHeapBudget);
}

// Counts what is written and keeps none of it, so the answer itself does not fill the heap.
class CountingBuf : public std::streambuf {
public:
    std::size_t count() const { return count_; }

protected:
    int_type overflow(int_type c) override {
        if (!traits_type::eq_int_type(c, traits_type::eof())) ++count_;
        return traits_type::not_eof(c);
    }
    std::streamsize xsputn(const char*, std::streamsize n) override {
        count_ += static_cast<std::size_t>(n);
        return n;
    }

private:
    std::size_t count_ = 0;
};

void append_uvarint(Bytes& out, std::uint64_t v) {
    for (; v >= 0x80; v >>= 7) out.push_back(static_cast<std::uint8_t>(v | 0x80));
    out.push_back(static_cast<std::uint8_t>(v));
}

// A span batch of `block_count` empty blocks, all in L1 epoch 0 (origin bits all zero): about
// 1.125 bytes per block before compression and next to nothing after.
Bytes empty_span_batch(std::uint64_t block_count) {
    Bytes batch{0x01};
    append_uvarint(batch, 0);         // rel_timestamp
    append_uvarint(batch, 0);         // l1_origin_num
    batch.resize(batch.size() + 40);  // parent_check, l1_origin_check
    append_uvarint(batch, block_count);
    batch.resize(batch.size() + (block_count + 7) / 8 + block_count);  // origin_bits, tx counts of 0
    return batch;
}

Bytes channel_of(const std::vector<Bytes>& batches) {
    Bytes stream;
    for (const auto& b : batches) protocol::append_rlp_string(stream, b);
    return protocol::compress_zlib(stream, 9);
}

TEST(DecodeCommandTest, SpanBatchOfAMillionBlocksIsPrintedWithoutHoldingTheAnswer) {
    constexpr std::uint64_t kBlocks = 1'000'000;
    std::istringstream in(to_hex(channel_of({empty_span_batch(kBlocks)}), false));
    CountingBuf sink;
    std::ostream out(&sink);
    std::ostringstream err;

    // The decoded batch (a 64-byte element per block, plus the batch's own tx counts) is held
    // while it is printed; the ~98 bytes of JSON per block are not. Built as one document, the
    // answer needed about 550 MB of heap.
    constexpr std::size_t kBudget = 150 * kBlocks;
    int rc = 0;
    std::size_t peak = 0;
    {
        HeapWatch watch(kBudget);
        rc = run_decode_channel(in, out, err, options());
        peak = watch.peak_growth();
    }
    EXPECT_EQ(rc, 0) << err.str();
    EXPECT_GT(sink.count(), 90 * kBlocks);
    EXPECT_LE(peak, kBudget);
}

TEST(DecodeCommandTest, OutputIsLaidOutAsOneJsonDocument) {
    protocol::SingularBatch singular;
    singular.epoch_num = 3;
    singular.timestamp = 8;
    singular.transactions = {Bytes{0x02, 0xc0}};
    const Bytes channel =
        channel_of({protocol::encode_batch(protocol::Batch(singular)), empty_span_batch(3)});
    std::istringstream in(to_hex(channel, false));
    std::ostringstream out;
    std::ostringstream err;
    ASSERT_EQ(run_decode_channel(in, out, err, options()), 0) << err.str();

    const auto doc = nlohmann::ordered_json::parse(out.str());
    // Streamed, the text is still exactly what dump(2) of the whole document gives.
    EXPECT_EQ(out.str(), doc.dump(2) + "\n");
    EXPECT_EQ(doc.at("compression"), "zlib");
    ASSERT_EQ(doc.at("batches").size(), 2U);
    EXPECT_EQ(doc.at("batches")[0].at("type"), "singular");
    EXPECT_EQ(doc.at("batches")[0].at("blocks")[0].at("timestamp"), 8);
    EXPECT_EQ(doc.at("batches")[0].at("blocks")[0].at("txs").size(), 1U);
    EXPECT_EQ(doc.at("batches")[1].at("type"), "span");
    ASSERT_EQ(doc.at("batches")[1].at("blocks").size(), 3U);
    EXPECT_EQ(doc.at("batches")[1].at("blocks")[2].at("timestamp"), 4);
    EXPECT_EQ(doc.at("batches")[1].at("blocks")[2].at("txs"), nlohmann::ordered_json::array());
}

TEST(DecodeCommandTest, BatonSpanBatchShowsItsTypeAndEachBlocksFeeRecipient) {
    const Bytes plain = empty_span_batch(2);
    Bytes baton{0xBA, 0x02};
    Bytes recipients(40, 0x11);
    recipients[20] = 0x22;
    append(baton, recipients);
    baton.insert(baton.end(), plain.begin() + 1, plain.end());
    std::istringstream in(to_hex(channel_of({baton, plain}), false));
    std::ostringstream out;
    std::ostringstream err;
    ASSERT_EQ(run_decode_channel(in, out, err, options()), 0) << err.str();

    const auto doc = nlohmann::ordered_json::parse(out.str());
    ASSERT_EQ(doc.at("batches").size(), 2U);
    const auto& blocks = doc.at("batches")[0].at("blocks");
    EXPECT_EQ(doc.at("batches")[0].at("type"), "baton_span");
    ASSERT_EQ(blocks.size(), 2U);
    EXPECT_EQ(blocks[0].at("fee_recipient"), "0x" + std::string(40, '1'));
    EXPECT_EQ(blocks[1].at("fee_recipient"), "0x22" + std::string(38, '1'));
    EXPECT_EQ(doc.at("batches")[1].at("type"), "span");
    EXPECT_FALSE(doc.at("batches")[1].at("blocks")[0].contains("fee_recipient"));
}

}  // namespace
}  // namespace baton::apps
