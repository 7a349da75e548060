// SPDX-License-Identifier: MIT
#pragma once

// The devnet's live terminal view: one line per L1 block. Pure formatting; the caller decides
// whether colour is used (only when stdout is a tty) and writes the line.
//
//   L1 #57  turn 13 leader #2 0x7099…79C8 | #2 batch ok 1820 B | L2 unsafe 31 safe 24 = match
//
// - the leader is leaderAt(block): "#i" for a devnet batcher, "-" for nobody;
// - each inbox tx: "#i batch ok N B" (status 1 with data), "#i REVERTED" (status 0),
//   "#i ignored" (status 1 without batcher data); a sender that is not a devnet batcher shows its
//   address; a status-1 tx from someone other than the leader is flagged "NOT LEADER";
// - the sequencer's unsafe head and the verifier's safe head ("?" while a node does not answer);
// - "= match" when the verifier's safe head block has the same hash, state root and txns on both
//   engines, "!= DIFFER" when not, nothing when unknown.

#include <baton/apps/devnet/summary.hpp>

#include <cstdint>
#include <string>

namespace baton::apps::devnet {

struct LineContext {
    std::uint64_t start_block = 0;
    std::uint64_t turn_length = 1;
    bool colour = false;
};

std::string format_block_line(const L1BlockView& view, const LineContext& context);

// "0x7099…79C8": checksummed, first 4 and last 4 hex digits.
std::string short_address(const Address& address);

}  // namespace baton::apps::devnet
