// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/miss_reporter.hpp>

#include <baton/core/address.hpp>
#include <baton/core/assert.hpp>
#include <baton/core/hex.hpp>
#include <baton/l1/dev_accounts.hpp>
#include <baton/l1/mechanism_views.hpp>

#include <string_view>
#include <utility>

namespace baton::apps::devnet {

namespace {

// Blocks after a window's end during which a refused report is tried again (a mechanism may open
// reports only some blocks after the window, e.g. once its seed or schedule is settled).
constexpr unsigned kMaxAttempts = 8;
const U256 kReporterFunding = U256(1'000'000'000'000'000'000ULL);  // 1 ETH: thousands of reports

std::string who(const std::optional<std::size_t>& batcher, const std::optional<Address>& leader) {
    if (batcher) return "batcher #" + std::to_string(*batcher);
    return leader ? to_checksum_hex(*leader) : "nobody";
}

}  // namespace

PrivateKey reporter_key() {
    return key_from_phrase("baton devnet miss reporter (not a leader)");
}

Result<std::optional<MissReporter>, std::string> MissReporter::make(const std::string& l1_url,
                                                                    const Address& inbox,
                                                                    const std::atomic<bool>& stop) {
    auto l1 = L1Sender::make(l1_url);
    if (!l1) return unexpected(l1.error());
    // Asked about the head: a mechanism may refuse blocks before its deployment.
    auto head = l1->client().eth_block_number();
    if (!head) return unexpected("eth_blockNumber: " + rpc::to_string(head.error()));
    auto window = l1::read_window_of(l1->client(), inbox, *head, rpc::BlockTag::latest());
    if (!window) return unexpected(l1::to_string(window.error()));
    if (!*window) return std::optional<MissReporter>{};
    const PrivateKey key = reporter_key();
    const auto deployer = PrivateKey::from_hex(l1::kDevPrivateKeys[l1::kDeployerAccount]);
    BATON_ASSERT(deployer.has_value());
    auto funded = l1->transfer(*deployer, address_from_private_key(key), kReporterFunding, stop);
    if (!funded) return unexpected("funding the reporter: " + funded.error());
    return std::optional<MissReporter>(MissReporter(std::move(*l1), inbox, key));
}

std::vector<std::string> MissReporter::on_block(const L1BlockView& view) {
    std::vector<std::string> lines;
    if (last_block_ && view.number <= *last_block_) return lines;
    last_block_ = view.number;
    auto index = l1::read_window_of(l1_.client(), inbox_, view.number, rpc::BlockTag::at(view.number));
    if (index && *index) {
        if (current_ && current_->index != **index) {
            if (current_->leader && !current_->leader_posted) pending_.push_back(*current_);
            current_.reset();
        }
        if (!current_) current_ = Window{**index, view.number, view.number, view.leader, view.leader_batcher};
        current_->last_block = view.number;
        for (const auto& tx : view.inbox_txs) {
            if (view.leader && tx.sender == *view.leader && tx.status && tx.has_batch_data)
                current_->leader_posted = true;
        }
    }
    try_pending(lines);
    return lines;
}

void MissReporter::try_pending(std::vector<std::string>& lines) {
    const Address from = address_from_private_key(key_);
    std::vector<Window> still;
    for (auto& w : pending_) {
        rpc::CallRequest simulate;
        simulate.from = from;
        simulate.to = inbox_;
        simulate.data = l1::report_missed_calldata(w.index);
        auto accepted = l1_.client().eth_call(simulate, rpc::BlockTag::latest());
        if (!accepted) {
            if (++w.attempts < kMaxAttempts) {
                still.push_back(w);
            } else {
                lines.push_back("   reporter: window " + std::to_string(w.index) + " (" +
                                who(w.leader_batcher, w.leader) + ", L1 #" + std::to_string(w.first_block) +
                                "-" + std::to_string(w.last_block) +
                                ") not reportable: " + rpc::to_string(accepted.error()));
            }
            continue;
        }
        MissReport report;
        report.window = w.index;
        report.first_block = w.first_block;
        report.last_block = w.last_block;
        report.leader = *w.leader;
        report.leader_batcher = w.leader_batcher;
        auto sent = l1_.send(key_, inbox_, l1::report_missed_calldata(w.index), U256(0), std::nullopt);
        if (!sent) {
            report.error = sent.error();
            lines.push_back("   reporter: reportMissed(" + std::to_string(w.index) +
                            ") not sent: " + sent.error());
        } else {
            report.tx = *sent;
            lines.push_back("   reporter: " + who(w.leader_batcher, w.leader) + " posted nothing in window " +
                            std::to_string(w.index) + " (L1 #" + std::to_string(w.first_block) + "-" +
                            std::to_string(w.last_block) + "): reportMissed sent, tx " + to_hex(*sent));
        }
        reports_.push_back(std::move(report));
    }
    pending_ = std::move(still);
}

}  // namespace baton::apps::devnet
