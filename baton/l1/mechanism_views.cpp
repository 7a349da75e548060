// SPDX-License-Identifier: MIT
#include <baton/l1/mechanism_views.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/assert.hpp>
#include <baton/core/hex.hpp>

#include <array>
#include <string>
#include <utility>

namespace baton::l1 {

namespace {

Unexpected<ScheduleFailure> fail(ScheduleError e, std::string detail) {
    return unexpected(ScheduleFailure{e, std::move(detail), std::nullopt});
}

// eth_call `data` on `inbox`: the return data, nullopt when the node says the call failed (the
// function is missing and the fallback refused the caller), an error when the node is unreachable.
Result<std::optional<Bytes>, ScheduleFailure> optional_call(rpc::Client& client, const Address& inbox,
                                                            Bytes data, const rpc::BlockTag& at,
                                                            const char* what) {
    rpc::CallRequest request;
    request.to = inbox;
    request.data = std::move(data);
    auto out = client.eth_call(request, at);
    if (out) return std::optional<Bytes>(std::move(*out));
    if (out.error().kind == rpc::RpcErrorKind::kRpcError) return std::optional<Bytes>{};
    return fail(ScheduleError::kRpc, std::string(what) + ": " + rpc::to_string(out.error()));
}

Bytes encode_or_die(const char* signature, std::span<const abi::Type> types,
                    std::span<const abi::Value> args) {
    auto data = abi::encode_call(abi::selector(signature), types, args);
    // Static types with in-range values: encoding cannot fail.
    BATON_ASSERT(data.has_value());
    return std::move(*data);
}

// Word `i` of `data` as uint64; nullopt when it does not fit.
std::optional<std::uint64_t> word_u64(ByteView data, std::size_t i) {
    const std::array<abi::Type, 1> t{abi::uint_type()};
    auto v = abi::decode(t, data.subspan(i * 32, 32));
    if (!v) return std::nullopt;
    auto n = std::get<U256>((*v)[0].v).to_u64();
    if (!n) return std::nullopt;
    return *n;
}

}  // namespace

Result<std::optional<LeaderWeight>, ScheduleFailure> read_weight_at(rpc::Client& client, const Address& inbox,
                                                                    const Address& who,
                                                                    std::uint64_t l1_block,
                                                                    const rpc::BlockTag& at) {
    const std::array<abi::Type, 2> arg_t{abi::address_type(), abi::uint_type()};
    const std::array<abi::Value, 2> args{who, l1_block};
    auto out = optional_call(client, inbox, encode_or_die("weightAt(address,uint256)", arg_t, args), at,
                             "weightAt(address,uint256)");
    if (!out) return unexpected(out.error());
    if (!*out || (*out)->size() != 64) return std::optional<LeaderWeight>{};
    const auto weight = word_u64(**out, 0);
    const auto total = word_u64(**out, 1);
    if (!weight || !total || *weight > *total) {
        return fail(ScheduleError::kDecode,
                    "weightAt: weight above total or beyond 64 bits (" + to_hex(**out) + ")");
    }
    return std::optional<LeaderWeight>(LeaderWeight{*weight, *total});
}

Result<std::optional<std::uint64_t>, ScheduleFailure> read_window_of(rpc::Client& client,
                                                                     const Address& inbox,
                                                                     std::uint64_t l1_block,
                                                                     const rpc::BlockTag& at) {
    const std::array<abi::Type, 1> arg_t{abi::uint_type()};
    const std::array<abi::Value, 1> args{l1_block};
    auto out = optional_call(client, inbox, encode_or_die("windowOf(uint256)", arg_t, args), at,
                             "windowOf(uint256)");
    if (!out) return unexpected(out.error());
    if (!*out || (*out)->size() != 32) return std::optional<std::uint64_t>{};
    const auto window = word_u64(**out, 0);
    if (!window) return fail(ScheduleError::kDecode, "windowOf: beyond 64 bits (" + to_hex(**out) + ")");
    return std::optional<std::uint64_t>(*window);
}

Bytes report_missed_calldata(std::uint64_t window) {
    const std::array<abi::Type, 1> arg_t{abi::uint_type()};
    const std::array<abi::Value, 1> args{window};
    return encode_or_die("reportMissed(uint256)", arg_t, args);
}

}  // namespace baton::l1
