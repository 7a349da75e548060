// SPDX-License-Identifier: MIT
#pragma once

// Block references: the few header fields derivation needs, as op-node's eth.L1BlockRef and
// eth.L2BlockRef.

#include <baton/core/bytes.hpp>
#include <baton/protocol/rollup_config.hpp>

#include <cstdint>
#include <string>

namespace baton::derive {

using protocol::BlockId;

struct L1BlockRef {
    B256 hash{};
    std::uint64_t number = 0;
    B256 parent_hash{};
    std::uint64_t timestamp = 0;

    BlockId id() const noexcept { return BlockId{hash, number}; }

    friend bool operator==(const L1BlockRef&, const L1BlockRef&) = default;
};

struct L2BlockRef {
    B256 hash{};
    std::uint64_t number = 0;
    B256 parent_hash{};
    std::uint64_t timestamp = 0;
    BlockId l1_origin;
    std::uint64_t sequence_number = 0;

    BlockId id() const noexcept { return BlockId{hash, number}; }

    friend bool operator==(const L2BlockRef&, const L2BlockRef&) = default;
};

// "#12 0xabcd…" for logs.
std::string to_string(const L1BlockRef& ref);

}  // namespace baton::derive
