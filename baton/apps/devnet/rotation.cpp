// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/rotation.hpp>

#include <baton/rpc/json_codec.hpp>

#include <algorithm>

namespace baton::apps::devnet {

namespace {

// The node writes JSON numbers; a hex quantity is taken too, so that an op-node style answer works.
Result<std::uint64_t, std::string> u64_field(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end()) return unexpected(std::string("no \"") + key + "\"");
    if (it->is_number_unsigned()) return it->get<std::uint64_t>();
    if (it->is_number_integer() && it->get<std::int64_t>() >= 0)
        return static_cast<std::uint64_t>(it->get<std::int64_t>());
    auto v = rpc::decode_u64(*it);
    if (!v) return unexpected(std::string("\"") + key + "\" is not a number");
    return *v;
}

Result<Address, std::string> address_field(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end()) return unexpected(std::string("no \"") + key + "\"");
    auto v = rpc::decode_address(*it);
    if (!v) return unexpected(std::string("\"") + key + "\" is not an address");
    return *v;
}

}  // namespace

Result<RotationStatus, std::string> decode_rotation_status(const nlohmann::json& j) {
    if (!j.is_object()) return unexpected(std::string("not an object"));
    RotationStatus s;
    auto leader = address_field(j, "leader");
    if (!leader) return unexpected(leader.error());
    s.leader = *leader;
    auto recipient = address_field(j, "feeRecipient");
    if (!recipient) return unexpected(recipient.error());
    s.fee_recipient = *recipient;
    const auto building = j.find("building");
    if (building == j.end() || !building->is_boolean())
        return unexpected(std::string("no \"building\" bool"));
    s.building = building->get<bool>();
    struct Field {
        const char* key;
        std::uint64_t* out;
    };
    for (const Field& f :
         {Field{"blocksBuilt", &s.blocks_built}, Field{"blocksFollowed", &s.blocks_followed},
          Field{"unsafeBlocksReplaced", &s.unsafe_blocks_replaced}, Field{"reorgs", &s.reorgs},
          Field{"maxReorgDepth", &s.max_reorg_depth}, Field{"takeovers", &s.takeovers}}) {
        auto v = u64_field(j, f.key);
        if (!v) return unexpected(v.error());
        *f.out = *v;
    }
    for (const Field& f : {Field{"servedBlocksRejected", &s.served_blocks_rejected},
                           Field{"handoverWaits", &s.handover_waits}}) {
        if (!j.contains(f.key)) continue;
        auto v = u64_field(j, f.key);
        if (!v) return unexpected(v.error());
        *f.out = *v;
    }
    const auto built = j.find("built");
    if (built == j.end() || !built->is_array()) return unexpected(std::string("no \"built\" array"));
    for (const auto& entry : *built) {
        if (!entry.is_object()) return unexpected(std::string("a \"built\" entry is not an object"));
        auto number = u64_field(entry, "number");
        if (!number) return unexpected("built: " + number.error());
        const auto hash_it = entry.find("hash");
        if (hash_it == entry.end()) return unexpected(std::string("built: no \"hash\""));
        auto hash = rpc::decode_b256(*hash_it);
        if (!hash) return unexpected(std::string("built: \"hash\" is not 32 bytes of hex"));
        s.built.push_back(BuiltBlock{*number, *hash});
    }
    return s;
}

Address fee_recipient_of(std::size_t batcher) {
    // 0x…fee<i>: the last two bytes are 0xfe, 0xe0 + i (batchers are 1..9).
    Address a{};
    a[18] = 0xfe;
    a[19] = static_cast<std::uint8_t>(0xe0 + (batcher & 0x0f));
    return a;
}

std::vector<BuiltBy> BuilderIndex::add(std::size_t builder, const std::vector<BuiltBlock>& built) {
    std::vector<BuiltBy> fresh;
    for (const auto& b : built) {
        if (by_hash_.emplace(b.hash, builder).second) fresh.push_back(BuiltBy{b.number, b.hash, builder});
    }
    return fresh;
}

std::optional<std::size_t> BuilderIndex::builder_of(const B256& hash) const {
    const auto it = by_hash_.find(hash);
    if (it == by_hash_.end()) return std::nullopt;
    return it->second;
}

RotationSummary summarize_rotation(const RotationInputs& in, const BuilderIndex& builders) {
    RotationSummary s;
    for (std::size_t i = 0; i < in.fee_recipients.size(); ++i) {
        RotationBatcherStats b;
        b.index = i + 1;
        b.fee_recipient = in.fee_recipients[i];
        if (i < in.fee_revenue.size()) b.fee_revenue_wei = in.fee_revenue[i];
        if (i < in.node_killed.size()) b.node_killed = in.node_killed[i];
        if (i < in.last_status.size() && in.last_status[i]) {
            const auto& st = *in.last_status[i];
            b.blocks_built = st.blocks_built;
            s.unsafe_blocks_replaced += st.unsafe_blocks_replaced;
            s.handover_reorgs += st.reorgs;
            s.handover_reorg_depth_max = std::max(s.handover_reorg_depth_max, st.max_reorg_depth);
            s.takeovers += st.takeovers;
            s.handover_waits += st.handover_waits;
            s.served_blocks_rejected += st.served_blocks_rejected;
        }
        s.batchers.push_back(b);
    }
    for (const auto& block : in.safe_blocks) {
        ++s.safe_blocks_checked;
        const auto builder = builders.builder_of(block.hash);
        const bool known = builder && *builder >= 1 && *builder <= s.batchers.size();
        if (!known) {
            ++s.blocks_with_unknown_builder;
        } else {
            auto& b = s.batchers[*builder - 1];
            ++b.safe_blocks_built;
            if (block.miner == b.fee_recipient) continue;
            ++s.blocks_with_wrong_recipient;
        }
        if (!s.first_mismatch) s.first_mismatch = block.number;
    }
    s.fee_recipients_match = s.safe_blocks_checked > 0 && !s.first_mismatch;
    return s;
}

}  // namespace baton::apps::devnet
