// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/rotation_watcher.hpp>

#include <baton/apps/devnet/observer.hpp>

#include <utility>

namespace baton::apps::devnet {

Result<RotationWatcher, std::string> RotationWatcher::make(const std::vector<std::string>& node_urls) {
    std::vector<rpc::Client> clients;
    for (const auto& url : node_urls) {
        auto c = rpc::Client::make(url, observer_timeouts());
        if (!c) return unexpected(url + ": " + rpc::to_string(c.error()));
        clients.push_back(std::move(*c));
    }
    return RotationWatcher(std::move(clients));
}

RotationWatcher::RotationWatcher(std::vector<rpc::Client> clients)
    : clients_(std::move(clients)),
      online_(clients_.size(), true),
      error_reported_(clients_.size(), false),
      last_(clients_.size()) {}

void RotationWatcher::poll_one(std::size_t i, Poll& out) {
    auto raw = clients_[i].call("baton_rotationStatus", nlohmann::json::array());
    if (!raw) return;  // not answering now: keep the last status
    auto status = decode_rotation_status(*raw);
    if (!status) {
        if (!error_reported_[i]) {
            error_reported_[i] = true;
            out.lines.push_back("!! node-" + std::to_string(i + 1) +
                                ": baton_rotationStatus answer does not decode: " + status.error());
        }
        return;
    }
    for (auto& b : builders_.add(i + 1, status->built)) out.new_blocks.push_back(b);
    last_[i] = std::move(*status);
}

RotationWatcher::Poll RotationWatcher::poll() {
    Poll out;
    for (std::size_t i = 0; i < clients_.size(); ++i) {
        if (online_[i]) poll_one(i, out);
    }
    return out;
}

RotationWatcher::Poll RotationWatcher::retire(std::size_t index) {
    Poll out;
    if (index < 1 || index > clients_.size() || !online_[index - 1]) return out;
    poll_one(index - 1, out);
    online_[index - 1] = false;
    return out;
}

std::vector<bool> RotationWatcher::retired() const {
    std::vector<bool> out;
    for (const bool on : online_) out.push_back(!on);
    return out;
}

}  // namespace baton::apps::devnet
