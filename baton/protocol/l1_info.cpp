// SPDX-License-Identifier: MIT
#include <baton/protocol/deposit.hpp>
#include <baton/protocol/l1_info.hpp>

#include <algorithm>

namespace baton::protocol {

const char* to_string(L1InfoError e) noexcept {
    switch (e) {
        case L1InfoError::kMissingSelector:
            return "L1 info calldata has no selector";
        case L1InfoError::kInvalidSelector:
            return "unknown L1 info selector";
        case L1InfoError::kInvalidLength:
            return "L1 info calldata has the wrong length for its selector";
        case L1InfoError::kInvalidField:
            return "L1 info field does not fit its type";
        case L1InfoError::kInvalidScalar:
            return "SystemConfig scalar has an unknown version";
    }
    return "unknown L1 info error";
}

namespace {

constexpr FixedBytes<4> kBedrockSelector = {0x01, 0x5d, 0x8e, 0xb9};
constexpr FixedBytes<4> kEcotoneSelector = {0x44, 0x0a, 0x5e, 0x20};
constexpr FixedBytes<4> kIsthmusSelector = {0x09, 0x89, 0x99, 0xbe};
constexpr FixedBytes<4> kJovianSelector = {0x3d, 0xb6, 0xbe, 0x2b};

B256 b256_at(ByteView data, std::size_t offset) {
    B256 out{};
    std::copy_n(data.begin() + static_cast<std::ptrdiff_t>(offset), 32, out.begin());
    return out;
}

std::uint64_t uint_at(ByteView data, std::size_t offset, std::size_t width) {
    return load_be(data.subspan(offset, width));
}

void append_word_u64(Bytes& out, std::uint64_t v) {
    out.insert(out.end(), 24, 0);
    append_be(out, v, 8);
}

void append_b256(Bytes& out, const B256& v) {
    out.insert(out.end(), v.begin(), v.end());
}

}  // namespace

std::size_t l1_info_length(L1InfoFormat format) noexcept {
    switch (format) {
        case L1InfoFormat::kBedrock:
            return 260;
        case L1InfoFormat::kEcotone:
            return 164;
        case L1InfoFormat::kIsthmus:
            return 176;
        case L1InfoFormat::kJovian:
            return 178;
    }
    return 0;
}

FixedBytes<4> l1_info_selector(L1InfoFormat format) noexcept {
    switch (format) {
        case L1InfoFormat::kBedrock:
            return kBedrockSelector;
        case L1InfoFormat::kEcotone:
            return kEcotoneSelector;
        case L1InfoFormat::kIsthmus:
            return kIsthmusSelector;
        case L1InfoFormat::kJovian:
            return kJovianSelector;
    }
    return {};
}

Result<DecodedL1Info, L1InfoFailure> decode_l1_info_calldata(ByteView calldata) {
    if (calldata.size() < 4) return baton::unexpected(L1InfoFailure{L1InfoError::kMissingSelector});
    DecodedL1Info out;
    const FixedBytes<4> selector = {calldata[0], calldata[1], calldata[2], calldata[3]};
    if (selector == kBedrockSelector)
        out.format = L1InfoFormat::kBedrock;
    else if (selector == kEcotoneSelector)
        out.format = L1InfoFormat::kEcotone;
    else if (selector == kIsthmusSelector)
        out.format = L1InfoFormat::kIsthmus;
    else if (selector == kJovianSelector)
        out.format = L1InfoFormat::kJovian;
    else
        return baton::unexpected(L1InfoFailure{L1InfoError::kInvalidSelector});

    const std::size_t want = l1_info_length(out.format);
    if (calldata.size() != want) {
        return baton::unexpected(
            L1InfoFailure{L1InfoError::kInvalidLength, out.format, want, calldata.size()});
    }
    auto& info = out.info;
    if (out.format == L1InfoFormat::kBedrock) {
        // ABI words; the u64 fields must have zero upper bytes so the encoding is unique.
        for (std::size_t word : {0u, 1u, 4u}) {
            const ByteView w = calldata.subspan(4 + 32 * word, 24);
            if (!std::all_of(w.begin(), w.end(), [](std::uint8_t b) { return b == 0; })) {
                return baton::unexpected(L1InfoFailure{L1InfoError::kInvalidField, out.format});
            }
        }
        info.number = uint_at(calldata, 4 + 24, 8);
        info.timestamp = uint_at(calldata, 36 + 24, 8);
        info.base_fee = U256::from_be(b256_at(calldata, 68));
        info.block_hash = b256_at(calldata, 100);
        info.sequence_number = uint_at(calldata, 132 + 24, 8);
        info.batcher_hash = b256_at(calldata, 164);
        info.l1_fee_overhead = U256::from_be(b256_at(calldata, 196));
        info.l1_fee_scalar = U256::from_be(b256_at(calldata, 228));
        return out;
    }
    info.base_fee_scalar = static_cast<std::uint32_t>(uint_at(calldata, 4, 4));
    info.blob_base_fee_scalar = static_cast<std::uint32_t>(uint_at(calldata, 8, 4));
    info.sequence_number = uint_at(calldata, 12, 8);
    info.timestamp = uint_at(calldata, 20, 8);
    info.number = uint_at(calldata, 28, 8);
    info.base_fee = U256::from_be(b256_at(calldata, 36));
    info.blob_base_fee = U256::from_be(b256_at(calldata, 68));
    info.block_hash = b256_at(calldata, 100);
    info.batcher_hash = b256_at(calldata, 132);
    if (out.format == L1InfoFormat::kIsthmus || out.format == L1InfoFormat::kJovian) {
        info.operator_fee_scalar = static_cast<std::uint32_t>(uint_at(calldata, 164, 4));
        info.operator_fee_constant = uint_at(calldata, 168, 8);
    }
    if (out.format == L1InfoFormat::kJovian) {
        info.da_footprint_gas_scalar = static_cast<std::uint16_t>(uint_at(calldata, 176, 2));
    }
    return out;
}

Bytes encode_l1_info_calldata(const L1BlockInfo& info, L1InfoFormat format) {
    Bytes out;
    out.reserve(l1_info_length(format));
    const auto selector = l1_info_selector(format);
    out.insert(out.end(), selector.begin(), selector.end());
    if (format == L1InfoFormat::kBedrock) {
        append_word_u64(out, info.number);
        append_word_u64(out, info.timestamp);
        append_b256(out, info.base_fee.to_be());
        append_b256(out, info.block_hash);
        append_word_u64(out, info.sequence_number);
        append_b256(out, info.batcher_hash);
        append_b256(out, info.l1_fee_overhead.to_be());
        append_b256(out, info.l1_fee_scalar.to_be());
        return out;
    }
    append_be(out, info.base_fee_scalar, 4);
    append_be(out, info.blob_base_fee_scalar, 4);
    append_be(out, info.sequence_number, 8);
    append_be(out, info.timestamp, 8);
    append_be(out, info.number, 8);
    append_b256(out, info.base_fee.to_be());
    append_b256(out, info.blob_base_fee.to_be());
    append_b256(out, info.block_hash);
    append_b256(out, info.batcher_hash);
    if (format == L1InfoFormat::kIsthmus || format == L1InfoFormat::kJovian) {
        append_be(out, info.operator_fee_scalar, 4);
        append_be(out, info.operator_fee_constant, 8);
    }
    if (format == L1InfoFormat::kJovian) append_be(out, info.da_footprint_gas_scalar, 2);
    return out;
}

L1InfoFormat l1_info_format(const RollupConfig& config, std::uint64_t l2_timestamp) noexcept {
    if (config.is_jovian_active(l2_timestamp) && !config.is_jovian_activation_block(l2_timestamp)) {
        return L1InfoFormat::kJovian;
    }
    if (config.is_isthmus_active(l2_timestamp) && !config.is_isthmus_activation_block(l2_timestamp)) {
        return L1InfoFormat::kIsthmus;
    }
    if (config.is_ecotone_active(l2_timestamp) && !config.is_ecotone_activation_block(l2_timestamp)) {
        return L1InfoFormat::kEcotone;
    }
    return L1InfoFormat::kBedrock;
}

Result<L1BlockInfo, L1InfoFailure> make_l1_block_info(const RollupConfig& config,
                                                      const SystemConfig& system_config,
                                                      const L1Origin& origin, std::uint64_t sequence_number,
                                                      std::uint64_t l2_timestamp) {
    const auto format = l1_info_format(config, l2_timestamp);
    L1BlockInfo info;
    info.number = origin.number;
    info.timestamp = origin.timestamp;
    info.base_fee = origin.base_fee;
    info.block_hash = origin.hash;
    info.sequence_number = sequence_number;
    info.batcher_hash = system_config.batcher_hash;  // verbatim: see the header
    if (format == L1InfoFormat::kBedrock) {
        info.l1_fee_overhead = U256::from_be(system_config.overhead);
        info.l1_fee_scalar = U256::from_be(system_config.scalar);
        return info;
    }
    // op-node DecodeScalar: version 0 carries only the base fee scalar, version 1 both.
    if (system_config.scalar[0] > 1)
        return baton::unexpected(L1InfoFailure{L1InfoError::kInvalidScalar, format});
    info.blob_base_fee = origin.blob_base_fee;
    info.base_fee_scalar = base_fee_scalar(system_config.scalar);
    info.blob_base_fee_scalar = blob_base_fee_scalar(system_config.scalar);
    if (format == L1InfoFormat::kIsthmus || format == L1InfoFormat::kJovian) {
        info.operator_fee_scalar = system_config.operator_fee_scalar;
        info.operator_fee_constant = system_config.operator_fee_constant;
    }
    if (format == L1InfoFormat::kJovian) {
        info.da_footprint_gas_scalar = system_config.da_footprint_gas_scalar == 0
                                           ? kDefaultDaFootprintGasScalar
                                           : system_config.da_footprint_gas_scalar;
    }
    return info;
}

Result<DepositTx, L1InfoFailure> make_l1_info_deposit(const RollupConfig& config,
                                                      const SystemConfig& system_config,
                                                      const L1Origin& origin, std::uint64_t sequence_number,
                                                      std::uint64_t l2_timestamp) {
    const auto info = make_l1_block_info(config, system_config, origin, sequence_number, l2_timestamp);
    if (!info) return baton::unexpected(info.error());
    const bool regolith = config.is_regolith_active(l2_timestamp);
    DepositTx tx;
    tx.source_hash = l1_info_deposit_source_hash(origin.hash, sequence_number);
    tx.from = kL1InfoDepositerAddress;
    tx.to = kL1BlockAddress;
    tx.gas_limit = regolith ? kL1InfoDepositGas : kL1InfoDepositGasBedrock;
    tx.is_system_tx = !regolith;
    tx.data = encode_l1_info_calldata(*info, l1_info_format(config, l2_timestamp));
    return tx;
}

}  // namespace baton::protocol
