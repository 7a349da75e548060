// SPDX-License-Identifier: MIT
#include <baton/node/unsafe_blocks.hpp>

#include <baton/core/hex.hpp>

#include <algorithm>
#include <utility>

namespace baton::node {

using Json = nlohmann::json;

void UnsafeBlockStore::put(UnsafeBlock block) {
    std::lock_guard lock(mutex_);
    const std::uint64_t n = block.ref.number;
    // Older than what is held (a restarted node consolidating its old blocks while it already
    // builds new ones): peers ask for the newest blocks, so it would only evict them.
    if (!blocks_.empty() && n < blocks_.front().ref.number) return;
    if (!blocks_.empty() && n <= blocks_.back().ref.number) {
        auto& held = blocks_[n - blocks_.front().ref.number];
        if (held.ref.hash == block.ref.hash) return;  // already held (a consolidation)
        while (!blocks_.empty() && blocks_.back().ref.number >= n) blocks_.pop_back();
    }
    if (!blocks_.empty() && blocks_.back().ref.number + 1 != n) blocks_.clear();
    blocks_.push_back(std::move(block));
    while (blocks_.size() > capacity_) blocks_.pop_front();
}

void UnsafeBlockStore::truncate_above(std::uint64_t number) {
    std::lock_guard lock(mutex_);
    while (!blocks_.empty() && blocks_.back().ref.number > number) blocks_.pop_back();
}

std::vector<UnsafeBlock> UnsafeBlockStore::from(std::uint64_t from, std::size_t max) const {
    std::lock_guard lock(mutex_);
    std::vector<UnsafeBlock> out;
    if (blocks_.empty() || from > blocks_.back().ref.number) return out;
    const std::uint64_t first = std::max(from, blocks_.front().ref.number);
    for (std::size_t i = first - blocks_.front().ref.number; i < blocks_.size() && out.size() < max; ++i)
        out.push_back(blocks_[i]);
    return out;
}

std::size_t UnsafeBlockStore::size() const {
    std::lock_guard lock(mutex_);
    return blocks_.size();
}

namespace {

Json hex_or_null(const std::optional<B256>& v) {
    return v ? Json(to_hex(*v)) : Json(nullptr);
}

// Field readers: each names the field it could not read.
Result<const Json*, std::string> field(const Json& v, const char* name) {
    if (!v.is_object() || !v.contains(name)) return unexpected(std::string("missing \"") + name + "\"");
    return &v[name];
}

Result<std::uint64_t, std::string> number_field(const Json& v, const char* name) {
    auto f = field(v, name);
    if (!f) return unexpected(f.error());
    if (!(*f)->is_number_unsigned()) return unexpected(std::string("\"") + name + "\" is not a number");
    return (*f)->get<std::uint64_t>();
}

template <std::size_t N>
Result<FixedBytes<N>, std::string> fixed_field(const Json& v, const char* name) {
    auto f = field(v, name);
    if (!f) return unexpected(f.error());
    if (!(*f)->is_string()) return unexpected(std::string("\"") + name + "\" is not a string");
    auto bytes = decode_hex_fixed<N>((*f)->get<std::string>());
    if (!bytes)
        return unexpected(std::string("\"") + name + "\" is not " + std::to_string(N) + " bytes of hex");
    return *bytes;
}

template <std::size_t N>
Result<std::optional<FixedBytes<N>>, std::string> optional_fixed_field(const Json& v, const char* name) {
    if (v.is_object() && v.contains(name) && v[name].is_null()) return std::optional<FixedBytes<N>>{};
    auto f = fixed_field<N>(v, name);
    if (!f) return unexpected(f.error());
    return std::optional<FixedBytes<N>>{*f};
}

}  // namespace

Json encode_unsafe_block_json(const UnsafeBlock& block) {
    const auto& a = block.attributes;
    Json txns = Json::array();
    for (const auto& t : a.transactions) txns.push_back(to_hex(t));
    Json attributes = {
        {"timestamp", a.timestamp},
        {"prevRandao", to_hex(a.prev_randao)},
        {"feeRecipient", to_hex(a.fee_recipient)},
        {"gasLimit", a.gas_limit},
        {"eip1559Params", a.eip1559_params ? Json(to_hex(*a.eip1559_params)) : Json(nullptr)},
        {"parentBeaconBlockRoot", hex_or_null(a.parent_beacon_block_root)},
        {"transactions", std::move(txns)},
    };
    return Json{
        {"number", block.ref.number},
        {"hash", to_hex(block.ref.hash)},
        {"parentHash", to_hex(block.ref.parent_hash)},
        {"timestamp", block.ref.timestamp},
        {"l1Origin", {{"number", block.ref.l1_origin.number}, {"hash", to_hex(block.ref.l1_origin.hash)}}},
        {"sequenceNumber", block.ref.sequence_number},
        {"attributes", std::move(attributes)},
    };
}

Result<UnsafeBlock, std::string> decode_unsafe_block_json(const Json& v) {
    UnsafeBlock out;
    auto number = number_field(v, "number");
    auto hash = fixed_field<32>(v, "hash");
    auto parent = fixed_field<32>(v, "parentHash");
    auto timestamp = number_field(v, "timestamp");
    auto seq = number_field(v, "sequenceNumber");
    if (!number) return unexpected(number.error());
    if (!hash) return unexpected(hash.error());
    if (!parent) return unexpected(parent.error());
    if (!timestamp) return unexpected(timestamp.error());
    if (!seq) return unexpected(seq.error());
    auto origin = field(v, "l1Origin");
    if (!origin) return unexpected(origin.error());
    auto origin_number = number_field(**origin, "number");
    auto origin_hash = fixed_field<32>(**origin, "hash");
    if (!origin_number) return unexpected("l1Origin: " + origin_number.error());
    if (!origin_hash) return unexpected("l1Origin: " + origin_hash.error());
    out.ref = derive::L2BlockRef{
        *hash, *number, *parent, *timestamp, protocol::BlockId{*origin_hash, *origin_number}, *seq};

    auto attrs = field(v, "attributes");
    if (!attrs) return unexpected(attrs.error());
    const Json& a = **attrs;
    auto a_timestamp = number_field(a, "timestamp");
    auto randao = fixed_field<32>(a, "prevRandao");
    auto recipient = fixed_field<20>(a, "feeRecipient");
    auto gas_limit = number_field(a, "gasLimit");
    auto eip1559 = optional_fixed_field<8>(a, "eip1559Params");
    auto beacon_root = optional_fixed_field<32>(a, "parentBeaconBlockRoot");
    if (!a_timestamp) return unexpected("attributes: " + a_timestamp.error());
    if (!randao) return unexpected("attributes: " + randao.error());
    if (!recipient) return unexpected("attributes: " + recipient.error());
    if (!gas_limit) return unexpected("attributes: " + gas_limit.error());
    if (!eip1559) return unexpected("attributes: " + eip1559.error());
    if (!beacon_root) return unexpected("attributes: " + beacon_root.error());
    auto txns = field(a, "transactions");
    if (!txns) return unexpected("attributes: " + txns.error());
    if (!(*txns)->is_array()) return unexpected("attributes: \"transactions\" is not an array");
    derive::PayloadAttributes& p = out.attributes;
    p.timestamp = *a_timestamp;
    p.prev_randao = *randao;
    p.fee_recipient = *recipient;
    p.gas_limit = *gas_limit;
    p.eip1559_params = *eip1559;
    p.parent_beacon_block_root = *beacon_root;
    p.no_tx_pool = true;
    for (const Json& t : **txns) {
        if (!t.is_string()) return unexpected("attributes: a transaction is not a string");
        auto bytes = decode_hex(t.get<std::string>());
        if (!bytes || bytes->empty()) return unexpected("attributes: a transaction is not hex");
        p.transactions.push_back(std::move(*bytes));
    }
    if (p.timestamp != out.ref.timestamp)
        return unexpected(std::string("attributes.timestamp differs from the block's timestamp"));
    return out;
}

}  // namespace baton::node
