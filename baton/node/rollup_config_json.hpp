// SPDX-License-Identifier: MIT
#pragma once

// rollup.json <-> protocol::RollupConfig. The format is op-node's (OP-PROTOCOL.md §9): snake_case
// top-level keys, camelCase keys inside genesis.system_config, unknown keys rejected at every level,
// fork times optional (absent or null = never). Like Go's decoder, an absent number or address
// reads as zero and RollupConfig::check() then names the rule it breaks. Unlike nlohmann's (and
// Go's) decoder, a key given twice is an error, not "the last one wins".
//
// Every key op-node writes is read under op-node's name, and encoding writes op-node's names
// (`eip1559Params`, `operatorFeeParams`). kona's split spellings (`eip1559Denominator` /
// `eip1559Elasticity`, `operatorFeeScalar` / `operatorFeeConstant`, `baseFeeScalar` /
// `blobBaseFeeScalar`) are read too; giving one field in both spellings is an error. Alt-DA (`alt_da`,
// and the older `plasma_config` / `use_plasma` / `da_*` keys) is refused as kUnsupported when set.
//
// Baton extensions, all optional:
// - top level `baton_time` (u64) and `l2_blocks_per_channel` (1..3600, required with baton_time);
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
#include <vector>

namespace baton::node {

enum class [[nodiscard]] RollupConfigJsonError{
    kSyntax,          // not JSON
    kUnknownField,    // a key op-node (or Baton) does not know
    kWrongType,       // a value of the wrong JSON type (e.g. a string for a number)
    kInvalidValue,    // right type, bad content (bad hex, wrong length, out of range)
    kCheck,           // a chain-id rule of RollupConfig::check(), see `check`
    kDuplicateField,  // a key given twice in one object
    kUnsupported,     // valid for op-node, but Baton cannot run it (alt-DA, Jovian, ...)
};

const char* to_string(RollupConfigJsonError e) noexcept;

struct RollupConfigJsonFailure {
    RollupConfigJsonError error;
    std::string path;                                  // e.g. "genesis.system_config.gasLimit"
    std::string message;                               // one line naming what is wrong, without `path`
    std::optional<protocol::RollupConfigError> check;  // set for kCheck, and kUnsupported from a check
};

// "path: message" (the path once), or the message alone when there is no path.
std::string to_one_line(const RollupConfigJsonFailure& failure);

Result<protocol::RollupConfig, RollupConfigJsonFailure> decode_rollup_config_json(const nlohmann::json& doc);
Result<protocol::RollupConfig, RollupConfigJsonFailure> decode_rollup_config_json(std::string_view text);

// Decodes and then runs RollupConfig::check(); a check failure is reported as kCheck.
Result<protocol::RollupConfig, RollupConfigJsonFailure> load_rollup_config_json(std::string_view text);

// load_rollup_config_json, then refuses what RollupConfig::unsupported_features() lists (kUnsupported,
// every reason in one line): what `baton node` and `baton batcher` accept.
Result<protocol::RollupConfig, RollupConfigJsonFailure> load_runnable_rollup_config_json(
    std::string_view text);

nlohmann::json encode_rollup_config_json(const protocol::RollupConfig& config);

// rollup.json's activation-time fields by their op-node names, in op-node's order, then Baton's
// `baton_time` (one list for the encoder and `baton config check`).
struct NamedForkTime {
    const char* name;
    std::optional<std::uint64_t> time;
};
std::vector<NamedForkTime> fork_times(const protocol::RollupConfig& config);

}  // namespace baton::node
