// SPDX-License-Identifier: MIT
#pragma once

// Whether the L2 load generator's txs made it into the chain, each exactly once (issue 15's "all
// included exactly once"; with --rotate a tx must not be lost in an ex-leader's pool). Pure: the
// devnet passes what the generator sent and what the verifier's chain holds at the end.
//
// - accepted: distinct txs at least one node accepted (eth_sendRawTransaction answered a hash).
// - included: of those, the ones in a block of the chain read (genesis to the verifier's safe head);
//   included_twice: the ones in more than one block (a valid chain cannot have that; counted so
//   that a broken engine would show).
// - lost: accepted, not included, and its sender's nonce at the end of that chain is past the tx's
//   nonce: another tx took its slot, so it can never be included. A tx the generator itself
//   replaced (its nonce-gap resend) counts here too, which is why a clean run also has 0 resends.
// - pending: accepted, not included, its nonce not reached yet (the last seconds' txs are unsafe).

#include <baton/core/bytes.hpp>

#include <cstdint>
#include <map>
#include <vector>

namespace baton::apps::devnet {

struct SentLoadTx {
    Address sender{};
    std::uint64_t nonce = 0;
    B256 hash{};
};

struct LoadInclusion {
    std::uint64_t accepted = 0;
    std::uint64_t included = 0;
    std::uint64_t included_twice = 0;
    std::uint64_t lost = 0;
    std::uint64_t pending = 0;

    bool all_included_once() const noexcept { return lost == 0 && included_twice == 0; }
};

// `chain_txs`: the txn hashes of each block read, any order. `final_nonces`: each sender's nonce at
// the last block read (a sender missing from it counts as nonce 0).
LoadInclusion check_load_inclusion(const std::vector<SentLoadTx>& sent,
                                   const std::vector<std::vector<B256>>& chain_txs,
                                   const std::map<Address, std::uint64_t>& final_nonces);

}  // namespace baton::apps::devnet
