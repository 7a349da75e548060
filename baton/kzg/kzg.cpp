// SPDX-License-Identifier: MIT
#include <baton/kzg/kzg.hpp>

#include <baton/protocol/blob.hpp>

#include <blst.h>  // blst_sha256 (in blst_aux.h, which blst.h includes)
#include <ckzg.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace baton::kzg {

struct Kzg::Settings {
    KZGSettings s{};
    bool loaded = false;
    ~Settings() {
        if (loaded) free_trusted_setup(&s);
    }
};

namespace {

KzgError from_ret(C_KZG_RET ret) noexcept {
    switch (ret) {
        case C_KZG_BADARGS:
            return KzgError::kInvalidInput;
        case C_KZG_MALLOC:
            return KzgError::kOutOfMemory;
        default:
            return KzgError::kInternal;
    }
}

// c-kzg takes the fixed-size C structs; the byte layouts are the same (static_asserts below).
const Blob* as_blob(ByteView blob) noexcept {
    return reinterpret_cast<const Blob*>(blob.data());
}
const Bytes48* as_bytes48(const FixedBytes<48>& b) noexcept {
    return reinterpret_cast<const Bytes48*>(b.data());
}

static_assert(sizeof(Blob) == kBytesPerBlob);
static_assert(protocol::kBlobSize == kBytesPerBlob);
static_assert(sizeof(KZGCommitment) == kBytesPerCommitment);
static_assert(sizeof(KZGProof) == kBytesPerProof);

}  // namespace

const char* to_string(KzgError e) noexcept {
    switch (e) {
        case KzgError::kSetupNotFound:
            return "KZG trusted setup file not found";
        case KzgError::kInvalidSetup:
            return "invalid KZG trusted setup";
        case KzgError::kWrongBlobSize:
            return "blob is not 131072 bytes";
        case KzgError::kInvalidInput:
            return "invalid blob, commitment or proof (not a field element or G1 point)";
        case KzgError::kOutOfMemory:
            return "out of memory in KZG";
        case KzgError::kInternal:
            return "internal KZG error";
    }
    return "unknown KZG error";
}

B256 sha256(ByteView data) noexcept {
    B256 out{};
    blst_sha256(out.data(), data.data(), data.size());
    return out;
}

B256 versioned_hash(const Commitment& commitment) noexcept {
    B256 out = sha256(commitment);
    out[0] = kVersionedHashVersion;
    return out;
}

Kzg::Kzg(std::unique_ptr<Settings> settings) : settings_(std::move(settings)) {}
Kzg::~Kzg() = default;

Result<std::unique_ptr<Kzg>, KzgError> Kzg::load(const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "r");
    if (file == nullptr) return baton::unexpected(KzgError::kSetupNotFound);
    auto settings = std::make_unique<Settings>();
    // precompute 0: no fixed-base tables (they only speed up EIP-7594 cell proofs).
    const C_KZG_RET ret = load_trusted_setup_file(&settings->s, file, 0);
    std::fclose(file);
    if (ret != C_KZG_OK)
        return baton::unexpected(ret == C_KZG_MALLOC ? KzgError::kOutOfMemory : KzgError::kInvalidSetup);
    settings->loaded = true;
    return std::unique_ptr<Kzg>(new Kzg(std::move(settings)));
}

std::string Kzg::mainnet_setup_path() {
    if (const char* env = std::getenv("BATON_KZG_TRUSTED_SETUP"); env != nullptr && *env != '\0') return env;
    return BATON_KZG_TRUSTED_SETUP;
}

Result<const Kzg*, KzgError> Kzg::mainnet() {
    static const Result<std::unique_ptr<Kzg>, KzgError> instance = load(mainnet_setup_path());
    if (!instance) return baton::unexpected(instance.error());
    return instance->get();
}

Result<Commitment, KzgError> Kzg::blob_to_commitment(ByteView blob) const {
    if (blob.size() != kBytesPerBlob) return baton::unexpected(KzgError::kWrongBlobSize);
    KZGCommitment out{};
    const C_KZG_RET ret = ::blob_to_kzg_commitment(&out, as_blob(blob), &settings_->s);
    if (ret != C_KZG_OK) return baton::unexpected(from_ret(ret));
    Commitment c{};
    std::memcpy(c.data(), out.bytes, c.size());
    return c;
}

Result<Proof, KzgError> Kzg::compute_blob_proof(ByteView blob, const Commitment& commitment) const {
    if (blob.size() != kBytesPerBlob) return baton::unexpected(KzgError::kWrongBlobSize);
    KZGProof out{};
    const C_KZG_RET ret =
        ::compute_blob_kzg_proof(&out, as_blob(blob), as_bytes48(commitment), &settings_->s);
    if (ret != C_KZG_OK) return baton::unexpected(from_ret(ret));
    Proof p{};
    std::memcpy(p.data(), out.bytes, p.size());
    return p;
}

Result<bool, KzgError> Kzg::verify_blob_proof(ByteView blob, const Commitment& commitment,
                                              const Proof& proof) const {
    if (blob.size() != kBytesPerBlob) return baton::unexpected(KzgError::kWrongBlobSize);
    bool ok = false;
    const C_KZG_RET ret =
        ::verify_blob_kzg_proof(&ok, as_blob(blob), as_bytes48(commitment), as_bytes48(proof), &settings_->s);
    if (ret != C_KZG_OK) return baton::unexpected(from_ret(ret));
    return ok;
}

Result<B256, KzgError> Kzg::blob_versioned_hash(ByteView blob) const {
    auto commitment = blob_to_commitment(blob);
    if (!commitment) return baton::unexpected(commitment.error());
    return versioned_hash(*commitment);
}

}  // namespace baton::kzg
