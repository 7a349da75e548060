// SPDX-License-Identifier: MIT
#pragma once

// The base-fee rule of an OP L2 block: EIP-1559 on the parent block, with Holocene's per-block
// parameters when the payload attributes carry them.
//
//   eip1559Params (Holocene, 8 bytes):  denominator u32 ‖ elasticity u32, big-endian
//   gas target = parent gas_limit / elasticity
//   at the target: unchanged; above: + max(1, fee · (used − target) / (target · denominator));
//   below: − fee · (target − used) / (target · denominator), never under zero
//
// Holocene: params with a zero denominator or elasticity mean "the chain's defaults" (the engine's
// own, for anvil OP's pre-Canyon 50 and 6). Pure: the engine that builds the block fetches the
// parent and applies the result (node/anvil_engine).

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/core/u256.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace baton::protocol {

struct Eip1559Params {
    std::uint64_t denominator = 0;
    std::uint64_t elasticity = 0;

    friend bool operator==(const Eip1559Params&, const Eip1559Params&) = default;
};

// alloy BaseFeeParams::optimism(): OP's pre-Canyon defaults, which anvil --network optimism uses.
inline constexpr Eip1559Params kOptimismEip1559Params{.denominator = 50, .elasticity = 6};

enum class [[nodiscard]] BaseFeeError : std::uint8_t{
    kParentBaseFeeTooLarge,  // the parent's base fee does not fit 64 bits
};

std::string_view to_string(BaseFeeError error) noexcept;

// EIP-1559 next base fee (alloy calc_next_block_base_fee): unchanged at the gas target
// (gas_limit / elasticity), up by at least 1 above it, down (saturating) below it. A zero
// denominator, elasticity or target leaves the fee unchanged.
std::uint64_t next_base_fee(std::uint64_t parent_base_fee, std::uint64_t parent_gas_used,
                            std::uint64_t parent_gas_limit, std::uint64_t denominator,
                            std::uint64_t elasticity) noexcept;

// Holocene's eip1559Params as the attributes carry them (derive's AttributesBuilder encodes them
// from SystemConfig).
FixedBytes<8> encode_eip1559_params(std::uint32_t denominator, std::uint32_t elasticity) noexcept;
// nullopt when the denominator or the elasticity is zero: the chain's defaults apply.
std::optional<Eip1559Params> decode_eip1559_params(const FixedBytes<8>& params) noexcept;

// The base fee of the block built on a parent with this fee and gas: EIP-1559 with the
// attributes' `eip1559_params` when set and nonzero, else `defaults`.
Result<std::uint64_t, BaseFeeError> block_base_fee(const U256& parent_base_fee, std::uint64_t parent_gas_used,
                                                   std::uint64_t parent_gas_limit,
                                                   const std::optional<FixedBytes<8>>& eip1559_params,
                                                   Eip1559Params defaults) noexcept;

}  // namespace baton::protocol
