// SPDX-License-Identifier: MIT
// Core primitives on realistic sizes: keccak over a hash-sized input, a 1 KiB input and a full
// 120 KB batcher calldata; decoding and hashing the OP Mainnet batcher tx; secp256k1 sign/recover.
#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/core/secp256k1.hpp>
#include <baton/core/transaction.hpp>

#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

using namespace baton;

namespace {

Bytes batcher_tx() {
    std::ifstream in(std::string(BATON_VECTORS_DIR) + "/op_mainnet_batcher_tx.json");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string json = ss.str();
    const std::string needle = "\"input_tx_hex\": \"";
    const auto at = json.find(needle);
    if (at == std::string::npos) return {};
    const auto start = at + needle.size();
    auto bytes = decode_hex(json.substr(start, json.find('"', start) - start));
    return bytes ? *bytes : Bytes{};
}

void BM_Keccak(benchmark::State& state) {
    const Bytes data(static_cast<std::size_t>(state.range(0)), 0x5a);
    for (auto _ : state) benchmark::DoNotOptimize(keccak256(data));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Keccak)->Arg(32)->Arg(1024)->Arg(std::int64_t{120} * 1024);

void BM_DecodeBatcherTx(benchmark::State& state) {
    const Bytes raw = batcher_tx();
    for (auto _ : state) {
        auto txn = decode_transaction(raw);
        if (!txn) state.SkipWithError("vector did not decode");
        benchmark::DoNotOptimize(txn);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * raw.size()));
}
BENCHMARK(BM_DecodeBatcherTx);

void BM_RecoverSender(benchmark::State& state) {
    auto txn = decode_transaction(batcher_tx());
    if (!txn) {
        state.SkipWithError("vector did not decode");
        return;
    }
    for (auto _ : state) benchmark::DoNotOptimize(recover_sender(*txn));
}
BENCHMARK(BM_RecoverSender);

void BM_SignHash(benchmark::State& state) {
    // anvil's first dev key (public test key).
    const auto key =
        PrivateKey::from_hex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    const B256 hash = keccak256(as_view("baton"));
    for (auto _ : state) benchmark::DoNotOptimize(sign_hash(hash, *key));
}
BENCHMARK(BM_SignHash);

}  // namespace

BENCHMARK_MAIN();
