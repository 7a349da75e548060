// SPDX-License-Identifier: MIT
// `baton decode` on hostile input: a zlib bomb ends with the size-limit error while the heap stays
// within a small multiple of MAX_RLP_BYTES_PER_CHANNEL. Memory is measured by counting what this
// binary's operator new hands out, not by wall clock or RSS.
#include <baton/apps/decode_command.hpp>

#include <baton/core/hex.hpp>
#include <baton/protocol/compression.hpp>
#include <baton/protocol/frame.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <gtest/gtest.h>

#include <malloc.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <sstream>
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

}  // namespace
}  // namespace baton::apps
