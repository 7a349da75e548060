// SPDX-License-Identifier: MIT
#include <baton/l1/beacon_blob_source.hpp>

#include <baton/core/hex.hpp>
#include <baton/protocol/blob.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <utility>

namespace baton::l1 {

using derive::PipelineResult;
using derive::Reason;

const char* to_string(BeaconBlobsError e) noexcept {
    switch (e) {
        case BeaconBlobsError::kNotJson:
            return "not JSON";
        case BeaconBlobsError::kNoData:
            return "no data array";
        case BeaconBlobsError::kBlobNotHex:
            return "blob is not a 0x-hex string";
        case BeaconBlobsError::kWrongSize:
            return "blob is not 131072 bytes";
    }
    return "unknown beacon blobs error";
}

Result<std::vector<Bytes>, BeaconBlobsFailure> decode_beacon_blobs(std::string_view body) {
    // No exceptions: a discarded value for a parse error.
    const auto doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_discarded()) return baton::unexpected(BeaconBlobsFailure{BeaconBlobsError::kNotJson});
    if (!doc.is_object()) return baton::unexpected(BeaconBlobsFailure{BeaconBlobsError::kNoData});
    const auto data = doc.find("data");
    if (data == doc.end() || !data->is_array())
        return baton::unexpected(BeaconBlobsFailure{BeaconBlobsError::kNoData});
    std::vector<Bytes> out;
    out.reserve(data->size());
    for (std::size_t i = 0; i < data->size(); ++i) {
        const auto& item = (*data)[i];
        if (!item.is_string()) return baton::unexpected(BeaconBlobsFailure{BeaconBlobsError::kBlobNotHex, i});
        const auto& text = item.get_ref<const std::string&>();
        if (!text.starts_with("0x"))
            return baton::unexpected(BeaconBlobsFailure{BeaconBlobsError::kBlobNotHex, i});
        auto bytes = decode_hex(text);
        if (!bytes) return baton::unexpected(BeaconBlobsFailure{BeaconBlobsError::kBlobNotHex, i});
        if (bytes->size() != protocol::kBlobSize)
            return baton::unexpected(BeaconBlobsFailure{BeaconBlobsError::kWrongSize, i});
        out.push_back(std::move(*bytes));
    }
    return out;
}

Result<std::unique_ptr<BeaconBlobSource>, rpc::RpcError> BeaconBlobSource::make(
    std::string_view base_url, rpc::TransportOptions options) {
    auto http = rpc::HttpGetClient::make(base_url, options);
    if (!http) return baton::unexpected(http.error());
    return std::unique_ptr<BeaconBlobSource>(new BeaconBlobSource(std::move(*http)));
}

PipelineResult<std::vector<Bytes>> BeaconBlobSource::blobs(const derive::L1BlockRef& block,
                                                           std::span<const derive::IndexedBlobHash> hashes) {
    if (hashes.empty()) return std::vector<Bytes>{};
    const std::string path = "/eth/v1/beacon/blobs/" + to_hex(block.hash);
    const std::string what = "beacon GET " + path + " (" + http_->display_url() + ")";
    auto got = http_->get(path);
    if (!got) return baton::unexpected(derive::temporary(Reason::kProvider, rpc::to_string(got.error())));
    if (got->status == 404)
        return baton::unexpected(derive::temporary(Reason::kMissingL1Data, what + ": block not found"));
    if (got->status != 200) {
        const std::string excerpt = got->body.substr(0, std::min<std::size_t>(got->body.size(), 200));
        return baton::unexpected(derive::temporary(
            Reason::kProvider, what + ": HTTP " + std::to_string(got->status) + " " + excerpt));
    }
    auto all = decode_beacon_blobs(got->body);
    if (!all) {
        return baton::unexpected(
            derive::temporary(Reason::kProvider, what + ": " + to_string(all.error().error) + " (data[" +
                                                     std::to_string(all.error().index) + "])"));
    }
    std::vector<Bytes> out;
    out.reserve(hashes.size());
    for (const auto& wanted : hashes) {
        if (wanted.index >= all->size()) {
            return baton::unexpected(derive::temporary(
                Reason::kMissingL1Data, what + ": " + std::to_string(all->size()) + " blobs, none at index " +
                                            std::to_string(wanted.index) + " (" + to_hex(wanted.hash) + ")"));
        }
        out.push_back((*all)[wanted.index]);
    }
    return out;
}

}  // namespace baton::l1
