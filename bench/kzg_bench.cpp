// SPDX-License-Identifier: MIT
// KZG over one full blob of incompressible channel data (what a blob batcher commits to and a
// verifier recomputes), with the mainnet trusted setup: commitment, proof, proof verification, and
// the versioned hash derivation checks per blob. The setup is loaded once, outside the timings
// (SetupLoad times it alone).
#include <baton/kzg/kzg.hpp>
#include <baton/protocol/blob.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>

namespace {

using baton::Bytes;
using baton::kzg::Kzg;

const Kzg& kzg() {
    auto k = Kzg::mainnet();
    if (!k) std::abort();
    return **k;
}

Bytes full_blob() {
    std::mt19937_64 rng(7);
    Bytes data(baton::protocol::kMaxBlobDataSize);
    for (auto& b : data) b = static_cast<std::uint8_t>(rng());
    return baton::protocol::encode_blob(data).value();
}

void SetupLoad(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(Kzg::load(Kzg::mainnet_setup_path()));
}
BENCHMARK(SetupLoad)->Unit(benchmark::kMillisecond)->Iterations(2);

void BlobToCommitment(benchmark::State& state) {
    const Bytes blob = full_blob();
    const Kzg& k = kzg();
    for (auto _ : state) benchmark::DoNotOptimize(k.blob_to_commitment(blob));
}
BENCHMARK(BlobToCommitment)->Unit(benchmark::kMillisecond);

void ComputeBlobProof(benchmark::State& state) {
    const Bytes blob = full_blob();
    const auto commitment = kzg().blob_to_commitment(blob).value();
    for (auto _ : state) benchmark::DoNotOptimize(kzg().compute_blob_proof(blob, commitment));
}
BENCHMARK(ComputeBlobProof)->Unit(benchmark::kMillisecond);

void VerifyBlobProof(benchmark::State& state) {
    const Bytes blob = full_blob();
    const auto commitment = kzg().blob_to_commitment(blob).value();
    const auto proof = kzg().compute_blob_proof(blob, commitment).value();
    for (auto _ : state) benchmark::DoNotOptimize(kzg().verify_blob_proof(blob, commitment, proof));
}
BENCHMARK(VerifyBlobProof)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
