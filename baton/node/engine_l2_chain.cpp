// SPDX-License-Identifier: MIT
#include <baton/node/engine_l2_chain.hpp>

#include <baton/core/hex.hpp>

#include <string>

namespace baton::node {

using derive::Reason;

derive::PipelineError pipeline_error(const EngineError& error) {
    return error.is_temporary() ? derive::temporary(Reason::kProvider, to_string(error))
                                : derive::critical(Reason::kProvider, to_string(error));
}

derive::PipelineResult<derive::L2BlockRef> make_l2_block_ref(const EngineBlock& block,
                                                             const protocol::Genesis& genesis) {
    derive::L2BlockRef ref = block.ref;
    if (block.ref.number == genesis.l2.number) {
        if (block.ref.hash != genesis.l2.hash) {
            return unexpected(
                derive::critical(Reason::kInvariant, "the engine's genesis block " + to_hex(block.ref.hash) +
                                                         " is not rollup.json's " + to_hex(genesis.l2.hash)));
        }
        ref.l1_origin = genesis.l1;
        ref.sequence_number = 0;
        return ref;
    }
    if (!block.l1_info) {
        return unexpected(derive::critical(
            Reason::kInvariant, "L2 block #" + std::to_string(block.ref.number) + " has no L1-info deposit"));
    }
    return ref;
}

derive::PipelineResult<derive::L2BlockRef> EngineL2Chain::safe_head() {
    if (safe_) return *safe_;
    auto genesis = l2_block_ref_by_number(genesis_.l2.number);
    if (!genesis) return unexpected(genesis.error());
    safe_ = *genesis;
    return *genesis;
}

derive::PipelineResult<derive::L2BlockRef> EngineL2Chain::l2_block_ref_by_number(std::uint64_t number) {
    auto block = engine_.block_by_number(number);
    if (!block) return unexpected(pipeline_error(block.error()));
    if (!block->has_value()) {
        return unexpected(derive::temporary(Reason::kProvider, "no L2 block #" + std::to_string(number)));
    }
    return make_l2_block_ref(**block, genesis_);
}

derive::PipelineResult<std::vector<Bytes>> EngineL2Chain::transactions_by_number(std::uint64_t number) {
    auto txns = engine_.transactions_by_number(number);
    if (!txns) return unexpected(pipeline_error(txns.error()));
    if (!txns->has_value()) {
        return unexpected(derive::temporary(Reason::kProvider, "no L2 block #" + std::to_string(number)));
    }
    return std::move(**txns);
}

}  // namespace baton::node
