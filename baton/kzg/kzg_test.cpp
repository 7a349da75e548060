// SPDX-License-Identifier: MIT
#include <baton/core/hex.hpp>
#include <baton/kzg/kzg.hpp>
#include <baton/protocol/blob.hpp>
#include <baton/protocol/channel_out.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>

namespace baton::kzg {
namespace {

const Kzg& mainnet() {
    auto kzg = Kzg::mainnet();
    EXPECT_TRUE(kzg.has_value()) << to_string(kzg.error()) << " at " << Kzg::mainnet_setup_path();
    if (!kzg) std::abort();
    return **kzg;
}

// One reference case (tests/vectors/kzg/README.md): the `input:` fields and `output:`, as text.
struct Case {
    std::map<std::string, std::string> input;
    std::string output;
};

Case load_case(const std::string& name) {
    std::ifstream in(std::string(BATON_KZG_VECTORS_DIR) + "/" + name + ".yaml");
    EXPECT_TRUE(in.good()) << name;
    Case c;
    std::string line;
    auto unquote = [](std::string v) {
        if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') v = v.substr(1, v.size() - 2);
        return v;
    };
    while (std::getline(in, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string key = line.substr(0, colon);
        std::string value = colon + 2 <= line.size() ? line.substr(colon + 2) : "";
        if (key.starts_with("  ")) {
            c.input[key.substr(2)] = unquote(value);
        } else if (key == "output") {
            c.output = unquote(value);
        }
    }
    return c;
}

Bytes hex(const std::string& text) {
    auto b = decode_hex(text);
    EXPECT_TRUE(b.has_value()) << text.substr(0, 40);
    return b ? *b : Bytes{};
}

template <std::size_t N>
FixedBytes<N> fixed(const std::string& text) {
    auto b = decode_hex_fixed<N>(text);
    EXPECT_TRUE(b.has_value()) << text;
    return b ? *b : FixedBytes<N>{};
}

TEST(KzgTest, Sha256MatchesFips180Example) {
    EXPECT_EQ(to_hex(sha256(as_view("abc"))),
              "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(KzgTest, ZeroBlobHasTheWellKnownVersionedHash) {
    const Bytes zero(kBytesPerBlob, 0);
    auto commitment = mainnet().blob_to_commitment(zero);
    ASSERT_TRUE(commitment.has_value());
    // The point at infinity, and the versioned hash every empty blob on mainnet carries.
    EXPECT_EQ(to_hex(*commitment), "0xc0" + std::string(94, '0'));
    EXPECT_EQ(to_hex(versioned_hash(*commitment)),
              "0x010657f37554c781402a22917dee2f75def7ab966d7b770905398eba3c444014");
}

TEST(KzgVectorsTest, BlobToCommitmentValid) {
    const Case c = load_case("blob_to_kzg_commitment_case_valid_blob_2");
    auto got = mainnet().blob_to_commitment(hex(c.input.at("blob")));
    ASSERT_TRUE(got.has_value()) << to_string(got.error());
    EXPECT_EQ(to_hex(*got), c.output);
}

TEST(KzgVectorsTest, BlobToCommitmentRejectsNonCanonicalFieldElement) {
    const Case c = load_case("blob_to_kzg_commitment_case_invalid_blob_0");
    ASSERT_EQ(c.output, "null");
    auto got = mainnet().blob_to_commitment(hex(c.input.at("blob")));
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error(), KzgError::kInvalidInput);
}

TEST(KzgVectorsTest, ComputeBlobProofValid) {
    const Case c = load_case("compute_blob_kzg_proof_case_valid_blob_2");
    auto got = mainnet().compute_blob_proof(hex(c.input.at("blob")), fixed<48>(c.input.at("commitment")));
    ASSERT_TRUE(got.has_value()) << to_string(got.error());
    EXPECT_EQ(to_hex(*got), c.output);
}

TEST(KzgVectorsTest, ComputeBlobProofRejectsCommitmentOffTheCurve) {
    const Case c = load_case("compute_blob_kzg_proof_case_invalid_commitment_2");
    ASSERT_EQ(c.output, "null");
    auto got = mainnet().compute_blob_proof(hex(c.input.at("blob")), fixed<48>(c.input.at("commitment")));
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error(), KzgError::kInvalidInput);
}

TEST(KzgVectorsTest, VerifyBlobProof) {
    for (const auto* name :
         {"verify_blob_kzg_proof_case_correct_proof_2", "verify_blob_kzg_proof_case_incorrect_proof_2",
          "verify_blob_kzg_proof_case_invalid_proof_2"}) {
        SCOPED_TRACE(name);
        const Case c = load_case(name);
        auto got = mainnet().verify_blob_proof(hex(c.input.at("blob")), fixed<48>(c.input.at("commitment")),
                                               fixed<48>(c.input.at("proof")));
        if (c.output == "null") {
            ASSERT_FALSE(got.has_value());
            EXPECT_EQ(got.error(), KzgError::kInvalidInput);
        } else {
            ASSERT_TRUE(got.has_value()) << to_string(got.error());
            EXPECT_EQ(*got ? "true" : "false", c.output);
        }
    }
}

TEST(KzgTest, WrongBlobSizeIsAnError) {
    const Bytes short_blob(kBytesPerBlob - 1, 0);
    EXPECT_EQ(mainnet().blob_to_commitment(short_blob).error(), KzgError::kWrongBlobSize);
    EXPECT_EQ(mainnet().compute_blob_proof(short_blob, Commitment{}).error(), KzgError::kWrongBlobSize);
    EXPECT_EQ(mainnet().verify_blob_proof(short_blob, Commitment{}, Proof{}).error(),
              KzgError::kWrongBlobSize);
}

TEST(KzgTest, MissingSetupFileIsAnError) {
    auto got = Kzg::load("/nonexistent/trusted_setup.txt");
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error(), KzgError::kSetupNotFound);
}

// Baton's blob codec over a full channel of real batcher data (incompressible, so the blob is
// nearly full): every field element it writes is canonical, and the commitment and proof verify.
TEST(KzgTest, EncodedChannelBlobCommitsAndVerifies) {
    std::mt19937_64 rng(4844);
    protocol::ChannelOut channel(protocol::ChannelId{1, 2, 3}, protocol::CompressionAlgo::kBrotli, 1);
    for (int i = 0; i < 120; ++i) {
        Bytes batch(1000);
        for (auto& b : batch) b = static_cast<std::uint8_t>(rng());
        batch[0] = 1;  // span batch type byte; the content is opaque to the channel
        ASSERT_TRUE(channel.add_batch(batch).has_value());
    }
    ASSERT_TRUE(channel.close().has_value());
    auto frames = channel.frames(protocol::kMaxBlobDataSize - 1);
    ASSERT_TRUE(frames.has_value());
    ASSERT_EQ(frames->size(), 1u);
    const Bytes payload = protocol::encode_tx_payload(*frames);
    ASSERT_GT(payload.size(), 120'000u);
    auto blob = protocol::encode_blob(payload);
    ASSERT_TRUE(blob.has_value());

    const Kzg& kzg = mainnet();
    auto commitment = kzg.blob_to_commitment(*blob);
    ASSERT_TRUE(commitment.has_value()) << to_string(commitment.error());
    auto proof = kzg.compute_blob_proof(*blob, *commitment);
    ASSERT_TRUE(proof.has_value()) << to_string(proof.error());
    auto ok = kzg.verify_blob_proof(*blob, *commitment, *proof);
    ASSERT_TRUE(ok.has_value());
    EXPECT_TRUE(*ok);
    auto vh = kzg.blob_versioned_hash(*blob);
    ASSERT_TRUE(vh.has_value());
    EXPECT_EQ((*vh)[0], kVersionedHashVersion);
    EXPECT_EQ(*vh, versioned_hash(*commitment));

    // One flipped data bit: the proof no longer verifies, and the versioned hash changes.
    Bytes tampered = *blob;
    tampered[1000] ^= 0x01;
    auto bad = kzg.verify_blob_proof(tampered, *commitment, *proof);
    ASSERT_TRUE(bad.has_value());
    EXPECT_FALSE(*bad);
    auto other = kzg.blob_versioned_hash(tampered);
    ASSERT_TRUE(other.has_value());
    EXPECT_NE(*other, *vh);
}

}  // namespace
}  // namespace baton::kzg
