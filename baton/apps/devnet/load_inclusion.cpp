// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/load_inclusion.hpp>

#include <set>

namespace baton::apps::devnet {

LoadInclusion check_load_inclusion(const std::vector<SentLoadTx>& sent,
                                   const std::vector<std::vector<B256>>& chain_txs,
                                   const std::map<Address, std::uint64_t>& final_nonces) {
    std::map<B256, std::uint64_t> blocks_holding;
    for (const auto& block : chain_txs) {
        // A hash twice in one block is as wrong as in two blocks: count every occurrence.
        for (const auto& hash : block) ++blocks_holding[hash];
    }
    LoadInclusion out;
    std::set<B256> seen;
    for (const auto& tx : sent) {
        // The same tx accepted by several nodes (--rotate sends to every one) is one tx.
        if (!seen.insert(tx.hash).second) continue;
        ++out.accepted;
        const auto it = blocks_holding.find(tx.hash);
        if (it != blocks_holding.end()) {
            ++out.included;
            if (it->second > 1) ++out.included_twice;
            continue;
        }
        const auto nonce = final_nonces.find(tx.sender);
        const std::uint64_t reached = nonce == final_nonces.end() ? 0 : nonce->second;
        (tx.nonce < reached ? out.lost : out.pending) += 1;
    }
    return out;
}

}  // namespace baton::apps::devnet
