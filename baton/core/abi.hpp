// SPDX-License-Identifier: MIT
#pragma once

// A minimal Solidity ABI codec for the calls Baton makes (leaderAt, nextWindow, SystemConfig
// setters) and the reverts it reads back. Supported types: uintN (N <= 256), address, bool,
// bytes32, dynamic bytes and string, and tuples of these. Arrays are not supported.
//
// Encoding follows the ABI spec's head/tail layout: static values inline in 32-byte words,
// dynamic values as an offset in the head and length ++ padded data in the tail. Decoding is
// strict about padding (non-zero high bytes of a uint/address/bool are kBadPadding), as solc's
// decoder reverts on them.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/core/u256.hpp>

#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace baton::abi {

enum class [[nodiscard]] AbiError{
    kDataTooShort,  // a word, offset target or length runs past the data
    kBadOffset,     // an offset (or length) pointing outside the data
    kBadPadding,    // non-zero bits outside a value's width, or non-zero tail padding
    kTypeMismatch,  // value kind does not match the declared type (encoding)
    kNotError,      // revert data does not start with the expected selector
};

const char* to_string(AbiError e) noexcept;

using Selector = FixedBytes<4>;

// First 4 bytes of keccak256 of a canonical signature, e.g. selector("transfer(address,uint256)").
Selector selector(std::string_view signature) noexcept;

enum class Kind { kUint, kAddress, kBool, kBytes32, kBytes, kString, kTuple };

struct Type {
    Kind kind{Kind::kUint};
    unsigned bits{256};            // for kUint: 8..256
    std::vector<Type> components;  // for kTuple
};

Type uint_type(unsigned bits = 256);
Type address_type();
Type bool_type();
Type bytes32_type();
Type bytes_type();
Type string_type();
Type tuple_type(std::vector<Type> components);

// A decoded or to-be-encoded value; the alternative must match the Type's kind:
// kUint → U256, kAddress → Address, kBool → bool, kBytes32 → B256, kBytes → Bytes,
// kString → std::string, kTuple → Tuple.
struct Value;
using Tuple = std::vector<Value>;
struct Value {
    std::variant<U256, Address, bool, B256, Bytes, std::string, Tuple> v;

    Value(U256 x) : v(x) {}                 // NOLINT(google-explicit-constructor)
    Value(std::uint64_t x) : v(U256{x}) {}  // NOLINT(google-explicit-constructor)
    Value(const Address& x) : v(x) {}       // NOLINT(google-explicit-constructor)
    // A template so that integer literals and pointers do not convert to bool ambiguously.
    template <class B>
    requires std::is_same_v<B, bool> Value(B x) : v(x) {}  // NOLINT(google-explicit-constructor)
    Value(const B256& x) : v(x) {}                         // NOLINT(google-explicit-constructor)
    Value(Bytes x) : v(std::move(x)) {}                    // NOLINT(google-explicit-constructor)
    Value(std::string x) : v(std::move(x)) {}              // NOLINT(google-explicit-constructor)
    Value(Tuple x) : v(std::move(x)) {}                    // NOLINT(google-explicit-constructor)

    friend bool operator==(const Value&, const Value&) = default;
};

// Encodes `values` as the tuple of their types (the layout of call arguments and return data).
// kTypeMismatch if a value does not fit its type (e.g. 300 for uint8).
Result<Bytes, AbiError> encode(std::span<const Type> types, std::span<const Value> values);
// selector ++ encode(types, values).
Result<Bytes, AbiError> encode_call(const Selector& sel, std::span<const Type> types,
                                    std::span<const Value> values);
// Decodes return data (or call arguments after the selector) as a tuple of `types`.
Result<std::vector<Value>, AbiError> decode(std::span<const Type> types, ByteView data);

// Revert data of `Error(string)` (selector 0x08c379a0): the reason; kNotError for other data.
Result<std::string, AbiError> decode_revert_reason(ByteView revert_data);

struct CustomError {
    Selector selector{};
    std::vector<Value> args;
};
// Splits revert data into selector and args decoded as `types`, for custom errors such as
// NotLeader(address,uint256). kDataTooShort with fewer than 4 bytes.
Result<CustomError, AbiError> decode_custom_error(ByteView revert_data, std::span<const Type> types);

}  // namespace baton::abi
