// SPDX-License-Identifier: MIT
#include <baton/derive/batch_validator.hpp>
#include <baton/derive/test_util/fake_stages.hpp>
#include <baton/derive/test_util/recording.hpp>
#include <baton/derive/test_util/test_rollup.hpp>
#include <baton/protocol/test_util/vectors.hpp>

#include <gtest/gtest.h>

namespace baton::derive {
namespace {

using protocol::SingularBatch;
using protocol::test_util::hex_field;
using protocol::test_util::load_vectors;

std::optional<std::uint64_t> opt_u64(const nlohmann::json& j, const char* key) {
    if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
    return j.at(key).get<std::uint64_t>();
}

B256 b256(const nlohmann::json& j, const char* key) {
    B256 out{};
    auto bytes = hex_field(j, key);
    EXPECT_TRUE(bytes && bytes->size() == 32) << key;
    if (bytes && bytes->size() == 32) std::copy(bytes->begin(), bytes->end(), out.begin());
    return out;
}

L1BlockRef l1_ref(const nlohmann::json& j) {
    L1BlockRef r;
    r.number = j.at("number").get<std::uint64_t>();
    r.timestamp = j.at("time").get<std::uint64_t>();
    r.hash = b256(j, "hash");
    if (j.contains("parent_hash")) r.parent_hash = b256(j, "parent_hash");
    return r;
}

std::optional<BatchValidity> validity_of(const std::string& s) {
    if (s == "accept") return BatchValidity::kAccept;
    if (s == "drop") return BatchValidity::kDrop;
    if (s == "undecided") return BatchValidity::kUndecided;
    if (s == "future") return BatchValidity::kFuture;
    if (s == "past") return BatchValidity::kPast;
    return std::nullopt;
}

// Every case of batch_validity_singular.json through check_singular_batch. The one pre-Holocene
// "future" case is cheap to answer (the verdict, not the buffering), so nothing is skipped.
TEST(BatchValidityVectors, EveryCase) {
    std::string error;
    auto doc = load_vectors("batch_validity_singular.json", &error);
    ASSERT_TRUE(error.empty()) << error;
    const auto& cases = doc.at("cases");
    ASSERT_EQ(cases.size(), 24u);
    std::size_t checked = 0;
    std::size_t skipped = 0;
    for (const auto& c : cases) {
        const std::string name = c.at("name").get<std::string>();
        SCOPED_TRACE(name);
        protocol::RollupConfig rollup;
        const auto& cfg = c.at("config");
        rollup.genesis.l2_time = cfg.at("genesis_l2_time").get<std::uint64_t>();
        rollup.block_time = cfg.at("block_time").get<std::uint64_t>();
        rollup.seq_window_size = cfg.at("seq_window_size").get<std::uint64_t>();
        rollup.max_sequencer_drift = cfg.at("max_sequencer_drift").get<std::uint64_t>();
        rollup.delta_time = opt_u64(cfg, "delta_time");
        rollup.fjord_time = opt_u64(cfg, "fjord_time");
        rollup.holocene_time = opt_u64(cfg, "holocene_time");

        std::vector<L1BlockRef> l1_blocks;
        for (const auto& b : c.at("l1_blocks")) l1_blocks.push_back(l1_ref(b));
        const auto& sh = c.at("l2_safe_head");
        L2BlockRef safe;
        safe.number = sh.at("number").get<std::uint64_t>();
        safe.hash = b256(sh, "hash");
        safe.parent_hash = b256(sh, "parent_hash");
        safe.timestamp = sh.at("time").get<std::uint64_t>();
        safe.l1_origin =
            BlockId{b256(sh.at("l1_origin"), "hash"), sh.at("l1_origin").at("number").get<std::uint64_t>()};
        safe.sequence_number = sh.at("sequence_number").get<std::uint64_t>();
        const L1BlockRef inclusion = l1_ref(c.at("inclusion_block"));

        const auto& jb = c.at("batch");
        SingularBatch batch;
        batch.parent_hash = b256(jb, "parent_hash");
        batch.epoch_num = jb.at("epoch_num").get<std::uint64_t>();
        batch.epoch_hash = b256(jb, "epoch_hash");
        batch.timestamp = jb.at("timestamp").get<std::uint64_t>();
        for (const auto& tx : jb.at("transactions")) {
            auto bytes = decode_hex(tx.get<std::string>());
            ASSERT_TRUE(bytes);
            batch.transactions.push_back(*bytes);
        }
        auto expected = validity_of(c.at("expected_validity").get<std::string>());
        ASSERT_TRUE(expected);
        const BatchCheck got = check_singular_batch(rollup, l1_blocks, safe, batch, inclusion);
        EXPECT_EQ(to_string(got.validity), std::string(to_string(*expected))) << got.why;
        ++checked;
    }
    EXPECT_EQ(checked, 24u);
    EXPECT_EQ(skipped, 0u);
}

// ---- the stage, over a scripted batch stream ----

class ScriptedSingularProvider final : public test_util::ScriptedStage<SingularBatchProvider, SingularBatch> {
public:
    PipelineResult<SingularBatch> next_batch(const L2BlockRef&, std::span<const L1BlockRef>) override {
        return pop();
    }
};

class BatchValidatorTest : public ::testing::Test {
protected:
    void SetUp() override {
        rollup.seq_window_size = 4;
        for (std::uint64_t n = 0; n < 12; ++n) {
            L1BlockRef b;
            b.number = n;
            b.timestamp = 1'000'000 + 12 * n;
            b.hash[0] = 0xb1;
            b.hash[31] = static_cast<std::uint8_t>(n);
            l1.push_back(b);
        }
        rollup.genesis.l2_time = l1[0].timestamp;
        safe.hash[0] = 0x22;
        safe.timestamp = rollup.genesis.l2_time;
        safe.l1_origin = l1[0].id();
        auto prev = std::make_unique<ScriptedSingularProvider>();
        scripted = prev.get();
        validator = std::make_unique<BatchValidator>(rollup, std::move(prev), rec.telemetry());
        scripted->set_origin(l1[0]);
        EXPECT_TRUE(validator->signal(ResetSignal{safe, l1[0], {}}));
    }

    // Moves the scripted origin to L1 block n (as traversal would).
    void at_origin(std::uint64_t n) { scripted->set_origin(l1[n]); }
    // The scripted stage only knows numbers and timestamps; give the validator the real refs.
    SingularBatch next_block(std::uint64_t epoch) const {
        SingularBatch b;
        b.parent_hash = safe.hash;
        b.epoch_num = epoch;
        b.epoch_hash = l1[epoch].hash;
        b.timestamp = safe.timestamp + rollup.block_time;
        return b;
    }
    void execute(const SingularBatch& b) {
        L2BlockRef next;
        next.number = safe.number + 1;
        next.parent_hash = safe.hash;
        next.hash = safe.hash;
        next.hash[1] = static_cast<std::uint8_t>(next.number);
        next.timestamp = b.timestamp;
        next.l1_origin = BlockId{b.epoch_hash, b.epoch_num};
        safe = next;
    }

    protocol::RollupConfig rollup = test_util::make_test_rollup();
    std::vector<L1BlockRef> l1;
    L2BlockRef safe;
    test_util::RecordingTelemetry rec;
    ScriptedSingularProvider* scripted = nullptr;
    std::unique_ptr<BatchValidator> validator;
};

TEST_F(BatchValidatorTest, AcceptsTheNextBlockAndDropsAnInvalidOneWithAFlush) {
    at_origin(1);
    scripted->push(next_block(0));
    auto ok = validator->next_valid_batch(safe);
    ASSERT_TRUE(ok) << to_string(ok.error());
    execute(*ok);
    auto bad = next_block(0);
    bad.transactions = {Bytes{0x7e, 0x00}};
    scripted->push(bad);
    auto dropped = validator->next_valid_batch(safe);
    ASSERT_FALSE(dropped);
    EXPECT_TRUE(dropped.error().is(Severity::kTemporary, Reason::kNotEnoughData));
    EXPECT_EQ(rec.metrics.drops(DropReason::kInvalidBatchBlock), 1u);
    ASSERT_EQ(scripted->signals.size(), 2u);  // the reset, then the flush
    EXPECT_TRUE(std::holds_alternative<FlushChannel>(scripted->signals[1]));
    EXPECT_TRUE(rec.logger.contains("deposit transaction in batch"));
}

TEST_F(BatchValidatorTest, EmptyBatchesOnceTheSequencingWindowIsExhausted) {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> derived;  // (timestamp offset, epoch)
    for (std::uint64_t n = 1; n <= 6; ++n) {
        at_origin(n);
        for (int guard = 0; guard < 100; ++guard) {
            auto b = validator->next_valid_batch(safe);
            if (b) {
                EXPECT_TRUE(b->transactions.empty());
                derived.emplace_back(b->timestamp - rollup.genesis.l2_time, b->epoch_num);
                execute(*b);
                continue;
            }
            if (b.error().is_eof()) break;
            ASSERT_TRUE(b.error().is(Severity::kTemporary, Reason::kNotEnoughData)) << to_string(b.error());
        }
    }
    // Nothing until origin 4 = epoch 0 + seq_window_size; then epoch 0 is filled up to the next
    // epoch's time (5 blocks: ts 2..10, 12 s is epoch 1's time), epoch 1 from origin 5 (6 blocks),
    // epoch 2 from origin 6 (6 blocks).
    ASSERT_GE(derived.size(), 6u);
    EXPECT_EQ(derived[0], (std::pair<std::uint64_t, std::uint64_t>{2, 0}));
    EXPECT_EQ(derived[4], (std::pair<std::uint64_t, std::uint64_t>{10, 0}));
    EXPECT_EQ(derived[5], (std::pair<std::uint64_t, std::uint64_t>{12, 1}));
    for (std::size_t i = 0; i < derived.size(); ++i) EXPECT_EQ(derived[i].first, 2 * (i + 1));
    EXPECT_EQ(derived.size(), 5u + 6u + 6u);
    EXPECT_EQ(derived.back(), (std::pair<std::uint64_t, std::uint64_t>{34, 2}));
}

TEST_F(BatchValidatorTest, PreHoloceneOriginIsUnsupported) {
    rollup.holocene_time = l1[3].timestamp;
    at_origin(1);
    auto b = validator->next_valid_batch(safe);
    ASSERT_FALSE(b);
    EXPECT_TRUE(b.error().is(Severity::kCritical, Reason::kUnsupportedFork));
}

}  // namespace
}  // namespace baton::derive
