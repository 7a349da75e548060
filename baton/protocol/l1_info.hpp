// SPDX-License-Identifier: MIT
#pragma once

// The L1-attributes deposit: the first tx of every L2 block (OP-PROTOCOL.md §7), calling the L1Block
// predeploy with the block's L1 origin and fee parameters. Calldata layouts:
//
//   Bedrock  setL1BlockValues (0x015d8eb9), ABI words, 260 bytes:
//            number, timestamp, basefee, hash, sequenceNumber, batcherHash, l1FeeOverhead, l1FeeScalar
//   Ecotone  setL1BlockValuesEcotone (0x440a5e20), packed, 164 bytes:
//            baseFeeScalar u32, blobBaseFeeScalar u32, sequenceNumber u64, timestamp u64, number u64,
//            basefee u256, blobBaseFee u256, hash b32, batcherHash b32
//   Isthmus  setL1BlockValuesIsthmus (0x098999be): Ecotone ++ operatorFeeScalar u32 ++
//            operatorFeeConstant u64, 176 bytes
//   Jovian   setL1BlockValuesJovian (0x3db6be2b): Isthmus ++ daFootprintGasScalar u16, 178 bytes
//
// A fork's activation block still uses the previous layout (the L1Block contract is upgraded by
// that block's own upgrade txs).
//
// Decision: the batcherHash slot carries SystemConfig's batcherHash *verbatim* (bytes32). For
// version 0 that equals upstream's left-padded batcher address, so upstream vectors are unchanged;
// a version-1 (leader-election) hash reaches L2 as is. Sequencer and verifier both build it here.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/core/transaction.hpp>
#include <baton/core/u256.hpp>
#include <baton/protocol/rollup_config.hpp>
#include <baton/protocol/system_config.hpp>

#include <cstdint>

namespace baton::protocol {

enum class L1InfoFormat : std::uint8_t { kBedrock, kEcotone, kIsthmus, kJovian };

inline constexpr std::uint64_t kL1InfoDepositGas = 1'000'000;           // Regolith and later
inline constexpr std::uint64_t kL1InfoDepositGasBedrock = 150'000'000;  // before Regolith
inline constexpr std::uint16_t kDefaultDaFootprintGasScalar = 400;      // Jovian, when SystemConfig has 0

struct L1BlockInfo {
    std::uint64_t number = 0;
    std::uint64_t timestamp = 0;
    U256 base_fee;
    B256 block_hash{};
    std::uint64_t sequence_number = 0;
    B256 batcher_hash{};
    // Bedrock layout only.
    U256 l1_fee_overhead;
    U256 l1_fee_scalar;
    // Ecotone and later.
    U256 blob_base_fee;
    std::uint32_t base_fee_scalar = 0;
    std::uint32_t blob_base_fee_scalar = 0;
    // Isthmus and later.
    std::uint32_t operator_fee_scalar = 0;
    std::uint64_t operator_fee_constant = 0;
    // Jovian.
    std::uint16_t da_footprint_gas_scalar = 0;

    friend bool operator==(const L1BlockInfo&, const L1BlockInfo&) = default;
};

enum class [[nodiscard]] L1InfoError{
    kMissingSelector,  // fewer than 4 bytes
    kInvalidSelector,  // none of the four setL1BlockValues* selectors
    kInvalidLength,    // the layout's exact size does not match
    kInvalidField,     // a Bedrock ABI word does not fit its u64 field
    kInvalidScalar,    // encoding: SystemConfig scalar has an unknown version (Ecotone layout)
};

const char* to_string(L1InfoError e) noexcept;

struct L1InfoFailure {
    L1InfoError error;
    L1InfoFormat format = L1InfoFormat::kBedrock;  // the layout judged, for kInvalidLength
    std::size_t expected_length = 0;
    std::size_t actual_length = 0;
};

struct DecodedL1Info {
    L1InfoFormat format = L1InfoFormat::kBedrock;
    L1BlockInfo info;
};

std::size_t l1_info_length(L1InfoFormat format) noexcept;
FixedBytes<4> l1_info_selector(L1InfoFormat format) noexcept;

Result<DecodedL1Info, L1InfoFailure> decode_l1_info_calldata(ByteView calldata);
Bytes encode_l1_info_calldata(const L1BlockInfo& info, L1InfoFormat format);

// The layout for the L2 block at `l2_timestamp` (activation blocks keep the previous layout).
L1InfoFormat l1_info_format(const RollupConfig& config, std::uint64_t l2_timestamp) noexcept;

// What the L1 origin contributes (from its header; blob_base_fee is 1 before the L1 has blobs).
struct L1Origin {
    std::uint64_t number = 0;
    std::uint64_t timestamp = 0;
    U256 base_fee;
    B256 hash{};
    U256 blob_base_fee{1};
};

// Fills the L1BlockInfo for an L2 block from its origin, the attributes stage's SystemConfig copy
// and the sequence number, choosing fields by the block's layout.
Result<L1BlockInfo, L1InfoFailure> make_l1_block_info(const RollupConfig& config,
                                                      const SystemConfig& system_config,
                                                      const L1Origin& origin, std::uint64_t sequence_number,
                                                      std::uint64_t l2_timestamp);

// The complete deposit tx: from the depositor account to L1Block, gas 1,000,000 and
// isSystemTx false from Regolith (150,000,000 and true before), sourceHash per domain 1.
Result<DepositTx, L1InfoFailure> make_l1_info_deposit(const RollupConfig& config,
                                                      const SystemConfig& system_config,
                                                      const L1Origin& origin, std::uint64_t sequence_number,
                                                      std::uint64_t l2_timestamp);

}  // namespace baton::protocol
