// SPDX-License-Identifier: MIT
#include <baton/l1/leader_schedule.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/hex.hpp>
#include <baton/protocol/system_config.hpp>

#include <algorithm>
#include <array>
#include <utility>

namespace baton::l1 {

const char* to_string(ScheduleError e) noexcept {
    switch (e) {
        case ScheduleError::kRpc:
            return "rpc error";
        case ScheduleError::kDecode:
            return "bad return data";
        case ScheduleError::kUnknownBatcherHash:
            return "unknown batcherHash version";
    }
    return "unknown schedule error";
}

std::string to_string(const ScheduleFailure& failure) {
    return std::string(to_string(failure.error)) + ": " + failure.detail;
}

namespace {

Unexpected<ScheduleFailure> fail(ScheduleError e, std::string detail) {
    return unexpected(ScheduleFailure{e, std::move(detail), std::nullopt});
}

// Decodes `data` as `types`; the values are known to have the types' kinds on success.
Result<std::vector<abi::Value>, ScheduleFailure> decode(std::span<const abi::Type> types, ByteView data,
                                                        const char* what) {
    auto values = abi::decode(types, data);
    if (!values) {
        return fail(ScheduleError::kDecode,
                    std::string(what) + ": " + abi::to_string(values.error()) + " (" + to_hex(data) + ")");
    }
    return std::move(*values);
}

Result<std::uint64_t, ScheduleFailure> as_u64(const abi::Value& v, const char* what) {
    auto n = std::get<U256>(v.v).to_u64();
    if (!n) return fail(ScheduleError::kDecode, std::string(what) + ": value does not fit 64 bits");
    return *n;
}

Bytes selector_bytes(std::string_view signature) {
    const abi::Selector sel = abi::selector(signature);
    return Bytes(sel.begin(), sel.end());
}

}  // namespace

Result<Bytes, ScheduleFailure> RpcLeaderSchedule::call(const Address& to, Bytes data, const char* what) {
    rpc::CallRequest request;
    request.to = to;
    request.data = std::move(data);
    auto out = client_.eth_call(request, at_);
    if (!out) {
        ScheduleFailure failure{
            ScheduleError::kRpc, std::string(what) + ": " + rpc::to_string(out.error()), {}};
        if (out.error().has_revert_data()) failure.revert_data = out.error().data;
        return unexpected(std::move(failure));
    }
    return std::move(*out);
}

Result<BatcherAuth, ScheduleFailure> RpcLeaderSchedule::read_auth(const Address& system_config) {
    auto inbox_data = call(system_config, selector_bytes("batchInbox()"), "batchInbox()");
    if (!inbox_data) return unexpected(inbox_data.error());
    const std::array<abi::Type, 1> address_t{abi::address_type()};
    auto inbox = decode(address_t, *inbox_data, "batchInbox()");
    if (!inbox) return unexpected(inbox.error());

    auto hash_data = call(system_config, selector_bytes("batcherHash()"), "batcherHash()");
    if (!hash_data) return unexpected(hash_data.error());
    const std::array<abi::Type, 1> b32_t{abi::bytes32_type()};
    auto hash = decode(b32_t, *hash_data, "batcherHash()");
    if (!hash) return unexpected(hash.error());

    BatcherAuth auth;
    auth.batch_inbox = std::get<Address>((*inbox)[0].v);
    auth.batcher_hash = std::get<B256>((*hash)[0].v);
    // Derivation's own decoder, so the batcher and derivation never disagree on a hash (this file
    // once accepted a v0 hash with nonzero bytes 1..11 that derivation refuses).
    auto decoded = protocol::decode_batcher_hash(auth.batcher_hash);
    if (!decoded) return fail(ScheduleError::kUnknownBatcherHash, to_hex(auth.batcher_hash));
    if (decoded->version == protocol::BatcherHashVersion::kAddress) {
        auth.version = BatcherHashVersion::kV0Address;
        auth.v0_batcher = decoded->batcher;
    } else {
        auth.version = BatcherHashVersion::kV1LeaderElection;
    }
    return auth;
}

Result<std::optional<LeaderWindow>, ScheduleFailure> RpcLeaderSchedule::next_window(
    const Address& inbox, const Address& who, std::uint64_t from_block) {
    const std::array<abi::Type, 2> arg_t{abi::address_type(), abi::uint_type()};
    const std::array<abi::Value, 2> args{who, from_block};
    auto data = abi::encode_call(abi::selector("nextWindow(address,uint256)"), arg_t, args);
    if (!data)
        return fail(ScheduleError::kDecode, "nextWindow: " + std::string(abi::to_string(data.error())));
    auto out = call(inbox, std::move(*data), "nextWindow(address,uint256)");
    if (!out) return unexpected(out.error());
    const std::array<abi::Type, 2> ret_t{abi::uint_type(), abi::uint_type()};
    auto values = decode(ret_t, *out, "nextWindow");
    if (!values) return unexpected(values.error());
    auto start = as_u64((*values)[0], "nextWindow start");
    if (!start) return unexpected(start.error());
    auto end = as_u64((*values)[1], "nextWindow end");
    if (!end) return unexpected(end.error());
    if (*start == 0 && *end == 0) return std::optional<LeaderWindow>{};
    if (*end <= *start) {
        return fail(ScheduleError::kDecode, "nextWindow: empty window [" + std::to_string(*start) + ", " +
                                                std::to_string(*end) + ")");
    }
    return std::optional<LeaderWindow>{LeaderWindow{*start, *end}};
}

Result<Address, ScheduleFailure> RpcLeaderSchedule::leader_at(const Address& inbox, std::uint64_t l1_block) {
    const std::array<abi::Type, 1> arg_t{abi::uint_type()};
    const std::array<abi::Value, 1> args{l1_block};
    auto data = abi::encode_call(abi::selector("leaderAt(uint256)"), arg_t, args);
    if (!data) return fail(ScheduleError::kDecode, "leaderAt: " + std::string(abi::to_string(data.error())));
    auto out = call(inbox, std::move(*data), "leaderAt(uint256)");
    if (!out) return unexpected(out.error());
    const std::array<abi::Type, 1> ret_t{abi::address_type()};
    auto values = decode(ret_t, *out, "leaderAt");
    if (!values) return unexpected(values.error());
    return std::get<Address>((*values)[0].v);
}

Result<bool, ScheduleFailure> RpcLeaderSchedule::is_leader(const Address& inbox, const Address& who,
                                                           std::uint64_t l1_block) {
    const std::array<abi::Type, 2> arg_t{abi::address_type(), abi::uint_type()};
    const std::array<abi::Value, 2> args{who, l1_block};
    auto data = abi::encode_call(abi::selector("isLeader(address,uint256)"), arg_t, args);
    if (!data) return fail(ScheduleError::kDecode, "isLeader: " + std::string(abi::to_string(data.error())));
    auto out = call(inbox, std::move(*data), "isLeader(address,uint256)");
    if (!out) return unexpected(out.error());
    const std::array<abi::Type, 1> ret_t{abi::bool_type()};
    auto values = decode(ret_t, *out, "isLeader");
    if (!values) return unexpected(values.error());
    return std::get<bool>((*values)[0].v);
}

Result<std::uint64_t, ScheduleFailure> RpcLeaderSchedule::lookahead(const Address& inbox) {
    auto out = call(inbox, selector_bytes("lookahead()"), "lookahead()");
    if (!out) return unexpected(out.error());
    const std::array<abi::Type, 1> ret_t{abi::uint_type()};
    auto values = decode(ret_t, *out, "lookahead");
    if (!values) return unexpected(values.error());
    return as_u64((*values)[0], "lookahead");
}

Result<std::optional<LadderParameters>, ScheduleFailure> RpcLeaderSchedule::ladder_parameters(
    const Address& inbox) {
    rpc::CallRequest request;
    request.to = inbox;
    request.data = selector_bytes("ladderParameters()");
    auto out = client_.eth_call(request, at_);
    // The probe: a failed call (a revert, with or without data) or an answer of another length is
    // a mechanism without a ladder; only a node that does not answer is an error.
    if (!out && out.error().kind == rpc::RpcErrorKind::kRpcError) return std::optional<LadderParameters>{};
    if (!out) {
        return fail(ScheduleError::kRpc, std::string("ladderParameters(): ") + rpc::to_string(out.error()));
    }
    if (out->size() != 128) return std::optional<LadderParameters>{};
    const std::array<abi::Type, 4> ret_t{abi::uint_type(), abi::uint_type(), abi::uint_type(),
                                         abi::uint_type()};
    auto values = decode(ret_t, *out, "ladderParameters");
    if (!values) return unexpected(values.error());
    LadderParameters p;
    std::uint64_t* fields[] = {&p.g1, &p.g2, &p.g3, &p.max_misses};
    for (std::size_t i = 0; i < 4; ++i) {
        auto v = as_u64((*values)[i], "ladderParameters");
        if (!v) return unexpected(v.error());
        *fields[i] = *v;
    }
    return std::optional<LadderParameters>{p};
}

Result<LadderRung, ScheduleFailure> RpcLeaderSchedule::rung_of(const Address& inbox, const Address& who,
                                                               std::uint64_t l1_block) {
    const std::array<abi::Type, 2> arg_t{abi::address_type(), abi::uint_type()};
    const std::array<abi::Value, 2> args{who, l1_block};
    auto data = abi::encode_call(abi::selector("rungOf(address,uint256)"), arg_t, args);
    if (!data) return fail(ScheduleError::kDecode, "rungOf: " + std::string(abi::to_string(data.error())));
    auto out = call(inbox, std::move(*data), "rungOf(address,uint256)");
    if (!out) return unexpected(out.error());
    const std::array<abi::Type, 3> ret_t{abi::uint_type(), abi::uint_type(), abi::uint_type()};
    auto values = decode(ret_t, *out, "rungOf");
    if (!values) return unexpected(values.error());
    auto rung = as_u64((*values)[0], "rungOf rung");
    if (!rung) return unexpected(rung.error());
    if (*rung > 4) return fail(ScheduleError::kDecode, "rungOf: rung " + std::to_string(*rung) + " > 4");
    auto opens = as_u64((*values)[1], "rungOf opensAt");
    if (!opens) return unexpected(opens.error());
    auto end = as_u64((*values)[2], "rungOf windowEnd");
    if (!end) return unexpected(end.error());
    return LadderRung{static_cast<std::uint8_t>(*rung), *opens, *end};
}

Result<std::uint8_t, ScheduleFailure> RpcLeaderSchedule::posting_rights(const Address& inbox,
                                                                        const Address& who,
                                                                        std::uint64_t l1_block) {
    const std::array<abi::Type, 2> arg_t{abi::address_type(), abi::uint_type()};
    const std::array<abi::Value, 2> args{who, l1_block};
    auto data = abi::encode_call(abi::selector("postingRights(address,uint256)"), arg_t, args);
    if (!data)
        return fail(ScheduleError::kDecode, "postingRights: " + std::string(abi::to_string(data.error())));
    auto out = call(inbox, std::move(*data), "postingRights(address,uint256)");
    if (!out) return unexpected(out.error());
    const std::array<abi::Type, 1> ret_t{abi::uint_type()};
    auto values = decode(ret_t, *out, "postingRights");
    if (!values) return unexpected(values.error());
    auto rung = as_u64((*values)[0], "postingRights");
    if (!rung) return unexpected(rung.error());
    if (*rung > 4)
        return fail(ScheduleError::kDecode, "postingRights: rung " + std::to_string(*rung) + " > 4");
    return static_cast<std::uint8_t>(*rung);
}

// --- InMemoryLeaderSchedule ---

void InMemoryLeaderSchedule::set_auth(const BatcherAuth& auth) {
    std::lock_guard lock(mutex_);
    auth_ = auth;
}

void InMemoryLeaderSchedule::set_turns(const Address& inbox, std::vector<Turn> turns,
                                       std::uint64_t lookahead) {
    std::sort(turns.begin(), turns.end(), [](const Turn& a, const Turn& b) { return a.start < b.start; });
    std::lock_guard lock(mutex_);
    auto& schedule = inboxes_[inbox];
    schedule.turns = std::move(turns);
    schedule.lookahead = lookahead;
}

void InMemoryLeaderSchedule::set_ladder(const Address& inbox, const LadderParameters& parameters) {
    std::lock_guard lock(mutex_);
    inboxes_[inbox].ladder = parameters;
}

void InMemoryLeaderSchedule::set_primary_posted(const Address& inbox, std::uint64_t turn_start, bool posted) {
    std::lock_guard lock(mutex_);
    auto& marks = inboxes_[inbox].primary_posted;
    if (posted) {
        marks.insert(turn_start);
    } else {
        marks.erase(turn_start);
    }
}

void InMemoryLeaderSchedule::set_head(std::optional<std::uint64_t> head) {
    std::lock_guard lock(mutex_);
    head_ = head;
}

void InMemoryLeaderSchedule::set_unreachable(bool unreachable) {
    std::lock_guard lock(mutex_);
    unreachable_ = unreachable;
}

std::size_t InMemoryLeaderSchedule::reads_of(const Address& contract) const {
    std::lock_guard lock(mutex_);
    const auto it = reads_.find(contract);
    return it == reads_.end() ? 0 : it->second;
}

// Called with mutex_ held.
Result<const InMemoryLeaderSchedule::InboxSchedule*, ScheduleFailure> InMemoryLeaderSchedule::begin_read(
    const Address& contract, const char* what) const {
    ++reads_[contract];
    if (unreachable_) return fail(ScheduleError::kRpc, std::string(what) + ": L1 unreachable");
    const auto it = inboxes_.find(contract);
    // Like an eth_call to an address without code: empty return data.
    if (it == inboxes_.end()) return fail(ScheduleError::kDecode, std::string(what) + ": no contract");
    return &it->second;
}

Address InMemoryLeaderSchedule::leader_in(const InboxSchedule& schedule, std::uint64_t block) {
    for (const auto& turn : schedule.turns) {
        if (turn.start <= block && block < turn.end) return turn.leader;
    }
    return Address{};
}

Result<BatcherAuth, ScheduleFailure> InMemoryLeaderSchedule::read_auth(const Address& system_config) {
    std::lock_guard lock(mutex_);
    ++reads_[system_config];
    if (unreachable_) return fail(ScheduleError::kRpc, "batchInbox(): L1 unreachable");
    if (!auth_) return fail(ScheduleError::kDecode, "batchInbox(): no SystemConfig");
    return *auth_;
}

Result<std::optional<LeaderWindow>, ScheduleFailure> InMemoryLeaderSchedule::next_window(
    const Address& inbox, const Address& who, std::uint64_t from_block) {
    std::lock_guard lock(mutex_);
    auto schedule = begin_read(inbox, "nextWindow(address,uint256)");
    if (!schedule) return unexpected(schedule.error());
    const auto& turns = (*schedule)->turns;
    for (std::size_t i = 0; i < turns.size(); ++i) {
        if (turns[i].leader != who || who == Address{} || turns[i].end <= from_block) continue;
        LeaderWindow window{std::max(turns[i].start, from_block), turns[i].end};
        // A window is maximal: back-to-back turns of the same leader are one.
        for (std::size_t j = i + 1;
             j < turns.size() && turns[j].start == window.end && turns[j].leader == who; ++j) {
            window.end = turns[j].end;
        }
        // Only the fixed part is reported: blocks before head + lookahead.
        if (head_) {
            const std::uint64_t fixed_until = *head_ + (*schedule)->lookahead;
            if (window.start >= fixed_until) return std::optional<LeaderWindow>{};
            window.end = std::min(window.end, fixed_until);
        }
        return std::optional<LeaderWindow>{window};
    }
    return std::optional<LeaderWindow>{};
}

Result<Address, ScheduleFailure> InMemoryLeaderSchedule::leader_at(const Address& inbox,
                                                                   std::uint64_t l1_block) {
    std::lock_guard lock(mutex_);
    auto schedule = begin_read(inbox, "leaderAt(uint256)");
    if (!schedule) return unexpected(schedule.error());
    return leader_in(**schedule, l1_block);
}

Result<bool, ScheduleFailure> InMemoryLeaderSchedule::is_leader(const Address& inbox, const Address& who,
                                                                std::uint64_t l1_block) {
    std::lock_guard lock(mutex_);
    auto schedule = begin_read(inbox, "isLeader(address,uint256)");
    if (!schedule) return unexpected(schedule.error());
    return who != Address{} && leader_in(**schedule, l1_block) == who;
}

Result<std::uint64_t, ScheduleFailure> InMemoryLeaderSchedule::lookahead(const Address& inbox) {
    std::lock_guard lock(mutex_);
    auto schedule = begin_read(inbox, "lookahead()");
    if (!schedule) return unexpected(schedule.error());
    return (*schedule)->lookahead;
}

LadderRung InMemoryLeaderSchedule::rung_in(const InboxSchedule& schedule, const Address& who,
                                           std::uint64_t block) {
    const auto& turns = schedule.turns;
    const auto& ladder = *schedule.ladder;
    const auto turn = std::find_if(turns.begin(), turns.end(),
                                   [&](const Turn& t) { return t.start <= block && block < t.end; });
    if (turn == turns.end() || who == Address{}) return {};
    if (turn->leader == who) return LadderRung{1, turn->start, turn->end};
    const auto next =
        std::find_if(turns.begin(), turns.end(), [&](const Turn& t) { return t.start == turn->end; });
    if (next != turns.end() && next->leader == who) return LadderRung{2, turn->start + ladder.g1, turn->end};
    const bool member =
        std::any_of(turns.begin(), turns.end(), [&](const Turn& t) { return t.leader == who; });
    if (!member) return LadderRung{0, 0, turn->end};
    return LadderRung{4, turn->start + ladder.g1 + ladder.g2 + ladder.g3, turn->end};
}

Result<std::optional<LadderParameters>, ScheduleFailure> InMemoryLeaderSchedule::ladder_parameters(
    const Address& inbox) {
    std::lock_guard lock(mutex_);
    auto schedule = begin_read(inbox, "ladderParameters()");
    if (!schedule) return unexpected(schedule.error());
    return (*schedule)->ladder;
}

Result<LadderRung, ScheduleFailure> InMemoryLeaderSchedule::rung_of(const Address& inbox, const Address& who,
                                                                    std::uint64_t l1_block) {
    std::lock_guard lock(mutex_);
    auto schedule = begin_read(inbox, "rungOf(address,uint256)");
    if (!schedule) return unexpected(schedule.error());
    // Like a call to a contract without the function: it reverts.
    if (!(*schedule)->ladder) return fail(ScheduleError::kRpc, "rungOf(address,uint256): execution reverted");
    return rung_in(**schedule, who, l1_block);
}

Result<std::uint8_t, ScheduleFailure> InMemoryLeaderSchedule::posting_rights(const Address& inbox,
                                                                             const Address& who,
                                                                             std::uint64_t l1_block) {
    std::lock_guard lock(mutex_);
    auto schedule = begin_read(inbox, "postingRights(address,uint256)");
    if (!schedule) return unexpected(schedule.error());
    if (!(*schedule)->ladder) {
        return fail(ScheduleError::kRpc, "postingRights(address,uint256): execution reverted");
    }
    const LadderRung rung = rung_in(**schedule, who, l1_block);
    if (rung.rung == 0 || l1_block < rung.opens_at) return std::uint8_t{0};
    if (rung.rung > 1) {
        const auto turn_start =
            rung.opens_at - ((*schedule)->ladder->g1 +
                             (rung.rung == 4 ? (*schedule)->ladder->g2 + (*schedule)->ladder->g3 : 0));
        if ((*schedule)->primary_posted.contains(turn_start)) return std::uint8_t{0};
    }
    return rung.rung;
}

}  // namespace baton::l1
