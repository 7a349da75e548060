// SPDX-License-Identifier: MIT
#include <baton/l1/sync_status.hpp>

#include <baton/core/hex.hpp>

namespace baton::l1 {

using nlohmann::json;

const char* to_string(SyncStatusError e) noexcept {
    switch (e) {
        case SyncStatusError::kSyntax:
            return "malformed JSON";
        case SyncStatusError::kMissingField:
            return "missing field";
        case SyncStatusError::kWrongType:
            return "wrong JSON type";
        case SyncStatusError::kInvalidValue:
            return "invalid value";
    }
    return "unknown sync status error";
}

namespace {

using Failure = SyncStatusFailure;
using Status = Result<void, Failure>;

Unexpected<Failure> fail(SyncStatusError e, const std::string& path, const std::string& what) {
    return baton::unexpected(
        Failure{e, path, (path.empty() ? std::string("sync status") : path) + ": " + what});
}

std::string join(const std::string& prefix, const char* key) {
    return prefix.empty() ? std::string(key) : prefix + "." + key;
}

// The member `key` of object `v`, or an error naming it.
Result<const json*, Failure> member(const json& v, const std::string& prefix, const char* key) {
    const std::string path = join(prefix, key);
    auto it = v.find(key);
    if (it == v.end()) return fail(SyncStatusError::kMissingField, path, "missing");
    return &*it;
}

Status require_object(const json& v, const std::string& path) {
    if (!v.is_object()) return fail(SyncStatusError::kWrongType, path, "expected an object");
    return {};
}

Status read_u64(const json& v, const std::string& prefix, const char* key, std::uint64_t& out) {
    auto m = member(v, prefix, key);
    if (!m) return baton::unexpected(m.error());
    const json& value = **m;
    const std::string path = join(prefix, key);
    // nlohmann parses non-negative integers as unsigned; a signed one got here from code or is
    // negative. Floats are refused: a block number of 1.5 is a bug on the other side.
    if (value.is_number_unsigned()) {
        out = value.get<std::uint64_t>();
        return {};
    }
    if (value.is_number_integer()) {
        const auto signed_value = value.get<std::int64_t>();
        if (signed_value < 0) return fail(SyncStatusError::kInvalidValue, path, "negative number");
        out = static_cast<std::uint64_t>(signed_value);
        return {};
    }
    return fail(SyncStatusError::kWrongType, path, "expected an unsigned integer");
}

Status read_hash(const json& v, const std::string& prefix, const char* key, B256& out) {
    auto m = member(v, prefix, key);
    if (!m) return baton::unexpected(m.error());
    const json& value = **m;
    const std::string path = join(prefix, key);
    if (!value.is_string()) return fail(SyncStatusError::kWrongType, path, "expected a hex string");
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() != 66 || text[0] != '0' || text[1] != 'x')
        return fail(SyncStatusError::kInvalidValue, path, "expected 0x and 64 hex digits");
    auto bytes = decode_hex_fixed<32>(text);
    if (!bytes)
        return fail(SyncStatusError::kInvalidValue, path, std::string(to_string(bytes.error().error)));
    out = *bytes;
    return {};
}

std::string hex(const B256& h) {
    return to_hex(ByteView(h.data(), h.size()));
}

}  // namespace

json encode_l1_block_ref_json(const derive::L1BlockRef& ref) {
    return json{{"hash", hex(ref.hash)},
                {"number", ref.number},
                {"parentHash", hex(ref.parent_hash)},
                {"timestamp", ref.timestamp}};
}

json encode_l2_block_ref_json(const derive::L2BlockRef& ref) {
    return json{{"hash", hex(ref.hash)},
                {"number", ref.number},
                {"parentHash", hex(ref.parent_hash)},
                {"timestamp", ref.timestamp},
                {"l1origin", json{{"hash", hex(ref.l1_origin.hash)}, {"number", ref.l1_origin.number}}},
                {"sequenceNumber", ref.sequence_number}};
}

json encode_sync_status_json(const SyncStatus& status) {
    return json{{"current_l1", encode_l1_block_ref_json(status.current_l1)},
                {"head_l1", encode_l1_block_ref_json(status.head_l1)},
                {"safe_l1", encode_l1_block_ref_json(status.safe_l1)},
                {"finalized_l1", encode_l1_block_ref_json(status.finalized_l1)},
                {"unsafe_l2", encode_l2_block_ref_json(status.unsafe_l2)},
                {"safe_l2", encode_l2_block_ref_json(status.safe_l2)},
                {"finalized_l2", encode_l2_block_ref_json(status.finalized_l2)}};
}

Result<derive::L1BlockRef, SyncStatusFailure> decode_l1_block_ref_json(const json& v,
                                                                       const std::string& path) {
    if (auto r = require_object(v, path); !r) return baton::unexpected(r.error());
    derive::L1BlockRef ref;
    if (auto r = read_hash(v, path, "hash", ref.hash); !r) return baton::unexpected(r.error());
    if (auto r = read_u64(v, path, "number", ref.number); !r) return baton::unexpected(r.error());
    if (auto r = read_hash(v, path, "parentHash", ref.parent_hash); !r) return baton::unexpected(r.error());
    if (auto r = read_u64(v, path, "timestamp", ref.timestamp); !r) return baton::unexpected(r.error());
    return ref;
}

Result<derive::L2BlockRef, SyncStatusFailure> decode_l2_block_ref_json(const json& v,
                                                                       const std::string& path) {
    if (auto r = require_object(v, path); !r) return baton::unexpected(r.error());
    derive::L2BlockRef ref;
    if (auto r = read_hash(v, path, "hash", ref.hash); !r) return baton::unexpected(r.error());
    if (auto r = read_u64(v, path, "number", ref.number); !r) return baton::unexpected(r.error());
    if (auto r = read_hash(v, path, "parentHash", ref.parent_hash); !r) return baton::unexpected(r.error());
    if (auto r = read_u64(v, path, "timestamp", ref.timestamp); !r) return baton::unexpected(r.error());
    auto origin = member(v, path, "l1origin");
    if (!origin) return baton::unexpected(origin.error());
    const std::string origin_path = join(path, "l1origin");
    if (auto r = require_object(**origin, origin_path); !r) return baton::unexpected(r.error());
    if (auto r = read_hash(**origin, origin_path, "hash", ref.l1_origin.hash); !r)
        return baton::unexpected(r.error());
    if (auto r = read_u64(**origin, origin_path, "number", ref.l1_origin.number); !r)
        return baton::unexpected(r.error());
    if (auto r = read_u64(v, path, "sequenceNumber", ref.sequence_number); !r)
        return baton::unexpected(r.error());
    return ref;
}

namespace {

Status read_l1(const json& doc, const char* key, derive::L1BlockRef& out) {
    auto m = member(doc, {}, key);
    if (!m) return baton::unexpected(m.error());
    auto ref = decode_l1_block_ref_json(**m, key);
    if (!ref) return baton::unexpected(ref.error());
    out = *ref;
    return {};
}

Status read_l2(const json& doc, const char* key, derive::L2BlockRef& out) {
    auto m = member(doc, {}, key);
    if (!m) return baton::unexpected(m.error());
    auto ref = decode_l2_block_ref_json(**m, key);
    if (!ref) return baton::unexpected(ref.error());
    out = *ref;
    return {};
}

}  // namespace

Result<SyncStatus, SyncStatusFailure> decode_sync_status_json(const json& doc) {
    if (auto r = require_object(doc, {}); !r) return baton::unexpected(r.error());
    SyncStatus s;
    if (auto r = read_l1(doc, "current_l1", s.current_l1); !r) return baton::unexpected(r.error());
    if (auto r = read_l1(doc, "head_l1", s.head_l1); !r) return baton::unexpected(r.error());
    if (auto r = read_l1(doc, "safe_l1", s.safe_l1); !r) return baton::unexpected(r.error());
    if (auto r = read_l1(doc, "finalized_l1", s.finalized_l1); !r) return baton::unexpected(r.error());
    if (auto r = read_l2(doc, "unsafe_l2", s.unsafe_l2); !r) return baton::unexpected(r.error());
    if (auto r = read_l2(doc, "safe_l2", s.safe_l2); !r) return baton::unexpected(r.error());
    if (auto r = read_l2(doc, "finalized_l2", s.finalized_l2); !r) return baton::unexpected(r.error());
    return s;
}

Result<SyncStatus, SyncStatusFailure> decode_sync_status_json(std::string_view text) {
    // parse without exceptions: a discarded value marks a syntax error.
    json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return fail(SyncStatusError::kSyntax, {}, "not valid JSON");
    return decode_sync_status_json(doc);
}

}  // namespace baton::l1
