// SPDX-License-Identifier: MIT
#include <baton/l1/leader_schedule.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/hex.hpp>
#include <baton/protocol/system_config.hpp>

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

Result<Bytes, ScheduleFailure> LeaderSchedule::call(const Address& to, Bytes data, const rpc::BlockTag& at,
                                                    const char* what) {
    rpc::CallRequest request;
    request.to = to;
    request.data = std::move(data);
    auto out = client_.eth_call(request, at);
    if (!out) {
        ScheduleFailure failure{
            ScheduleError::kRpc, std::string(what) + ": " + rpc::to_string(out.error()), {}};
        if (out.error().has_revert_data()) failure.revert_data = out.error().data;
        return unexpected(std::move(failure));
    }
    return std::move(*out);
}

Result<BatcherAuth, ScheduleFailure> LeaderSchedule::read_auth(const Address& system_config,
                                                               const rpc::BlockTag& at) {
    auto inbox_data = call(system_config, selector_bytes("batchInbox()"), at, "batchInbox()");
    if (!inbox_data) return unexpected(inbox_data.error());
    const std::array<abi::Type, 1> address_t{abi::address_type()};
    auto inbox = decode(address_t, *inbox_data, "batchInbox()");
    if (!inbox) return unexpected(inbox.error());

    auto hash_data = call(system_config, selector_bytes("batcherHash()"), at, "batcherHash()");
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

Result<std::optional<LeaderWindow>, ScheduleFailure> LeaderSchedule::next_window(const Address& inbox,
                                                                                 const Address& who,
                                                                                 std::uint64_t from_block,
                                                                                 const rpc::BlockTag& at) {
    const std::array<abi::Type, 2> arg_t{abi::address_type(), abi::uint_type()};
    const std::array<abi::Value, 2> args{who, from_block};
    auto data = abi::encode_call(abi::selector("nextWindow(address,uint256)"), arg_t, args);
    if (!data)
        return fail(ScheduleError::kDecode, "nextWindow: " + std::string(abi::to_string(data.error())));
    auto out = call(inbox, std::move(*data), at, "nextWindow(address,uint256)");
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

Result<Address, ScheduleFailure> LeaderSchedule::leader_at(const Address& inbox, std::uint64_t l1_block,
                                                           const rpc::BlockTag& at) {
    const std::array<abi::Type, 1> arg_t{abi::uint_type()};
    const std::array<abi::Value, 1> args{l1_block};
    auto data = abi::encode_call(abi::selector("leaderAt(uint256)"), arg_t, args);
    if (!data) return fail(ScheduleError::kDecode, "leaderAt: " + std::string(abi::to_string(data.error())));
    auto out = call(inbox, std::move(*data), at, "leaderAt(uint256)");
    if (!out) return unexpected(out.error());
    const std::array<abi::Type, 1> ret_t{abi::address_type()};
    auto values = decode(ret_t, *out, "leaderAt");
    if (!values) return unexpected(values.error());
    return std::get<Address>((*values)[0].v);
}

Result<bool, ScheduleFailure> LeaderSchedule::is_leader(const Address& inbox, const Address& who,
                                                        std::uint64_t l1_block, const rpc::BlockTag& at) {
    const std::array<abi::Type, 2> arg_t{abi::address_type(), abi::uint_type()};
    const std::array<abi::Value, 2> args{who, l1_block};
    auto data = abi::encode_call(abi::selector("isLeader(address,uint256)"), arg_t, args);
    if (!data) return fail(ScheduleError::kDecode, "isLeader: " + std::string(abi::to_string(data.error())));
    auto out = call(inbox, std::move(*data), at, "isLeader(address,uint256)");
    if (!out) return unexpected(out.error());
    const std::array<abi::Type, 1> ret_t{abi::bool_type()};
    auto values = decode(ret_t, *out, "isLeader");
    if (!values) return unexpected(values.error());
    return std::get<bool>((*values)[0].v);
}

Result<std::uint64_t, ScheduleFailure> LeaderSchedule::lookahead(const Address& inbox,
                                                                 const rpc::BlockTag& at) {
    auto out = call(inbox, selector_bytes("lookahead()"), at, "lookahead()");
    if (!out) return unexpected(out.error());
    const std::array<abi::Type, 1> ret_t{abi::uint_type()};
    auto values = decode(ret_t, *out, "lookahead");
    if (!values) return unexpected(values.error());
    return as_u64((*values)[0], "lookahead");
}

}  // namespace baton::l1
