// SPDX-License-Identifier: MIT
#pragma once

// Test-only: an in-memory L2 safe chain implementing L2ChainProvider. Each append() is one
// "executed" block: its hash commits to the parent hash, number, timestamp, origin and txs, so the
// same attributes give the same hash and any difference gives another.

#include <baton/core/assert.hpp>
#include <baton/core/keccak.hpp>
#include <baton/derive/providers.hpp>

#include <cstdint>
#include <vector>

namespace baton::derive::test_util {

class FakeL2Chain final : public L2ChainProvider {
public:
    explicit FakeL2Chain(L2BlockRef genesis) { blocks_.push_back(Block{genesis, {}}); }

    // Appends a block on the head; the sequence number follows the origin.
    const L2BlockRef& append(std::uint64_t timestamp, const BlockId& l1_origin, std::vector<Bytes> txs) {
        const L2BlockRef& parent = head();
        L2BlockRef ref;
        ref.number = parent.number + 1;
        ref.parent_hash = parent.hash;
        ref.timestamp = timestamp;
        ref.l1_origin = l1_origin;
        ref.sequence_number = l1_origin == parent.l1_origin ? parent.sequence_number + 1 : 0;
        Keccak256 h;
        h.update(parent.hash);
        Bytes fields;
        append_be(fields, ref.number, 8);
        append_be(fields, ref.timestamp, 8);
        append_be(fields, l1_origin.number, 8);
        h.update(fields);
        h.update(l1_origin.hash);
        for (const auto& tx : txs) h.update(keccak256(tx));
        ref.hash = h.finalize();
        blocks_.push_back(Block{ref, std::move(txs)});
        return head();
    }
    // Drops every block above `number`.
    void rewind_to(std::uint64_t number) {
        BATON_ASSERT(number >= blocks_.front().ref.number && number <= head().number);
        blocks_.resize(number - blocks_.front().ref.number + 1);
    }

    const L2BlockRef& head() const noexcept { return blocks_.back().ref; }
    const L2BlockRef& block(std::uint64_t number) const { return at(number).ref; }
    const std::vector<Bytes>& txs(std::uint64_t number) const { return at(number).txs; }

    PipelineResult<L2BlockRef> safe_head() override { return head(); }
    PipelineResult<L2BlockRef> l2_block_ref_by_number(std::uint64_t number) override {
        if (!has(number)) return baton::unexpected(temporary(Reason::kProvider, "no such L2 block"));
        return block(number);
    }
    PipelineResult<std::vector<Bytes>> transactions_by_number(std::uint64_t number) override {
        if (!has(number)) return baton::unexpected(temporary(Reason::kProvider, "no such L2 block"));
        return txs(number);
    }

private:
    struct Block {
        L2BlockRef ref;
        std::vector<Bytes> txs;
    };
    bool has(std::uint64_t number) const noexcept {
        return number >= blocks_.front().ref.number && number <= head().number;
    }
    const Block& at(std::uint64_t number) const {
        BATON_ASSERT(has(number));
        return blocks_[number - blocks_.front().ref.number];
    }

    std::vector<Block> blocks_;
};

}  // namespace baton::derive::test_util
