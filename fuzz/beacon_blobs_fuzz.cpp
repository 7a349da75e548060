// SPDX-License-Identifier: MIT
// Beacon API blob answers (GET /eth/v1/beacon/blobs/{block}) come from a server derivation does not
// trust: any text decodes to a list of blob-sized byte strings or a typed failure, never a crash or
// an exception, and a decoded list survives re-encoding as the same JSON shape unchanged.
#include <baton/core/assert.hpp>
#include <baton/core/hex.hpp>
#include <baton/l1/beacon_blob_source.hpp>
#include <baton/protocol/blob.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using namespace baton;
using namespace baton::l1;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto blobs = decode_beacon_blobs(text);
    if (!blobs.has_value()) {
        BATON_ASSERT(std::string_view(to_string(blobs.error().error)).size() > 0);
        return 0;
    }
    std::string again = R"({"execution_optimistic":false,"finalized":false,"data":[)";
    for (std::size_t i = 0; i < blobs->size(); ++i) {
        BATON_ASSERT((*blobs)[i].size() == protocol::kBlobSize);
        again += (i == 0 ? "\"" : ",\"") + to_hex((*blobs)[i]) + "\"";
    }
    again += "]}";
    auto decoded = decode_beacon_blobs(again);
    BATON_ASSERT(decoded.has_value());
    BATON_ASSERT(*decoded == *blobs);
    return 0;
}
