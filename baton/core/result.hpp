// SPDX-License-Identifier: MIT
#pragma once

// baton::Result<T, E> is std::expected<T, E> wherever the standard library provides it (g++ 12 with
// -std=c++23). clang 14 cannot instantiate libstdc++'s <expected> (it needs P0848 conditionally
// trivial special members, so libstdc++ gates it on __cpp_concepts >= 202002), and the libFuzzer
// build uses clang. For that build a small shim with the std spelling stands in.
//
// Code constructs errors with baton::unexpected(e) (works with both) and otherwise uses only the
// std API subset both provide: has_value(), operator bool, value(), error(), operator*, operator->,
// value_or(). No and_then/transform: g++ 12 lacks them, so code uses explicit early returns.

#include <utility>
#include <version>

#if defined(__cpp_lib_expected)
#include <expected>

namespace baton {
template <class T, class E>
using Result = std::expected<T, E>;

template <class E>
using Unexpected = std::unexpected<E>;

template <class E>
constexpr std::unexpected<std::decay_t<E>> unexpected(E&& e) {
    return std::unexpected<std::decay_t<E>>(std::forward<E>(e));
}
}  // namespace baton

#else
#include <cstdlib>
#include <type_traits>
#include <variant>

namespace baton {

template <class E>
class Unexpected {
public:
    constexpr explicit Unexpected(E e) : error_(std::move(e)) {}
    constexpr const E& error() const& noexcept { return error_; }
    constexpr E& error() & noexcept { return error_; }

private:
    E error_;
};

template <class E>
constexpr Unexpected<std::decay_t<E>> unexpected(E&& e) {
    return Unexpected<std::decay_t<E>>(std::forward<E>(e));
}

namespace detail {
struct Empty {};
}  // namespace detail

template <class T, class E>
class Result {
    using Stored = std::conditional_t<std::is_void_v<T>, detail::Empty, T>;

public:
    using value_type = T;
    using error_type = E;

    constexpr Result() requires(std::is_void_v<T> || std::is_default_constructible_v<T>)
        : v_(std::in_place_index<0>) {}

    template <class U = Stored>
    requires(!std::is_void_v<T> && std::is_constructible_v<Stored, U&&> &&
             !std::is_same_v<std::remove_cvref_t<U>, Result> &&
             !std::is_same_v<std::remove_cvref_t<U>, Unexpected<E>>) constexpr Result(U&& value)
        : v_(std::in_place_index<0>, std::forward<U>(value)) {}  // NOLINT

    template <class G>
    requires std::is_constructible_v<E, const G&>
    constexpr Result(const Unexpected<G>& u) : v_(std::in_place_index<1>, E(u.error())) {}  // NOLINT

    template <class G>
    requires std::is_constructible_v<E, G&&>
    constexpr Result(Unexpected<G>&& u)  // NOLINT
        : v_(std::in_place_index<1>, E(std::move(u.error()))) {}

    constexpr bool has_value() const noexcept { return v_.index() == 0; }
    constexpr explicit operator bool() const noexcept { return has_value(); }

    constexpr decltype(auto) value() & { return check(), std::get<0>(v_); }
    constexpr decltype(auto) value() const& { return check(), std::get<0>(v_); }
    constexpr decltype(auto) value() && { return check(), std::move(std::get<0>(v_)); }
    // get_if rather than get: unchecked access like std::expected's, and noexcept (std::get
    // may throw bad_variant_access, which clang-tidy then reports from every noexcept caller).
    constexpr Stored& operator*() & noexcept { return *std::get_if<0>(&v_); }
    constexpr const Stored& operator*() const& noexcept { return *std::get_if<0>(&v_); }
    constexpr Stored&& operator*() && noexcept { return std::move(*std::get_if<0>(&v_)); }
    constexpr Stored* operator->() noexcept { return std::get_if<0>(&v_); }
    constexpr const Stored* operator->() const noexcept { return std::get_if<0>(&v_); }

    template <class U>
    constexpr Stored value_or(U&& fallback) const& {
        return has_value() ? std::get<0>(v_) : static_cast<Stored>(std::forward<U>(fallback));
    }

    constexpr E& error() & noexcept { return *std::get_if<1>(&v_); }
    constexpr const E& error() const& noexcept { return *std::get_if<1>(&v_); }
    constexpr E&& error() && noexcept { return std::move(*std::get_if<1>(&v_)); }

private:
    // std::expected throws bad_expected_access here; the shim has no exceptions to throw.
    constexpr void check() const {
        if (!has_value()) std::abort();
    }

    std::variant<Stored, E> v_;
};

}  // namespace baton
#endif
