// SPDX-License-Identifier: MIT
#pragma once

// Test-only: a RollupConfig for derivation tests. Every fork up to Holocene is active from genesis
// (FakeL1Chain's genesis time is 1'000'000), Baton activates at `baton_time` (nullopt: never).

#include <baton/core/secp256k1.hpp>
#include <baton/core/transaction.hpp>
#include <baton/protocol/rollup_config.hpp>
#include <baton/protocol/system_config.hpp>

#include <optional>

namespace baton::derive::test_util {

inline PrivateKey test_key(std::uint8_t n) {
    B256 secret{};
    secret[31] = n;
    return PrivateKey::from_bytes(secret).value();
}

inline Address test_address(std::uint8_t tag) {
    Address a{};
    a[0] = 0xff;
    a[19] = tag;
    return a;
}

// A signed 1559 transfer of test user `user` (key test_key(100 + user), `user` wei to
// test_address(0x77)) on chain `chain_id`: the L2 user txn of scenario and driver tests.
inline Bytes user_transfer(std::uint64_t chain_id, std::uint8_t user, std::uint64_t nonce) {
    DynamicFeeTx tx;
    tx.chain_id = chain_id;
    tx.nonce = nonce;
    tx.max_priority_fee_per_gas = U256(1);
    tx.max_fee_per_gas = U256(1'000'000'000);
    tx.gas_limit = 21'000;
    tx.to = test_address(0x77);
    tx.value = U256(user);
    Transaction t{std::move(tx)};
    (void)sign(t, test_key(static_cast<std::uint8_t>(100 + user))).value();
    return encode_transaction(t);
}

inline protocol::RollupConfig make_test_rollup(std::optional<std::uint64_t> baton_time = 0) {
    protocol::RollupConfig c;
    c.l1_chain_id = 900;
    c.l2_chain_id = 901;
    c.block_time = 2;
    c.seq_window_size = 3600;
    c.max_sequencer_drift = 600;
    c.channel_timeout = 300;
    c.regolith_time = 0;
    c.canyon_time = 0;
    c.delta_time = 0;
    c.ecotone_time = 0;
    c.fjord_time = 0;
    c.granite_time = 0;
    c.holocene_time = 0;
    c.baton_time = baton_time;
    c.l2_blocks_per_channel = 4;
    c.batch_inbox_address = test_address(0x10);
    c.l1_system_config_address = test_address(0x5c);
    c.genesis.system_config.batcher_hash = protocol::make_batcher_hash(address_from_private_key(test_key(1)));
    c.genesis.system_config.gas_limit = 30'000'000;
    return c;
}

}  // namespace baton::derive::test_util
