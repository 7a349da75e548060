// SPDX-License-Identifier: MIT
#include <baton/protocol/rollup_config.hpp>
#include <baton/protocol/system_config.hpp>

#include <algorithm>

namespace baton::protocol {

const char* to_string(SystemConfigError e) noexcept {
    switch (e) {
        case SystemConfigError::kWrongTopicCount:
            return "expected 3 event topics";
        case SystemConfigError::kNotConfigUpdate:
            return "topics[0] is not the ConfigUpdate event";
        case SystemConfigError::kUnsupportedVersion:
            return "unsupported ConfigUpdate version";
        case SystemConfigError::kUnknownUpdateType:
            return "unknown ConfigUpdate type";
        case SystemConfigError::kInvalidDataLen:
            return "invalid ConfigUpdate data size";
        case SystemConfigError::kPointerDecoding:
            return "ConfigUpdate offset word does not fit u64";
        case SystemConfigError::kInvalidDataPointer:
            return "ConfigUpdate offset word is not 32";
        case SystemConfigError::kLengthDecoding:
            return "ConfigUpdate length word does not fit u64";
        case SystemConfigError::kInvalidDataLength:
            return "ConfigUpdate length word is wrong for the type";
        case SystemConfigError::kBatcherHashDecoding:
            return "invalid batcherHash (version or padding)";
        case SystemConfigError::kGasLimitDecoding:
            return "gas limit does not fit u64";
        case SystemConfigError::kUnsafeBlockSignerDecoding:
            return "invalid unsafe block signer address";
        case SystemConfigError::kEip1559Decoding:
            return "eip1559 params do not fit u64";
        case SystemConfigError::kMinBaseFeeDecoding:
            return "min base fee does not fit u64";
        case SystemConfigError::kDaFootprintDecoding:
            return "DA footprint gas scalar does not fit u16";
        case SystemConfigError::kBatchInboxDecoding:
            return "invalid batch inbox address";
    }
    return "unknown system config error";
}

namespace {

constexpr std::size_t kWord = 32;

using Failure = ConfigUpdateFailure;

Unexpected<Failure> fail(SystemConfigError e, std::uint64_t value = 0) {
    return baton::unexpected(Failure{e, value});
}

ByteView word_at(ByteView data, std::size_t index) {
    return data.subspan(index * kWord, kWord);
}

bool zero(ByteView bytes) {
    return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

// A word as an unsigned integer of `width` bytes (<= 8); nullopt when the upper bytes are not zero.
std::optional<std::uint64_t> word_uint(ByteView word, std::size_t width) {
    if (!zero(word.first(kWord - width))) return std::nullopt;
    return load_be(word.last(width));
}

std::optional<Address> word_address(ByteView word) {
    if (!zero(word.first(12))) return std::nullopt;
    Address a{};
    std::copy(word.begin() + 12, word.end(), a.begin());
    return a;
}

B256 to_b256(ByteView word) {
    B256 out{};
    std::copy(word.begin(), word.end(), out.begin());
    return out;
}

// Checks the ABI framing of one `bytes` argument whose payload is `payload_len` bytes and returns the
// payload. The order of checks, and so the error reported first, follows kona.
Result<ByteView, Failure> unwrap_bytes(ByteView data, std::size_t payload_len) {
    if (data.size() != 2 * kWord + payload_len) return fail(SystemConfigError::kInvalidDataLen, data.size());
    const auto pointer = word_uint(word_at(data, 0), 8);
    if (!pointer) return fail(SystemConfigError::kPointerDecoding);
    if (*pointer != kWord) return fail(SystemConfigError::kInvalidDataPointer, *pointer);
    const auto length = word_uint(word_at(data, 1), 8);
    if (!length) return fail(SystemConfigError::kLengthDecoding);
    if (*length != payload_len) return fail(SystemConfigError::kInvalidDataLength, *length);
    return data.subspan(2 * kWord);
}

Result<ConfigUpdateType, Failure> check_topics(std::span<const B256> topics) {
    if (topics.size() != 3) return fail(SystemConfigError::kWrongTopicCount, topics.size());
    if (topics[0] != kConfigUpdateTopic) return fail(SystemConfigError::kNotConfigUpdate);
    if (topics[1] != B256{}) return fail(SystemConfigError::kUnsupportedVersion);
    const auto type = word_uint(topics[2], 8);
    if (!type) return fail(SystemConfigError::kUnknownUpdateType);
    switch (*type) {
        case 0:
        case 1:
        case 2:
        case 3:
        case 4:
        case 5:
        case 6:
        case 7:
        case 128:
            return static_cast<ConfigUpdateType>(*type);
        default:
            return fail(SystemConfigError::kUnknownUpdateType, *type);
    }
}

}  // namespace

Result<BatcherAuth, SystemConfigError> decode_batcher_hash(const B256& batcher_hash) {
    const ByteView h(batcher_hash);
    switch (h[0]) {
        case 0: {
            if (!zero(h.subspan(1, 11))) return baton::unexpected(SystemConfigError::kBatcherHashDecoding);
            BatcherAuth auth{BatcherHashVersion::kAddress, {}};
            std::copy(h.begin() + 12, h.end(), auth.batcher.begin());
            return auth;
        }
        case 1:
            return BatcherAuth{BatcherHashVersion::kLeaderElection, {}};
        default:
            return baton::unexpected(SystemConfigError::kBatcherHashDecoding);
    }
}

B256 make_batcher_hash(const Address& batcher) noexcept {
    B256 out{};
    std::copy(batcher.begin(), batcher.end(), out.begin() + 12);
    return out;
}

B256 make_leader_election_batcher_hash() noexcept {
    B256 out{};
    out[0] = static_cast<std::uint8_t>(BatcherHashVersion::kLeaderElection);
    return out;
}

bool is_valid_ecotone_scalar(const B256& scalar) noexcept {
    const ByteView s(scalar);
    switch (s[0]) {
        case 0:
            return zero(s.subspan(1, 27));
        case 1:
            return zero(s.subspan(1, 23));
        default:
            return false;
    }
}

std::uint32_t base_fee_scalar(const B256& scalar) noexcept {
    return static_cast<std::uint32_t>(load_be(ByteView(scalar).subspan(28, 4)));
}

std::uint32_t blob_base_fee_scalar(const B256& scalar) noexcept {
    if (scalar[0] != 1) return 0;
    return static_cast<std::uint32_t>(load_be(ByteView(scalar).subspan(24, 4)));
}

Result<ConfigUpdate, ConfigUpdateFailure> decode_config_update(std::span<const B256> topics, ByteView data) {
    const auto type = check_topics(topics);
    if (!type) return baton::unexpected(type.error());
    ConfigUpdate update;
    update.type = *type;
    const std::size_t payload_len = *type == ConfigUpdateType::kFeeScalars ? 2 * kWord : kWord;
    const auto payload = unwrap_bytes(data, payload_len);
    if (!payload) return baton::unexpected(payload.error());
    const ByteView word = payload->first(kWord);

    switch (*type) {
        case ConfigUpdateType::kBatcher: {
            const B256 hash = to_b256(word);
            if (!decode_batcher_hash(hash)) return fail(SystemConfigError::kBatcherHashDecoding);
            update.batcher_hash = hash;
            break;
        }
        case ConfigUpdateType::kFeeScalars:
            // Both words are full uint256 values; any content is well-formed at this layer.
            update.overhead = to_b256(word);
            update.scalar = to_b256(payload->subspan(kWord, kWord));
            break;
        case ConfigUpdateType::kGasLimit: {
            const auto v = word_uint(word, 8);
            if (!v) return fail(SystemConfigError::kGasLimitDecoding);
            update.gas_limit = *v;
            break;
        }
        case ConfigUpdateType::kUnsafeBlockSigner: {
            const auto a = word_address(word);
            if (!a) return fail(SystemConfigError::kUnsafeBlockSignerDecoding);
            update.unsafe_block_signer = *a;
            break;
        }
        case ConfigUpdateType::kEip1559Params: {
            // kona requires the word to fit u64; op-node (2024) would read bytes 24..32 regardless.
            const auto v = word_uint(word, 8);
            if (!v) return fail(SystemConfigError::kEip1559Decoding);
            update.eip1559_denominator = static_cast<std::uint32_t>(*v >> 32);
            update.eip1559_elasticity = static_cast<std::uint32_t>(*v);
            break;
        }
        case ConfigUpdateType::kOperatorFeeParams:
            // Like upstream, bytes 0..20 are not checked: only these two fields reach L2.
            update.operator_fee_scalar = static_cast<std::uint32_t>(load_be(word.subspan(20, 4)));
            update.operator_fee_constant = load_be(word.subspan(24, 8));
            break;
        case ConfigUpdateType::kMinBaseFee: {
            const auto v = word_uint(word, 8);
            if (!v) return fail(SystemConfigError::kMinBaseFeeDecoding);
            update.min_base_fee = *v;
            break;
        }
        case ConfigUpdateType::kDaFootprintGasScalar: {
            const auto v = word_uint(word, 2);
            if (!v) return fail(SystemConfigError::kDaFootprintDecoding);
            update.da_footprint_gas_scalar = static_cast<std::uint16_t>(*v);
            break;
        }
        case ConfigUpdateType::kBatchInbox: {
            const auto a = word_address(word);
            if (!a) return fail(SystemConfigError::kBatchInboxDecoding);
            update.batch_inbox = *a;
            break;
        }
    }
    return update;
}

Result<void, ConfigUpdateFailure> apply_config_update(SystemConfig& config, std::span<const B256> topics,
                                                      ByteView data, const RollupConfig& rollup,
                                                      std::uint64_t l1_time) {
    const auto type = check_topics(topics);
    if (!type) return baton::unexpected(type.error());
    // op-node ignores the unsafe block signer here without reading its data.
    if (*type == ConfigUpdateType::kUnsafeBlockSigner) return {};
    const auto update = decode_config_update(topics, data);
    if (!update) return baton::unexpected(update.error());

    switch (update->type) {
        case ConfigUpdateType::kBatcher:
            config.batcher_hash = update->batcher_hash;
            break;
        case ConfigUpdateType::kFeeScalars:
            if (rollup.is_ecotone_active(l1_time)) {
                // An invalid versioned scalar is ignored and the old one kept (op-node).
                if (!is_valid_ecotone_scalar(update->scalar)) return {};
                config.scalar = update->scalar;
                config.overhead = B256{};
            } else {
                config.overhead = update->overhead;
                config.scalar = update->scalar;
            }
            break;
        case ConfigUpdateType::kGasLimit:
            config.gas_limit = update->gas_limit;
            break;
        case ConfigUpdateType::kUnsafeBlockSigner:
            break;
        case ConfigUpdateType::kEip1559Params:
            config.eip1559_denominator = update->eip1559_denominator;
            config.eip1559_elasticity = update->eip1559_elasticity;
            break;
        case ConfigUpdateType::kOperatorFeeParams:
            config.operator_fee_scalar = update->operator_fee_scalar;
            config.operator_fee_constant = update->operator_fee_constant;
            break;
        case ConfigUpdateType::kMinBaseFee:
            config.min_base_fee = update->min_base_fee;
            break;
        case ConfigUpdateType::kDaFootprintGasScalar:
            config.da_footprint_gas_scalar = update->da_footprint_gas_scalar;
            break;
        case ConfigUpdateType::kBatchInbox:
            config.batch_inbox = update->batch_inbox;
            break;
    }
    return {};
}

}  // namespace baton::protocol
