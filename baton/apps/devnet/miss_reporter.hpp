// SPDX-License-Identifier: MIT
#pragma once

// The devnet's miss reporter: when the mechanism implements IMissReporting (docs/mechanisms.md,
// "Optional interfaces"), it reports every window whose leader landed no batch in it, as any
// watcher of L1 could. It sees the L1 blocks the observer read (leaderAt and the inbox txs with
// their status), asks the inbox which window each block is in (windowOf, at that block), and when a
// window has ended without a status-1 batch from its leader, simulates reportMissed(window) from its
// own account and sends it if the simulation passes. A window the contract refuses (too early, the
// leader did post, already reported) is tried again at each new block for a few blocks, then left.
//
// Decisions:
// - Its own key (derived from a fixed string, funded by the deployer at start), never a batcher's,
//   so a report never changes a batcher's nonce and is never a leader's post.
// - It runs on the devnet's thread, one eth_call per L1 block plus one per pending window: no
//   receipts are waited for; the observer sees each report's status like any inbox tx.
// - It follows the first inbox only (a --change-inbox run reports the windows before the change).

#include <baton/apps/devnet/l1_sender.hpp>
#include <baton/apps/devnet/summary.hpp>
#include <baton/core/result.hpp>
#include <baton/core/secp256k1.hpp>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace baton::apps::devnet {

PrivateKey reporter_key();

class MissReporter {
public:
    // nullopt: the inbox does not implement IMissReporting (no account is funded then).
    static Result<std::optional<MissReporter>, std::string> make(const std::string& l1_url,
                                                                 const Address& inbox,
                                                                 const std::atomic<bool>& stop);

    // One L1 block, in order (a block number seen again after a reorg is skipped). Lines for the
    // operator: reports sent, windows given up.
    std::vector<std::string> on_block(const L1BlockView& view);

    const std::vector<MissReport>& reports() const noexcept { return reports_; }

private:
    struct Window {
        std::uint64_t index = 0;
        std::uint64_t first_block = 0;
        std::uint64_t last_block = 0;
        std::optional<Address> leader;
        std::optional<std::size_t> leader_batcher;
        bool leader_posted = false;
        unsigned attempts = 0;
    };

    MissReporter(L1Sender l1, Address inbox, PrivateKey key) : l1_(std::move(l1)), inbox_(inbox), key_(key) {}
    void try_pending(std::vector<std::string>& lines);

    L1Sender l1_;
    Address inbox_{};
    PrivateKey key_;
    std::optional<Window> current_;
    std::vector<Window> pending_;
    std::optional<std::uint64_t> last_block_;
    std::vector<MissReport> reports_;
};

}  // namespace baton::apps::devnet
