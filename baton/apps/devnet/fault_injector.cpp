// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/fault_injector.hpp>

#include <baton/apps/devnet/l1_sender.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/address.hpp>
#include <baton/core/assert.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/transaction.hpp>
#include <baton/l1/dev_accounts.hpp>
#include <baton/protocol/frame.hpp>
#include <baton/protocol/tx_payload.hpp>
#include <baton/rpc/client.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <string_view>

namespace baton::apps::devnet {

namespace {

using namespace std::chrono_literals;
using Kind = FaultSpec::Kind;

constexpr std::uint64_t kSpamGasLimit = 200'000;
const U256 kSpamFunding = U256(1'000'000'000'000'000'000ULL);  // 1 ETH

double unix_now() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string hex(const B256& h) {
    return to_hex(h);
}

struct Step {
    double at = 0;
    std::size_t fault = 0;
    std::uint64_t part = 0;  // outage: 1 = restore; spam: tx index
};

Bytes spam_payload(std::mt19937_64& rng) {
    protocol::Frame frame;
    for (auto& b : frame.id) b = static_cast<std::uint8_t>(rng());
    frame.number = 0;
    frame.is_last = true;
    frame.data.resize(96);
    for (auto& b : frame.data) b = static_cast<std::uint8_t>(rng());
    frame.data[0] = 0x78;  // zlib header, so the frame looks like a channel's start
    frame.data[1] = 0xda;
    const std::array<protocol::Frame, 1> frames{frame};
    return protocol::encode_tx_payload(frames);
}

}  // namespace

PrivateKey spammer_key() {
    return key_from_phrase("baton devnet spammer (not a leader)");
}

FaultInjector::FaultInjector(FaultInjectorConfig config, std::chrono::steady_clock::time_point zero)
    : config_(std::move(config)), zero_(zero) {
    for (const auto& spec : config_.faults) {
        FaultRecord record;
        record.spec = spec;
        record.old_inbox = config_.deployment.inbox.address;
        records_.push_back(record);
    }
}

FaultInjector::~FaultInjector() {
    stop();
}

void FaultInjector::start() {
    if (config_.faults.empty() || thread_.joinable()) return;
    thread_ = std::thread([this] { run(); });
}

void FaultInjector::stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (config_.proxy != nullptr && config_.proxy->is_cut()) (void)config_.proxy->restore();
}

std::vector<FaultEvent> FaultInjector::take_events() {
    std::lock_guard lock(mutex_);
    return std::exchange(events_, {});
}

std::vector<FaultRecord> FaultInjector::records() const {
    std::lock_guard lock(mutex_);
    return records_;
}

void FaultInjector::emit_line(const std::string& line) {
    std::lock_guard lock(mutex_);
    events_.push_back(FaultEvent{FaultEvent::Kind::kLine, line, 0, {}});
}

void FaultInjector::run() {
    auto l1_made = L1Sender::make(config_.l1_url);
    if (!l1_made) {
        std::lock_guard lock(mutex_);
        for (auto& r : records_) r.error = l1_made.error();
        return;
    }
    L1Sender& l1 = *l1_made;
    const auto deployer = PrivateKey::from_hex(l1::kDevPrivateKeys[l1::kDeployerAccount]);
    BATON_ASSERT(deployer.has_value());
    const PrivateKey spammer = spammer_key();
    std::mt19937_64 rng(std::random_device{}());

    // The code every reorg must leave in place.
    std::map<Address, Bytes> code;
    for (const auto& address : {config_.deployment.inbox.address, config_.deployment.system_config.address}) {
        auto c = l1.client().eth_get_code(address);
        if (c) code[address] = *c;
    }
    Address inbox = config_.deployment.inbox.address;
    bool spammer_funded = false;

    std::vector<Step> steps;
    for (std::size_t i = 0; i < config_.faults.size(); ++i) {
        const auto& f = config_.faults[i];
        steps.push_back({f.at_seconds, i, 0});
        if (f.kind == Kind::kL1Outage) steps.push_back({f.at_seconds + f.outage_seconds, i, 1});
        if (f.kind == Kind::kSpam) {
            for (std::uint64_t k = 1; k < f.txs; ++k)
                steps.push_back({f.at_seconds + static_cast<double>(k * config_.l1_block_time), i, k});
        }
    }
    std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.at < b.at; });

    const auto since_zero = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - zero_).count();
    };
    const auto head = [&]() -> std::optional<std::uint64_t> {
        auto n = l1.client().eth_block_number();
        if (!n) return std::nullopt;
        return *n;
    };
    // Updates the record under the lock.
    const auto with_record = [&](std::size_t i, const auto& fn) {
        std::lock_guard lock(mutex_);
        fn(records_[i]);
    };
    const auto mark_injected = [&](std::size_t i) {
        with_record(i, [&](FaultRecord& r) {
            if (r.injected) return;
            r.injected = true;
            r.injected_seconds = since_zero();
            r.injected_unix = unix_now();
            r.ended_unix = r.injected_unix;
        });
    };
    const auto set_error = [&](std::size_t i, const std::string& error) {
        with_record(i, [&](FaultRecord& r) {
            if (r.error.empty()) r.error = error;
        });
        emit_line("!! fault " + std::string(fault_flag(config_.faults[i].kind)) + " " +
                  describe(config_.faults[i]) + ": " + error);
    };

    for (const auto& step : steps) {
        while (!stop_ && since_zero() < step.at) std::this_thread::sleep_for(50ms);
        if (stop_) break;
        const auto& f = config_.faults[step.fault];
        const std::size_t i = step.fault;
        switch (f.kind) {
            case Kind::kL1Reorg: {
                auto before = head();
                if (!before) {
                    set_error(i, "L1 head unreadable");
                    break;
                }
                if (*before < config_.deployment.deployed_at_block + f.depth) {
                    set_error(
                        i, "L1 has only " + std::to_string(*before - config_.deployment.deployed_at_block) +
                               " blocks after the deployment: too few to reorg " + std::to_string(f.depth));
                    break;
                }
                // The txs the reorg will drop, as raw envelopes to send again.
                std::vector<std::string> raw;
                for (std::uint64_t n = *before - f.depth + 1; n <= *before; ++n) {
                    auto block = l1.client().eth_get_block_by_number(rpc::BlockTag::at(n), false);
                    if (!block || !*block) continue;
                    for (const auto& hash : (*block)->transaction_hashes) {
                        auto r = l1.client().call("eth_getRawTransactionByHash",
                                                  nlohmann::json::array({hex(hash)}));
                        if (r && r->is_string()) raw.push_back(r->get<std::string>());
                    }
                }
                mark_injected(i);
                auto reorged = l1.client().call("anvil_reorg",
                                                nlohmann::json::array({f.depth, nlohmann::json::array()}));
                if (!reorged) {
                    set_error(i, "anvil_reorg: " + rpc::to_string(reorged.error()));
                    break;
                }
                const auto after = head().value_or(*before);
                const std::uint64_t first = std::min(*before, after) - f.depth + 1;
                {
                    std::lock_guard lock(mutex_);
                    events_.push_back(FaultEvent{FaultEvent::Kind::kRewind, {}, first, {}});
                }
                std::uint64_t requeued = 0;
                for (const auto& envelope : raw) {
                    if (l1.client().call("eth_sendRawTransaction", nlohmann::json::array({envelope})))
                        ++requeued;
                }
                bool intact = !code.empty();
                for (const auto& [address, expected] : code) {
                    auto now = l1.client().eth_get_code(address);
                    if (!now || *now != expected) intact = false;
                }
                with_record(i, [&](FaultRecord& r) {
                    r.l1_block = first;
                    r.txs_requeued = requeued;
                    r.inbox_code_intact = intact;
                    r.ended_unix = unix_now();
                });
                emit_line(">> L1 reorg: blocks #" + std::to_string(first) + "..#" +
                          std::to_string(first + f.depth - 1) + " replaced, " + std::to_string(raw.size()) +
                          " dropped txs, " + std::to_string(requeued) + " sent again; contract code " +
                          (intact ? "intact" : "GONE (anvil lost it: this run proves nothing)"));
                break;
            }
            case Kind::kL1Outage: {
                if (config_.proxy == nullptr) {
                    set_error(i, "no L1 proxy");
                    break;
                }
                if (step.part == 0) {
                    const auto h = head();
                    mark_injected(i);
                    config_.proxy->cut();
                    with_record(i, [&](FaultRecord& r) { r.l1_block = h; });
                    emit_line(">> L1 outage: every Baton process loses L1 for " +
                              std::to_string(static_cast<long>(f.outage_seconds)) + " s (L1 keeps mining)");
                } else {
                    auto restored = config_.proxy->restore();
                    const auto h = head();
                    with_record(i, [&](FaultRecord& r) {
                        r.ended_unix = unix_now();
                        r.l1_block_end = h;
                    });
                    if (!restored) {
                        set_error(i, restored.error());
                    } else {
                        emit_line(">> L1 back for the Baton processes");
                    }
                }
                break;
            }
            case Kind::kSpam: {
                if (step.part == 0) {
                    mark_injected(i);
                    with_record(i, [&](FaultRecord& r) {
                        r.spammer = address_from_private_key(spammer);
                        r.l1_block = head();
                    });
                    if (!spammer_funded) {
                        spammer_funded =
                            l1.transfer(*deployer, address_from_private_key(spammer), kSpamFunding, stop_)
                                .has_value();
                        if (!spammer_funded) {
                            set_error(i, "could not fund the spammer");
                            break;
                        }
                    }
                }
                if (!spammer_funded) break;
                // One per L1 block time after the previous one (funding may have delayed the first).
                double last_sent = 0;
                with_record(i, [&](FaultRecord& r) { last_sent = r.spam_txs.empty() ? 0 : r.ended_unix; });
                while (!stop_ && last_sent > 0 &&
                       unix_now() < last_sent + static_cast<double>(config_.l1_block_time))
                    std::this_thread::sleep_for(50ms);
                auto sent = l1.send(spammer, inbox, spam_payload(rng), U256(0), kSpamGasLimit);
                if (!sent) {
                    set_error(i, "spam tx " + std::to_string(step.part + 1) + ": " + sent.error());
                    break;
                }
                with_record(i, [&](FaultRecord& r) {
                    r.spam_txs.push_back(*sent);
                    r.ended_unix = unix_now();
                });
                emit_line(">> spam tx " + std::to_string(step.part + 1) + "/" + std::to_string(f.txs) +
                          " from non-member " + to_checksum_hex(address_from_private_key(spammer)) +
                          " to the inbox");
                break;
            }
            case Kind::kChangeInbox: {
                mark_injected(i);
                auto deployed = config_.deploy_inbox ? config_.deploy_inbox()
                                                     : Result<l1::DeployedContract, std::string>(
                                                           unexpected(std::string("no deployer given")));
                if (!deployed) {
                    set_error(i, "deploying the second inbox: " + deployed.error());
                    break;
                }
                if (auto c = l1.client().eth_get_code(deployed->address); c) code[deployed->address] = *c;
                static const auto selector = abi::selector("setBatchInbox(address)");
                const std::array<abi::Type, 1> types{abi::address_type()};
                const std::array<abi::Value, 1> values{abi::Value(deployed->address)};
                auto data = abi::encode_call(selector, types, values);
                BATON_ASSERT(data.has_value());
                auto sent = l1.send(*deployer, config_.deployment.system_config.address, *data, U256(0),
                                    std::nullopt);
                if (!sent) {
                    set_error(i, "setBatchInbox: " + sent.error());
                    break;
                }
                auto receipt = l1.wait(*sent, stop_);
                if (!receipt || !receipt->succeeded()) {
                    set_error(i, "setBatchInbox: " + (receipt ? "reverted" : receipt.error()));
                    break;
                }
                inbox = deployed->address;
                with_record(i, [&](FaultRecord& r) {
                    r.new_inbox = deployed->address;
                    r.l1_block = receipt->block_number;
                    r.ended_unix = unix_now();
                });
                {
                    std::lock_guard lock(mutex_);
                    events_.push_back(FaultEvent{
                        FaultEvent::Kind::kNewInbox, {}, receipt->block_number, deployed->address});
                }
                emit_line(">> batch inbox moved by governance to " + to_checksum_hex(deployed->address) +
                          " at L1 #" + std::to_string(receipt->block_number) +
                          " (SystemConfig update type 128)");
                break;
            }
        }
    }
}

}  // namespace baton::apps::devnet
