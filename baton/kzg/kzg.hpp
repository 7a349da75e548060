// SPDX-License-Identifier: MIT
#pragma once

// EIP-4844 KZG commitments over blobs, on c-kzg-4844 and blst (compiled from the npm package
// c-kzg: cmake/kzg.cmake). This header is the only way into them: no c-kzg type leaks out.
//
//   blob (131072 bytes = 4096 field elements) → commitment (48 bytes, a compressed G1 point)
//   blob, commitment → proof (48 bytes)       verify(blob, commitment, proof) → true | false
//   commitment → versioned hash = 0x01 ‖ sha256(commitment)[1..32]   (EIP-4844 kzg_to_versioned_hash)
//
// Decisions:
// - The trusted setup is loaded once per process: Kzg::mainnet() reads the mainnet setup that
//   c-kzg ships, at the path CMake resolved from node_modules (BATON_KZG_TRUSTED_SETUP, compiled
//   in), or at $BATON_KZG_TRUSTED_SETUP when that is set (a binary moved off its build tree).
//   Kzg::load() reads any other file in c-kzg's text format (tests). A Kzg is immutable after
//   loading, so one instance serves every thread.
// - Only the EIP-4844 operations: anvil 1.7.1 (default hardfork "Bpo1", after Osaka) accepts blob
//   txs whose sidecar carries one blob proof per blob (wrapper version 0; measured with
//   `cast send --blob --eip4844`), so Baton needs no EIP-7594 cell proofs yet.
// - Malformed input (a blob with a field element >= the BLS modulus, a commitment or proof that is
//   not a G1 point) is an error; a well-formed proof that does not verify is `false`.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>

#include <cstddef>
#include <memory>
#include <string>

namespace baton::kzg {

inline constexpr std::size_t kBytesPerBlob = 131072;
inline constexpr std::size_t kBytesPerCommitment = 48;
inline constexpr std::size_t kBytesPerProof = 48;
inline constexpr std::uint8_t kVersionedHashVersion = 0x01;  // VERSIONED_HASH_VERSION_KZG

using Commitment = FixedBytes<kBytesPerCommitment>;
using Proof = FixedBytes<kBytesPerProof>;

enum class [[nodiscard]] KzgError{
    kSetupNotFound,  // the trusted setup file cannot be opened
    kInvalidSetup,   // it is not a valid setup in c-kzg's text format
    kWrongBlobSize,  // a blob that is not kBytesPerBlob bytes
    kInvalidInput,   // a field element >= the modulus, or a commitment/proof that is not a G1 point
    kOutOfMemory,
    kInternal,  // c-kzg reported an internal error
};

const char* to_string(KzgError e) noexcept;

// The versioned hash EIP-4844 derives from a commitment.
B256 versioned_hash(const Commitment& commitment) noexcept;

// SHA-256 (blst's), for the versioned hash and its tests.
B256 sha256(ByteView data) noexcept;

class Kzg {
public:
    ~Kzg();
    Kzg(const Kzg&) = delete;
    Kzg& operator=(const Kzg&) = delete;

    // A setup read from `path` (c-kzg's text format: the mainnet file has 4096 G1 and 65 G2 points).
    static Result<std::unique_ptr<Kzg>, KzgError> load(const std::string& path);
    // The mainnet setup, loaded on first use (thread-safe); the same instance afterwards, or the
    // same error if loading failed.
    static Result<const Kzg*, KzgError> mainnet();
    // Where mainnet() reads the setup from: $BATON_KZG_TRUSTED_SETUP, else the build-time path.
    static std::string mainnet_setup_path();

    Result<Commitment, KzgError> blob_to_commitment(ByteView blob) const;
    Result<Proof, KzgError> compute_blob_proof(ByteView blob, const Commitment& commitment) const;
    Result<bool, KzgError> verify_blob_proof(ByteView blob, const Commitment& commitment,
                                             const Proof& proof) const;

    // The blob's commitment hashed into its versioned hash: what a blob tx names and what a blob
    // server must answer for it.
    Result<B256, KzgError> blob_versioned_hash(ByteView blob) const;

private:
    struct Settings;
    explicit Kzg(std::unique_ptr<Settings> settings);
    std::unique_ptr<Settings> settings_;
};

}  // namespace baton::kzg
