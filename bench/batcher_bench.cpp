// SPDX-License-Identifier: MIT
// Channel building throughput (baton::batcher::build_channel): L2 blocks of signed 1559 txns with
// 100 bytes of pseudo-random calldata each, turned into one span batch, compressed and framed.
// Reports L2 blocks/s (items) and uncompressed batch bytes/s, for brotli (levels 9 and 11, the
// post-Fjord path) and zlib 9; the counters say the compression ratio and frames per channel.

#include <baton/batcher/channel_builder.hpp>
#include <baton/core/keccak.hpp>
#include <baton/core/secp256k1.hpp>
#include <baton/core/transaction.hpp>
#include <baton/core/u256.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

namespace {

using namespace baton;
using namespace baton::batcher;

constexpr std::uint64_t kChainId = 901;
constexpr std::uint64_t kGenesisTime = 1'000'000;

PrivateKey key() {
    B256 secret{};
    secret[31] = 7;
    return PrivateKey::from_bytes(secret).value();
}

// `count` blocks of `txs_per_block` user txns each (plus a stand-in L1-info deposit).
std::vector<L2Block> make_blocks(std::size_t count, std::size_t txs_per_block) {
    const PrivateKey k = key();
    std::vector<L2Block> blocks;
    B256 parent = keccak256(Bytes{'g'});
    std::uint64_t nonce = 0;
    std::uint64_t rng = 0x9e3779b97f4a7c15ULL;
    for (std::size_t n = 1; n <= count; ++n) {
        L2Block b;
        b.number = n;
        b.parent_hash = parent;
        b.timestamp = kGenesisTime + 2 * n;
        b.l1_origin = BlockId{keccak256(Bytes{'l', '1'}), 0};
        b.sequence_number = n;
        b.transactions.push_back(Bytes{kDepositTxType, 0xc0});
        for (std::size_t i = 0; i < txs_per_block; ++i) {
            DynamicFeeTx tx;
            tx.chain_id = kChainId;
            tx.nonce = nonce++;
            tx.max_priority_fee_per_gas = U256(1'000'000);
            tx.max_fee_per_gas = U256(2'000'000'000);
            tx.gas_limit = 60'000;
            Address to{};
            to[19] = static_cast<std::uint8_t>(i);
            tx.to = to;
            tx.value = U256(i);
            for (int j = 0; j < 100; ++j) {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                // Half the bytes are zero, as in typical ABI calldata.
                tx.data.push_back(j % 2 == 0 ? 0 : static_cast<std::uint8_t>(rng));
            }
            Transaction t{std::move(tx)};
            (void)sign(t, k);
            b.transactions.push_back(encode_transaction(t));
        }
        Bytes num;
        append_be(num, n, 8);
        b.hash = keccak256(num);
        parent = b.hash;
        blocks.push_back(std::move(b));
    }
    return blocks;
}

void build(benchmark::State& state, protocol::CompressionAlgo algo, int level) {
    const auto blocks_per_channel = static_cast<std::size_t>(state.range(0));
    const auto txs_per_block = static_cast<std::size_t>(state.range(1));
    const auto blocks = make_blocks(blocks_per_channel, txs_per_block);
    ChannelParams p;
    p.algo = algo;
    p.compression_level = level;
    p.span = protocol::SpanBatchParams{kGenesisTime, 2, kChainId};
    std::size_t rlp = 0, compressed = 0, frames = 0;
    std::uint64_t counter = 0;
    for (auto _ : state) {
        auto c = build_channel(make_channel_id(B256{}, counter++), blocks, p);
        if (!c) {
            state.SkipWithError(to_string(c.error()));
            return;
        }
        rlp = c->rlp_bytes;
        compressed = c->compressed_bytes;
        frames = c->frames.size();
        benchmark::DoNotOptimize(c->frames.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * blocks_per_channel));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * rlp));
    state.counters["ratio"] = static_cast<double>(compressed) / static_cast<double>(rlp);
    state.counters["frames"] = static_cast<double>(frames);
}

void bm_build_channel_brotli9(benchmark::State& s) {
    build(s, protocol::CompressionAlgo::kBrotli, 9);
}
void bm_build_channel_brotli11(benchmark::State& s) {
    build(s, protocol::CompressionAlgo::kBrotli, 11);
}
void bm_build_channel_zlib9(benchmark::State& s) {
    build(s, protocol::CompressionAlgo::kZlib, 9);
}

// (blocks per channel, txns per block)
BENCHMARK(bm_build_channel_brotli9)
    ->Args({4, 20})
    ->Args({4, 200})
    ->Args({32, 50})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(bm_build_channel_brotli11)->Args({4, 20})->Args({4, 200})->Unit(benchmark::kMillisecond);
BENCHMARK(bm_build_channel_zlib9)
    ->Args({4, 20})
    ->Args({4, 200})
    ->Args({32, 50})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
