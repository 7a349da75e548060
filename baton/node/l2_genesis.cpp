// SPDX-License-Identifier: MIT
#include <baton/node/l2_genesis.hpp>

#include <baton/core/hex.hpp>
#include <baton/node/anvil_engine.hpp>
#include <baton/protocol/deposit.hpp>
#include <baton/rpc/json_codec.hpp>

#include <string>

namespace baton::node {

Result<L2Genesis, EngineError> prepare_l2_genesis(rpc::Client& client, ByteView l1_block_runtime_code,
                                                  std::uint64_t l2_time) {
    using rpc::Json;
    auto block0 = client.eth_get_block_by_number(rpc::BlockTag::latest(), false);
    if (!block0) return unexpected(engine_error(block0.error(), "eth_getBlockByNumber"));
    if (!block0->has_value() || (*block0)->header.number != 0) {
        return unexpected(EngineError{EngineErrorKind::kInvalidAttributes,
                                      "the L2 anvil is not fresh (head is not block 0)"});
    }
    if (l2_time < (*block0)->header.timestamp) {
        return unexpected(EngineError{EngineErrorKind::kInvalidAttributes,
                                      "l2_time " + std::to_string(l2_time) + " before block 0's timestamp " +
                                          std::to_string((*block0)->header.timestamp)});
    }
    if (l1_block_runtime_code.empty()) {
        return unexpected(EngineError{EngineErrorKind::kInvalidAttributes, "empty L1Block runtime code"});
    }
    auto set = client.call("anvil_setCode",
                           Json::array({to_hex(protocol::kL1BlockAddress), to_hex(l1_block_runtime_code)}));
    if (!set) return unexpected(engine_error(set.error(), "anvil_setCode"));
    auto timed = client.call("anvil_setNextBlockTimestamp", Json::array({l2_time}));
    if (!timed) return unexpected(engine_error(timed.error(), "anvil_setNextBlockTimestamp"));
    auto mined = client.call("evm_mine", Json::array());
    if (!mined) return unexpected(engine_error(mined.error(), "evm_mine"));

    auto sealed = client.eth_get_block_by_number(rpc::BlockTag::latest(), false);
    if (!sealed) return unexpected(engine_error(sealed.error(), "eth_getBlockByNumber"));
    if (!sealed->has_value() || (*sealed)->header.number != 1 || (*sealed)->header.timestamp != l2_time ||
        !(*sealed)->transaction_hashes.empty()) {
        return unexpected(
            EngineError{EngineErrorKind::kBlockMismatch, "the genesis block was not sealed as asked"});
    }
    auto code = client.eth_get_code(protocol::kL1BlockAddress, rpc::BlockTag::at(1));
    if (!code) return unexpected(engine_error(code.error(), "eth_getCode"));
    if (*code != Bytes(l1_block_runtime_code.begin(), l1_block_runtime_code.end())) {
        return unexpected(EngineError{EngineErrorKind::kBlockMismatch, "L1Block code did not stick"});
    }
    const auto& header = (*sealed)->header;
    return L2Genesis{BlockId{header.hash, header.number}, header.timestamp, header.state_root};
}

}  // namespace baton::node
