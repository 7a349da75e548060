// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/load_generator.hpp>

#include <baton/core/secp256k1.hpp>
#include <baton/core/transaction.hpp>
#include <baton/l1/dev_accounts.hpp>
#include <baton/rpc/client.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <vector>

namespace baton::apps::devnet {

namespace {

using namespace std::chrono_literals;

struct Sender {
    PrivateKey key;
    Address address{};
    std::optional<std::uint64_t> nonce;  // nullopt: read it from the engine first
    // Gap healing: the mined ("latest") nonce and when it last moved.
    std::uint64_t mined = 0;
    std::chrono::steady_clock::time_point mined_moved{};
};

// A refused send re-reads the nonce (sends go to the sequencer node, which refuses only txns that
// are not valid now, never because it is building a block). A tx accepted and then lost would leave later
// nonces waiting forever in anvil's queue; AnvilEngine no longer loses accepted txs, but as a safety net,
// when the mined nonce has not moved for this long while we have sent past it, resend from it.
constexpr auto kGapTimeout = 8s;

}  // namespace

LoadGenerator::LoadGenerator(std::vector<LoadTarget> targets, std::uint64_t chain_id, double tx_per_second)
    : targets_(std::move(targets)),
      online_(targets_.size(), true),
      chain_id_(chain_id),
      rate_(tx_per_second) {}

LoadGenerator::~LoadGenerator() {
    stop();
}

void LoadGenerator::start() {
    if (rate_ <= 0 || thread_.joinable()) return;
    thread_ = std::thread([this] { run(); });
}

void LoadGenerator::stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

void LoadGenerator::mark_offline(std::size_t index) {
    const std::lock_guard lock(mutex_);
    if (index < online_.size()) online_[index] = false;
}

std::vector<bool> LoadGenerator::online() const {
    const std::lock_guard lock(mutex_);
    return online_;
}

std::vector<SentLoadTx> LoadGenerator::sent_txs() const {
    const std::lock_guard lock(mutex_);
    return sent_txs_;
}

void LoadGenerator::run() {
    rpc::ClientOptions options;
    options.connect_timeout = 500ms;
    options.read_timeout = 3000ms;
    std::vector<rpc::Client> engines;
    std::vector<rpc::Client> nodes;
    for (const auto& target : targets_) {
        auto engine = rpc::Client::make(target.engine_url, options);
        auto node = rpc::Client::make(target.node_url, options);
        if (!engine || !node) return;
        engines.push_back(std::move(*engine));
        nodes.push_back(std::move(*node));
    }
    if (engines.empty()) return;
    std::vector<Sender> senders;
    for (std::size_t i = 0; i < l1::kLoadAccounts; ++i) {
        auto key = PrivateKey::from_hex(l1::kDevPrivateKeys[l1::kFirstLoadAccount + i]);
        if (!key) return;
        senders.push_back(Sender{*key, address_from_private_key(*key), std::nullopt});
    }
    const auto period = std::chrono::duration<double>(1.0 / rate_);
    auto next = std::chrono::steady_clock::now();
    std::size_t turn = 0;
    while (!stop_) {
        next += std::chrono::duration_cast<std::chrono::steady_clock::duration>(period);
        auto& from = senders[turn % senders.size()];
        const auto& to = senders[(turn + 1) % senders.size()].address;
        ++turn;
        const auto now = std::chrono::steady_clock::now();
        const std::vector<bool> up = online();
        const auto first_up = std::find(up.begin(), up.end(), true);
        if (first_up == up.end()) break;  // every node is gone: nothing can take a tx
        auto* client = &engines[static_cast<std::size_t>(first_up - up.begin())];
        if (!from.nonce) {
            auto n = client->eth_get_transaction_count(from.address, rpc::BlockTag::pending());
            if (n) from.nonce = *n;
            from.mined_moved = now;
        } else if (auto mined = client->eth_get_transaction_count(from.address, rpc::BlockTag::latest());
                   mined) {
            if (*mined != from.mined) {
                from.mined = *mined;
                from.mined_moved = now;
            } else if (*from.nonce > *mined && now - from.mined_moved > kGapTimeout) {
                from.nonce = *mined;
                from.mined_moved = now;
                ++gaps_healed_;
            }
        }
        if (from.nonce) {
            DynamicFeeTx t;
            t.chain_id = chain_id_;
            t.nonce = *from.nonce;
            t.max_priority_fee_per_gas = U256(1'000'000);  // 0.001 gwei
            t.max_fee_per_gas = U256(50'000'000'000);      // 50 gwei: far above the devnet's base fee
            t.gas_limit = 21'000;
            t.to = to;
            t.value = U256(1'000'000'000'000ULL + turn);
            Transaction txn = t;
            if (sign(txn, from.key)) {
                const Bytes raw = encode_transaction(txn);
                std::optional<B256> accepted;
                for (std::size_t i = 0; i < nodes.size(); ++i) {
                    if (!up[i]) continue;
                    if (auto hash = nodes[i].eth_send_raw_transaction(raw); hash && !accepted)
                        accepted = *hash;
                }
                if (accepted) {
                    ++sent_;
                    {
                        const std::lock_guard lock(mutex_);
                        sent_txs_.push_back(SentLoadTx{from.address, *from.nonce, *accepted});
                    }
                    ++*from.nonce;
                } else {
                    ++refused_;
                    from.nonce.reset();
                }
            }
        }
        while (!stop_ && std::chrono::steady_clock::now() < next) std::this_thread::sleep_for(20ms);
    }
}

}  // namespace baton::apps::devnet
