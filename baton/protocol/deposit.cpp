// SPDX-License-Identifier: MIT
#include <baton/protocol/deposit.hpp>

#include <baton/core/keccak.hpp>

namespace baton::protocol {

namespace {

B256 domain_hash(DepositSourceDomain domain, const B256& inner) noexcept {
    FixedBytes<64> buf{};
    buf[31] = static_cast<std::uint8_t>(domain);
    std::copy(inner.begin(), inner.end(), buf.begin() + 32);
    return keccak256(buf);
}

B256 hash_with_index(const B256& l1_block_hash, std::uint64_t index) noexcept {
    FixedBytes<64> buf{};
    std::copy(l1_block_hash.begin(), l1_block_hash.end(), buf.begin());
    for (int i = 0; i < 8; ++i) buf[63 - i] = static_cast<std::uint8_t>(index >> (8 * i));
    return keccak256(buf);
}

}  // namespace

B256 user_deposit_source_hash(const B256& l1_block_hash, std::uint64_t log_index) noexcept {
    return domain_hash(DepositSourceDomain::kUserDeposit, hash_with_index(l1_block_hash, log_index));
}

B256 l1_info_deposit_source_hash(const B256& l1_block_hash, std::uint64_t sequence_number) noexcept {
    return domain_hash(DepositSourceDomain::kL1Info, hash_with_index(l1_block_hash, sequence_number));
}

B256 upgrade_deposit_source_hash(std::string_view intent) noexcept {
    return domain_hash(DepositSourceDomain::kUpgrade, keccak256(as_view(intent)));
}

}  // namespace baton::protocol
