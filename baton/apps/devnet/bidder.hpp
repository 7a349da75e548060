// SPDX-License-Identifier: MIT
#pragma once

// The devnet's bidder for `--mechanism auction` (AuctionInbox, docs/mechanisms.md "The auction
// mechanism"): it places the `--bid`s from the batchers' own keys when they are due, keeps the
// auction moving with settle(), and at the end reads what the inbox's logs say (reigns, rent).
//
// Decisions:
// - A bid is `bid(rent)` from batcher I's key with msg.value = rent × maxTenure (read from
//   auctionParameters()): the longest reign one bid can buy, 16 windows (128 s at the devnet's
//   4-block windows of 2 s blocks) with DeployAuction's defaults; the contract credits back nothing
//   then. It is simulated first (eth_call): a bid the contract refuses (BidTooLow, …) is recorded
//   with the revert and not sent.
// - The batcher process tracks its own nonce. The bid takes the account's pending nonce; when the
//   batcher's next tx takes the same nonce first (it replaces the bid in the pool, as a higher-fee
//   tx with that nonce does), the bid never lands: one not seen in kBidResendBlocks observed blocks
//   and without a receipt is sent again (at most kMaxBidAttempts times in all).
// - settle() from the devnet's own key (funded by the deployer, like the miss reporter's) at every
//   new L1 block: a reign that ends is handed over only by a state-changing call made within the
//   k blocks that end lookahead blocks before it, and a settle() every block lands in that span
//   even when it is mined a block or two late. Every one is counted; their statuses come from the
//   observed blocks (they are inbox txs without batch data: "ignored").
// - Without --bid the default strategy (default_bids): batcher #1 bids the reserve at 0 s, batcher
//   #2 twice the reserve at 40 s (it outbids #1 mid-run), the others never bid (the default set,
//   and backups on the ladder).
// - finish() sends one last settle() and waits for it, so every window that has started is
//   charged, then reads the ReignScheduled, ReignCut and RentCharged logs and totals().

#include <baton/apps/devnet/l1_sender.hpp>
#include <baton/apps/devnet/options.hpp>
#include <baton/apps/devnet/summary.hpp>
#include <baton/core/result.hpp>
#include <baton/core/secp256k1.hpp>
#include <baton/core/u256.hpp>
#include <baton/rpc/eth_types.hpp>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace baton::apps::devnet {

PrivateKey settler_key();

inline constexpr std::uint64_t kBidResendBlocks = 3;
inline constexpr std::uint64_t kMaxBidAttempts = 3;

// AuctionInbox.auctionParameters().
struct AuctionParameters {
    std::uint64_t origin = 0;
    std::uint64_t turn_length = 0;
    std::uint64_t lookahead = 0;
    U256 reserve{};
    std::uint64_t increment_bps = 0;
    std::uint64_t max_tenure = 0;
    std::uint64_t min_escrow_windows = 0;
};

// The bids a run without --bid places (see the header): `reserve_wei` is the contract's reserve.
std::vector<BidSpec> default_bids(std::size_t batchers, const U256& reserve_wei);

// Decodes the inbox's ReignScheduled, ReignCut and RentCharged logs, in chain order, into reigns
// (by id; a reign cut before it began is left out) and charges. Other logs are skipped.
void decode_auction_logs(const std::vector<rpc::RpcLog>& logs, AuctionSummary& out);

class Bidder {
public:
    // `keys`: batcher i's key at i - 1. Reads the parameters, funds the settler's account.
    static Result<Bidder, std::string> make(const std::string& l1_url, const Address& inbox,
                                            std::vector<PrivateKey> keys, std::vector<BidSpec> bids,
                                            const std::atomic<bool>& stop);

    const AuctionParameters& parameters() const noexcept { return params_; }
    const std::vector<BidSpec>& bids() const noexcept { return specs_; }

    // One observed L1 block (a number seen again after a reorg is skipped), `since_batchers`
    // seconds after the batchers started: due bids, bid statuses, resends, one settle(). Lines for
    // the operator.
    std::vector<std::string> on_block(const L1BlockView& view, double since_batchers);

    // The last settle() (waited for), then the logs and totals(): the run's AuctionSummary (the
    // builder adds statuses and batchers).
    AuctionSummary finish(const std::atomic<bool>& stop);

private:
    struct Placed {
        AuctionBid bid;
        bool due_done = false;      // sent (or refused) at least once
        bool seen = false;          // its tx is in an observed block
        std::uint64_t sent_at = 0;  // the observed block when it was last sent
    };

    Bidder(L1Sender l1, Address inbox, std::vector<PrivateKey> keys, std::vector<BidSpec> specs,
           AuctionParameters params);
    void send_bid(Placed& p, std::uint64_t block, std::vector<std::string>& lines);

    L1Sender l1_;
    Address inbox_{};
    std::vector<PrivateKey> keys_;
    std::vector<BidSpec> specs_;
    AuctionParameters params_;
    PrivateKey settler_;
    std::vector<Placed> placed_;  // same order as specs_
    std::optional<std::uint64_t> last_block_;
    std::vector<B256> settles_pending_;
    std::uint64_t settle_txs_ = 0;
    std::uint64_t settle_reverted_ = 0;
    std::string settle_error_;  // the first settle() that could not be sent
};

}  // namespace baton::apps::devnet
