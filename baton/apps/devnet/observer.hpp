// SPDX-License-Identifier: MIT
#pragma once

// What the devnet watches, over JSON-RPC only (it sees the chains as any outside observer would):
// - each new L1 block: leaderAt(block) from the inbox, every tx to the inbox with its receipt status,
//   and each batcher's weight when the mechanism implements ILeaderWeights (asked once: a mechanism
//   that refuses the first read is not asked again);
// - the sequencer's and the verifier's baton_syncStatus (unsafe / safe L2 heads), when they run;
// - the verifier's safe head block on both L2 engines (hash, state root, txn hashes).
// A node or engine that does not answer leaves its fields empty; it never stops the devnet.

#include <baton/apps/devnet/summary.hpp>
#include <baton/core/result.hpp>
#include <baton/rpc/client.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace baton::apps::devnet {

// Timeouts of the devnet's watchers (observer, rotation watcher): a stalled node must not freeze the
// live view for long.
rpc::ClientOptions observer_timeouts();

struct ObserverConfig {
    std::string l1_url;
    std::string l2_sequencer_url;
    std::string l2_verifier_url;
    std::string sequencer_node_url;  // empty: no sequencer node
    std::string verifier_node_url;   // empty: no verifier node
    Address inbox{};
    std::vector<Address> batchers;     // batcher i (1-based) is batchers[i - 1]
    std::uint64_t first_l1_block = 0;  // the first block to report
};

class Observer {
public:
    static Result<Observer, std::string> make(const ObserverConfig& config);

    // Reads the L1 blocks that appeared since the last call (at most `max_blocks`, oldest first) and
    // the nodes' heads. A failed read leaves the rest for the next call.
    std::vector<L1BlockView> poll(std::size_t max_blocks = 16);

    // The latest heads seen by poll() (nullopt while a node does not answer).
    const std::optional<L2Head>& sequencer_unsafe() const noexcept { return sequencer_unsafe_; }
    const std::optional<L2Head>& verifier_safe() const noexcept { return verifier_safe_; }
    std::uint64_t next_l1_block() const noexcept { return next_block_; }

    // Governance moved the batch inbox at L1 block `from_block`: txs to either inbox are reported,
    // and leaderAt is read from the inbox in force at each block.
    void add_inbox(const Address& inbox, std::uint64_t from_block);
    // An L1 reorg replaced the blocks from `first_replaced` on: read them again (the summary keeps
    // the latest view of each block number).
    void rewind_to(std::uint64_t first_replaced);

    // Blocks genesis..safe_head on both engines: equal hash, state root and txn hashes; the verifier's
    // chain links each block to its predecessor.
    ChainCheck check_chains(std::uint64_t genesis, std::uint64_t safe_head);
    // The sequencer engine's block hash at `number`, for the end-of-run replacement check.
    std::optional<B256> sequencer_hash_at(std::uint64_t number);

    // With --rotate the node watched as "the sequencer" (heads, chain check) is the lowest-numbered
    // live rotating node: it moves on when that node is killed.
    Result<void, std::string> set_sequencer(const std::string& l2_url, const std::string& node_url);

    // The verifier engine's blocks genesis + 1 .. safe_head (hash, miner, txn hashes), for the
    // end-of-run checks of fee recipients and load inclusion. `error`: where reading stopped.
    struct VerifierChain {
        std::vector<SafeL2Block> blocks;
        std::vector<std::vector<B256>> txs;  // same order
        std::string error;
    };
    VerifierChain read_verifier_chain(std::uint64_t genesis, std::uint64_t safe_head);
    // eth_getBalance / eth_getTransactionCount on the verifier's engine (nullopt: no answer).
    std::optional<U256> verifier_balance(const Address& address);
    std::optional<std::uint64_t> verifier_nonce(const Address& address, std::uint64_t block);

private:
    Observer(ObserverConfig config, rpc::Client l1, rpc::Client seq_l2, rpc::Client ver_l2,
             std::optional<rpc::Client> seq_node, std::optional<rpc::Client> ver_node);

    Address inbox_at(std::uint64_t block) const;
    std::optional<Address> leader_at(std::uint64_t block);
    std::optional<L1BlockView::Weights> weights_at(std::uint64_t block);
    std::optional<bool> safe_block_matches(std::uint64_t number);
    std::optional<L2Head> head_of(std::optional<rpc::Client>& node, bool safe);

    ObserverConfig config_;
    std::vector<std::pair<Address, std::uint64_t>> inboxes_;  // (inbox, first block), oldest first
    rpc::Client l1_;
    rpc::Client seq_l2_;
    rpc::Client ver_l2_;
    std::optional<rpc::Client> seq_node_;
    std::optional<rpc::Client> ver_node_;
    std::uint64_t next_block_ = 0;
    std::optional<L2Head> sequencer_unsafe_;
    std::optional<L2Head> verifier_safe_;
    std::optional<bool> has_weights_;  // nullopt until a read got an answer either way
};

// The inbox txs of a block (fetched with full txns), classified with their receipts' status (pure).
// A tx without a receipt counts as reverted.
std::vector<InboxTx> classify_inbox_txs(const rpc::Block& block,
                                        const std::vector<rpc::TransactionReceipt>& receipts,
                                        const Address& inbox, const std::vector<Address>& batchers);
// The same for txs to any of `inboxes` (the devnet's inboxes before and after --change-inbox).
std::vector<InboxTx> classify_inbox_txs(const rpc::Block& block,
                                        const std::vector<rpc::TransactionReceipt>& receipts,
                                        const std::vector<Address>& inboxes,
                                        const std::vector<Address>& batchers);

}  // namespace baton::apps::devnet
