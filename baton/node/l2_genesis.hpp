// SPDX-License-Identifier: MIT
#pragma once

// Prepares a fresh L2 anvil (`--network optimism --order fifo --no-mining`) as the devnet's L2
// genesis: installs L1Block's runtime code at 0x4200…0015 with anvil_setCode, then mines one block
// at `l2_time` so the code is part of a sealed block's state. That block is the genesis
// (rollup.json genesis.l2 and genesis.l2_time).
//
// Why a sealed block rather than anvil's block 0: anvil_setCode changes state without a block, and
// block 0 of anvil reports the empty state root; a rewind (anvil_rollback) to block 0 would restore
// the state from before anvil_setCode. Rewinding to the sealed genesis keeps L1Block.
//
// The depositor account needs no balance (deposits buy no gas) and anvil's fee vaults need no code,
// so L1Block is all deposits need. Two engines prepared alike (same anvil --timestamp, --chain-id,
// accounts, same l2_time) have the same genesis hash and state root (engine_test checks it).

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/node/engine.hpp>
#include <baton/rpc/client.hpp>

#include <cstdint>

namespace baton::node {

struct L2Genesis {
    BlockId block;              // rollup.json genesis.l2
    std::uint64_t l2_time = 0;  // rollup.json genesis.l2_time (the genesis block's timestamp)
    B256 state_root{};
};

// `l1_block_runtime_code` is L1Block's deployedBytecode (load_artifact(dir, "L1Block")). The anvil
// must be fresh (head at block 0) and `l2_time` not before block 0's timestamp.
Result<L2Genesis, EngineError> prepare_l2_genesis(rpc::Client& client, ByteView l1_block_runtime_code,
                                                  std::uint64_t l2_time);

}  // namespace baton::node
