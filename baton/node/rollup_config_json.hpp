// SPDX-License-Identifier: MIT
#pragma once

// rollup.json <-> protocol::RollupConfig. The format is op-node's (OP-PROTOCOL.md §9): snake_case
// top-level keys, camelCase keys inside genesis.system_config, unknown keys rejected at every level,
// fork times optional (absent or null = never). Like Go's decoder, an absent number or address
// reads as zero and RollupConfig::check() then names the rule it breaks.
//
// Baton extensions, all optional:
// - top level `baton_time` (u64) and `l2_blocks_per_channel` (u64 >= 1, required with baton_time);
// - genesis.system_config `batcherHash` (bytes32), an alternative to `batcherAddr` so a genesis can
//   start in leader-election mode (version byte 1). Giving both is an error.
//
// Chain ids are positive integers; the codec itself reports an absent/null id
// (kMissingL1ChainId / kMissingL2ChainId) and a negative one (k*ChainIdNotPositive), because the
// unsigned RollupConfig cannot hold those states.

#include <baton/core/result.hpp>
#include <baton/protocol/rollup_config.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace baton::node {

enum class [[nodiscard]] RollupConfigJsonError{
    kSyntax,        // not JSON
    kUnknownField,  // a key op-node (or Baton) does not know
    kWrongType,     // a value of the wrong JSON type (e.g. a string for a number)
    kInvalidValue,  // right type, bad content (bad hex, wrong length, out of range)
    kCheck,         // a chain-id rule of RollupConfig::check(), see `check`
};

const char* to_string(RollupConfigJsonError e) noexcept;

struct RollupConfigJsonFailure {
    RollupConfigJsonError error;
    std::string path;                                  // e.g. "genesis.system_config.gasLimit"
    std::string message;                               // one line naming what is wrong
    std::optional<protocol::RollupConfigError> check;  // set for kCheck
};

Result<protocol::RollupConfig, RollupConfigJsonFailure> decode_rollup_config_json(const nlohmann::json& doc);
Result<protocol::RollupConfig, RollupConfigJsonFailure> decode_rollup_config_json(std::string_view text);

// Decodes and then runs RollupConfig::check(); a check failure is reported as kCheck.
Result<protocol::RollupConfig, RollupConfigJsonFailure> load_rollup_config_json(std::string_view text);

nlohmann::json encode_rollup_config_json(const protocol::RollupConfig& config);

}  // namespace baton::node
