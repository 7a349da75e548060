// SPDX-License-Identifier: MIT
#pragma once

// SystemConfig: the L1-governed chain parameters that derivation tracks, and the parser for the L1
// SystemConfig contract's `ConfigUpdate(uint256 indexed version, uint8 indexed updateType, bytes data)`
// event (OP-PROTOCOL.md §8).
//
// Decisions:
// - `batcher_hash` is kept as bytes32 with a version byte. Version 0: bytes 1..11 zero, address in
//   bytes 12..32 (upstream's layout). Version 1: leader-election mode, the batch inbox contract
//   authorizes senders; bytes 1..31 are reserved and carried verbatim. Any other version is invalid.
//   Upstream decodes the word as an ABI address, so it would reject version 1; Baton branches instead.
// - Baton's own update type BATCH_INBOX = 128 (0x80), leaving room for upstream's next types. Its
//   payload is an ABI address word, like BATCHER. It is parsed and applied here unconditionally;
//   derivation decides whether `batch_inbox` is honoured (only at/after `baton_time`).
// - The ABI checks follow upstream (kona's error names): total size exact (96 bytes, 128 for fee
//   scalars), offset word must be 32, length word must be 32 (64 for fee scalars), and each payload
//   word must fit its type (upper bytes zero).

#include <baton/core/bytes.hpp>
#include <baton/core/receipt.hpp>
#include <baton/core/result.hpp>

#include <cstdint>
#include <span>

namespace baton::protocol {

struct RollupConfig;

// keccak256("ConfigUpdate(uint256,uint8,bytes)")
inline constexpr B256 kConfigUpdateTopic = {0x1d, 0x2b, 0x0b, 0xda, 0x21, 0xd5, 0x6b, 0x8b, 0xd1, 0x2d, 0x4f,
                                            0x94, 0xeb, 0xac, 0xff, 0xdf, 0xb3, 0x5f, 0x5e, 0x22, 0x6f, 0x84,
                                            0xb4, 0x61, 0x10, 0x3b, 0xb8, 0xbe, 0xab, 0x63, 0x53, 0xbe};

enum class ConfigUpdateType : std::uint64_t {
    kBatcher = 0,
    kFeeScalars = 1,
    kGasLimit = 2,
    kUnsafeBlockSigner = 3,
    kEip1559Params = 4,         // Holocene
    kOperatorFeeParams = 5,     // Isthmus
    kMinBaseFee = 6,            // Jovian
    kDaFootprintGasScalar = 7,  // Jovian
    kBatchInbox = 128,          // Baton
};

enum class BatcherHashVersion : std::uint8_t {
    kAddress = 0,         // sender must equal the address in bytes 12..32
    kLeaderElection = 1,  // the inbox contract authorizes senders; receipts must succeed
};

struct SystemConfig {
    B256 batcher_hash{};
    B256 overhead{};
    B256 scalar{};
    std::uint64_t gas_limit = 0;
    std::uint32_t eip1559_denominator = 0;
    std::uint32_t eip1559_elasticity = 0;
    std::uint32_t operator_fee_scalar = 0;
    std::uint64_t operator_fee_constant = 0;
    std::uint64_t min_base_fee = 0;
    std::uint16_t da_footprint_gas_scalar = 0;
    // Zero until a BATCH_INBOX update is seen: derivation then uses the rollup config's address.
    Address batch_inbox{};

    friend bool operator==(const SystemConfig&, const SystemConfig&) = default;
};

enum class [[nodiscard]] SystemConfigError{
    kWrongTopicCount,            // a ConfigUpdate log has exactly 3 topics
    kNotConfigUpdate,            // topics[0] is not the ConfigUpdate event
    kUnsupportedVersion,         // topics[1] (version) must be 0
    kUnknownUpdateType,          // topics[2] is none of 0..7, 128
    kInvalidDataLen,             // total data size is not the exact size for the type
    kPointerDecoding,            // offset word does not fit u64
    kInvalidDataPointer,         // offset word is not 32
    kLengthDecoding,             // length word does not fit u64
    kInvalidDataLength,          // length word is not the payload size for the type
    kBatcherHashDecoding,        // unknown batcherHash version or nonzero version-0 padding
    kGasLimitDecoding,           // gas limit word does not fit u64
    kUnsafeBlockSignerDecoding,  // address word has nonzero upper bytes
    kEip1559Decoding,            // eip1559 word does not fit u64
    kMinBaseFeeDecoding,         // min base fee word does not fit u64
    kDaFootprintDecoding,        // DA footprint word does not fit u16
    kBatchInboxDecoding,         // address word has nonzero upper bytes
};

const char* to_string(SystemConfigError e) noexcept;

struct ConfigUpdateFailure {
    SystemConfigError error;
    std::uint64_t value = 0;  // the offending size, pointer or length where one applies
};

// One parsed update. Only the fields of `type` are meaningful.
struct ConfigUpdate {
    ConfigUpdateType type = ConfigUpdateType::kBatcher;
    B256 batcher_hash{};
    B256 overhead{};
    B256 scalar{};
    std::uint64_t gas_limit = 0;
    Address unsafe_block_signer{};
    std::uint32_t eip1559_denominator = 0;
    std::uint32_t eip1559_elasticity = 0;
    std::uint32_t operator_fee_scalar = 0;
    std::uint64_t operator_fee_constant = 0;
    std::uint64_t min_base_fee = 0;
    std::uint16_t da_footprint_gas_scalar = 0;
    Address batch_inbox{};
};

// Strict parse of a ConfigUpdate log (topics and data of a log already known to come from the
// SystemConfig contract in a successful receipt).
Result<ConfigUpdate, ConfigUpdateFailure> decode_config_update(std::span<const B256> topics, ByteView data);

// Applies one ConfigUpdate log to `config`, as op-node's ProcessSystemConfigUpdateLogEvent does:
// - UNSAFE_BLOCK_SIGNER is ignored without parsing its data (derivation does not use it);
// - FEE_SCALARS from Ecotone (judged by `l1_time`) zeroes the overhead and keeps an invalid
//   versioned scalar's old value instead of failing.
// On error `config` is unchanged.
Result<void, ConfigUpdateFailure> apply_config_update(SystemConfig& config, std::span<const B256> topics,
                                                      ByteView data, const RollupConfig& rollup,
                                                      std::uint64_t l1_time);

// The same for a core Log (its address and receipt status are the caller's to check).
inline Result<ConfigUpdate, ConfigUpdateFailure> decode_config_update(const Log& log) {
    return decode_config_update(log.topics, log.data);
}
inline Result<void, ConfigUpdateFailure> apply_config_update(SystemConfig& config, const Log& log,
                                                             const RollupConfig& rollup,
                                                             std::uint64_t l1_time) {
    return apply_config_update(config, log.topics, log.data, rollup, l1_time);
}

// Post-Ecotone scalar validity (op-node CheckEcotoneL1SystemConfigScalar): version 0 needs bytes
// 1..28 zero, version 1 bytes 1..24 zero; other versions are invalid.
bool is_valid_ecotone_scalar(const B256& scalar) noexcept;

// Ecotone scalar split: base fee scalar = bytes 28..32; blob base fee scalar = bytes 24..28 (version 1
// only, 0 for version 0).
std::uint32_t base_fee_scalar(const B256& scalar) noexcept;
std::uint32_t blob_base_fee_scalar(const B256& scalar) noexcept;

struct BatcherAuth {
    BatcherHashVersion version = BatcherHashVersion::kAddress;
    Address batcher{};  // set for kAddress only
};

Result<BatcherAuth, SystemConfigError> decode_batcher_hash(const B256& batcher_hash);

// Version-0 batcherHash: the address left-padded with zeros (upstream's layout).
B256 make_batcher_hash(const Address& batcher) noexcept;

// Version-1 batcherHash: leader-election mode, reserved bytes zero.
B256 make_leader_election_batcher_hash() noexcept;

}  // namespace baton::protocol
