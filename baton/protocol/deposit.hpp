// SPDX-License-Identifier: MIT
#pragma once

// Deposit source hashes (OP deposits spec; OP-PROTOCOL.md §7). A deposit tx's sourceHash makes it
// unique: keccak256(uint256(domain) ++ keccak256(payload)) with
//   domain 0, user deposit:   payload = l1_block_hash ++ uint256(log_index)
//   domain 1, L1 info:        payload = l1_block_hash ++ uint256(sequence_number)
//   domain 2, upgrade:        payload = intent string (hashed as bytes)

#include <baton/core/bytes.hpp>
#include <baton/core/receipt.hpp>
#include <baton/core/result.hpp>
#include <baton/core/transaction.hpp>

#include <cstdint>
#include <string_view>

namespace baton::protocol {

enum class DepositSourceDomain : std::uint8_t {
    kUserDeposit = 0,
    kL1Info = 1,
    kUpgrade = 2,
};

// 0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001: the sender of L1-attributes deposits.
inline constexpr Address kL1InfoDepositerAddress = {0xde, 0xad, 0xde, 0xad, 0xde, 0xad, 0xde,
                                                    0xad, 0xde, 0xad, 0xde, 0xad, 0xde, 0xad,
                                                    0xde, 0xad, 0xde, 0xad, 0x00, 0x01};
// 0x4200000000000000000000000000000000000015: the L1Block predeploy.
inline constexpr Address kL1BlockAddress = {0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x15};

B256 user_deposit_source_hash(const B256& l1_block_hash, std::uint64_t log_index) noexcept;
B256 l1_info_deposit_source_hash(const B256& l1_block_hash, std::uint64_t sequence_number) noexcept;
B256 upgrade_deposit_source_hash(std::string_view intent) noexcept;

// keccak256("TransactionDeposited(address,address,uint256,bytes)"), emitted by the OptimismPortal.
inline constexpr B256 kTransactionDepositedTopic = {
    0xb3, 0x81, 0x35, 0x68, 0xd9, 0x99, 0x1f, 0xc9, 0x51, 0x96, 0x1f, 0xcb, 0x4c, 0x78, 0x48, 0x93,
    0x57, 0x42, 0x40, 0xa2, 0x89, 0x25, 0x60, 0x4d, 0x09, 0xfc, 0x57, 0x7c, 0x55, 0xbb, 0x7c, 0x32};

enum class [[nodiscard]] DepositLogError{
    kWrongTopicCount,     // TransactionDeposited has 4 topics
    kNotDepositEvent,     // topics[0] is not TransactionDeposited
    kBadDataSize,         // data shorter than 64 bytes or not a multiple of 32
    kBadOffset,           // opaqueData offset word is not 32
    kBadLength,           // opaqueData length too large or past the end of the data
    kUnsupportedVersion,  // topics[3] is not version 0
    kShortOpaqueData,     // version 0 needs mint, value, gas and isCreation (73 bytes)
};

const char* to_string(DepositLogError e) noexcept;

// A user deposit from a TransactionDeposited log (op-node UnmarshalDepositLogEvent, version 0):
// opaqueData = mint u256 ++ value u256 ++ gas u64 ++ isCreation u8 ++ data. The caller has already
// checked that the log comes from the deposit contract in a successful receipt; `log_index` is the
// log's index in the L1 block.
Result<DepositTx, DepositLogError> decode_deposit_log(const Log& log, const B256& l1_block_hash,
                                                      std::uint64_t log_index);

}  // namespace baton::protocol
