// SPDX-License-Identifier: MIT
#include <baton/core/rlp.hpp>

namespace baton::rlp {

const char* to_string(DecodingError e) noexcept {
    switch (e) {
        case DecodingError::kOverflow:
            return "integer overflow";
        case DecodingError::kLeadingZero:
            return "leading zero";
        case DecodingError::kInputTooShort:
            return "input too short";
        case DecodingError::kInputTooLong:
            return "input too long";
        case DecodingError::kNonCanonicalSingleByte:
            return "non-canonical single byte";
        case DecodingError::kNonCanonicalSize:
            return "non-canonical size";
        case DecodingError::kUnexpectedLength:
            return "unexpected length";
        case DecodingError::kUnexpectedString:
            return "unexpected string";
        case DecodingError::kUnexpectedList:
            return "unexpected list";
        case DecodingError::kListLengthMismatch:
            return "list length mismatch";
        case DecodingError::kUnexpectedEip2718Type:
            return "unexpected EIP-2718 type";
        case DecodingError::kInvalidFieldset:
            return "invalid field set";
    }
    return "unknown rlp error";
}

// ---- Encoding ----

std::size_t length_of_length(std::size_t payload_length) noexcept {
    if (payload_length < 56) return 1;
    std::size_t n = 0;
    for (std::size_t v = payload_length; v != 0; v >>= 8) ++n;
    return 1 + n;
}

void encode_header(Bytes& out, Header h) {
    const std::uint8_t base = h.list ? 0xc0 : 0x80;
    if (h.payload_length < 56) {
        out.push_back(static_cast<std::uint8_t>(base + h.payload_length));
        return;
    }
    const std::size_t n = length_of_length(h.payload_length) - 1;
    out.push_back(static_cast<std::uint8_t>(base + 55 + n));
    append_be(out, h.payload_length, n);
}

void encode_string(Bytes& out, ByteView s) {
    if (s.size() == 1 && s[0] < 0x80) {
        out.push_back(s[0]);
        return;
    }
    encode_header(out, Header{false, s.size()});
    append(out, s);
}

void encode_uint(Bytes& out, std::uint64_t v) {
    if (v == 0) {
        out.push_back(0x80);
        return;
    }
    if (v < 0x80) {
        out.push_back(static_cast<std::uint8_t>(v));
        return;
    }
    std::size_t n = 0;
    for (std::uint64_t x = v; x != 0; x >>= 8) ++n;
    out.push_back(static_cast<std::uint8_t>(0x80 + n));
    append_be(out, v, n);
}

void encode_uint(Bytes& out, const U256& v) {
    const Bytes be = v.to_be_minimal();
    encode_string(out, be);
}

void encode_bool(Bytes& out, bool v) {
    out.push_back(v ? 0x01 : 0x80);
}

void encode_list(Bytes& out, ByteView payload) {
    encode_header(out, Header{true, payload.size()});
    append(out, payload);
}

std::size_t length_of_string(ByteView s) noexcept {
    if (s.size() == 1 && s[0] < 0x80) return 1;
    return length_of_length(s.size()) + s.size();
}

std::size_t length_of_uint(std::uint64_t v) noexcept {
    if (v < 0x80) return 1;
    std::size_t n = 0;
    for (std::uint64_t x = v; x != 0; x >>= 8) ++n;
    return 1 + n;
}

// ---- Decoding ----

Result<Header, DecodingError> decode_header(ByteView& from) noexcept {
    if (from.empty()) return unexpected(DecodingError::kInputTooShort);
    Header h;
    const std::uint8_t b = from[0];
    if (b < 0x80) {
        // Single byte: it is its own payload, so nothing is consumed.
        h.payload_length = 1;
        return h;
    }
    if (b <= 0xb7) {
        from = from.subspan(1);
        h.payload_length = b - 0x80u;
        if (h.payload_length == 1) {
            if (from.empty()) return unexpected(DecodingError::kInputTooShort);
            if (from[0] < 0x80) return unexpected(DecodingError::kNonCanonicalSingleByte);
        }
    } else if (b < 0xc0 || b > 0xf7) {
        // Long form: the low bits give the length of the big-endian length.
        h.list = b > 0xf7;
        const std::size_t len_of_len = h.list ? b - 0xf7u : b - 0xb7u;
        from = from.subspan(1);
        if (from.size() < len_of_len) return unexpected(DecodingError::kInputTooShort);
        if (from[0] == 0) return unexpected(DecodingError::kLeadingZero);
        // Up to 8 length bytes fit a u64; anything near that is far beyond kMaxPayloadLength.
        if (len_of_len > 8) return unexpected(DecodingError::kOverflow);
        const std::uint64_t len = load_be(from.first(len_of_len));
        if (len < 56) return unexpected(DecodingError::kNonCanonicalSize);
        if (len > kMaxPayloadLength) return unexpected(DecodingError::kInputTooShort);
        h.payload_length = static_cast<std::size_t>(len);
        from = from.subspan(len_of_len);
    } else {
        h.list = true;
        from = from.subspan(1);
        h.payload_length = b - 0xc0u;
    }
    if (h.payload_length > from.size()) return unexpected(DecodingError::kInputTooShort);
    return h;
}

Result<ByteView, DecodingError> decode_string(ByteView& from) noexcept {
    auto h = decode_header(from);
    if (!h) return unexpected(h.error());
    if (h->list) return unexpected(DecodingError::kUnexpectedList);
    ByteView payload = from.first(h->payload_length);
    from = from.subspan(h->payload_length);
    return payload;
}

Result<Bytes, DecodingError> decode_bytes(ByteView& from) {
    auto s = decode_string(from);
    if (!s) return unexpected(s.error());
    return to_bytes(*s);
}

namespace {
// Integer payload checks shared by u64 and U256.
Result<ByteView, DecodingError> decode_uint_payload(ByteView& from, std::size_t max_bytes) noexcept {
    auto s = decode_string(from);
    if (!s) return unexpected(s.error());
    if (s->size() > max_bytes) return unexpected(DecodingError::kOverflow);
    if (!s->empty() && (*s)[0] == 0) return unexpected(DecodingError::kLeadingZero);
    return *s;
}
}  // namespace

Result<std::uint64_t, DecodingError> decode_u64(ByteView& from) noexcept {
    auto s = decode_uint_payload(from, 8);
    if (!s) return unexpected(s.error());
    return load_be(*s);
}

Result<U256, DecodingError> decode_u256(ByteView& from) noexcept {
    auto s = decode_uint_payload(from, 32);
    if (!s) return unexpected(s.error());
    auto v = U256::from_be(*s);
    if (!v) return unexpected(DecodingError::kOverflow);
    return *v;
}

Result<bool, DecodingError> decode_bool(ByteView& from) noexcept {
    auto v = decode_u64(from);
    if (!v) return unexpected(v.error());
    if (*v > 1) return unexpected(DecodingError::kOverflow);
    return *v == 1;
}

Result<ByteView, DecodingError> decode_list(ByteView& from) noexcept {
    auto h = decode_header(from);
    if (!h) return unexpected(h.error());
    if (!h->list) return unexpected(DecodingError::kUnexpectedString);
    ByteView payload = from.first(h->payload_length);
    from = from.subspan(h->payload_length);
    return payload;
}

namespace {
// Depth-bounded so hostile nesting ([[[[...]]]]) cannot exhaust the stack.
constexpr int kMaxDepth = 1024;

Result<void, DecodingError> validate_item(ByteView& from, int depth) noexcept {
    if (depth > kMaxDepth) return unexpected(DecodingError::kOverflow);
    auto h = decode_header(from);
    if (!h) return unexpected(h.error());
    ByteView payload = from.first(h->payload_length);
    from = from.subspan(h->payload_length);
    if (!h->list) return {};
    while (!payload.empty()) {
        auto r = validate_item(payload, depth + 1);
        if (!r) return unexpected(r.error());
    }
    return {};
}
}  // namespace

Result<ByteView, DecodingError> decode_item(ByteView& from) noexcept {
    const ByteView start = from;
    auto r = validate_item(from, 0);
    if (!r) return unexpected(r.error());
    return start.first(start.size() - from.size());
}

Result<void, DecodingError> check_leftover(ByteView rest, Leftover mode) noexcept {
    if (mode == Leftover::kProhibit && !rest.empty()) return unexpected(DecodingError::kInputTooLong);
    return {};
}

Result<void, DecodingError> check_list_consumed(ByteView rest) noexcept {
    if (!rest.empty()) return unexpected(DecodingError::kListLengthMismatch);
    return {};
}

std::uint64_t ListReader::u64() noexcept {
    if (error_) return 0;
    ByteView next = rest_;
    auto r = decode_u64(next);
    if (!r) return fail<std::uint64_t>(r.error());
    rest_ = next;
    return *r;
}

U256 ListReader::u256() noexcept {
    if (error_) return {};
    ByteView next = rest_;
    auto r = decode_u256(next);
    if (!r) return fail<U256>(r.error());
    rest_ = next;
    return *r;
}

bool ListReader::boolean() noexcept {
    if (error_) return false;
    ByteView next = rest_;
    auto r = decode_bool(next);
    if (!r) return fail<bool>(r.error());
    rest_ = next;
    return *r;
}

ByteView ListReader::string() noexcept {
    if (error_) return {};
    ByteView next = rest_;
    auto r = decode_string(next);
    if (!r) return fail<ByteView>(r.error());
    rest_ = next;
    return *r;
}

Bytes ListReader::bytes() {
    return to_bytes(string());
}

ByteView ListReader::list() noexcept {
    if (error_) return {};
    ByteView next = rest_;
    auto r = decode_list(next);
    if (!r) return fail<ByteView>(r.error());
    rest_ = next;
    return *r;
}

Result<void, DecodingError> ListReader::finish() const noexcept {
    if (error_) return unexpected(*error_);
    return check_list_consumed(rest_);
}

}  // namespace baton::rlp
