// SPDX-License-Identifier: MIT
// The engine layer against two real L2 anvils (`--network optimism --order fifo --no-mining`, same
// --timestamp and chain id): genesis prepared alike, ~10 blocks built on engine A from attributes
// (L1-info deposit, user deposits with mint, transfers, a contract deployment, a sequencer-style
// block pulling users' txns from A's pool), the same attributes replayed on B with equal txn hashes
// and state roots block by block, then B rewound by 3 blocks and rebuilt to the same roots.

#include <tests/support/anvil.hpp>

#include <baton/core/assert.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/core/transaction.hpp>
#include <baton/l1/artifact.hpp>
#include <baton/node/anvil_engine.hpp>
#include <baton/node/engine_l2_chain.hpp>
#include <baton/node/l2_genesis.hpp>
#include <baton/node/tx_ingress.hpp>
#include <baton/protocol/deposit.hpp>
#include <baton/protocol/l1_info.hpp>
#include <baton/protocol/rollup_config.hpp>
#include <baton/protocol/system_config.hpp>
#include <baton/rpc/client.hpp>
#include <baton/rpc/json_codec.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

namespace baton::node {
namespace {

using baton::testing::Anvil;
using baton::testing::dev_address;
using baton::testing::dev_key;
using l1::default_artifacts_dir;
using l1::load_artifact;
using rpc::Json;

constexpr std::uint64_t kAnvilTimestamp = 1'700'000'000;
constexpr std::uint64_t kL2Time = kAnvilTimestamp + 2;
constexpr std::uint64_t kL2ChainId = 901;
constexpr std::uint64_t kGwei = 1'000'000'000;
constexpr std::uint64_t kEther = 1'000'000'000'000'000'000;
constexpr std::uint64_t kGasLimit = 30'000'000;

std::vector<std::string> l2_anvil_args() {
    return node::anvil_engine_args(kAnvilTimestamp, kL2ChainId);
}

// Every fork through Isthmus at genesis. Jovian stays off: Baton's L1Block has Ecotone and
// Isthmus setters only, so a Jovian-layout L1-info deposit would revert.
protocol::RollupConfig rollup_config() {
    protocol::RollupConfig cfg;
    cfg.block_time = 2;
    cfg.l1_chain_id = 900;
    cfg.l2_chain_id = kL2ChainId;
    cfg.activate_forks_through_isthmus();
    return cfg;
}

protocol::SystemConfig system_config() {
    protocol::SystemConfig sys;
    sys.batcher_hash[0] = 0x01;  // a version-1 (leader election) batcherHash reaches L2 verbatim
    sys.batcher_hash[31] = 0xba;
    sys.scalar[0] = 0x01;  // version 1: blob base fee scalar ‖ base fee scalar
    sys.scalar[27] = 0x01;
    sys.scalar[31] = 0x10;
    sys.gas_limit = kGasLimit;
    return sys;
}

B256 l1_hash(std::uint64_t number) {
    const std::string seed = "made-up L1 block " + std::to_string(number);
    return keccak256(as_view(seed));
}

protocol::L1Origin l1_origin(std::uint64_t number) {
    return protocol::L1Origin{number, 1'699'999'000 + 12 * number, U256(7 * kGwei), l1_hash(number), U256(1)};
}

Bytes l1_info_deposit(const protocol::L1Origin& origin, std::uint64_t seq, std::uint64_t l2_ts) {
    auto deposit = protocol::make_l1_info_deposit(rollup_config(), system_config(), origin, seq, l2_ts);
    BATON_ASSERT(deposit.has_value());
    return encode_transaction(*deposit);
}

Bytes user_deposit(const protocol::L1Origin& origin, std::uint64_t log_index, const Address& to) {
    DepositTx d;
    d.source_hash = protocol::user_deposit_source_hash(origin.hash, log_index);
    d.from = dev_address(9);
    d.to = to;
    d.mint = U256(2 * kEther);
    d.value = U256(kEther);
    d.gas_limit = 100'000;
    return encode_transaction(d);
}

Bytes signed_txn(std::size_t key, std::uint64_t nonce, std::optional<Address> to, Bytes data = {},
                 std::uint64_t gas = 21'000) {
    DynamicFeeTx t;
    t.chain_id = kL2ChainId;
    t.nonce = nonce;
    t.max_priority_fee_per_gas = U256(kGwei);
    t.max_fee_per_gas = U256(20 * kGwei);
    t.gas_limit = gas;
    t.to = to;
    t.value = to ? U256(1234) : U256(0);
    t.data = std::move(data);
    Transaction txn = t;
    BATON_ASSERT(sign(txn, dev_key(key)).has_value());
    return encode_transaction(txn);
}

// Init code that deploys a contract whose code returns 42.
Bytes answer_contract_init_code() {
    return *decode_hex("0x600a600c600039600a6000f3602a60005260206000f3");
}

derive::PayloadAttributes attributes(std::uint64_t timestamp, std::vector<Bytes> txns,
                                     bool no_tx_pool = true) {
    derive::PayloadAttributes a;
    a.timestamp = timestamp;
    a.gas_limit = kGasLimit;
    a.no_tx_pool = no_tx_pool;
    a.transactions = std::move(txns);
    return a;
}

// Hashes as hex, so a failed comparison prints something readable.
std::string hx(const B256& h) {
    return to_hex(h);
}

Result<B256, std::string> storage_at(rpc::Client& client, std::uint64_t slot) {
    auto word =
        client.call("eth_getStorageAt",
                    Json::array({to_hex(protocol::kL1BlockAddress), rpc::encode_quantity(slot), "latest"}));
    if (!word) return unexpected(rpc::to_string(word.error()));
    auto decoded = rpc::decode_b256(*word);
    if (!decoded) return unexpected(rpc::to_string(decoded.error()));
    return *decoded;
}

class EngineTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto artifact = load_artifact(default_artifacts_dir(), "L1Block");
        ASSERT_TRUE(artifact) << to_string(artifact.error());
        l1_block_code_ = artifact->runtime_code;
        for (int i = 0; i < 2; ++i) {
            auto anvil = Anvil::start({.args = l2_anvil_args()});
            ASSERT_TRUE(anvil) << anvil.error();
            auto client = rpc::Client::make(anvil->url());
            ASSERT_TRUE(client);
            auto genesis = prepare_l2_genesis(*client, l1_block_code_, kL2Time);
            ASSERT_TRUE(genesis) << to_string(genesis.error());
            genesis_.push_back(*genesis);
            engines_.emplace_back(std::move(*client));
            anvils_.push_back(std::move(*anvil));
        }
    }

    AnvilEngine& a() { return engines_[0]; }
    void send_while_building(const std::string& path, bool through_ingress);
    AnvilEngine& b() { return engines_[1]; }

    Bytes l1_block_code_;
    std::vector<Anvil> anvils_;
    std::vector<AnvilEngine> engines_;
    std::vector<L2Genesis> genesis_;
};

TEST_F(EngineTest, GenesisIsIdenticalOnBothEngines) {
    ASSERT_EQ(genesis_.size(), 2U);
    EXPECT_EQ(genesis_[0].block.number, 1U);
    EXPECT_EQ(genesis_[0].l2_time, kL2Time);
    EXPECT_EQ(genesis_[0].block, genesis_[1].block);
    EXPECT_EQ(hx(genesis_[0].state_root), hx(genesis_[1].state_root));
    auto head = b().head();
    ASSERT_TRUE(head) << to_string(head.error());
    EXPECT_EQ(head->id(), genesis_[1].block);
    EXPECT_FALSE(head->l1_info.has_value());
    auto code = b().client().eth_get_code(protocol::kL1BlockAddress);
    ASSERT_TRUE(code);
    EXPECT_EQ(*code, l1_block_code_);
    // A second preparation of the same anvil is refused rather than forking the genesis.
    auto again = prepare_l2_genesis(a().client(), l1_block_code_, kL2Time);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().kind, EngineErrorKind::kInvalidAttributes);
}

TEST_F(EngineTest, ReplayedAttributesReachEqualStateRootsAndRewindRebuilds) {
    struct Built {
        derive::PayloadAttributes replay;  // what B executes: the block's txns, no pool
        EngineBlock block;
    };
    std::vector<Built> chain;
    BlockId parent = genesis_[0].block;
    std::uint64_t nonce0 = 0;
    std::uint64_t nonce1 = 0;
    std::uint64_t nonce2 = 0;
    std::optional<B256> deployment;
    const Address recipient = dev_address(5);

    for (std::uint64_t i = 1; i <= 10; ++i) {
        const std::uint64_t ts = kL2Time + 2 * i;
        const std::uint64_t epoch = 100 + i / 3;
        const std::uint64_t seq = (i % 3 == 0 || i == 1) ? 0 : i % 3;
        const protocol::L1Origin origin = l1_origin(epoch);
        std::vector<Bytes> txns{l1_info_deposit(origin, seq, ts)};
        if (seq == 0) txns.push_back(user_deposit(origin, 3 * i, dev_address(6)));
        bool no_tx_pool = true;
        if (i == 5) {
            // Sequencer path: users' txns reach A's pool first; fifo order would mine them before
            // the deposit unless the engine drains the pool.
            for (int k = 0; k < 2; ++k) {
                auto sent = a().client().eth_send_raw_transaction(signed_txn(2, nonce2++, recipient));
                ASSERT_TRUE(sent) << rpc::to_string(sent.error());
            }
            auto pooled = a().pool_transactions();
            ASSERT_TRUE(pooled) << to_string(pooled.error());
            ASSERT_EQ(pooled->size(), 2U);
            no_tx_pool = false;
        } else {
            txns.push_back(signed_txn(0, nonce0++, recipient));
            if (i % 2 == 0) txns.push_back(signed_txn(1, nonce1++, dev_address(7)));
            if (i == 4) {
                Bytes deploy = signed_txn(1, nonce1++, std::nullopt, answer_contract_init_code(), 200'000);
                deployment = keccak256(deploy);
                txns.push_back(std::move(deploy));
            }
        }
        const std::size_t given = txns.size();
        auto built = a().build_block(parent, attributes(ts, txns, no_tx_pool));
        ASSERT_TRUE(built) << "block " << i << ": " << to_string(built.error());
        EXPECT_EQ(built->ref.number, genesis_[0].block.number + i);
        EXPECT_EQ(built->ref.timestamp, ts);
        EXPECT_EQ(built->ref.l1_origin, (BlockId{origin.hash, origin.number}));
        EXPECT_EQ(built->ref.sequence_number, seq);
        EXPECT_EQ(built->gas_limit, kGasLimit);
        EXPECT_EQ(built->fee_recipient, derive::kSequencerFeeVaultAddress);
        if (i == 5) {
            ASSERT_EQ(built->txn_hashes.size(), given + 2);
            EXPECT_EQ(built->txn_hashes.front(), keccak256(txns.front())) << "the L1-info deposit leads";
        }
        auto envelopes = a().transactions_by_number(built->ref.number);
        ASSERT_TRUE(envelopes && envelopes->has_value());
        chain.push_back(Built{attributes(ts, **envelopes), *built});
        parent = built->id();
    }

    // Every L1-info deposit and user deposit succeeded; so did the deployment.
    for (const auto& c : chain) {
        auto receipts = a().client().eth_get_block_receipts(c.block.ref.hash);
        ASSERT_TRUE(receipts && receipts->has_value());
        ASSERT_EQ((*receipts)->size(), c.block.txn_hashes.size());
        for (const auto& r : **receipts) EXPECT_TRUE(r.succeeded()) << "block " << c.block.ref.number;
    }
    ASSERT_TRUE(deployment.has_value());
    auto deployed = a().client().eth_get_transaction_receipt(*deployment);
    ASSERT_TRUE(deployed && deployed->has_value());
    ASSERT_TRUE((*deployed)->contract_address.has_value());
    auto code = a().client().eth_get_code(*(*deployed)->contract_address);
    ASSERT_TRUE(code);
    EXPECT_EQ(*code, *decode_hex("0x602a60005260206000f3"));

    // L1Block holds the last block's origin: slot 0 = timestamp ‖ number (number in the low 8
    // bytes), slot 2 = hash, slot 4 = batcherHash.
    const protocol::L1Origin last = l1_origin(100 + 10 / 3);
    auto slot0 = storage_at(a().client(), 0);
    auto slot2 = storage_at(a().client(), 2);
    auto slot4 = storage_at(a().client(), 4);
    ASSERT_TRUE(slot0 && slot2 && slot4);
    B256 expected0{};
    for (int k = 0; k < 8; ++k) {
        expected0[static_cast<std::size_t>(31 - k)] = static_cast<std::uint8_t>(last.number >> (8 * k));
        expected0[static_cast<std::size_t>(23 - k)] = static_cast<std::uint8_t>(last.timestamp >> (8 * k));
    }
    EXPECT_EQ(hx(*slot0), hx(expected0));
    EXPECT_EQ(hx(*slot2), hx(last.hash));
    EXPECT_EQ(hx(*slot4), hx(system_config().batcher_hash));

    // Replay on B: same txns, same state roots (and, measured, the same block hashes).
    BlockId parent_b = genesis_[1].block;
    for (const auto& c : chain) {
        auto built = b().build_block(parent_b, c.replay);
        ASSERT_TRUE(built) << "replay block " << c.block.ref.number << ": " << to_string(built.error());
        EXPECT_EQ(built->txn_hashes, c.block.txn_hashes);
        EXPECT_EQ(hx(built->state_root), hx(c.block.state_root)) << "block " << c.block.ref.number;
        EXPECT_EQ(hx(built->ref.hash), hx(c.block.ref.hash)) << "block " << c.block.ref.number;
        EXPECT_EQ(hx(built->prev_randao), hx(c.block.prev_randao));
        parent_b = built->id();
    }

    // The pipeline's view of B through EngineL2Chain: genesis with rollup.json's L1 origin, then
    // each block's origin from its L1-info deposit.
    protocol::Genesis rollup_genesis;
    rollup_genesis.l1 = BlockId{l1_hash(100), 100};
    rollup_genesis.l2 = genesis_[1].block;
    rollup_genesis.l2_time = genesis_[1].l2_time;
    EngineL2Chain l2_chain(b(), rollup_genesis);
    auto safe = l2_chain.safe_head();
    ASSERT_TRUE(safe) << safe.error().detail;
    EXPECT_EQ(safe->l1_origin, rollup_genesis.l1);
    auto fifth = l2_chain.l2_block_ref_by_number(chain[4].block.ref.number);
    ASSERT_TRUE(fifth) << fifth.error().detail;
    EXPECT_EQ(fifth->l1_origin, chain[4].block.ref.l1_origin);
    EXPECT_EQ(fifth->sequence_number, chain[4].block.ref.sequence_number);
    auto fifth_txns = l2_chain.transactions_by_number(chain[4].block.ref.number);
    ASSERT_TRUE(fifth_txns);
    EXPECT_EQ(*fifth_txns, chain[4].replay.transactions);

    // Rewind B by 3 blocks and rebuild.
    const EngineBlock& target = chain[chain.size() - 4].block;
    auto rewound = b().rewind_to(target.id());
    ASSERT_TRUE(rewound) << to_string(rewound.error());
    auto head = b().head();
    ASSERT_TRUE(head);
    EXPECT_EQ(head->id(), target.id());
    EXPECT_EQ(hx(head->state_root), hx(target.state_root));
    auto gone = b().block_by_number(target.ref.number + 1);
    ASSERT_TRUE(gone);
    EXPECT_FALSE(gone->has_value());
    parent_b = target.id();
    for (std::size_t k = chain.size() - 3; k < chain.size(); ++k) {
        auto built = b().build_block(parent_b, chain[k].replay);
        ASSERT_TRUE(built) << to_string(built.error());
        EXPECT_EQ(hx(built->state_root), hx(chain[k].block.state_root));
        EXPECT_EQ(hx(built->ref.hash), hx(chain[k].block.ref.hash));
        parent_b = built->id();
    }

    // build_block on an older parent rewinds by itself (forkchoice to the parent, then build).
    const EngineBlock& older = chain[chain.size() - 3].block;
    auto rebuilt = b().build_block(older.id(), chain[chain.size() - 2].replay);
    ASSERT_TRUE(rebuilt) << to_string(rebuilt.error());
    EXPECT_EQ(hx(rebuilt->ref.hash), hx(chain[chain.size() - 2].block.ref.hash));
}

TEST_F(EngineTest, RestartedAnvilContinuesTheSameChain) {
    // The node restart case: anvil dumps its chain on SIGTERM (--state) and reloads it; the engine
    // keeps no state of its own, so building simply continues from head().
    BlockId parent_a = genesis_[0].block;
    BlockId parent_b = genesis_[1].block;
    std::uint64_t nonce = 0;
    for (std::uint64_t i = 1; i <= 5; ++i) {
        if (i == 3) {
            anvils_[0].stop();
            auto restarted = anvils_[0].restart();
            ASSERT_TRUE(restarted) << restarted.error();
            auto head = a().head();
            ASSERT_TRUE(head) << to_string(head.error());
            EXPECT_EQ(head->id(), parent_a) << "the chain survives the restart";
        }
        const std::uint64_t ts = kL2Time + 2 * i;
        const std::vector<Bytes> txns{l1_info_deposit(l1_origin(100), i - 1, ts),
                                      signed_txn(0, nonce++, dev_address(4))};
        auto built_a = a().build_block(parent_a, attributes(ts, txns));
        ASSERT_TRUE(built_a) << "block " << i << ": " << to_string(built_a.error());
        auto built_b = b().build_block(parent_b, attributes(ts, txns));
        ASSERT_TRUE(built_b) << to_string(built_b.error());
        EXPECT_EQ(hx(built_a->state_root), hx(built_b->state_root)) << "block " << i;
        EXPECT_EQ(hx(built_a->ref.hash), hx(built_b->ref.hash)) << "block " << i;
        parent_a = built_a->id();
        parent_b = built_b->id();
    }
}

TEST_F(EngineTest, PoolTxnsWaitWhenTheBlockTakesNoPool) {
    const std::uint64_t ts = kL2Time + 2;
    auto sent = a().client().eth_send_raw_transaction(signed_txn(3, 0, dev_address(4)));
    ASSERT_TRUE(sent);
    const protocol::L1Origin origin = l1_origin(100);
    auto built = a().build_block(genesis_[0].block, attributes(ts, {l1_info_deposit(origin, 0, ts)}));
    ASSERT_TRUE(built) << to_string(built.error());
    EXPECT_EQ(built->txn_hashes.size(), 1U);
    auto pooled = a().pool_transactions();
    ASSERT_TRUE(pooled);
    ASSERT_EQ(pooled->size(), 1U);
    EXPECT_EQ(keccak256(pooled->front()), *sent);

    // A failed build (a txn anvil refuses: wrong chain id) loses no user txn either.
    DynamicFeeTx wrong;
    wrong.chain_id = kL2ChainId + 1;
    wrong.max_fee_per_gas = U256(20 * kGwei);
    wrong.gas_limit = 21'000;
    wrong.to = dev_address(4);
    Transaction wrong_txn = wrong;
    ASSERT_TRUE(sign(wrong_txn, dev_key(0)));
    const std::uint64_t next_ts = ts + 2;
    auto failed = a().build_block(built->id(), attributes(next_ts, {l1_info_deposit(origin, 1, next_ts),
                                                                    encode_transaction(wrong_txn)}));
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().kind, EngineErrorKind::kTxnRejected);
    auto kept = a().pool_transactions();
    ASSERT_TRUE(kept);
    ASSERT_EQ(kept->size(), 1U);
    EXPECT_EQ(keccak256(kept->front()), *sent);
}

// The block's txn hashes after its L1-info deposit, sorted (senders' order is the pool's).
std::vector<B256> user_hashes(const EngineBlock& block) {
    std::vector<B256> out(block.txn_hashes.begin() + 1, block.txn_hashes.end());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<B256> sorted(std::vector<B256> hashes) {
    std::sort(hashes.begin(), hashes.end());
    return hashes;
}

TEST_F(EngineTest, NonceGapNeitherEmptiesBlocksNorLosesTheGappedTxn) {
    const protocol::L1Origin origin = l1_origin(100);
    std::uint64_t seq = 0;
    std::uint64_t ts = kL2Time;
    BlockId parent = genesis_[0].block;
    const auto build = [&]() {
        ts += 2;
        auto built = a().build_block(parent, attributes(ts, {l1_info_deposit(origin, seq++, ts)}, false));
        if (built) parent = built->id();
        return built;
    };

    // Sender 3 sends nonces 0 and 2 (a gap at 1), sender 4 nonce 0.
    auto x0 = a().client().eth_send_raw_transaction(signed_txn(3, 0, dev_address(5)));
    auto x2 = a().client().eth_send_raw_transaction(signed_txn(3, 2, dev_address(5)));
    auto y0 = a().client().eth_send_raw_transaction(signed_txn(4, 0, dev_address(5)));
    ASSERT_TRUE(x0 && x2 && y0);
    auto first = build();
    ASSERT_TRUE(first) << to_string(first.error());
    EXPECT_EQ(user_hashes(*first), sorted({*x0, *y0})) << "the gap does not empty the block";
    auto pooled = a().pool_transactions();
    ASSERT_TRUE(pooled);
    ASSERT_EQ(pooled->size(), 1U);
    EXPECT_EQ(keccak256(pooled->front()), *x2) << "the gapped txn waits in the pool";

    // Filling the gap mines both, in nonce order.
    auto x1 = a().client().eth_send_raw_transaction(signed_txn(3, 1, dev_address(5)));
    ASSERT_TRUE(x1);
    auto second = build();
    ASSERT_TRUE(second) << to_string(second.error());
    EXPECT_EQ(second->txn_hashes, (std::vector<B256>{second->txn_hashes.front(), *x1, *x2}));
    auto count = a().client().eth_get_transaction_count(dev_address(3));
    ASSERT_TRUE(count);
    EXPECT_EQ(*count, 3U);

    // A gap that a rewind makes: sender 4's nonce 1 is ready on top of block `second`; rewound to
    // `first`'s parent, sender 4 is back at nonce 0, so nonce 1 waits instead of failing the block.
    auto y1 = a().client().eth_send_raw_transaction(signed_txn(4, 1, dev_address(5)));
    ASSERT_TRUE(y1);
    parent = genesis_[0].block;
    ts = kL2Time;
    seq = 0;
    auto rebuilt = build();
    ASSERT_TRUE(rebuilt) << to_string(rebuilt.error());
    EXPECT_EQ(rebuilt->txn_hashes.size(), 1U);
    EXPECT_EQ(a().last_build().held, 1U);
    EXPECT_EQ(a().last_build().stale, 0U);
    auto waiting = a().pool_transactions();
    ASSERT_TRUE(waiting);
    ASSERT_EQ(waiting->size(), 1U);
    EXPECT_EQ(keccak256(waiting->front()), *y1);
    // Sender 4 re-sends nonce 0 (the rewind undid it): both are mined.
    auto y0_again = a().client().eth_send_raw_transaction(signed_txn(4, 0, dev_address(5)));
    ASSERT_TRUE(y0_again);
    auto healed = build();
    ASSERT_TRUE(healed) << to_string(healed.error());
    EXPECT_EQ(healed->txn_hashes, (std::vector<B256>{healed->txn_hashes.front(), *y0, *y1}));
}

// A rotating follower or a verifier builds a block whose txns the attributes fix, while users' txns
// sit in its pool. If one of the block's txns fills a pooled txn's nonce gap, anvil must not mine
// the gapped txn into the block too (seen in a rotating devnet: the derived block was refused and
// replaced by a deposit-only one, and the chains split). The gapped txn waits for the next block.
TEST_F(EngineTest, ABlockThatFillsANonceGapDoesNotPullTheGappedTxnIn) {
    const protocol::L1Origin origin = l1_origin(100);
    const std::uint64_t ts = kL2Time + 2;
    auto x1 = a().client().eth_send_raw_transaction(signed_txn(3, 1, dev_address(5)));
    ASSERT_TRUE(x1);
    const Bytes x0 = signed_txn(3, 0, dev_address(5));
    auto built = a().build_block(genesis_[0].block, attributes(ts, {l1_info_deposit(origin, 0, ts), x0}));
    ASSERT_TRUE(built) << to_string(built.error());
    EXPECT_EQ(built->txn_hashes.size(), 2U) << "only the attributes' txns";
    EXPECT_EQ(built->txn_hashes.back(), keccak256(x0));
    EXPECT_EQ(a().last_build().held, 1U);
    auto pooled = a().pool_transactions();
    ASSERT_TRUE(pooled);
    ASSERT_EQ(pooled->size(), 1U);
    EXPECT_EQ(keccak256(pooled->front()), *x1) << "the gapped txn waits, now ready";
    auto next = a().build_block(built->id(), attributes(ts + 2, {l1_info_deposit(origin, 1, ts + 2)}, false));
    ASSERT_TRUE(next) << to_string(next.error());
    EXPECT_EQ(next->txn_hashes, (std::vector<B256>{next->txn_hashes.front(), *x1}));
}

// kUsers threads each send kTxns txns with consecutive nonces to A as fast as A answers, while
// this thread builds sequencer blocks. Sent straight to anvil, a txn that arrives while the pool is
// drained is refused (the gate: "max fee per gas less than block base fee") and its user re-sends
// it; sent through the node's TxIngress, none is refused. In the end every txn is mined exactly
// once, and no build failed.
void EngineTest::send_while_building(const std::string& path, bool through_ingress) {
    constexpr std::size_t kUsers = 3;
    constexpr std::uint64_t kTxns = 100;
    struct User {
        std::vector<B256> sent;
        std::uint64_t refusals{0};
        std::string error;
    };
    std::vector<User> users(kUsers);
    std::atomic<std::size_t> finished{0};
    std::vector<std::thread> threads;
    for (std::size_t u = 0; u < kUsers; ++u) {
        threads.emplace_back([&, u] {
            User& me = users[u];
            auto client = rpc::Client::make(anvils_[0].url());
            auto ingress_client = rpc::Client::make(anvils_[0].url());
            std::optional<TxIngress> ingress;
            if (ingress_client) ingress.emplace(std::move(*ingress_client), a().pool_gate());
            for (std::uint64_t nonce = 0; client && ingress && nonce < kTxns;) {
                const Bytes txn = signed_txn(6 + u, nonce, dev_address(5));
                auto sent = through_ingress ? ingress->send_raw_transaction(txn)
                                            : client->eth_send_raw_transaction(txn);
                if (sent) {
                    me.sent.push_back(*sent);
                    ++nonce;
                    // A short pause spreads the txns over many blocks (and many drains).
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                    continue;
                }
                const std::string message = rpc::to_string(sent.error());
                if (through_ingress || message.find("less than block base fee") == std::string::npos) {
                    me.error = message;
                    break;
                }
                ++me.refusals;
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            ++finished;
        });
    }

    const protocol::L1Origin origin = l1_origin(100);
    BlockId parent = genesis_[0].block;
    std::uint64_t ts = kL2Time;
    std::uint64_t built_blocks = 0;
    std::uint64_t failed_builds = 0;
    std::uint64_t late = 0;
    std::string last_failure;
    std::chrono::steady_clock::duration build_time{};
    std::chrono::steady_clock::duration max_build_time{};
    // Bounded by time, not rounds: through the ingress, sends wait for builds, and back-to-back
    // builds (a few ms each) may pass many rounds before a user gets the pool.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    while (std::chrono::steady_clock::now() < deadline) {
        if (finished == kUsers) {
            auto rest = a().pool_transactions();
            ASSERT_TRUE(rest);
            if (rest->empty()) break;
        }
        const std::uint64_t next_ts = ts + 2;
        const auto started = std::chrono::steady_clock::now();
        auto built = a().build_block(
            parent, attributes(next_ts, {l1_info_deposit(origin, built_blocks, next_ts)}, false));
        const auto took = std::chrono::steady_clock::now() - started;
        build_time += took;
        max_build_time = std::max(max_build_time, took);
        if (!built) {
            ++failed_builds;  // as the driver does: the same block again
            last_failure = to_string(built.error());
            continue;
        }
        late += a().last_build().late;
        ++built_blocks;
        ts = next_ts;
        parent = built->id();
        // A sequencer builds every block time; a pause lets the users in between builds here too.
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    for (auto& t : threads) t.join();
    // The deposits enter the pool while the gate holds users off, so no user txn can precede
    // them: a sequencer block is never refused for a txn that arrived mid-build.
    EXPECT_EQ(failed_builds, 0U) << last_failure;

    std::map<B256, int> mined;
    for (std::uint64_t n = genesis_[0].block.number + 1; n <= parent.number; ++n) {
        auto block = a().block_by_number(n);
        ASSERT_TRUE(block && block->has_value());
        for (const auto& h : (*block)->txn_hashes) ++mined[h];
    }
    std::uint64_t refusals = 0;
    for (std::size_t u = 0; u < kUsers; ++u) {
        EXPECT_TRUE(users[u].error.empty()) << users[u].error;
        ASSERT_EQ(users[u].sent.size(), kTxns);
        for (const auto& h : users[u].sent) EXPECT_EQ(mined[h], 1) << "user " << u << " txn " << hx(h);
        auto count = a().client().eth_get_transaction_count(dev_address(6 + u));
        ASSERT_TRUE(count);
        EXPECT_EQ(*count, kTxns);
        refusals += users[u].refusals;
    }
    if (through_ingress) {
        EXPECT_EQ(refusals, 0U);
    }
    std::cout << "[ measured ] " << path << ": " << kUsers * kTxns << " txns, " << built_blocks << " blocks, "
              << failed_builds << " refused builds (last: " << last_failure << "), " << refusals
              << " sends refused by the gate, " << late
              << " txns mined after arriving mid-build; build_block "
              << std::chrono::duration_cast<std::chrono::microseconds>(build_time).count() /
                     std::max<std::uint64_t>(1, built_blocks + failed_builds)
              << " us on average, "
              << std::chrono::duration_cast<std::chrono::microseconds>(max_build_time).count()
              << " us at most\n";
}

TEST_F(EngineTest, TxnsSentWhileBlocksAreBuiltAreMinedExactlyOnce) {
    send_while_building("straight to anvil", false);
}

TEST_F(EngineTest, TxnsSentThroughTheIngressAreNeverRefusedWhileBlocksAreBuilt) {
    send_while_building("through TxIngress", true);
}

TEST_F(EngineTest, ErrorsAreTypedAndClassified) {
    const std::uint64_t ts = kL2Time + 2;
    const protocol::L1Origin origin = l1_origin(100);
    const Bytes info = l1_info_deposit(origin, 0, ts);

    auto stale = a().build_block(genesis_[0].block, attributes(kL2Time, {info}));
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().kind, EngineErrorKind::kInvalidAttributes);
    EXPECT_FALSE(stale.error().is_temporary());

    auto orphan = a().build_block(BlockId{l1_hash(1), 1}, attributes(ts, {info}));
    ASSERT_FALSE(orphan);
    EXPECT_EQ(orphan.error().kind, EngineErrorKind::kUnknownParent);

    // A nonce gap: anvil queues the txn instead of mining it, and the engine says so.
    auto gap = a().build_block(genesis_[0].block, attributes(ts, {info, signed_txn(0, 5, dev_address(4))}));
    ASSERT_FALSE(gap);
    EXPECT_EQ(gap.error().kind, EngineErrorKind::kBlockMismatch) << to_string(gap.error());

    // A txn anvil refuses outright (wrong chain id).
    DynamicFeeTx wrong;
    wrong.chain_id = kL2ChainId + 1;
    wrong.max_fee_per_gas = U256(20 * kGwei);
    wrong.gas_limit = 21'000;
    wrong.to = dev_address(4);
    Transaction wrong_txn = wrong;
    ASSERT_TRUE(sign(wrong_txn, dev_key(0)));
    auto rejected = b().build_block(genesis_[1].block, attributes(ts, {info, encode_transaction(wrong_txn)}));
    ASSERT_FALSE(rejected);
    EXPECT_EQ(rejected.error().kind, EngineErrorKind::kTxnRejected) << to_string(rejected.error());
    auto after = b().head();
    ASSERT_TRUE(after);
    EXPECT_EQ(after->id(), genesis_[1].block) << "a rejected build leaves the head alone";
    auto empty_pool = b().pool_transactions();
    ASSERT_TRUE(empty_pool);
    EXPECT_TRUE(empty_pool->empty());

    // A Jovian-layout L1-info deposit: Baton's L1Block has no Jovian setter, so it reverts (anvil
    // still includes it, status 0); the engine refuses the block and leaves the head alone.
    auto jovian = rollup_config();
    jovian.jovian_time = 0;
    auto jovian_info = protocol::make_l1_info_deposit(jovian, system_config(), origin, 0, ts);
    ASSERT_TRUE(jovian_info);
    auto reverted = b().build_block(genesis_[1].block, attributes(ts, {encode_transaction(*jovian_info)}));
    ASSERT_FALSE(reverted);
    EXPECT_EQ(reverted.error().kind, EngineErrorKind::kL1InfoFailed) << to_string(reverted.error());
    auto still = b().head();
    ASSERT_TRUE(still);
    EXPECT_EQ(still->id(), genesis_[1].block);

    anvils_[1].stop();
    auto down = b().head();
    ASSERT_FALSE(down);
    EXPECT_EQ(down.error().kind, EngineErrorKind::kUnavailable);
    EXPECT_TRUE(down.error().is_temporary());
}

}  // namespace
}  // namespace baton::node
