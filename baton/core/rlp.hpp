// SPDX-License-Identifier: MIT
#pragma once

// Recursive Length Prefix encoding (Ethereum Yellow Paper, appendix B), modelled on silkworm's
// core/rlp. Decoding is strict: only the canonical encoding of a value is accepted, because
// consensus objects (transactions, receipts) are hashed over their bytes and a second, different
// encoding of the same value would give a second hash.
//
// Decoders take `ByteView& from` and advance it past what they consumed, so a list's fields are
// read one after another from its payload view. Top-level decodes pass a Leftover mode to say
// whether bytes after the item are an error.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/core/u256.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace baton::rlp {

enum class [[nodiscard]] DecodingError{
    kOverflow,                // integer wider than the target type
    kLeadingZero,             // integer (or length of length) with a leading zero byte
    kInputTooShort,           // header or payload runs past the end of the input
    kInputTooLong,            // bytes left after a top-level item (Leftover::kProhibit)
    kNonCanonicalSingleByte,  // a single byte < 0x80 encoded as 0x81 xx
    kNonCanonicalSize,        // long form used for a payload shorter than 56 bytes
    kUnexpectedLength,        // fixed-size value (B256, Address, bool) of the wrong length
    kUnexpectedString,        // a string where a list was expected
    kUnexpectedList,          // a list where a string was expected
    kListLengthMismatch,      // list payload not fully consumed by its fields, or overrun
    kUnexpectedEip2718Type,   // typed envelope with an unknown or wrong type byte
    kInvalidFieldset,         // wrong number of fields for the structure
};

const char* to_string(DecodingError e) noexcept;

enum class Leftover {
    kProhibit,  // the item must end exactly at the end of the input
    kAllow,     // trailing bytes are left in `from` for the caller
};

struct Header {
    bool list{false};
    std::size_t payload_length{0};
};

// Largest accepted payload length. Anything above is rejected before any arithmetic, which also
// keeps `header + payload` from overflowing size_t.
inline constexpr std::size_t kMaxPayloadLength = std::size_t{1} << 40;

// ---- Encoding (appends to `out`) ----

// Header for a payload of `h.payload_length` bytes (single-byte strings have no header: use
// encode_string for strings).
void encode_header(Bytes& out, Header h);
std::size_t length_of_length(std::size_t payload_length) noexcept;
// Byte string (0x80 for empty, the byte itself for a single byte < 0x80).
void encode_string(Bytes& out, ByteView s);
// Minimal big-endian integer; 0 encodes as 0x80.
void encode_uint(Bytes& out, std::uint64_t v);
void encode_uint(Bytes& out, const U256& v);
// false as 0x80, true as 0x01 (an integer 0/1).
void encode_bool(Bytes& out, bool v);
// List header + `payload`, where `payload` is the concatenation of already encoded items.
void encode_list(Bytes& out, ByteView payload);
// Size helpers, e.g. to reserve.
std::size_t length_of_string(ByteView s) noexcept;
std::size_t length_of_uint(std::uint64_t v) noexcept;

// ---- Decoding (advances `from`) ----

// Reads a header. For the single-byte form (< 0x80) it does not consume the byte: the header is
// {string, 1} and `from` still starts at the byte, so the payload is always the next
// payload_length bytes. Checks payload_length <= from.size() after the header.
Result<Header, DecodingError> decode_header(ByteView& from) noexcept;

// Byte string, borrowed from the input.
Result<ByteView, DecodingError> decode_string(ByteView& from) noexcept;
Result<Bytes, DecodingError> decode_bytes(ByteView& from);
// Canonical integer: no leading zeros, 0 only as 0x80 (0x00 is kLeadingZero).
Result<std::uint64_t, DecodingError> decode_u64(ByteView& from) noexcept;
Result<U256, DecodingError> decode_u256(ByteView& from) noexcept;
// 0x80 → false, 0x01 → true; anything else fails.
Result<bool, DecodingError> decode_bool(ByteView& from) noexcept;
// Exactly N bytes (B256, Address); other lengths are kUnexpectedLength.
template <std::size_t N>
Result<FixedBytes<N>, DecodingError> decode_fixed(ByteView& from) noexcept {
    auto s = decode_string(from);
    if (!s) return unexpected(s.error());
    if (s->size() != N) return unexpected(DecodingError::kUnexpectedLength);
    FixedBytes<N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = (*s)[i];
    return out;
}
// A list: returns its payload view (fields are then decoded from it) and advances past it.
Result<ByteView, DecodingError> decode_list(ByteView& from) noexcept;
// Any item (string or list), returned as its complete encoding, validated recursively for
// canonical form. Used to skip unknown fields and by the fuzzer.
Result<ByteView, DecodingError> decode_item(ByteView& from) noexcept;

// kInputTooLong if `rest` is non-empty and mode is kProhibit.
Result<void, DecodingError> check_leftover(ByteView rest, Leftover mode) noexcept;
// For a list payload after its fields were read: bytes left are kListLengthMismatch.
Result<void, DecodingError> check_list_consumed(ByteView rest) noexcept;

// Reads the fields of one list payload in order, remembering the first error so a structure's
// decoder is a flat sequence of reads followed by one check (instead of an early return per
// field). After an error every read returns a default value and does not advance.
class ListReader {
public:
    explicit ListReader(ByteView payload) noexcept : rest_(payload) {}

    std::uint64_t u64() noexcept;
    U256 u256() noexcept;
    bool boolean() noexcept;
    ByteView string() noexcept;
    Bytes bytes();
    template <std::size_t N>
    FixedBytes<N> fixed() noexcept {
        if (error_) return {};
        ByteView next = rest_;
        auto r = decode_fixed<N>(next);
        if (!r) return fail<FixedBytes<N>>(r.error());
        rest_ = next;
        return *r;
    }
    // Payload of a nested list, to be read with another ListReader.
    ByteView list() noexcept;

    bool ok() const noexcept { return !error_; }
    bool at_end() const noexcept { return rest_.empty(); }
    // Fails with `e` unless one is already recorded (for field values the caller rejects).
    void set_error(DecodingError e) noexcept {
        if (!error_) error_ = e;
    }
    // The first error, or kListLengthMismatch if fields are left over.
    Result<void, DecodingError> finish() const noexcept;

private:
    template <class T>
    T fail(DecodingError e) noexcept {
        set_error(e);
        return T{};
    }

    ByteView rest_;
    std::optional<DecodingError> error_;
};

}  // namespace baton::rlp
