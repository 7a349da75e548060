// SPDX-License-Identifier: MIT
#include <baton/batcher_service/data_availability.hpp>

#include <baton/batcher_service/blob_sidecar.hpp>
#include <baton/kzg/kzg.hpp>

#include <span>
#include <utility>

namespace baton::batcher_service {

const char* to_string(DataAvailability da) noexcept {
    switch (da) {
        case DataAvailability::kCalldata:
            return "calldata";
        case DataAvailability::kBlobs:
            return "blobs";
        case DataAvailability::kAuto:
            return "auto";
    }
    return "unknown";
}

std::optional<DataAvailability> parse_data_availability(std::string_view text) noexcept {
    if (text == "calldata") return DataAvailability::kCalldata;
    if (text == "blobs") return DataAvailability::kBlobs;
    if (text == "auto") return DataAvailability::kAuto;
    return std::nullopt;
}

std::uint64_t calldata_floor_gas(ByteView data) noexcept {
    std::uint64_t tokens = 0;
    for (auto b : data) tokens += b == 0 ? 1 : 4;
    return tokens * kCalldataFloorPerToken;
}

bool blob_is_cheaper(ByteView payload, const L1Fees& fees) noexcept {
    const U256 calldata_cost = (fees.base_fee + fees.tip) * U256(calldata_floor_gas(payload));
    const U256 blob_cost = fees.blob_base_fee * U256(kGasPerBlob);
    return blob_cost < calldata_cost;
}

Result<void, std::string> prepare_data_availability(DataAvailability mode) {
    if (mode == DataAvailability::kCalldata) return {};
    auto kzg = kzg::Kzg::mainnet();
    if (!kzg) {
        return baton::unexpected(std::string("--data-availability ") + to_string(mode) + ": " +
                                 kzg::to_string(kzg.error()) + " (" + kzg::Kzg::mainnet_setup_path() + ")");
    }
    return {};
}

Result<bool, BatcherError> apply_data_availability(DataAvailability mode, TxManager& txmgr,
                                                   TxCandidate& candidate) {
    if (mode == DataAvailability::kCalldata) return false;
    if (mode == DataAvailability::kAuto) {
        auto fees = txmgr.l1_fees();
        if (!fees)
            return fail(severity_of(fees.error().error), "reading L1 fees: " + to_string(fees.error()));
        if (!blob_is_cheaper(candidate.data, *fees)) return false;
    }
    auto kzg = kzg::Kzg::mainnet();
    if (!kzg) {
        return fail(Severity::kCritical, std::string("KZG: ") + kzg::to_string(kzg.error()) + " (" +
                                             kzg::Kzg::mainnet_setup_path() + ")");
    }
    auto sidecar = blob_data_sidecar(**kzg, std::span(&candidate.data, 1));
    if (!sidecar) return fail(Severity::kCritical, "blob: " + sidecar.error());
    candidate.blobs = std::move(*sidecar);
    candidate.data.clear();
    return true;
}

}  // namespace baton::batcher_service
