// SPDX-License-Identifier: MIT
#include <baton/core/address.hpp>

#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>

namespace baton {

const char* to_string(AddressError e) noexcept {
    switch (e) {
        case AddressError::kMissingPrefix:
            return "address without 0x prefix";
        case AddressError::kWrongLength:
            return "address is not 40 hex digits";
        case AddressError::kInvalidDigit:
            return "invalid hex digit in address";
        case AddressError::kBadChecksum:
            return "EIP-55 checksum mismatch";
    }
    return "unknown address error";
}

Result<Address, AddressError> parse_address(std::string_view text) noexcept {
    if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
        return unexpected(AddressError::kMissingPrefix);
    }
    const std::string_view digits = text.substr(2);
    if (digits.size() != 40) return unexpected(AddressError::kWrongLength);
    bool has_lower = false;
    bool has_upper = false;
    for (char c : digits) {
        if (c >= 'a' && c <= 'f') {
            has_lower = true;
        } else if (c >= 'A' && c <= 'F') {
            has_upper = true;
        } else if (c < '0' || c > '9') {
            return unexpected(AddressError::kInvalidDigit);
        }
    }
    auto bytes = decode_hex_fixed<20>(digits);
    if (!bytes) return unexpected(AddressError::kInvalidDigit);
    if (has_lower && has_upper && to_checksum_hex(*bytes).substr(2) != digits) {
        return unexpected(AddressError::kBadChecksum);
    }
    return *bytes;
}

std::string to_checksum_hex(const Address& address) {
    // EIP-55: uppercase a letter when the matching nibble of keccak(lowercase hex) is >= 8.
    const std::string lower = to_hex(address, false);
    const B256 h = keccak256(as_view(lower));
    std::string out = "0x";
    for (std::size_t i = 0; i < lower.size(); ++i) {
        const std::uint8_t nibble = (i % 2 == 0) ? (h[i / 2] >> 4) : (h[i / 2] & 0x0f);
        char c = lower[i];
        if (c >= 'a' && c <= 'f' && nibble >= 8) c = static_cast<char>(c - 'a' + 'A');
        out += c;
    }
    return out;
}

}  // namespace baton
