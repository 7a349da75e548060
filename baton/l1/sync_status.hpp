// SPDX-License-Identifier: MIT
#pragma once

// The node's sync status (op-node's eth.SyncStatus, cut to the fields Baton serves) and its JSON
// codec for `baton_syncStatus`. It lives in l1, not node: node serves it, but the batcher service
// and the devnet read it as clients of the rollup node, and the batcher service never links node.
// The shape is fixed:
//
//   {"current_l1":L1Ref, "head_l1":L1Ref, "safe_l1":L1Ref, "finalized_l1":L1Ref,
//    "unsafe_l2":L2Ref, "safe_l2":L2Ref, "finalized_l2":L2Ref}
//   L1Ref = {"hash":"0x…32 bytes", "number":N, "parentHash":"0x…", "timestamp":T}
//   L2Ref = L1Ref fields + {"l1origin":{"hash":"0x…","number":N}, "sequenceNumber":S}
//
// Numbers are JSON integers (not op-node's hex quantities: this is Baton's own method). The batcher
// and the devnet decode it from the wire, so decoding never throws: a missing field, a wrong type or
// a bad hash is a typed error whose path names the field ("safe_l2.l1origin.hash"). Keys the codec
// does not know are ignored, so a node that adds fields later does not break older readers.

#include <baton/core/result.hpp>
#include <baton/derive/block_ref.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace baton::l1 {

struct SyncStatus {
    derive::L1BlockRef current_l1;    // the derivation pipeline's L1 origin
    derive::L1BlockRef head_l1;       // L1 "latest"
    derive::L1BlockRef safe_l1;       // L1 "safe"
    derive::L1BlockRef finalized_l1;  // L1 "finalized"
    derive::L2BlockRef unsafe_l2;     // the sequencer's (or gossip's) tip
    derive::L2BlockRef safe_l2;       // derived from L1
    derive::L2BlockRef finalized_l2;  // derived from finalized L1

    friend bool operator==(const SyncStatus&, const SyncStatus&) = default;
};

enum class [[nodiscard]] SyncStatusError{
    kSyntax,        // not JSON (text overload only)
    kMissingField,  // a required key is absent
    kWrongType,     // a value of the wrong JSON type (a string for a number, a float, an array…)
    kInvalidValue,  // right type, bad content (bad hex, wrong hash length, negative number)
};

const char* to_string(SyncStatusError e) noexcept;

struct SyncStatusFailure {
    SyncStatusError error;
    std::string path;     // e.g. "safe_l2.l1origin.hash"; empty for the document itself
    std::string message;  // one line naming the field and what is wrong with it
};

nlohmann::json encode_l1_block_ref_json(const derive::L1BlockRef& ref);
nlohmann::json encode_l2_block_ref_json(const derive::L2BlockRef& ref);
nlohmann::json encode_sync_status_json(const SyncStatus& status);

// `path` prefixes the field names in error paths (empty for a top-level ref).
Result<derive::L1BlockRef, SyncStatusFailure> decode_l1_block_ref_json(const nlohmann::json& v,
                                                                       const std::string& path = {});
Result<derive::L2BlockRef, SyncStatusFailure> decode_l2_block_ref_json(const nlohmann::json& v,
                                                                       const std::string& path = {});
Result<SyncStatus, SyncStatusFailure> decode_sync_status_json(const nlohmann::json& doc);
Result<SyncStatus, SyncStatusFailure> decode_sync_status_json(std::string_view text);

}  // namespace baton::l1
