// SPDX-License-Identifier: MIT
#include <baton/l1/deploy.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/address.hpp>
#include <baton/core/assert.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/transaction.hpp>
#include <baton/l1/artifact.hpp>
#include <baton/protocol/system_config.hpp>
#include <baton/rpc/json_codec.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <system_error>
#include <thread>

namespace baton::l1 {

const char* to_string(DeployErrorKind kind) noexcept {
    switch (kind) {
        case DeployErrorKind::kInvalidSpec:
            return "invalid deploy spec";
        case DeployErrorKind::kArtifact:
            return "artifact error";
        case DeployErrorKind::kRpc:
            return "rpc error";
        case DeployErrorKind::kReverted:
            return "deployment reverted";
        case DeployErrorKind::kTimeout:
            return "timed out waiting for receipt";
        case DeployErrorKind::kNoContract:
            return "no contract created";
        case DeployErrorKind::kSigning:
            return "signing failed";
        case DeployErrorKind::kIo:
            return "I/O error";
    }
    return "unknown deploy error";
}

std::string to_string(const DeployError& error) {
    std::string out = to_string(error.kind);
    if (!error.contract.empty()) out += " (" + error.contract + ")";
    if (!error.detail.empty()) out += ": " + error.detail;
    return out;
}

namespace {

// Bounds the RoundRobinInbox constructor enforces (InvalidTurnLength, InvalidLookahead,
// InvalidStartBlock, TooManyLeaders); checked here first so a bad spec costs no tx.
constexpr std::uint64_t kMaxTurnLength = 0xffffffffULL;
constexpr std::uint64_t kMaxStartBlock = 1ULL << 63;
constexpr std::size_t kMaxLeaders = 64;
constexpr std::uint64_t kMaxLadderMisses = 255;
// SystemConfig's gas limit bounds (upstream's default resource config).
constexpr std::uint64_t kMinGasLimit = 21'000'000;
constexpr std::uint64_t kMaxGasLimit = 500'000'000;

Unexpected<DeployError> fail(DeployErrorKind kind, std::string contract, std::string detail,
                             std::optional<Bytes> revert_data = std::nullopt) {
    return baton::unexpected(
        DeployError{kind, std::move(contract), std::move(detail), std::move(revert_data)});
}

Unexpected<DeployError> rpc_fail(const std::string& contract, const std::string& what,
                                 const rpc::RpcError& e) {
    return fail(DeployErrorKind::kRpc, contract, what + ": " + rpc::to_string(e));
}

Result<void, DeployError> check_spec(const DeploySpec& spec) {
    auto bad = [](std::string why) { return fail(DeployErrorKind::kInvalidSpec, "", std::move(why)); };
    // RoundRobinInbox's own bounds; a mechanism's script had its own say on its inputs.
    if (!spec.existing_inbox) {
        if (spec.turn_length == 0 || spec.turn_length > kMaxTurnLength)
            return bad("turn_length must be in [1, 2^32)");
        if (spec.lookahead == 0 || spec.lookahead > kMaxTurnLength)
            return bad("lookahead must be in [1, 2^32)");
        if (spec.start_block >= kMaxStartBlock) return bad("start_block must be below 2^63");
        if (spec.ladder.g1 == 0 || spec.ladder.g1 > kMaxTurnLength)
            return bad("ladder g1 must be in [1, 2^32)");
        if (spec.ladder.g2 > kMaxTurnLength) return bad("ladder g2 must be below 2^32");
        if (spec.ladder.g3 > kMaxTurnLength) return bad("ladder g3 must be below 2^32");
        if (spec.ladder.max_misses == 0 || spec.ladder.max_misses > kMaxLadderMisses)
            return bad("ladder max_misses must be in [1, 255]");
        if (spec.leaders.size() > kMaxLeaders) return bad("at most 64 leaders");
    }
    std::set<Address> seen;
    for (const auto& leader : spec.leaders) {
        if (leader == Address{}) return bad("a leader is the zero address");
        if (!seen.insert(leader).second) return bad("duplicate leader " + to_checksum_hex(leader));
    }
    if (spec.gas_limit < kMinGasLimit || spec.gas_limit > kMaxGasLimit) {
        return bad("gas_limit must be in [21,000,000, 500,000,000]");
    }
    if (spec.owner && *spec.owner == Address{}) return bad("owner is the zero address");
    switch (spec.batcher_hash_mode) {
        case BatcherHashMode::kV0Address:
            if (!spec.batcher) return bad("batcher hash v0 needs a batcher address");
            if (spec.batch_inbox && *spec.batch_inbox == Address{})
                return bad("batch_inbox is the zero address");
            if (spec.existing_inbox) return bad("an existing inbox contract needs batcher hash v1");
            break;
        case BatcherHashMode::kV1LeaderElection:
            if (spec.batcher) return bad("batcher hash v1 takes no batcher address");
            // The contract decides who may post; announcing another inbox would bypass it.
            if (spec.batch_inbox) return bad("batcher hash v1 uses the inbox contract as batch inbox");
            if (spec.existing_inbox && spec.existing_inbox->address == Address{})
                return bad("existing_inbox is the zero address");
            break;
    }
    return {};
}

B256 word_of(std::uint64_t v) {
    return U256(v).to_be();
}

B256 word_of(const Address& a) {
    B256 w{};
    std::copy(a.begin(), a.end(), w.begin() + 12);
    return w;
}

class Deployer {
public:
    Deployer(rpc::Client& client, const PrivateKey& key, const DeployOptions& options, std::uint64_t chain_id)
        : client_(client),
          key_(key),
          options_(options),
          chain_id_(chain_id),
          from_(address_from_private_key(key)) {}

    const Address& from() const noexcept { return from_; }

    Result<DeployedContract, DeployError> create(const Artifact& artifact, ByteView ctor_args) {
        Bytes data = artifact.creation_code;
        append(data, ctor_args);
        const std::string& name = artifact.name;

        rpc::CallRequest request;
        request.from = from_;
        request.data = data;
        auto estimate = client_.eth_estimate_gas(request);
        if (!estimate) {
            if (estimate.error().has_revert_data()) {
                const Bytes& revert = *estimate.error().data;
                return fail(DeployErrorKind::kReverted, name,
                            "eth_estimateGas: " + describe_revert(artifact, revert), revert);
            }
            return rpc_fail(name, "eth_estimateGas", estimate.error());
        }
        auto nonce = client_.eth_get_transaction_count(from_, rpc::BlockTag::pending());
        if (!nonce) return rpc_fail(name, "eth_getTransactionCount", nonce.error());
        auto head = client_.eth_get_block_by_number(rpc::BlockTag::latest(), false);
        if (!head) return rpc_fail(name, "eth_getBlockByNumber", head.error());
        if (!head->has_value() || !(*head)->header.base_fee_per_gas) {
            return fail(DeployErrorKind::kRpc, name, "latest block has no base fee (pre-London L1?)");
        }
        auto tip = client_.eth_max_priority_fee_per_gas();
        if (!tip) return rpc_fail(name, "eth_maxPriorityFeePerGas", tip.error());

        DynamicFeeTx tx;
        tx.chain_id = chain_id_;
        tx.nonce = *nonce;
        tx.max_priority_fee_per_gas = *tip;
        // Twice the base fee survives several full blocks of base-fee growth (12.5% each).
        tx.max_fee_per_gas = *(*head)->header.base_fee_per_gas * U256(2) + *tip;
        tx.gas_limit = *estimate + *estimate * options_.gas_margin_percent / 100;
        tx.data = std::move(data);
        Transaction txn(std::move(tx));
        if (auto signed_ok = sign(txn, key_); !signed_ok) {
            return fail(DeployErrorKind::kSigning, name, to_string(signed_ok.error()));
        }
        const B256 hash = transaction_hash(txn);
        if (auto sent = client_.eth_send_raw_transaction(encode_transaction(txn)); !sent) {
            return rpc_fail(name, "eth_sendRawTransaction", sent.error());
        }

        auto receipt = wait_receipt(name, hash);
        if (!receipt) return unexpected(receipt.error());
        if (!receipt->succeeded()) return replay_revert(artifact, txn, *receipt);
        if (!receipt->contract_address) {
            return fail(DeployErrorKind::kNoContract, name,
                        "receipt of " + to_hex(hash) + " has no contractAddress");
        }
        auto code =
            client_.eth_get_code(*receipt->contract_address, rpc::BlockTag::at(receipt->block_number));
        if (!code) return rpc_fail(name, "eth_getCode", code.error());
        if (code->empty()) {
            return fail(DeployErrorKind::kNoContract, name,
                        "no code at " + to_checksum_hex(*receipt->contract_address));
        }
        return DeployedContract{*receipt->contract_address, receipt->block_number, hash, receipt->gas_used};
    }

private:
    Result<rpc::TransactionReceipt, DeployError> wait_receipt(const std::string& name, const B256& hash) {
        const auto deadline = std::chrono::steady_clock::now() + options_.receipt_timeout;
        while (true) {
            auto receipt = client_.eth_get_transaction_receipt(hash);
            if (!receipt) return rpc_fail(name, "eth_getTransactionReceipt", receipt.error());
            if (receipt->has_value()) return std::move(**receipt);
            if (std::chrono::steady_clock::now() >= deadline) {
                return fail(DeployErrorKind::kTimeout, name,
                            "no receipt for " + to_hex(hash) + " after " +
                                std::to_string(options_.receipt_timeout.count()) +
                                " ms (is the node mining?)");
            }
            std::this_thread::sleep_for(options_.poll_interval);
        }
    }

    // A status-0 receipt carries no revert data: replay the same call on the parent block's
    // state, with block.number overridden to the block it landed in (eth_call at block N runs
    // as block N). Exact unless an earlier tx of the same block mattered.
    Unexpected<DeployError> replay_revert(const Artifact& artifact, const Transaction& txn,
                                          const rpc::TransactionReceipt& receipt) {
        const auto& tx = std::get<DynamicFeeTx>(txn);
        rpc::CallRequest request;
        request.from = from_;
        request.data = tx.data;
        request.gas = tx.gas_limit;
        // The same fees too: code may read GASPRICE, and the node then charges like the tx did.
        request.max_fee_per_gas = tx.max_fee_per_gas;
        request.max_priority_fee_per_gas = tx.max_priority_fee_per_gas;
        const auto at = receipt.block_number == 0 ? 0 : receipt.block_number - 1;
        const std::string what = "status 0 in block " + std::to_string(receipt.block_number) + " (txn " +
                                 to_hex(receipt.transaction_hash) + ")";
        auto params = nlohmann::json::array({rpc::encode_call_request(request),
                                             rpc::encode_block_tag(rpc::BlockTag::at(at)),
                                             nlohmann::json::object(),
                                             {{"number", rpc::encode_quantity(receipt.block_number)}}});
        auto replay = client_.call("eth_call", std::move(params));
        if (!replay && replay.error().has_revert_data()) {
            const Bytes& revert = *replay.error().data;
            return fail(DeployErrorKind::kReverted, artifact.name,
                        what + ": " + describe_revert(artifact, revert), revert);
        }
        return fail(DeployErrorKind::kReverted, artifact.name, what + ", revert data unavailable");
    }

    rpc::Client& client_;
    const PrivateKey& key_;
    const DeployOptions& options_;
    std::uint64_t chain_id_;
    Address from_;
};

}  // namespace

Bytes encode_inbox_constructor_args(const Address& owner, const DeploySpec& spec) {
    // (address, uint256, uint256, uint256, address[], (uint256, uint256, uint256, uint256)): the
    // static tuple sits in the head (four words), so the head is nine words, the array's offset
    // (9 * 32) the fifth; then the array's length and elements.
    constexpr std::uint64_t kHeadBytes = std::uint64_t{9} * 32;
    Bytes out;
    for (const B256& w :
         {word_of(owner), word_of(spec.turn_length), word_of(spec.lookahead), word_of(spec.start_block),
          word_of(kHeadBytes), word_of(spec.ladder.g1), word_of(spec.ladder.g2), word_of(spec.ladder.g3),
          word_of(spec.ladder.max_misses), word_of(spec.leaders.size())}) {
        append(out, w);
    }
    for (const auto& leader : spec.leaders) append(out, word_of(leader));
    return out;
}

Result<Deployment, DeployError> deploy(rpc::Client& client, const PrivateKey& deployer,
                                       const DeploySpec& spec, const DeployOptions& options) {
    if (auto ok = check_spec(spec); !ok) return unexpected(ok.error());

    const auto dir = options.artifacts_dir.empty() ? default_artifacts_dir() : options.artifacts_dir;
    std::optional<Artifact> inbox_artifact;
    if (!spec.existing_inbox) {
        auto loaded = load_artifact(dir, "RoundRobinInbox");
        if (!loaded) return fail(DeployErrorKind::kArtifact, "RoundRobinInbox", to_string(loaded.error()));
        inbox_artifact = std::move(*loaded);
    }
    auto portal_artifact = load_artifact(dir, "DepositPortal");
    if (!portal_artifact)
        return fail(DeployErrorKind::kArtifact, "DepositPortal", to_string(portal_artifact.error()));
    auto config_artifact = load_artifact(dir, "SystemConfig");
    if (!config_artifact)
        return fail(DeployErrorKind::kArtifact, "SystemConfig", to_string(config_artifact.error()));

    auto chain_id = client.eth_chain_id();
    if (!chain_id) return rpc_fail("", "eth_chainId", chain_id.error());

    Deployer d(client, deployer, options, *chain_id);
    const Address owner = spec.owner.value_or(d.from());

    Deployment out;
    out.spec = spec;
    out.chain_id = *chain_id;

    if (spec.existing_inbox) {
        out.inbox = *spec.existing_inbox;
    } else {
        auto inbox = d.create(*inbox_artifact, encode_inbox_constructor_args(owner, spec));
        if (!inbox) return unexpected(inbox.error());
        out.inbox = *inbox;
    }

    auto portal = d.create(*portal_artifact, {});
    if (!portal) return unexpected(portal.error());
    out.deposit_portal = *portal;

    out.batch_inbox = spec.batch_inbox.value_or(out.inbox.address);
    out.batcher_hash = spec.batcher_hash_mode == BatcherHashMode::kV1LeaderElection
                           ? protocol::make_leader_election_batcher_hash()
                           : protocol::make_batcher_hash(*spec.batcher);
    const std::vector<abi::Type> types = {abi::address_type(), abi::bytes32_type(), abi::uint_type(32),
                                          abi::uint_type(32),  abi::uint_type(64),  abi::address_type(),
                                          abi::address_type()};
    const std::vector<abi::Value> values = {owner,
                                            out.batcher_hash,
                                            std::uint64_t{spec.basefee_scalar},
                                            std::uint64_t{spec.blobbasefee_scalar},
                                            spec.gas_limit,
                                            spec.unsafe_block_signer.value_or(d.from()),
                                            out.batch_inbox};
    auto config_args = abi::encode(types, values);
    // Every value has its declared kind and width, so encoding cannot fail.
    BATON_ASSERT(config_args.has_value());
    auto config = d.create(*config_artifact, *config_args);
    if (!config) return unexpected(config.error());
    out.system_config = *config;
    out.deployed_at_block = out.system_config.block_num;
    return out;
}

Result<DeployedContract, DeployError> deploy_inbox(rpc::Client& client, const PrivateKey& deployer,
                                                   const DeploySpec& spec, const DeployOptions& options) {
    if (auto ok = check_spec(spec); !ok) return unexpected(ok.error());
    const auto dir = options.artifacts_dir.empty() ? default_artifacts_dir() : options.artifacts_dir;
    auto artifact = load_artifact(dir, "RoundRobinInbox");
    if (!artifact) return fail(DeployErrorKind::kArtifact, "RoundRobinInbox", to_string(artifact.error()));
    auto chain_id = client.eth_chain_id();
    if (!chain_id) return rpc_fail("", "eth_chainId", chain_id.error());
    Deployer d(client, deployer, options, *chain_id);
    return d.create(*artifact, encode_inbox_constructor_args(spec.owner.value_or(d.from()), spec));
}

std::string deployment_json(const Deployment& deployment) {
    nlohmann::ordered_json doc;
    doc["system_config"] = to_checksum_hex(deployment.system_config.address);
    doc["batch_inbox"] = to_checksum_hex(deployment.batch_inbox);
    doc["deposit_portal"] = to_checksum_hex(deployment.deposit_portal.address);
    doc["deployed_at_block"] = deployment.deployed_at_block;
    auto leaders = nlohmann::ordered_json::array();
    for (const auto& leader : deployment.spec.leaders) leaders.push_back(to_checksum_hex(leader));
    doc["leaders"] = std::move(leaders);
    doc["turn_length"] = deployment.spec.turn_length;
    doc["lookahead"] = deployment.spec.lookahead;
    doc["start_block"] = deployment.spec.start_block;
    doc["inbox_contract"] = to_checksum_hex(deployment.inbox.address);
    doc["batcher_hash"] = to_hex(deployment.batcher_hash);
    doc["l1_chain_id"] = deployment.chain_id;
    doc["blocks"] = {{"inbox", deployment.inbox.block_num},
                     {"deposit_portal", deployment.deposit_portal.block_num},
                     {"system_config", deployment.system_config.block_num}};
    return doc.dump(2) + "\n";
}

Result<void, DeployError> write_deployment_json(const Deployment& deployment,
                                                const std::filesystem::path& path) {
    const std::string text = deployment_json(deployment);
    auto tmp = path;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return fail(DeployErrorKind::kIo, "", "cannot open " + tmp.string());
        out << text;
        out.flush();
        if (!out) return fail(DeployErrorKind::kIo, "", "cannot write " + tmp.string());
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return fail(DeployErrorKind::kIo, "", "cannot rename to " + path.string());
    }
    return {};
}

}  // namespace baton::l1
