// SPDX-License-Identifier: MIT
#pragma once

// Deposit source hashes (OP deposits spec; OP-PROTOCOL.md §7). A deposit tx's sourceHash makes it
// unique: keccak256(uint256(domain) ++ keccak256(payload)) with
//   domain 0, user deposit:   payload = l1_block_hash ++ uint256(log_index)
//   domain 1, L1 info:        payload = l1_block_hash ++ uint256(sequence_number)
//   domain 2, upgrade:        payload = intent string (hashed as bytes)

#include <baton/core/bytes.hpp>

#include <cstdint>
#include <string_view>

namespace baton::protocol {

enum class DepositSourceDomain : std::uint8_t {
    kUserDeposit = 0,
    kL1Info = 1,
    kUpgrade = 2,
};

// 0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001: the sender of L1-attributes deposits.
inline constexpr Address kL1InfoDepositerAddress = {0xde, 0xad, 0xde, 0xad, 0xde, 0xad, 0xde, 0xad, 0xde, 0xad,
                                                    0xde, 0xad, 0xde, 0xad, 0xde, 0xad, 0xde, 0xad, 0x00, 0x01};
// 0x4200000000000000000000000000000000000015: the L1Block predeploy.
inline constexpr Address kL1BlockAddress = {0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x15};

B256 user_deposit_source_hash(const B256& l1_block_hash, std::uint64_t log_index) noexcept;
B256 l1_info_deposit_source_hash(const B256& l1_block_hash, std::uint64_t sequence_number) noexcept;
B256 upgrade_deposit_source_hash(std::string_view intent) noexcept;

}  // namespace baton::protocol
