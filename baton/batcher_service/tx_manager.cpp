// SPDX-License-Identifier: MIT
#include <baton/batcher_service/tx_manager.hpp>

#include <baton/core/hex.hpp>
#include <baton/core/transaction.hpp>
#include <baton/rpc/json_codec.hpp>

#include <algorithm>
#include <thread>
#include <utility>

namespace baton::batcher_service {

using l1::Artifact;

const char* to_string(TxManagerError e) noexcept {
    switch (e) {
        case TxManagerError::kInvalidConfig:
            return "invalid tx manager config";
        case TxManagerError::kRpc:
            return "rpc error";
        case TxManagerError::kEstimateReverted:
            return "estimate reverted";
        case TxManagerError::kSigning:
            return "signing failed";
        case TxManagerError::kNoBaseFee:
            return "no base fee";
        case TxManagerError::kTimeout:
            return "timeout";
    }
    return "unknown tx manager error";
}

std::string to_string(const TxManagerFailure& failure) {
    return std::string(to_string(failure.error)) + ": " + failure.detail;
}

const char* to_string(TxStatus s) noexcept {
    switch (s) {
        case TxStatus::kConfirmed:
            return "confirmed";
        case TxStatus::kReverted:
            return "reverted";
        case TxStatus::kDropped:
            return "dropped";
    }
    return "unknown";
}

namespace {

Unexpected<TxManagerFailure> fail(TxManagerError e, std::string detail, std::optional<Bytes> revert = {}) {
    return unexpected(TxManagerFailure{e, std::move(detail), std::move(revert)});
}

Unexpected<TxManagerFailure> rpc_fail(std::string_view method, const rpc::RpcError& error) {
    return fail(TxManagerError::kRpc, std::string(method) + ": " + rpc::to_string(error));
}

bool message_has(const rpc::RpcError& error, std::string_view needle) {
    if (error.kind != rpc::RpcErrorKind::kRpcError) return false;
    std::string lower = error.message;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower.find(needle) != std::string::npos;
}

bool is_underpriced(const TxManagerFailure& failure) {
    return failure.detail.find("underpriced") != std::string::npos;
}

// x × (100 + percent) / 100, rounded up so a small fee still grows.
U256 raise_percent(const U256& x, std::uint64_t percent) {
    const U256 scaled = x * U256(100 + percent);
    auto q = divmod(scaled, 100);
    if (!q) return x;  // divisor is non-zero; kept for the Result
    return q->remainder == 0 ? q->quotient : q->quotient + U256(1);
}

}  // namespace

TxManager::TxManager(rpc::Client client, const PrivateKey& key, TxManagerConfig config,
                     std::optional<Artifact> abi, std::uint64_t chain_id, std::uint64_t nonce)
    : client_(std::move(client)),
      key_(key),
      config_(config),
      abi_(std::move(abi)),
      chain_id_(chain_id),
      from_(address_from_private_key(key)),
      next_nonce_(nonce) {}

Result<TxManager, TxManagerFailure> TxManager::make(rpc::Client client, const PrivateKey& key,
                                                    TxManagerConfig config, std::optional<Artifact> abi) {
    if (config.blob_fee_multiplier == 0)
        return fail(TxManagerError::kInvalidConfig, "blob_fee_multiplier must be >= 1");
    if (config.bump_percent < 10) {
        return fail(TxManagerError::kInvalidConfig,
                    "bump_percent must be >= 10 (the node's replacement rule)");
    }
    if (config.base_fee_multiplier == 0) {
        return fail(TxManagerError::kInvalidConfig, "base_fee_multiplier must be >= 1");
    }
    if (config.resubmit_after_blocks == 0) {
        return fail(TxManagerError::kInvalidConfig, "resubmit_after_blocks must be >= 1");
    }
    auto chain_id = client.eth_chain_id();
    if (!chain_id) return rpc_fail("eth_chainId", chain_id.error());
    const Address from = address_from_private_key(key);
    auto nonce = client.eth_get_transaction_count(from, rpc::BlockTag::pending());
    if (!nonce) return rpc_fail("eth_getTransactionCount", nonce.error());
    return TxManager(std::move(client), key, config, std::move(abi), *chain_id, *nonce);
}

std::size_t TxManager::in_flight() const noexcept {
    return static_cast<std::size_t>(
        std::count_if(pending_.begin(), pending_.end(), [](const Pending& p) { return !p.reported; }));
}

std::string TxManager::describe_revert(ByteView revert_data) const {
    if (abi_) return l1::describe_revert(*abi_, revert_data);
    return revert_data.empty() ? std::string("empty revert data") : to_hex(revert_data);
}

Result<std::uint64_t, TxManagerFailure> TxManager::head_number() {
    auto head = client_.eth_block_number();
    if (!head) return rpc_fail("eth_blockNumber", head.error());
    return *head;
}

Result<TxManager::Fees, TxManagerFailure> TxManager::suggest_fees() {
    auto head = client_.eth_get_block_by_number(rpc::BlockTag::latest(), false);
    if (!head) return rpc_fail("eth_getBlockByNumber", head.error());
    if (!head->has_value() || !(*head)->header.base_fee_per_gas) {
        return fail(TxManagerError::kNoBaseFee, "latest L1 block has no base fee (pre-London L1?)");
    }
    U256 tip;
    if (config_.tip) {
        tip = *config_.tip;
    } else {
        auto suggested = client_.eth_max_priority_fee_per_gas();
        if (!suggested) return rpc_fail("eth_maxPriorityFeePerGas", suggested.error());
        tip = *suggested;
    }
    const U256 base_fee = *(*head)->header.base_fee_per_gas;
    return Fees{base_fee * U256(config_.base_fee_multiplier) + tip, tip, base_fee};
}

Result<U256, TxManagerFailure> TxManager::suggest_blob_fee() {
    auto got = client_.call("eth_blobBaseFee", nlohmann::json::array());
    if (!got) return rpc_fail("eth_blobBaseFee", got.error());
    auto fee = rpc::decode_u256(*got);
    if (!fee) return rpc_fail("eth_blobBaseFee", fee.error());
    return *fee * U256(config_.blob_fee_multiplier);
}

Result<L1Fees, TxManagerFailure> TxManager::l1_fees() {
    auto fees = suggest_fees();
    if (!fees) return unexpected(fees.error());
    auto got = client_.call("eth_blobBaseFee", nlohmann::json::array());
    if (!got) return rpc_fail("eth_blobBaseFee", got.error());
    auto blob_base_fee = rpc::decode_u256(*got);
    if (!blob_base_fee) return rpc_fail("eth_blobBaseFee", blob_base_fee.error());
    return L1Fees{fees->base_fee, fees->tip, *blob_base_fee};
}

void TxManager::raise_fees(Pending& p) const {
    const std::uint64_t percent =
        p.candidate.blobs ? std::max(config_.bump_percent, config_.blob_bump_percent) : config_.bump_percent;
    p.tip = raise_percent(p.tip, percent);
    p.max_fee = raise_percent(p.max_fee, percent);
    if (p.candidate.blobs) p.blob_fee = raise_percent(p.blob_fee, percent);
}

Result<B256, TxManagerFailure> TxManager::broadcast(Pending& p) {
    // One 1559 body for both kinds; a blob tx adds its blob fee cap and versioned hashes, and goes
    // out in its network form (with the sidecar).
    DynamicFeeTx body;
    body.chain_id = chain_id_;
    body.nonce = p.nonce;
    body.max_priority_fee_per_gas = p.tip;
    body.max_fee_per_gas = p.max_fee;
    body.gas_limit = p.gas_limit;
    body.to = p.candidate.to;
    body.data = p.candidate.data;
    Transaction txn(body);
    if (p.candidate.blobs) {
        BlobTx tx;
        tx.chain_id = body.chain_id;
        tx.nonce = body.nonce;
        tx.max_priority_fee_per_gas = body.max_priority_fee_per_gas;
        tx.max_fee_per_gas = body.max_fee_per_gas;
        tx.gas_limit = body.gas_limit;
        tx.to = p.candidate.to;
        tx.data = std::move(body.data);
        tx.max_fee_per_blob_gas = p.blob_fee;
        tx.blob_versioned_hashes = p.candidate.blobs->versioned_hashes;
        txn = Transaction(std::move(tx));
    }
    if (auto signed_ok = sign(txn, key_); !signed_ok) {
        return fail(TxManagerError::kSigning, to_string(signed_ok.error()));
    }
    const B256 hash = transaction_hash(txn);
    const Bytes raw =
        p.candidate.blobs ? encode_blob_tx_network_form(txn, *p.candidate.blobs) : encode_transaction(txn);
    auto sent = client_.eth_send_raw_transaction(raw);
    if (!sent && !message_has(sent.error(), "already known")) {
        return unexpected(TxManagerFailure{
            TxManagerError::kRpc, "eth_sendRawTransaction: " + rpc::to_string(sent.error()), std::nullopt});
    }
    p.hashes.push_back(hash);
    return hash;
}

Result<SentTx, TxManagerFailure> TxManager::send(const TxCandidate& candidate) {
    rpc::CallRequest request;
    request.from = from_;
    request.to = candidate.to;
    request.data = candidate.data;
    // "pending": the block the tx would go into next, which is what the inbox's leader check sees.
    auto estimate = client_.eth_estimate_gas(request, rpc::BlockTag::pending());
    if (!estimate) {
        if (estimate.error().has_revert_data()) {
            const Bytes& revert = *estimate.error().data;
            return fail(TxManagerError::kEstimateReverted, "eth_estimateGas: " + describe_revert(revert),
                        revert);
        }
        if (estimate.error().kind == rpc::RpcErrorKind::kRpcError &&
            message_has(estimate.error(), "revert")) {
            return fail(TxManagerError::kEstimateReverted, "eth_estimateGas: " + estimate.error().message);
        }
        return rpc_fail("eth_estimateGas", estimate.error());
    }
    auto fees = suggest_fees();
    if (!fees) return unexpected(fees.error());
    auto head = head_number();
    if (!head) return unexpected(head.error());

    Pending p;
    p.handle = next_handle_;
    p.candidate = candidate;
    p.nonce = next_nonce_;
    p.gas_limit = *estimate + *estimate * config_.gas_margin_percent / 100;
    p.max_fee = fees->max_fee;
    p.tip = fees->tip;
    p.last_sent_at = *head;
    if (candidate.blobs) {
        auto blob_fee = suggest_blob_fee();
        if (!blob_fee) return unexpected(blob_fee.error());
        p.blob_fee = *blob_fee;
    }

    auto hash = broadcast(p);
    if (!hash && hash.error().detail.find("nonce too low") != std::string::npos) {
        // Someone (an earlier run of ours) used the nonce: re-read it and try once more.
        if (auto synced = resync_nonce(); !synced) return unexpected(synced.error());
        p.nonce = next_nonce_;
        hash = broadcast(p);
    }
    // A tx of ours with this nonce is still in the pool (one given up on, or a previous run's):
    // the node only takes a replacement that pays more, so raise the fees like a bump.
    for (std::uint64_t i = 0; !hash && i < config_.max_bumps && is_underpriced(hash.error()); ++i) {
        raise_fees(p);
        hash = broadcast(p);
    }
    if (!hash) return unexpected(hash.error());
    ++next_handle_;
    next_nonce_ = p.nonce + 1;
    SentTx sent{p.handle, *hash, p.nonce, p.gas_limit, p.max_fee, p.tip, *head};
    pending_.push_back(std::move(p));
    return sent;
}

Result<void, TxManagerFailure> TxManager::resync_nonce() {
    auto nonce = client_.eth_get_transaction_count(from_, rpc::BlockTag::pending());
    if (!nonce) return rpc_fail("eth_getTransactionCount", nonce.error());
    next_nonce_ = *nonce;
    return {};
}

Result<std::vector<TxOutcome>, TxManagerFailure> TxManager::poll() {
    std::vector<TxOutcome> outcomes;
    if (pending_.empty()) return outcomes;
    auto head = head_number();
    if (!head) return unexpected(head.error());

    std::vector<Pending> still;
    std::optional<std::uint64_t> given_up_nonce;
    for (auto& p : pending_) {
        // Any version of the tx may be the one mined.
        std::optional<rpc::TransactionReceipt> mined;
        for (const B256& h : p.hashes) {
            auto receipt = client_.eth_get_transaction_receipt(h);
            if (!receipt) return rpc_fail("eth_getTransactionReceipt", receipt.error());
            if (receipt->has_value()) {
                mined = std::move(**receipt);
                break;
            }
        }
        if (mined) {
            if (p.reported) continue;  // a dropped tx landed after all; already reported
            TxOutcome out;
            out.handle = p.handle;
            out.status = mined->succeeded() ? TxStatus::kConfirmed : TxStatus::kReverted;
            out.hash = mined->transaction_hash;
            out.l1_block = mined->block_number;
            out.nonce = p.nonce;
            out.bumps = p.bumps;
            out.gas_used = mined->gas_used;
            if (!mined->succeeded()) out.detail = "status 0 in block " + std::to_string(mined->block_number);
            outcomes.push_back(std::move(out));
            continue;
        }
        const bool past_deadline = p.candidate.deadline_block && *head >= *p.candidate.deadline_block;
        const bool waited = *head >= p.last_sent_at + config_.resubmit_after_blocks;
        if (!p.reported && past_deadline) {
            p.reported = true;
            outcomes.push_back(
                TxOutcome{p.handle, TxStatus::kDropped, p.hashes.back(), 0, p.nonce, p.bumps, 0,
                          "not mined by deadline block " + std::to_string(*p.candidate.deadline_block)});
            still.push_back(std::move(p));
            continue;
        }
        if (p.reported) {
            // Followed for its nonce only; forget it once the nonce is used by something mined.
            auto latest = client_.eth_get_transaction_count(from_, rpc::BlockTag::latest());
            if (!latest) return rpc_fail("eth_getTransactionCount", latest.error());
            if (*latest <= p.nonce) still.push_back(std::move(p));
            continue;
        }
        if (!waited) {
            still.push_back(std::move(p));
            continue;
        }
        if (p.bumps >= config_.max_bumps || given_up_nonce) {
            given_up_nonce = given_up_nonce ? std::min(*given_up_nonce, p.nonce) : p.nonce;
            outcomes.push_back(TxOutcome{p.handle, TxStatus::kDropped, p.hashes.back(), 0, p.nonce, p.bumps,
                                         0, "not mined after " + std::to_string(p.bumps) + " fee bumps"});
            continue;
        }
        auto fees = suggest_fees();
        if (!fees) return unexpected(fees.error());
        raise_fees(p);
        p.tip = std::max(p.tip, fees->tip);
        p.max_fee = std::max(p.max_fee, fees->max_fee);
        if (p.max_fee < p.tip) p.max_fee = p.tip;
        if (p.candidate.blobs) {
            auto blob_fee = suggest_blob_fee();
            if (!blob_fee) return unexpected(blob_fee.error());
            p.blob_fee = std::max(p.blob_fee, *blob_fee);
        }
        ++p.bumps;
        p.last_sent_at = *head;
        auto hash = broadcast(p);
        // "replacement underpriced" or a transient error: keep waiting; the next bump goes higher.
        (void)hash;
        still.push_back(std::move(p));
    }
    pending_ = std::move(still);
    if (given_up_nonce) {
        // Later txs wait on the given-up nonce: give them up too and start again from the chain.
        std::vector<Pending> keep;
        for (auto& p : pending_) {
            if (!p.reported && p.nonce > *given_up_nonce) {
                outcomes.push_back(TxOutcome{p.handle, TxStatus::kDropped, p.hashes.back(), 0, p.nonce,
                                             p.bumps, 0, "an earlier nonce was given up"});
                continue;
            }
            keep.push_back(std::move(p));
        }
        pending_ = std::move(keep);
        auto latest = client_.eth_get_transaction_count(from_, rpc::BlockTag::latest());
        if (!latest) return rpc_fail("eth_getTransactionCount", latest.error());
        next_nonce_ = *latest;
    }
    return outcomes;
}

Result<TxOutcome, TxManagerFailure> TxManager::send_and_wait(const TxCandidate& candidate,
                                                             std::chrono::milliseconds timeout,
                                                             std::chrono::milliseconds poll_interval) {
    auto sent = send(candidate);
    if (!sent) return unexpected(sent.error());
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        auto outcomes = poll();
        if (!outcomes) return unexpected(outcomes.error());
        for (auto& o : *outcomes) {
            if (o.handle == sent->handle) return std::move(o);
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return fail(TxManagerError::kTimeout, "no outcome for " + to_hex(sent->hash) + " after " +
                                                      std::to_string(timeout.count()) + " ms");
        }
        std::this_thread::sleep_for(poll_interval);
    }
}

}  // namespace baton::batcher_service
