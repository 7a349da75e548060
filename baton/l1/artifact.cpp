// SPDX-License-Identifier: MIT
#include <baton/l1/artifact.hpp>

#include <baton/core/hex.hpp>
#include <baton/core/u256.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

namespace baton::l1 {

using nlohmann::json;

const char* to_string(ArtifactError e) noexcept {
    switch (e) {
        case ArtifactError::kFileNotFound:
            return "artifact not found";
        case ArtifactError::kUnreadable:
            return "artifact unreadable";
        case ArtifactError::kMalformedJson:
            return "artifact is not JSON";
        case ArtifactError::kMissingField:
            return "artifact field missing";
        case ArtifactError::kUnlinkedLibrary:
            return "unlinked library placeholder";
        case ArtifactError::kBadHex:
            return "bad bytecode hex";
        case ArtifactError::kEmptyBytecode:
            return "empty creation bytecode";
    }
    return "unknown artifact error";
}

std::string to_string(const ArtifactFailure& failure) {
    return std::string(to_string(failure.error)) + ": " + failure.detail;
}

namespace {

Unexpected<ArtifactFailure> fail(ArtifactError e, std::string detail) {
    return baton::unexpected(ArtifactFailure{e, std::move(detail)});
}

// Canonical type of an ABI parameter: tuples become "(t1,t2)" plus any array suffix.
Result<std::string, std::string> canonical_type(const json& param) {
    if (!param.is_object() || !param.contains("type") || !param["type"].is_string()) {
        return baton::unexpected(std::string("parameter without a string \"type\""));
    }
    const std::string type = param["type"].get<std::string>();
    if (type.rfind("tuple", 0) != 0) return type;
    if (!param.contains("components") || !param["components"].is_array()) {
        return baton::unexpected(std::string("tuple parameter without \"components\""));
    }
    std::string out = "(";
    bool first = true;
    for (const auto& c : param["components"]) {
        auto t = canonical_type(c);
        if (!t) return t;
        if (!first) out += ",";
        out += *t;
        first = false;
    }
    out += ")";
    out += type.substr(5);  // "[]", "[3]", … after "tuple"
    return out;
}

Result<Bytes, ArtifactFailure> read_bytecode(const json& doc, const char* field, const std::string& name,
                                             bool required) {
    const std::string where = name + ": " + field + ".object";
    if (!doc.contains(field) || !doc[field].is_object() || !doc[field].contains("object") ||
        !doc[field]["object"].is_string()) {
        if (!required) return Bytes{};
        return fail(ArtifactError::kMissingField, where);
    }
    const std::string text = doc[field]["object"].get<std::string>();
    // solc writes `__$<34 hex digits>$__` where a library address must be linked in.
    if (const auto at = text.find("__$"); at != std::string::npos) {
        return fail(ArtifactError::kUnlinkedLibrary, where + " at character " + std::to_string(at));
    }
    auto bytes = decode_hex(text);
    if (!bytes) {
        return fail(ArtifactError::kBadHex, where + ": " + to_string(bytes.error().error) + " at character " +
                                                std::to_string(bytes.error().offset));
    }
    return std::move(*bytes);
}

Result<std::vector<AbiEntry>, ArtifactFailure> read_abi(const json& doc, const std::string& name) {
    if (!doc.contains("abi") || !doc["abi"].is_array()) {
        return fail(ArtifactError::kMissingField, name + ": abi");
    }
    std::vector<AbiEntry> out;
    std::size_t index = 0;
    for (const auto& item : doc["abi"]) {
        const std::string where = name + ": abi[" + std::to_string(index++) + "]";
        if (!item.is_object() || !item.contains("type") || !item["type"].is_string()) {
            return fail(ArtifactError::kMissingField, where + ".type");
        }
        const std::string kind = item["type"].get<std::string>();
        AbiEntry entry;
        if (kind == "function") {
            entry.kind = AbiEntryKind::kFunction;
        } else if (kind == "constructor") {
            entry.kind = AbiEntryKind::kConstructor;
        } else if (kind == "fallback") {
            entry.kind = AbiEntryKind::kFallback;
        } else if (kind == "receive") {
            entry.kind = AbiEntryKind::kReceive;
        } else if (kind == "event") {
            entry.kind = AbiEntryKind::kEvent;
        } else if (kind == "error") {
            entry.kind = AbiEntryKind::kError;
        } else {
            continue;  // a future entry kind Baton does not use
        }
        if (item.contains("name")) {
            if (!item["name"].is_string()) return fail(ArtifactError::kMissingField, where + ".name");
            entry.name = item["name"].get<std::string>();
        }
        if (item.contains("inputs")) {
            if (!item["inputs"].is_array()) return fail(ArtifactError::kMissingField, where + ".inputs");
            for (const auto& input : item["inputs"]) {
                auto t = canonical_type(input);
                if (!t) return fail(ArtifactError::kMissingField, where + ".inputs: " + t.error());
                entry.input_types.push_back(std::move(*t));
            }
        }
        if (!entry.name.empty()) {
            entry.signature = entry.name + "(";
            for (std::size_t i = 0; i < entry.input_types.size(); ++i) {
                if (i != 0) entry.signature += ",";
                entry.signature += entry.input_types[i];
            }
            entry.signature += ")";
        }
        out.push_back(std::move(entry));
    }
    return out;
}

std::string format_value(const abi::Value& value) {
    struct Visitor {
        std::string operator()(const U256& v) const { return to_decimal(v); }
        std::string operator()(const Address& v) const { return to_hex(v); }
        std::string operator()(bool v) const { return v ? "true" : "false"; }
        std::string operator()(const B256& v) const { return to_hex(v); }
        std::string operator()(const Bytes& v) const { return to_hex(v); }
        std::string operator()(const std::string& v) const { return "\"" + v + "\""; }
        std::string operator()(const abi::Tuple& v) const {
            std::string out = "(";
            for (std::size_t i = 0; i < v.size(); ++i) {
                if (i != 0) out += ", ";
                out += format_value(v[i]);
            }
            return out + ")";
        }
    };
    return std::visit(Visitor{}, value.v);
}

}  // namespace

const AbiEntry* Artifact::find(AbiEntryKind kind, std::string_view entry_name) const noexcept {
    for (const auto& e : abi) {
        if (e.kind == kind && e.name == entry_name) return &e;
    }
    return nullptr;
}

const AbiEntry* Artifact::find_error(const abi::Selector& sel) const noexcept {
    for (const auto& e : abi) {
        if (e.kind == AbiEntryKind::kError && abi::selector(e.signature) == sel) return &e;
    }
    return nullptr;
}

Result<Artifact, ArtifactFailure> parse_artifact(std::string_view json_text, std::string name,
                                                 ArtifactUse use) {
    // nlohmann reports malformed input by exception unless asked not to; the non-throwing parse
    // yields a discarded value instead.
    const json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return fail(ArtifactError::kMalformedJson, name);
    if (!doc.is_object()) return fail(ArtifactError::kMissingField, name + ": top level is not an object");

    Artifact artifact;
    artifact.name = std::move(name);
    auto abi_entries = read_abi(doc, artifact.name);
    if (!abi_entries) return unexpected(abi_entries.error());
    artifact.abi = std::move(*abi_entries);

    if (use == ArtifactUse::kAbiOnly) return artifact;
    auto creation = read_bytecode(doc, "bytecode", artifact.name, /*required=*/true);
    if (!creation) return unexpected(creation.error());
    if (creation->empty()) {
        return fail(ArtifactError::kEmptyBytecode,
                    artifact.name + ": bytecode.object (abstract contract or interface?)");
    }
    artifact.creation_code = std::move(*creation);

    auto runtime = read_bytecode(doc, "deployedBytecode", artifact.name, /*required=*/false);
    if (!runtime) return unexpected(runtime.error());
    artifact.runtime_code = std::move(*runtime);
    return artifact;
}

Result<Artifact, ArtifactFailure> load_artifact(const std::filesystem::path& artifacts_dir,
                                                std::string_view contract, ArtifactUse use) {
    const std::string file_name = std::string(contract) + ".sol";
    const auto path = artifacts_dir / file_name / (std::string(contract) + ".json");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return fail(ArtifactError::kFileNotFound,
                    path.string() + " (run `make build` to compile the contracts)");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ArtifactError::kUnreadable, path.string());
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return fail(ArtifactError::kUnreadable, path.string());
    return parse_artifact(text.str(), std::string(contract), use);
}

std::filesystem::path default_artifacts_dir() {
    if (const char* env = std::getenv("BATON_ARTIFACTS_DIR"); env != nullptr && *env != '\0') return env;
    return std::filesystem::path(BATON_SOURCE_DIR) / "contracts" / "out";
}

std::optional<abi::Type> abi_type_of(std::string_view type) {
    if (type == "address") return abi::address_type();
    if (type == "bool") return abi::bool_type();
    if (type == "bytes32") return abi::bytes32_type();
    if (type == "bytes") return abi::bytes_type();
    if (type == "string") return abi::string_type();
    if (type.rfind("uint", 0) == 0) {
        unsigned bits = 256;
        const auto digits = type.substr(4);
        if (!digits.empty()) {
            const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
            if (ec != std::errc{} || ptr != digits.data() + digits.size()) return std::nullopt;
        }
        if (bits == 0 || bits > 256 || bits % 8 != 0) return std::nullopt;
        return abi::uint_type(bits);
    }
    return std::nullopt;
}

std::string describe_revert(const Artifact& artifact, ByteView revert_data) {
    if (revert_data.empty()) return "empty revert data";
    if (auto reason = abi::decode_revert_reason(revert_data)) return "Error(string): " + *reason;
    if (revert_data.size() < 4) return "malformed revert data " + to_hex(revert_data);

    abi::Selector sel{};
    std::copy(revert_data.begin(), revert_data.begin() + 4, sel.begin());
    const ByteView args = revert_data.subspan(4);
    if (sel == abi::selector("Panic(uint256)")) {
        const abi::Type types[] = {abi::uint_type()};
        if (auto code = abi::decode(types, args)) {
            const auto& v = std::get<U256>((*code)[0].v);
            return "Panic(" + to_quantity(v) + ")";
        }
    }
    if (const AbiEntry* entry = artifact.find_error(sel)) {
        std::vector<abi::Type> types;
        bool supported = true;
        for (const auto& t : entry->input_types) {
            auto type = abi_type_of(t);
            if (!type) {
                supported = false;
                break;
            }
            types.push_back(std::move(*type));
        }
        if (supported) {
            if (auto values = abi::decode(types, args)) {
                std::string out = entry->name + "(";
                for (std::size_t i = 0; i < values->size(); ++i) {
                    if (i != 0) out += ", ";
                    out += format_value((*values)[i]);
                }
                return out + ")";
            }
        }
        return entry->signature + " with undecoded args " + to_hex(args);
    }
    return "unknown error " + to_hex(sel) + " (args " + to_hex(args) + ")";
}

}  // namespace baton::l1
