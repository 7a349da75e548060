// SPDX-License-Identifier: MIT
#pragma once

// Address text: parsing with EIP-55 checksum validation and checksummed output.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>

#include <string>
#include <string_view>

namespace baton {

enum class [[nodiscard]] AddressError{
    kMissingPrefix,  // no "0x"
    kWrongLength,    // not 40 hex digits
    kInvalidDigit,   // a non-hex character
    kBadChecksum,    // mixed case that is not the EIP-55 checksum
};

const char* to_string(AddressError e) noexcept;

// "0x" + 40 hex digits. All-lower or all-upper digits are accepted as-is; mixed case must be the
// EIP-55 checksum, since a wrong mixed-case address is most likely a typo.
Result<Address, AddressError> parse_address(std::string_view text) noexcept;
// EIP-55 checksummed text, e.g. "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266".
std::string to_checksum_hex(const Address& address);

}  // namespace baton
