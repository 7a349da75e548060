// SPDX-License-Identifier: MIT
#include <baton/core/abi.hpp>

#include <baton/core/keccak.hpp>

#include <algorithm>

namespace baton::abi {

const char* to_string(AbiError e) noexcept {
    switch (e) {
        case AbiError::kDataTooShort:
            return "ABI data too short";
        case AbiError::kBadOffset:
            return "ABI offset out of range";
        case AbiError::kBadPadding:
            return "ABI value has non-zero padding";
        case AbiError::kTypeMismatch:
            return "ABI value does not match its type";
        case AbiError::kNotError:
            return "revert data is not the expected error";
    }
    return "unknown ABI error";
}

Selector selector(std::string_view signature) noexcept {
    const B256 h = keccak256(as_view(signature));
    return Selector{h[0], h[1], h[2], h[3]};
}

Type uint_type(unsigned bits) {
    return Type{Kind::kUint, bits, {}};
}
Type address_type() {
    return Type{Kind::kAddress, 160, {}};
}
Type bool_type() {
    return Type{Kind::kBool, 8, {}};
}
Type bytes32_type() {
    return Type{Kind::kBytes32, 256, {}};
}
Type bytes_type() {
    return Type{Kind::kBytes, 0, {}};
}
Type string_type() {
    return Type{Kind::kString, 0, {}};
}
Type tuple_type(std::vector<Type> components) {
    return Type{Kind::kTuple, 0, std::move(components)};
}

namespace {

constexpr std::size_t kWord = 32;

bool is_dynamic(const Type& t) {
    if (t.kind == Kind::kBytes || t.kind == Kind::kString) return true;
    if (t.kind == Kind::kTuple) return std::any_of(t.components.begin(), t.components.end(), is_dynamic);
    return false;
}

// Bytes a type occupies in its enclosing head.
std::size_t head_size(const Type& t) {
    if (is_dynamic(t)) return kWord;
    if (t.kind != Kind::kTuple) return kWord;
    std::size_t n = 0;
    for (const auto& c : t.components) n += head_size(c);
    return n;
}

void append_word(Bytes& out, const U256& v) {
    append(out, v.to_be());
}

void append_padded(Bytes& out, ByteView data) {
    append_word(out, U256{data.size()});
    append(out, data);
    out.resize(out.size() + (kWord - data.size() % kWord) % kWord, 0);
}

Result<void, AbiError> encode_tuple(std::span<const Type> types, std::span<const Value> values, Bytes& out);

Result<void, AbiError> encode_value(const Type& t, const Value& value, Bytes& out) {
    switch (t.kind) {
        case Kind::kUint: {
            const auto* v = std::get_if<U256>(&value.v);
            if (v == nullptr || t.bits == 0 || t.bits > 256 || v->bit_length() > t.bits) {
                return unexpected(AbiError::kTypeMismatch);
            }
            append_word(out, *v);
            return {};
        }
        case Kind::kAddress: {
            const auto* v = std::get_if<Address>(&value.v);
            if (v == nullptr) return unexpected(AbiError::kTypeMismatch);
            out.resize(out.size() + 12, 0);
            append(out, *v);
            return {};
        }
        case Kind::kBool: {
            const auto* v = std::get_if<bool>(&value.v);
            if (v == nullptr) return unexpected(AbiError::kTypeMismatch);
            append_word(out, U256{*v ? 1u : 0u});
            return {};
        }
        case Kind::kBytes32: {
            const auto* v = std::get_if<B256>(&value.v);
            if (v == nullptr) return unexpected(AbiError::kTypeMismatch);
            append(out, *v);
            return {};
        }
        case Kind::kBytes: {
            const auto* v = std::get_if<Bytes>(&value.v);
            if (v == nullptr) return unexpected(AbiError::kTypeMismatch);
            append_padded(out, *v);
            return {};
        }
        case Kind::kString: {
            const auto* v = std::get_if<std::string>(&value.v);
            if (v == nullptr) return unexpected(AbiError::kTypeMismatch);
            append_padded(out, as_view(*v));
            return {};
        }
        case Kind::kTuple: {
            const auto* v = std::get_if<Tuple>(&value.v);
            if (v == nullptr) return unexpected(AbiError::kTypeMismatch);
            return encode_tuple(t.components, *v, out);
        }
    }
    return unexpected(AbiError::kTypeMismatch);
}

Result<void, AbiError> encode_tuple(std::span<const Type> types, std::span<const Value> values, Bytes& out) {
    if (types.size() != values.size()) return unexpected(AbiError::kTypeMismatch);
    std::size_t heads_size = 0;
    for (const auto& t : types) heads_size += head_size(t);
    Bytes heads;
    Bytes tails;
    for (std::size_t i = 0; i < types.size(); ++i) {
        if (is_dynamic(types[i])) {
            append_word(heads, U256{heads_size + tails.size()});
            auto r = encode_value(types[i], values[i], tails);
            if (!r) return unexpected(r.error());
        } else {
            auto r = encode_value(types[i], values[i], heads);
            if (!r) return unexpected(r.error());
        }
    }
    append(out, heads);
    append(out, tails);
    return {};
}

Result<B256, AbiError> read_word(ByteView data, std::size_t pos) {
    if (pos > data.size() || data.size() - pos < kWord) return unexpected(AbiError::kDataTooShort);
    B256 w{};
    std::copy_n(data.begin() + static_cast<std::ptrdiff_t>(pos), kWord, w.begin());
    return w;
}

// A word used as an offset or length: must fit comfortably below the data size.
Result<std::size_t, AbiError> read_size(ByteView data, std::size_t pos, std::size_t limit) {
    auto w = read_word(data, pos);
    if (!w) return unexpected(w.error());
    auto v = U256::from_be(*w).to_u64();
    if (!v || *v > limit) return unexpected(AbiError::kBadOffset);
    return static_cast<std::size_t>(*v);
}

bool all_zero(ByteView v) {
    return std::all_of(v.begin(), v.end(), [](std::uint8_t b) { return b == 0; });
}

Result<std::vector<Value>, AbiError> decode_tuple(std::span<const Type> types, ByteView data);

// Decodes a value whose encoding starts at the beginning of `data`.
Result<Value, AbiError> decode_value(const Type& t, ByteView data) {
    switch (t.kind) {
        case Kind::kUint: {
            auto w = read_word(data, 0);
            if (!w) return unexpected(w.error());
            if (t.bits == 0 || t.bits > 256) return unexpected(AbiError::kTypeMismatch);
            const U256 v = U256::from_be(*w);
            if (v.bit_length() > t.bits) return unexpected(AbiError::kBadPadding);
            return Value{v};
        }
        case Kind::kAddress: {
            auto w = read_word(data, 0);
            if (!w) return unexpected(w.error());
            if (!all_zero(ByteView{*w}.first(12))) return unexpected(AbiError::kBadPadding);
            Address a{};
            std::copy_n(w->begin() + 12, 20, a.begin());
            return Value{a};
        }
        case Kind::kBool: {
            auto w = read_word(data, 0);
            if (!w) return unexpected(w.error());
            const U256 v = U256::from_be(*w);
            if (v > U256{1}) return unexpected(AbiError::kBadPadding);
            return Value{v == U256{1}};
        }
        case Kind::kBytes32: {
            auto w = read_word(data, 0);
            if (!w) return unexpected(w.error());
            return Value{*w};
        }
        case Kind::kBytes:
        case Kind::kString: {
            auto len = read_size(data, 0, data.size());
            if (!len) return unexpected(len.error());
            const std::size_t padded = (*len + kWord - 1) / kWord * kWord;
            if (data.size() - kWord < padded) return unexpected(AbiError::kDataTooShort);
            const ByteView content = data.subspan(kWord, *len);
            if (!all_zero(data.subspan(kWord + *len, padded - *len)))
                return unexpected(AbiError::kBadPadding);
            if (t.kind == Kind::kBytes) return Value{to_bytes(content)};
            return Value{std::string(content.begin(), content.end())};
        }
        case Kind::kTuple: {
            auto parts = decode_tuple(t.components, data);
            if (!parts) return unexpected(parts.error());
            return Value{std::move(*parts)};
        }
    }
    return unexpected(AbiError::kTypeMismatch);
}

Result<std::vector<Value>, AbiError> decode_tuple(std::span<const Type> types, ByteView data) {
    std::vector<Value> out;
    out.reserve(types.size());
    std::size_t pos = 0;
    for (const auto& t : types) {
        ByteView at;
        if (is_dynamic(t)) {
            auto offset = read_size(data, pos, data.size());
            if (!offset) return unexpected(offset.error());
            at = data.subspan(*offset);
        } else {
            if (pos > data.size()) return unexpected(AbiError::kDataTooShort);
            at = data.subspan(pos);
        }
        auto v = decode_value(t, at);
        if (!v) return unexpected(v.error());
        out.push_back(std::move(*v));
        pos += head_size(t);
    }
    return out;
}

constexpr Selector kErrorStringSelector{0x08, 0xc3, 0x79, 0xa0};  // Error(string)

}  // namespace

Result<Bytes, AbiError> encode(std::span<const Type> types, std::span<const Value> values) {
    Bytes out;
    auto r = encode_tuple(types, values, out);
    if (!r) return unexpected(r.error());
    return out;
}

Result<Bytes, AbiError> encode_call(const Selector& sel, std::span<const Type> types,
                                    std::span<const Value> values) {
    Bytes out(sel.begin(), sel.end());
    auto r = encode_tuple(types, values, out);
    if (!r) return unexpected(r.error());
    return out;
}

Result<std::vector<Value>, AbiError> decode(std::span<const Type> types, ByteView data) {
    return decode_tuple(types, data);
}

Result<std::string, AbiError> decode_revert_reason(ByteView revert_data) {
    if (revert_data.size() < 4 ||
        !std::equal(kErrorStringSelector.begin(), kErrorStringSelector.end(), revert_data.begin())) {
        return unexpected(AbiError::kNotError);
    }
    const Type types[] = {string_type()};
    auto values = decode_tuple(types, revert_data.subspan(4));
    if (!values) return unexpected(values.error());
    return std::get<std::string>((*values)[0].v);
}

Result<CustomError, AbiError> decode_custom_error(ByteView revert_data, std::span<const Type> types) {
    if (revert_data.size() < 4) return unexpected(AbiError::kDataTooShort);
    CustomError out;
    std::copy_n(revert_data.begin(), 4, out.selector.begin());
    auto args = decode_tuple(types, revert_data.subspan(4));
    if (!args) return unexpected(args.error());
    out.args = std::move(*args);
    return out;
}

}  // namespace baton::abi
