// SPDX-License-Identifier: MIT
#include <baton/protocol/base_fee.hpp>

namespace baton::protocol {

namespace {
// -Wpedantic flags the bare __int128 keyword; __extension__ marks the deliberate GNU use.
__extension__ using Uint128 = unsigned __int128;

std::uint64_t load_u32_be(const FixedBytes<8>& p, std::size_t at) noexcept {
    return (std::uint64_t{p[at]} << 24) | (std::uint64_t{p[at + 1]} << 16) | (std::uint64_t{p[at + 2]} << 8) |
           p[at + 3];
}
}  // namespace

std::string_view to_string(BaseFeeError error) noexcept {
    switch (error) {
        case BaseFeeError::kParentBaseFeeTooLarge:
            return "parent base fee does not fit 64 bits";
    }
    return "unknown base fee error";
}

std::uint64_t next_base_fee(std::uint64_t parent_base_fee, std::uint64_t parent_gas_used,
                            std::uint64_t parent_gas_limit, std::uint64_t denominator,
                            std::uint64_t elasticity) noexcept {
    if (elasticity == 0 || denominator == 0) return parent_base_fee;
    const std::uint64_t target = parent_gas_limit / elasticity;
    if (target == 0 || parent_gas_used == target) return parent_base_fee;
    // 128 bits: fee · gas delta overflows 64 bits long before either does.
    const Uint128 base = parent_base_fee;
    const Uint128 divisor = static_cast<Uint128>(target) * denominator;
    if (parent_gas_used > target) {
        const Uint128 delta = base * (parent_gas_used - target) / divisor;
        const Uint128 next = base + (delta == 0 ? 1 : delta);
        return next > UINT64_MAX ? UINT64_MAX : static_cast<std::uint64_t>(next);
    }
    const Uint128 delta = base * (target - parent_gas_used) / divisor;
    return delta >= base ? 0 : static_cast<std::uint64_t>(base - delta);
}

FixedBytes<8> encode_eip1559_params(std::uint32_t denominator, std::uint32_t elasticity) noexcept {
    FixedBytes<8> params{};
    for (std::size_t i = 0; i < 4; ++i) {
        params[i] = static_cast<std::uint8_t>(denominator >> (8 * (3 - i)));
        params[4 + i] = static_cast<std::uint8_t>(elasticity >> (8 * (3 - i)));
    }
    return params;
}

std::optional<Eip1559Params> decode_eip1559_params(const FixedBytes<8>& params) noexcept {
    const Eip1559Params out{.denominator = load_u32_be(params, 0), .elasticity = load_u32_be(params, 4)};
    if (out.denominator == 0 || out.elasticity == 0) return std::nullopt;
    return out;
}

Result<std::uint64_t, BaseFeeError> block_base_fee(const U256& parent_base_fee, std::uint64_t parent_gas_used,
                                                   std::uint64_t parent_gas_limit,
                                                   const std::optional<FixedBytes<8>>& eip1559_params,
                                                   Eip1559Params defaults) noexcept {
    Eip1559Params params = defaults;
    if (eip1559_params) {
        if (auto given = decode_eip1559_params(*eip1559_params)) params = *given;
    }
    auto parent = parent_base_fee.to_u64();
    if (!parent) return unexpected(BaseFeeError::kParentBaseFeeTooLarge);
    return next_base_fee(*parent, parent_gas_used, parent_gas_limit, params.denominator, params.elasticity);
}

}  // namespace baton::protocol
