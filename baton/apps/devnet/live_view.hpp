// SPDX-License-Identifier: MIT
#pragma once

// The devnet's live terminal view: one line per L1 block. Pure formatting; the caller decides
// whether colour is used (only when stdout is a tty) and writes the line.
//
//   L1 #57 window 13* leader #2 0x7099…79C8 | #2 batch ok 1820 B | L2 unsafe 31 safe 24 = match
//
// - the window (WindowNumbering), with "*" on its first block;
// - the leader is leaderAt(block): "#i" for a devnet batcher, "-" for nobody;
// - each inbox tx: "#i batch ok N B" (status 1 with data), "#i REVERTED" (status 0),
//   "#i ignored" (status 1 without batcher data); a sender that is not a devnet batcher shows its
//   address; a status-1 tx from someone other than the leader is flagged "NOT LEADER";
// - with --rotate, the L2 blocks built since the previous line and their builders
//   ("L2 #30 #31 built by batcher 2"), as the rotating nodes' baton_rotationStatus lists them;
// - the sequencer's unsafe head and the verifier's safe head ("?" while a node does not answer);
// - "= match" when the verifier's safe head block has the same hash, state root and txns on both
//   engines, "!= DIFFER" when not, nothing when unknown.

#include <baton/apps/devnet/summary.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace baton::apps::devnet {

// A block's window: windows are numbered from the first block the devnet observed, as in the
// summary's `turns[].index`.
struct WindowMark {
    std::uint64_t index = 0;
    bool first = false;  // the window's first block
};

// Numbers the windows as blocks arrive: a window is a maximal run of L1 blocks with the same
// leaderAt (nobody included), read from the interface, so any mechanism's windows are marked
// right. A block seen again (after an L1 reorg) is numbered from the blocks before it.
class WindowNumbering {
public:
    WindowMark mark(std::uint64_t number, const std::optional<Address>& leader);

private:
    struct Seen {
        std::optional<Address> leader;
        WindowMark mark;
    };
    std::map<std::uint64_t, Seen> seen_;  // the last few blocks only
    std::uint64_t windows_ = 0;           // windows numbered so far
};

struct LineContext {
    std::optional<WindowMark> window;  // unset: not shown
    bool colour = false;
};

std::string format_block_line(const L1BlockView& view, const LineContext& context);

// "0x7099…79C8": checksummed, first 4 and last 4 hex digits.
std::string short_address(const Address& address);

// "L2 #30 #31 built by batcher 2; #32 built by batcher 3": by block number, consecutive blocks of one
// builder together; empty for no blocks.
std::string format_builders(std::vector<BuiltBy> blocks);

}  // namespace baton::apps::devnet
