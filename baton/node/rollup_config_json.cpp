// SPDX-License-Identifier: MIT
// One job, one file: rollup.json <-> RollupConfig. The decoder is most of it, because every key
// op-node and kona write is read by name and checked at every level; the encoder mirrors it and
// stays beside it, so that a key added to one is added to the other.
#include <baton/node/rollup_config_json.hpp>

#include <baton/core/hex.hpp>

#include <functional>
#include <map>
#include <set>
#include <vector>

namespace baton::node {

using nlohmann::json;
using protocol::RollupConfig;
using protocol::RollupConfigError;

const char* to_string(RollupConfigJsonError e) noexcept {
    switch (e) {
        case RollupConfigJsonError::kSyntax:
            return "malformed JSON";
        case RollupConfigJsonError::kUnknownField:
            return "unknown field";
        case RollupConfigJsonError::kWrongType:
            return "wrong JSON type";
        case RollupConfigJsonError::kInvalidValue:
            return "invalid value";
        case RollupConfigJsonError::kCheck:
            return "invalid rollup config";
        case RollupConfigJsonError::kDuplicateField:
            return "duplicate field";
        case RollupConfigJsonError::kUnsupported:
            return "unsupported by Baton";
    }
    return "unknown rollup config JSON error";
}

namespace {

using Failure = RollupConfigJsonFailure;
using Status = Result<void, Failure>;

Unexpected<Failure> fail(RollupConfigJsonError e, std::string path, std::string message,
                         std::optional<RollupConfigError> check = std::nullopt) {
    return baton::unexpected(Failure{e, std::move(path), std::move(message), check});
}

std::string join(const std::string& prefix, const std::string& key) {
    return prefix.empty() ? key : prefix + "." + key;
}

Status read_u64(const json& v, const std::string& path, std::uint64_t& out) {
    if (v.is_null()) {
        out = 0;
        return {};
    }
    if (!v.is_number_unsigned()) {
        return fail(RollupConfigJsonError::kWrongType, path, "expected an unsigned integer");
    }
    out = v.get<std::uint64_t>();
    return {};
}

Status read_opt_u64(const json& v, const std::string& path, std::optional<std::uint64_t>& out) {
    if (v.is_null()) {
        out.reset();
        return {};
    }
    std::uint64_t value = 0;
    auto r = read_u64(v, path, value);
    if (!r) return r;
    out = value;
    return {};
}

template <std::size_t N>
Status read_fixed(const json& v, const std::string& path, FixedBytes<N>& out) {
    if (v.is_null()) {
        out = {};
        return {};
    }
    if (!v.is_string()) return fail(RollupConfigJsonError::kWrongType, path, "expected a hex string");
    auto bytes = decode_hex_fixed<N>(v.get<std::string>());
    if (!bytes) {
        return fail(RollupConfigJsonError::kInvalidValue, path,
                    "expected " + std::to_string(N) + " bytes of hex");
    }
    out = *bytes;
    return {};
}

// Walks an object, dispatching known keys to handlers and rejecting every other key.
Status read_object(
    const json& obj, const std::string& path,
    const std::map<std::string, std::function<Status(const json&, const std::string&)>>& fields) {
    if (!obj.is_object()) return fail(RollupConfigJsonError::kWrongType, path, "expected an object");
    // Unknown keys first, so the error names the stray key rather than a nested defect.
    for (const auto& [key, value] : obj.items()) {
        if (!fields.contains(key)) {
            return fail(RollupConfigJsonError::kUnknownField, join(path, key), "unknown field '" + key + "'");
        }
    }
    for (const auto& [key, value] : obj.items()) {
        auto r = fields.at(key)(value, join(path, key));
        if (!r) return r;
    }
    return {};
}

Status read_block_id(const json& v, const std::string& path, protocol::BlockId& out) {
    return read_object(
        v, path,
        {{"hash", [&](const json& x, const std::string& p) { return read_fixed(x, p, out.hash); }},
         {"number", [&](const json& x, const std::string& p) { return read_u64(x, p, out.number); }}});
}

Status read_u32_into(const json& x, const std::string& p, std::uint32_t& out,
                     std::uint64_t max = 0xffffffff) {
    std::uint64_t v = 0;
    auto r = read_u64(x, p, v);
    if (!r) return r;
    if (v > max) return fail(RollupConfigJsonError::kInvalidValue, p, "value out of range");
    out = static_cast<std::uint32_t>(v);
    return {};
}

Status read_system_config(const json& v, const std::string& path, protocol::SystemConfig& out) {
    std::optional<Address> batcher_addr;
    std::optional<B256> batcher_hash;
    std::uint32_t da_footprint = 0;
    // op-node and kona spell the EIP-1559 and operator-fee parameters differently; either spelling is
    // read, both at once is refused (which one would win is not obvious to the reader of the file).
    bool eip1559_packed = false;
    const char* eip1559_split = nullptr;  // the kona key seen, for the error's path
    bool operator_fee_packed = false;
    const char* operator_fee_split = nullptr;
    Status s = read_object(
        v, path,
        {{"batcherAddr",
          [&](const json& x, const std::string& p) {
              Address a{};
              auto r = read_fixed(x, p, a);
              if (r) batcher_addr = a;
              return r;
          }},
         {"batcherHash",  // Baton extension
          [&](const json& x, const std::string& p) {
              B256 h{};
              auto r = read_fixed(x, p, h);
              if (!r) return r;
              if (!protocol::decode_batcher_hash(h)) {
                  return Status(fail(RollupConfigJsonError::kInvalidValue, p, "unknown batcherHash version"));
              }
              batcher_hash = h;
              return r;
          }},
         {"overhead", [&](const json& x, const std::string& p) { return read_fixed(x, p, out.overhead); }},
         {"scalar", [&](const json& x, const std::string& p) { return read_fixed(x, p, out.scalar); }},
         {"gasLimit", [&](const json& x, const std::string& p) { return read_u64(x, p, out.gas_limit); }},
         {"eip1559Params",  // op-node (Holocene): bytes8 = denominator u32 ++ elasticity u32
          [&](const json& x, const std::string& p) {
              eip1559_packed = true;
              FixedBytes<8> b{};
              auto r = read_fixed(x, p, b);
              if (!r) return r;
              out.eip1559_denominator = static_cast<std::uint32_t>(load_be(ByteView(b).first(4)));
              out.eip1559_elasticity = static_cast<std::uint32_t>(load_be(ByteView(b).last(4)));
              return r;
          }},
         {"eip1559Denominator",  // kona
          [&](const json& x, const std::string& p) {
              eip1559_split = "eip1559Denominator";
              return read_u32_into(x, p, out.eip1559_denominator);
          }},
         {"eip1559Elasticity",  // kona
          [&](const json& x, const std::string& p) {
              eip1559_split = "eip1559Elasticity";
              return read_u32_into(x, p, out.eip1559_elasticity);
          }},
         {"operatorFeeParams",  // op-node (Isthmus): bytes32, scalar u32 at 20..24, constant u64 at 24..32
          [&](const json& x, const std::string& p) {
              operator_fee_packed = true;
              B256 b{};
              auto r = read_fixed(x, p, b);
              if (!r) return r;
              // Like op-node, bytes 0..20 are not read: only these two fields reach L2.
              out.operator_fee_scalar = static_cast<std::uint32_t>(load_be(ByteView(b).subspan(20, 4)));
              out.operator_fee_constant = load_be(ByteView(b).subspan(24, 8));
              return r;
          }},
         {"operatorFeeScalar",  // kona
          [&](const json& x, const std::string& p) {
              operator_fee_split = "operatorFeeScalar";
              return read_u32_into(x, p, out.operator_fee_scalar);
          }},
         {"operatorFeeConstant",  // kona
          [&](const json& x, const std::string& p) {
              operator_fee_split = "operatorFeeConstant";
              return read_u64(x, p, out.operator_fee_constant);
          }},
         {"minBaseFee",
          [&](const json& x, const std::string& p) { return read_u64(x, p, out.min_base_fee); }},
         {"daFootprintGasScalar",
          [&](const json& x, const std::string& p) { return read_u32_into(x, p, da_footprint, 0xffff); }},
         // kona's split of the Ecotone scalar; derivation reads `scalar`, so these are validated and
         // otherwise carry nothing new.
         {"baseFeeScalar",
          [&](const json& x, const std::string& p) {
              std::uint32_t ignored = 0;
              return read_u32_into(x, p, ignored);
          }},
         {"blobBaseFeeScalar", [&](const json& x, const std::string& p) {
              std::uint32_t ignored = 0;
              return read_u32_into(x, p, ignored);
          }}});
    if (!s) return s;
    out.da_footprint_gas_scalar = static_cast<std::uint16_t>(da_footprint);
    if (batcher_addr && batcher_hash) {
        return fail(RollupConfigJsonError::kInvalidValue, join(path, "batcherHash"),
                    "give either batcherAddr or batcherHash, not both");
    }
    if (eip1559_packed && eip1559_split) {
        return fail(RollupConfigJsonError::kInvalidValue, join(path, eip1559_split),
                    "give either eip1559Params (op-node) or eip1559Denominator/eip1559Elasticity (kona), not "
                    "both");
    }
    if (operator_fee_packed && operator_fee_split) {
        return fail(
            RollupConfigJsonError::kInvalidValue, join(path, operator_fee_split),
            "give either operatorFeeParams (op-node) or operatorFeeScalar/operatorFeeConstant (kona), "
            "not both");
    }
    if (batcher_addr) out.batcher_hash = protocol::make_batcher_hash(*batcher_addr);
    if (batcher_hash) out.batcher_hash = *batcher_hash;
    return {};
}

Status read_chain_id(const json& v, const std::string& path, std::uint64_t& out, bool l1) {
    if (v.is_null()) {
        return fail(RollupConfigJsonError::kCheck, path, "missing",
                    l1 ? RollupConfigError::kMissingL1ChainId : RollupConfigError::kMissingL2ChainId);
    }
    if (v.is_number_integer() && !v.is_number_unsigned()) {
        return fail(RollupConfigJsonError::kCheck, path, "not positive",
                    l1 ? RollupConfigError::kL1ChainIdNotPositive : RollupConfigError::kL2ChainIdNotPositive);
    }
    return read_u64(v, path, out);
}

Status read_chain_op_config(const json& v, const std::string& path,
                            std::optional<protocol::ChainOpConfig>& out) {
    if (v.is_null()) {
        out.reset();
        return {};
    }
    protocol::ChainOpConfig c;
    auto u64 = [](std::uint64_t& field) {
        return [&field](const json& x, const std::string& p) { return read_u64(x, p, field); };
    };
    // op-node spells these camelCase; kona also accepts snake_case.
    auto s = read_object(v, path,
                         {{"eip1559Elasticity", u64(c.eip1559_elasticity)},
                          {"eip1559Denominator", u64(c.eip1559_denominator)},
                          {"eip1559DenominatorCanyon", u64(c.eip1559_denominator_canyon)},
                          {"eip1559_elasticity", u64(c.eip1559_elasticity)},
                          {"eip1559_denominator", u64(c.eip1559_denominator)},
                          {"eip1559_denominator_canyon", u64(c.eip1559_denominator_canyon)}});
    if (!s) return s;
    out = c;
    return {};
}

}  // namespace

Result<RollupConfig, RollupConfigJsonFailure> decode_rollup_config_json(const json& doc) {
    RollupConfig cfg;
    bool have_l1_chain_id = false;
    bool have_l2_chain_id = false;
    auto u64 = [](std::uint64_t& field) {
        return [&field](const json& x, const std::string& p) { return read_u64(x, p, field); };
    };
    auto fork = [](std::optional<std::uint64_t>& field) {
        return [&field](const json& x, const std::string& p) { return read_opt_u64(x, p, field); };
    };
    auto address = [](Address& field) {
        return [&field](const json& x, const std::string& p) { return read_fixed(x, p, field); };
    };
    auto genesis = [&cfg](const json& x, const std::string& p) {
        return read_object(
            x, p,
            {{"l1", [&](const json& y, const std::string& q) { return read_block_id(y, q, cfg.genesis.l1); }},
             {"l2", [&](const json& y, const std::string& q) { return read_block_id(y, q, cfg.genesis.l2); }},
             {"l2_time",
              [&](const json& y, const std::string& q) { return read_u64(y, q, cfg.genesis.l2_time); }},
             {"system_config", [&](const json& y, const std::string& q) {
                  return read_system_config(y, q, cfg.genesis.system_config);
              }}});
    };
    // Baton derives from calldata and blobs only; op-node omits these keys on such chains, and older
    // versions wrote them as null, false, zero or the zero address.
    auto alt_da = [](const json& x, const std::string& p) {
        const bool unset =
            x.is_null() || (x.is_boolean() && !x.get<bool>()) ||
            (x.is_number_unsigned() && x.get<std::uint64_t>() == 0) ||
            (x.is_string() && x.get<std::string>() == "0x0000000000000000000000000000000000000000");
        if (unset) return Status{};
        return Status(fail(RollupConfigJsonError::kUnsupported, p,
                           "alt-DA is not supported: Baton derives only from calldata and blobs on L1"));
    };
    auto s =
        read_object(doc, "",
                    {{"genesis", genesis},
                     {"block_time", u64(cfg.block_time)},
                     {"max_sequencer_drift", u64(cfg.max_sequencer_drift)},
                     {"seq_window_size", u64(cfg.seq_window_size)},
                     {"channel_timeout", u64(cfg.channel_timeout)},
                     {"l1_chain_id",
                      [&](const json& x, const std::string& p) {
                          have_l1_chain_id = true;
                          return read_chain_id(x, p, cfg.l1_chain_id, true);
                      }},
                     {"l2_chain_id",
                      [&](const json& x, const std::string& p) {
                          have_l2_chain_id = true;
                          return read_chain_id(x, p, cfg.l2_chain_id, false);
                      }},
                     {"regolith_time", fork(cfg.regolith_time)},
                     {"canyon_time", fork(cfg.canyon_time)},
                     {"delta_time", fork(cfg.delta_time)},
                     {"ecotone_time", fork(cfg.ecotone_time)},
                     {"fjord_time", fork(cfg.fjord_time)},
                     {"granite_time", fork(cfg.granite_time)},
                     {"holocene_time", fork(cfg.holocene_time)},
                     {"pectra_blob_schedule_time", fork(cfg.pectra_blob_schedule_time)},
                     {"isthmus_time", fork(cfg.isthmus_time)},
                     {"jovian_time", fork(cfg.jovian_time)},
                     {"interop_time", fork(cfg.interop_time)},
                     {"baton_time", fork(cfg.baton_time)},
                     {"l2_blocks_per_channel", u64(cfg.l2_blocks_per_channel)},
                     {"batch_inbox_address", address(cfg.batch_inbox_address)},
                     {"deposit_contract_address", address(cfg.deposit_contract_address)},
                     {"l1_system_config_address", address(cfg.l1_system_config_address)},
                     {"protocol_versions_address", address(cfg.protocol_versions_address)},
                     {"chain_op_config",
                      [&](const json& x, const std::string& p) {
                          return read_chain_op_config(x, p, cfg.chain_op_config);
                      }},
                     {"alt_da", alt_da},
                     // Alt-DA as op-node wrote it before `alt_da` (v1.7-v1.9): refused the same way when set.
                     {"plasma_config", alt_da},
                     {"use_plasma", alt_da},
                     {"da_challenge_contract_address", alt_da},
                     {"da_challenge_window", alt_da},
                     {"da_resolve_window", alt_da}});
    if (!s) return baton::unexpected(s.error());
    if (!have_l1_chain_id) {
        return fail(RollupConfigJsonError::kCheck, "l1_chain_id", "missing",
                    RollupConfigError::kMissingL1ChainId);
    }
    if (!have_l2_chain_id) {
        return fail(RollupConfigJsonError::kCheck, "l2_chain_id", "missing",
                    RollupConfigError::kMissingL2ChainId);
    }
    return cfg;
}

namespace {

// nlohmann keeps the last of two equal keys without a word, so a rollup.json edited by hand could
// run with the value the operator did not look at. The parser callback sees every key as it is read;
// this records the first repeat and its path.
class DuplicateKeyFinder {
public:
    bool on_event(int /*depth*/, json::parse_event_t event, const json& parsed) {
        switch (event) {
            case json::parse_event_t::object_start:
                frames_.push_back({true, {}, {}});
                break;
            case json::parse_event_t::array_start:
                frames_.push_back({false, {}, {}});
                break;
            case json::parse_event_t::object_end:
            case json::parse_event_t::array_end:
                if (!frames_.empty()) frames_.pop_back();
                break;
            case json::parse_event_t::key: {
                if (frames_.empty()) break;
                auto& frame = frames_.back();
                frame.current = parsed.get<std::string>();
                if (!frame.keys.insert(frame.current).second && !duplicate_) duplicate_ = current_path();
                break;
            }
            case json::parse_event_t::value:
                break;
        }
        return true;
    }
    const std::optional<std::string>& duplicate() const { return duplicate_; }

private:
    struct Frame {
        bool is_object;
        std::set<std::string> keys;
        std::string current;
    };
    std::string current_path() const {
        std::string path;
        for (const auto& f : frames_) path = f.is_object ? join(path, f.current) : path + "[]";
        return path;
    }
    std::vector<Frame> frames_;
    std::optional<std::string> duplicate_;
};

}  // namespace

Result<RollupConfig, RollupConfigJsonFailure> decode_rollup_config_json(std::string_view text) {
    DuplicateKeyFinder finder;
    const auto doc = json::parse(
        text,
        [&finder](int depth, json::parse_event_t event, json& parsed) {
            return finder.on_event(depth, event, parsed);
        },
        /*allow_exceptions=*/false);
    if (doc.is_discarded())
        return fail(RollupConfigJsonError::kSyntax, "", "rollup config is not valid JSON");
    if (const auto& path = finder.duplicate()) {
        const auto dot = path->rfind('.');
        const auto key = dot == std::string::npos ? *path : path->substr(dot + 1);
        return fail(RollupConfigJsonError::kDuplicateField, *path, "duplicate field '" + key + "'");
    }
    return decode_rollup_config_json(doc);
}

Result<RollupConfig, RollupConfigJsonFailure> load_rollup_config_json(std::string_view text) {
    auto cfg = decode_rollup_config_json(text);
    if (!cfg) return cfg;
    const auto checked = cfg->check();
    if (!checked) {
        const auto& f = checked.error();
        return fail(RollupConfigJsonError::kCheck, "",
                    f.detail.empty() ? std::string(protocol::to_string(f.error)) : f.detail, f.error);
    }
    return cfg;
}

Result<RollupConfig, RollupConfigJsonFailure> load_runnable_rollup_config_json(std::string_view text) {
    auto cfg = load_rollup_config_json(text);
    if (!cfg) return cfg;
    const auto unsupported = cfg->unsupported_features();
    if (!unsupported.empty()) {
        std::string message;
        for (const auto& u : unsupported) message += (message.empty() ? "" : "; ") + u.detail;
        return fail(RollupConfigJsonError::kUnsupported, "", std::move(message), unsupported.front().error);
    }
    return cfg;
}

std::string to_one_line(const RollupConfigJsonFailure& failure) {
    // Messages say what is wrong and `path` says where; a message that already starts with its
    // path (a check() text such as "l1_chain_id is missing") is not prefixed twice.
    if (failure.path.empty() || failure.message.starts_with(failure.path)) return failure.message;
    return failure.path + ": " + failure.message;
}

std::vector<NamedForkTime> fork_times(const RollupConfig& cfg) {
    return {
        {"regolith_time", cfg.regolith_time}, {"canyon_time", cfg.canyon_time},
        {"delta_time", cfg.delta_time},       {"ecotone_time", cfg.ecotone_time},
        {"fjord_time", cfg.fjord_time},       {"granite_time", cfg.granite_time},
        {"holocene_time", cfg.holocene_time}, {"pectra_blob_schedule_time", cfg.pectra_blob_schedule_time},
        {"isthmus_time", cfg.isthmus_time},   {"jovian_time", cfg.jovian_time},
        {"interop_time", cfg.interop_time},   {"baton_time", cfg.baton_time}};
}

json encode_rollup_config_json(const RollupConfig& cfg) {
    const auto& sc = cfg.genesis.system_config;
    json system_config = {
        {"overhead", to_hex(sc.overhead)}, {"scalar", to_hex(sc.scalar)}, {"gasLimit", sc.gas_limit}};
    const auto auth = protocol::decode_batcher_hash(sc.batcher_hash);
    if (auth && auth->version == protocol::BatcherHashVersion::kAddress) {
        system_config["batcherAddr"] = to_hex(auth->batcher);
    } else {
        system_config["batcherHash"] = to_hex(sc.batcher_hash);
    }
    // op-node's names and shapes (Isthmus): both packed words always, as op-node writes them; the
    // Jovian fields only when set, since an op-node before Jovian refuses keys it does not know.
    Bytes eip1559_params;
    append_be(eip1559_params, sc.eip1559_denominator, 4);
    append_be(eip1559_params, sc.eip1559_elasticity, 4);
    system_config["eip1559Params"] = to_hex(eip1559_params);
    Bytes operator_fee_params(20, 0);
    append_be(operator_fee_params, sc.operator_fee_scalar, 4);
    append_be(operator_fee_params, sc.operator_fee_constant, 8);
    system_config["operatorFeeParams"] = to_hex(operator_fee_params);
    if (sc.min_base_fee != 0) system_config["minBaseFee"] = sc.min_base_fee;
    if (sc.da_footprint_gas_scalar != 0) system_config["daFootprintGasScalar"] = sc.da_footprint_gas_scalar;

    json out = {
        {"genesis",
         {{"l1", {{"hash", to_hex(cfg.genesis.l1.hash)}, {"number", cfg.genesis.l1.number}}},
          {"l2", {{"hash", to_hex(cfg.genesis.l2.hash)}, {"number", cfg.genesis.l2.number}}},
          {"l2_time", cfg.genesis.l2_time},
          {"system_config", system_config}}},
        {"block_time", cfg.block_time},
        {"max_sequencer_drift", cfg.max_sequencer_drift},
        {"seq_window_size", cfg.seq_window_size},
        {"channel_timeout", cfg.channel_timeout},
        {"l1_chain_id", cfg.l1_chain_id},
        {"l2_chain_id", cfg.l2_chain_id},
        {"batch_inbox_address", to_hex(cfg.batch_inbox_address)},
        {"deposit_contract_address", to_hex(cfg.deposit_contract_address)},
        {"l1_system_config_address", to_hex(cfg.l1_system_config_address)},
        {"protocol_versions_address", to_hex(cfg.protocol_versions_address)},
    };
    for (const auto& [name, time] : fork_times(cfg)) {
        if (time) out[name] = *time;
    }
    if (cfg.baton_time || cfg.l2_blocks_per_channel != 0)
        out["l2_blocks_per_channel"] = cfg.l2_blocks_per_channel;
    if (cfg.chain_op_config) {
        out["chain_op_config"] = {
            {"eip1559Elasticity", cfg.chain_op_config->eip1559_elasticity},
            {"eip1559Denominator", cfg.chain_op_config->eip1559_denominator},
            {"eip1559DenominatorCanyon", cfg.chain_op_config->eip1559_denominator_canyon}};
    }
    return out;
}

}  // namespace baton::node
