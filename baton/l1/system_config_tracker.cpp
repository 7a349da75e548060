// SPDX-License-Identifier: MIT
#include <baton/l1/system_config_tracker.hpp>

#include <baton/core/hex.hpp>
#include <baton/derive/l1_traversal.hpp>
#include <baton/l1/rpc_l1_provider.hpp>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

namespace baton::l1 {

using derive::L1BlockRef;
using derive::PipelineResult;
using derive::Reason;

namespace {

constexpr std::string_view kStage = "system_config_tracker";

std::string hex(const B256& h) {
    return to_hex(ByteView(h.data(), h.size()));
}

}  // namespace

SystemConfigTracker::SystemConfigTracker(const protocol::RollupConfig& rollup, rpc::Client client,
                                         derive::Telemetry telemetry, SystemConfigTrackerOptions options)
    : rollup_(rollup), client_(std::move(client)), telemetry_(telemetry), options_(options) {
    if (options_.max_log_range == 0) options_.max_log_range = 1;
}

Unexpected<derive::PipelineError> SystemConfigTracker::fail(derive::PipelineError e) {
    rpc_errors_.fetch_add(1, std::memory_order_relaxed);
    return baton::unexpected(std::move(e));
}

PipelineResult<L1BlockRef> SystemConfigTracker::canonical(std::uint64_t number, const B256& expected) {
    const std::string what = "eth_getBlockByNumber #" + std::to_string(number);
    auto got = client_.eth_get_block_by_number(rpc::BlockTag::at(number), false);
    if (!got) return fail(to_pipeline_error(got.error(), what));
    if (!got->has_value()) {
        return baton::unexpected(
            derive::reset(Reason::kBlockHashMismatch, what + ": the node has no such block (L1 reorged?)"));
    }
    const auto& h = (*got)->header;
    if (h.hash != expected) {
        return baton::unexpected(derive::reset(Reason::kBlockHashMismatch,
                                               what + " is " + hex(h.hash) + ", expected " + hex(expected)));
    }
    return L1BlockRef{h.hash, h.number, h.parent_hash, h.timestamp};
}

PipelineResult<protocol::SystemConfig> SystemConfigTracker::system_config_at(const L1BlockRef& block) {
    const auto& genesis = rollup_.genesis.l1;
    if (block.number < genesis.number || (block.number == genesis.number && block.hash != genesis.hash)) {
        return baton::unexpected(derive::critical(
            Reason::kInvariant, "block " + derive::to_string(block) + " is not at or after the L1 genesis #" +
                                    std::to_string(genesis.number)));
    }

    std::uint64_t from = genesis.number + 1;
    protocol::SystemConfig config = rollup_.genesis.system_config;
    if (checkpoint_ && checkpoint_->block.number <= block.number) {
        if (checkpoint_->block == block) return checkpoint_->config;
        // Resume from the checkpoint only if it is still on the chain; otherwise start over.
        auto still = canonical(checkpoint_->block.number, checkpoint_->block.hash);
        if (still) {
            from = checkpoint_->block.number + 1;
            config = checkpoint_->config;
        } else if (still.error().severity != derive::Severity::kReset) {
            return baton::unexpected(std::move(still.error()));
        }
    }

    std::vector<rpc::RpcLog> logs;
    for (std::uint64_t start = from; start <= block.number;) {
        const std::uint64_t span = std::min(options_.max_log_range - 1, block.number - start);
        const std::uint64_t end = start + span;
        rpc::LogFilter filter;
        filter.from_block = rpc::BlockTag::at(start);
        filter.to_block = rpc::BlockTag::at(end);
        filter.addresses = {rollup_.l1_system_config_address};
        filter.topics = {{protocol::kConfigUpdateTopic}};
        ++log_queries_;
        auto got = client_.eth_get_logs(filter);
        if (!got) {
            return fail(to_pipeline_error(
                got.error(), "eth_getLogs #" + std::to_string(start) + "..#" + std::to_string(end)));
        }
        for (auto& log : *got) {
            if (log.removed) continue;  // only subscriptions report removed logs; never apply one
            if (log.block_number < start || log.block_number > end) {
                return fail(derive::temporary(Reason::kInconsistentL1Data,
                                              "eth_getLogs #" + std::to_string(start) + "..#" +
                                                  std::to_string(end) + " returned a log of #" +
                                                  std::to_string(log.block_number)));
            }
            logs.push_back(std::move(log));
        }
        if (end == block.number) break;
        start = end + 1;
    }
    std::stable_sort(logs.begin(), logs.end(), [](const rpc::RpcLog& a, const rpc::RpcLog& b) {
        return a.block_number != b.block_number ? a.block_number < b.block_number : a.log_index < b.log_index;
    });

    // Per block: its logs as status-1 receipts grouped by txn (which is all derive reads), applied
    // with the block's own timestamp.
    for (std::size_t i = 0; i < logs.size();) {
        const std::uint64_t number = logs[i].block_number;
        const B256 hash = logs[i].block_hash;
        auto ref = canonical(number, hash);
        if (!ref) return baton::unexpected(std::move(ref.error()));
        std::map<std::uint64_t, Receipt> by_txn;
        for (; i < logs.size() && logs[i].block_number == number; ++i) {
            if (logs[i].block_hash != hash) {
                return baton::unexpected(derive::reset(
                    Reason::kBlockHashMismatch, "logs of #" + std::to_string(number) + " from two blocks"));
            }
            Receipt& receipt = by_txn[logs[i].transaction_index];
            receipt.status = true;
            receipt.logs.push_back(logs[i].log);
        }
        std::vector<Receipt> receipts;
        receipts.reserve(by_txn.size());
        for (auto& [index, receipt] : by_txn) receipts.push_back(std::move(receipt));
        derive::apply_system_config_updates(rollup_, config, receipts, *ref, telemetry_, kStage);
    }

    // The logs are those of `block`'s chain only if `block` is still canonical now.
    auto confirmed = canonical(block.number, block.hash);
    if (!confirmed) return baton::unexpected(std::move(confirmed.error()));
    checkpoint_ = Checkpoint{block, config};
    return config;
}

}  // namespace baton::l1
