// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/live_view.hpp>

#include <baton/core/address.hpp>

#include <algorithm>
#include <sstream>

namespace baton::apps::devnet {

namespace {

constexpr const char* kReset = "\x1b[0m";
constexpr const char* kGreen = "\x1b[32m";
constexpr const char* kRed = "\x1b[31m";
constexpr const char* kYellow = "\x1b[33m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kBold = "\x1b[1m";

struct Painter {
    bool on;
    std::string operator()(const char* code, const std::string& text) const {
        return on ? std::string(code) + text + kReset : text;
    }
};

std::string who(const InboxTx& tx) {
    return tx.batcher ? "#" + std::to_string(*tx.batcher) : short_address(tx.sender);
}

}  // namespace

std::string short_address(const Address& address) {
    const std::string hex = to_checksum_hex(address);
    return hex.substr(0, 6) + "\u2026" + hex.substr(hex.size() - 4);
}

std::string format_builders(std::vector<BuiltBy> blocks) {
    std::sort(blocks.begin(), blocks.end(),
              [](const BuiltBy& a, const BuiltBy& b) { return a.number < b.number; });
    std::ostringstream out;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const bool first_of_group = i == 0 || blocks[i - 1].builder != blocks[i].builder;
        if (first_of_group) out << (i == 0 ? "L2" : ";");
        out << " #" << blocks[i].number;
        const bool last_of_group = i + 1 == blocks.size() || blocks[i + 1].builder != blocks[i].builder;
        if (last_of_group) out << " built by batcher " << blocks[i].builder;
    }
    return out.str();
}

WindowMark WindowNumbering::mark(std::uint64_t number, const std::optional<Address>& leader) {
    // A reorg re-reads blocks: forget them and what came after.
    seen_.erase(seen_.lower_bound(number), seen_.end());
    const auto previous = number > 0 ? seen_.find(number - 1) : seen_.end();
    WindowMark mark;
    if (previous != seen_.end() && previous->second.leader == leader) {
        mark = WindowMark{previous->second.mark.index, false};
    } else {
        mark = WindowMark{previous != seen_.end() ? previous->second.mark.index + 1 : windows_, true};
    }
    windows_ = mark.index + 1;
    seen_[number] = Seen{leader, mark};
    // Deeper than any reorg the devnet makes (--l1-reorg is at most 32 blocks).
    while (seen_.size() > 64) seen_.erase(seen_.begin());
    return mark;
}

std::string format_block_line(const L1BlockView& view, const LineContext& context) {
    const Painter paint{context.colour};
    std::ostringstream out;
    out << paint(kBold, "L1 #" + std::to_string(view.number));
    if (context.window) out << " window " << context.window->index << (context.window->first ? "*" : " ");
    out << " leader ";
    if (!view.leader) {
        out << "-";
    } else if (view.leader_batcher) {
        out << "#" << *view.leader_batcher << " " << short_address(*view.leader);
    } else {
        out << short_address(*view.leader);
    }
    out << " |";
    if (view.inbox_txs.empty()) out << paint(kDim, " no inbox tx");
    bool first = true;
    for (const auto& tx : view.inbox_txs) {
        out << (first ? " " : ", ");
        first = false;
        if (!tx.status) {
            out << paint(kRed, who(tx) + " REVERTED");
            continue;
        }
        std::string text =
            who(tx) + (!tx.has_batch_data ? " ignored"
                       : tx.blobs > 0     ? " batch ok blob \u00d7" + std::to_string(tx.blobs)
                                          : " batch ok " + std::to_string(tx.calldata_bytes) + " B");
        const bool from_leader = view.leader && *view.leader == tx.sender;
        // A backup let in by the fallback ladder says so, with its rung; anyone else is a defect.
        if (!from_leader && tx.ladder_rung) text += " backup (rung " + std::to_string(*tx.ladder_rung) + ")";
        // A call of the inbox's own functions (a stake join, a miss report, an auction settle) carries
        // no batcher data: derivation ignores it, so anyone may send it.
        const bool allowed = from_leader || tx.ladder_rung || !tx.has_batch_data;
        if (!allowed) text += " NOT LEADER";
        out << paint(allowed ? (tx.has_batch_data ? (from_leader ? kGreen : kYellow) : kYellow) : kRed, text);
    }
    if (!view.l2_built.empty()) out << " | " << format_builders(view.l2_built);
    out << " | L2 unsafe " << (view.sequencer_unsafe ? std::to_string(view.sequencer_unsafe->number) : "?")
        << " safe " << (view.verifier_safe ? std::to_string(view.verifier_safe->number) : "?");
    if (view.safe_block_matches) {
        out << " " << (*view.safe_block_matches ? paint(kGreen, "= match") : paint(kRed, "!= DIFFER"));
    }
    return out.str();
}

}  // namespace baton::apps::devnet
