// SPDX-License-Identifier: MIT
#include <baton/derive/data_source.hpp>

#include <baton/core/hex.hpp>
#include <baton/kzg/kzg.hpp>
#include <baton/protocol/blob.hpp>

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace baton::derive {

namespace {

constexpr std::string_view kStage = "l1_retrieval";

std::optional<Address> recipient(const Transaction& txn) {
    // A blob tx's `to` is a plain Address (it cannot create contracts); it converts.
    return std::visit([](const auto& tx) -> std::optional<Address> { return tx.to; }, txn);
}

const Bytes& calldata(const Transaction& txn) {
    return std::visit([](const auto& tx) -> const Bytes& { return tx.data; }, txn);
}

std::string tx_text(const L1BlockRef& block, std::size_t index, const B256& hash) {
    return "tx " + std::to_string(index) + " " + to_hex(hash) + " in " + to_string(block);
}

// Checks each blob against the versioned hash it was fetched for (data_source.hpp).
PipelineResult<void> verify_blobs(const L1BlockRef& block, std::span<const IndexedBlobHash> hashes,
                                  std::span<const Bytes> blobs) {
    auto kzg = kzg::Kzg::mainnet();
    if (!kzg) {
        return baton::unexpected(critical(Reason::kProvider, std::string("cannot verify blobs: ") +
                                                                 kzg::to_string(kzg.error()) + " (" +
                                                                 kzg::Kzg::mainnet_setup_path() + ")"));
    }
    for (std::size_t i = 0; i < hashes.size(); ++i) {
        const std::string what = "blob " + std::to_string(hashes[i].index) + " (" + to_hex(hashes[i].hash) +
                                 ") of " + to_string(block);
        if (blobs[i].size() != protocol::kBlobSize) {
            return baton::unexpected(temporary(
                Reason::kBlobMismatch,
                what + ": the server sent " + std::to_string(blobs[i].size()) + " bytes, not a blob"));
        }
        auto got = (*kzg)->blob_versioned_hash(blobs[i]);
        if (!got) {
            return baton::unexpected(
                temporary(Reason::kBlobMismatch, what + ": the server sent an invalid blob (" +
                                                     std::string(kzg::to_string(got.error())) + ")"));
        }
        if (*got != hashes[i].hash) {
            return baton::unexpected(
                temporary(Reason::kBlobMismatch,
                          what + ": the server sent a blob whose versioned hash is " + to_hex(*got)));
        }
    }
    return {};
}

// One output slot: a tx's calldata, or the blob at `blob` in the fetched list.
struct Item {
    std::size_t tx = 0;
    std::optional<std::size_t> blob;
};

}  // namespace

Address batch_inbox_at(const protocol::RollupConfig& rollup, const protocol::SystemConfig& config,
                       std::uint64_t block_time) noexcept {
    if (rollup.is_baton_active(block_time) && config.batch_inbox != Address{}) return config.batch_inbox;
    return rollup.batch_inbox_address;
}

DataSource::DataSource(const protocol::RollupConfig& rollup, L1Provider& provider, Telemetry telemetry)
    : rollup_(rollup), provider_(provider), telemetry_(telemetry) {}

PipelineResult<std::vector<Bytes>> DataSource::open(const L1BlockRef& block,
                                                    const protocol::SystemConfig& config,
                                                    std::span<const Receipt> receipts) {
    auto txs = provider_.transactions(block);
    if (!txs) return baton::unexpected(std::move(txs.error()));

    const bool baton = rollup_.is_baton_active(block.timestamp);
    const bool ecotone = rollup_.is_ecotone_active(block.timestamp);
    const Address inbox = batch_inbox_at(rollup_, config, block.timestamp);

    // Who may post in this block; nullopt: nobody (the drop reason says why).
    auto auth = protocol::decode_batcher_hash(config.batcher_hash);
    std::optional<DropReason> nobody;
    if (!auth) {
        nobody = DropReason::kInvalidBatcherHash;
    } else if (auth->version == protocol::BatcherHashVersion::kLeaderElection && !baton) {
        nobody = DropReason::kLeaderElectionBeforeBaton;
    }
    const bool check_receipts = auth && auth->version == protocol::BatcherHashVersion::kLeaderElection;
    if (check_receipts && !nobody && receipts.size() != txs->size()) {
        return baton::unexpected(
            reset(Reason::kInconsistentL1Data, to_string(block) + ": " + std::to_string(receipts.size()) +
                                                   " receipts for " + std::to_string(txs->size()) + " txs"));
    }

    std::vector<Item> items;
    std::vector<IndexedBlobHash> blob_hashes;
    std::uint64_t blob_index = 0;  // across every blob of the block
    for (std::size_t i = 0; i < txs->size(); ++i) {
        const L1Txn& entry = (*txs)[i];
        const auto* blob_tx = std::get_if<BlobTx>(&entry.txn);
        const std::uint64_t first_blob = blob_index;
        if (blob_tx) blob_index += blob_tx->blob_versioned_hashes.size();

        auto to = recipient(entry.txn);
        if (!to || *to != inbox) continue;  // not addressed to the inbox: not a batcher tx, no drop
        if (tx_type(entry.txn) == TxType::kDeposit) {
            telemetry_.drop(kStage, DropReason::kUnsupportedTxType, tx_text(block, i, entry.hash));
            continue;
        }
        if (nobody) {
            telemetry_.drop(kStage, *nobody, tx_text(block, i, entry.hash));
            continue;
        }
        if (auth->version == protocol::BatcherHashVersion::kAddress) {
            auto sender = recover_sender(entry.txn);
            if (!sender) {
                telemetry_.drop(kStage, DropReason::kInvalidSignature,
                                tx_text(block, i, entry.hash) + ": " + baton::to_string(sender.error()));
                continue;
            }
            if (*sender != auth->batcher) {
                telemetry_.drop(kStage, DropReason::kUnauthorizedSender,
                                tx_text(block, i, entry.hash) + " from " + to_hex(*sender));
                continue;
            }
        } else if (!receipts[i].status) {
            telemetry_.drop(kStage, DropReason::kRevertedBatcherTx, tx_text(block, i, entry.hash));
            continue;
        }

        if (blob_tx && ecotone) {
            if (!blob_tx->data.empty()) {
                telemetry_.log(LogLevel::kDebug, kStage,
                               "ignoring calldata of blob " + tx_text(block, i, entry.hash));
            }
            for (std::size_t k = 0; k < blob_tx->blob_versioned_hashes.size(); ++k) {
                items.push_back(Item{i, blob_hashes.size()});
                blob_hashes.push_back(IndexedBlobHash{first_blob + k, blob_tx->blob_versioned_hashes[k]});
            }
        } else {
            items.push_back(Item{i, std::nullopt});
        }
    }

    std::vector<Bytes> blobs;
    if (!blob_hashes.empty()) {
        auto fetched = provider_.blobs(block, blob_hashes);
        if (!fetched) return baton::unexpected(std::move(fetched.error()));
        if (fetched->size() != blob_hashes.size()) {
            return baton::unexpected(
                reset(Reason::kInconsistentL1Data, to_string(block) + ": asked for " +
                                                       std::to_string(blob_hashes.size()) + " blobs, got " +
                                                       std::to_string(fetched->size())));
        }
        auto verified = verify_blobs(block, blob_hashes, *fetched);
        if (!verified) return baton::unexpected(std::move(verified.error()));
        blobs = std::move(*fetched);
    }

    std::vector<Bytes> out;
    out.reserve(items.size());
    for (const Item& item : items) {
        const L1Txn& entry = (*txs)[item.tx];
        if (!item.blob) {
            out.push_back(calldata(entry.txn));
            continue;
        }
        auto decoded = protocol::decode_blob(blobs[*item.blob]);
        if (!decoded) {
            telemetry_.drop(kStage, DropReason::kInvalidBlob,
                            "blob " + std::to_string(blob_hashes[*item.blob].index) + " of " +
                                tx_text(block, item.tx, entry.hash) + ": " +
                                protocol::to_string(decoded.error().error));
            continue;
        }
        out.push_back(std::move(*decoded));
    }
    return out;
}

}  // namespace baton::derive
