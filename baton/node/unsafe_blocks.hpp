// SPDX-License-Identifier: MIT
#pragma once

// Unsafe blocks as rotating sequencers hand them to each other (docs/node.md, "Rotating mode").
//
// A block travels as what any engine needs to build it again: its ref (number, hash, parent, L1
// origin) and the payload attributes it was built from, with *every* txn of the block in
// `attributes.transactions` (deposits, then users' txns) and no_tx_pool set. A follower builds it
// on its own engine and keeps it only when its own build has the served hash, so a peer cannot
// make it hold a block its engine would not produce; whether the block belongs on the chain at
// all is decided later by L1, which replaces anything that was served and never posted.
//
// UnsafeBlockStore keeps the newest blocks of the node's canonical chain (sequenced, followed or
// derived), contiguous by number, for peers to fetch. The driver writes it on its loop; the RPC
// handlers read it on the server's threads, hence the mutex.
//
// JSON (baton_unsafeBlocks' answer, one object per block; numbers are JSON numbers):
//   {"number","hash","parentHash","timestamp","l1Origin":{"number","hash"},"sequenceNumber",
//    "attributes":{"timestamp","prevRandao","feeRecipient","gasLimit","eip1559Params"|null,
//                  "parentBeaconBlockRoot"|null,"transactions":["0x…"]}}

#include <baton/core/result.hpp>
#include <baton/derive/attributes_builder.hpp>
#include <baton/derive/block_ref.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace baton::node {

struct UnsafeBlock {
    derive::L2BlockRef ref;
    derive::PayloadAttributes attributes;  // every txn of the block, no_tx_pool = true

    friend bool operator==(const UnsafeBlock&, const UnsafeBlock&) = default;
};

class UnsafeBlockStore {
public:
    static constexpr std::size_t kDefaultCapacity = 4096;

    explicit UnsafeBlockStore(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

    // `block` is now on the chain at its number: a different block there and everything after it
    // are dropped; a block after a gap starts the store afresh; a block older than the oldest held
    // is ignored.
    void put(UnsafeBlock block);
    // Drops every block above `number` (the engine was rewound to it).
    void truncate_above(std::uint64_t number);
    // Up to `max` blocks from `from` on, in order.
    std::vector<UnsafeBlock> from(std::uint64_t from, std::size_t max) const;
    std::size_t size() const;

private:
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::deque<UnsafeBlock> blocks_;
};

nlohmann::json encode_unsafe_block_json(const UnsafeBlock& block);
// A malformed block is a message saying which field, never an exception.
Result<UnsafeBlock, std::string> decode_unsafe_block_json(const nlohmann::json& v);

}  // namespace baton::node
