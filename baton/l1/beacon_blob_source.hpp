// SPDX-License-Identifier: MIT
#pragma once

// Blobs from a beacon API (op-node's --l1.beacon), the form anvil 1.7.1 serves on its RPC port:
//
//   GET /eth/v1/beacon/blobs/{block_id}  →  200 {"execution_optimistic":false,"finalized":false,
//                                                "data":["0x<131072 bytes>", …]}
//
// Measured against anvil 1.7.1 (hardfork Bpo1): `data` holds every blob of the block in the order
// of its blob txs (index i = the block's i-th versioned hash), `[]` for a block without blobs; an
// unknown block is 404 {"code":404,"message":"Block not found"}; block_id may be a block number or
// the execution block hash (not "head" or "genesis": 400 "Invalid block ID"); the older
// /eth/v1/beacon/blob_sidecars/{id} answers 410 "deprecated". `?versioned_hashes=` filters, but
// anvil answers `[]` as soon as one of them is unknown, so the source asks for the whole block.
//
// Decisions:
// - block_id is the execution block hash: it names exactly the block derivation reads (no reorg
//   ambiguity), and anvil accepts it. A consensus-layer beacon node wants a slot or a beacon block
//   root instead; mapping an L1 block to its slot (genesis time, seconds per slot) is not written.
// - The answer is not trusted: DataSource verifies each blob against its versioned hash. Here, a
//   block the server does not know or a blob index past its list is temporary/kMissingL1Data, an
//   answer that is not the documented JSON (or a non-200 status) temporary/kProvider: retried,
//   never skipped.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/derive/providers.hpp>
#include <baton/rpc/http_get.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace baton::l1 {

enum class [[nodiscard]] BeaconBlobsError{
    kNotJson,     // the body does not parse as JSON
    kNoData,      // no `data` array at the top level
    kBlobNotHex,  // an element of `data` is not a 0x-hex string
    kWrongSize,   // an element of `data` is not kBlobSize bytes
};

const char* to_string(BeaconBlobsError e) noexcept;

struct BeaconBlobsFailure {
    BeaconBlobsError error;
    std::size_t index = 0;  // the element of `data` at fault (0 for kNotJson and kNoData)
};

// The `data` list of a /eth/v1/beacon/blobs answer.
Result<std::vector<Bytes>, BeaconBlobsFailure> decode_beacon_blobs(std::string_view body);

class BeaconBlobSource final : public derive::BlobProvider {
public:
    // `base_url`: the beacon API's root (for anvil, its RPC URL).
    static Result<std::unique_ptr<BeaconBlobSource>, rpc::RpcError> make(std::string_view base_url,
                                                                         rpc::TransportOptions options = {});

    derive::PipelineResult<std::vector<Bytes>> blobs(
        const derive::L1BlockRef& block, std::span<const derive::IndexedBlobHash> hashes) override;

    const std::string& display_url() const noexcept { return http_->display_url(); }

private:
    explicit BeaconBlobSource(std::unique_ptr<rpc::HttpGetClient> http) : http_(std::move(http)) {}
    std::unique_ptr<rpc::HttpGetClient> http_;
};

}  // namespace baton::l1
