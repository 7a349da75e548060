// SPDX-License-Identifier: MIT
#pragma once

// The devnet's view of the rotating nodes (--rotate): each observation it asks every live node for
// baton_rotationStatus, keeps each node's last answer (a killed node's from a poll right before the
// kill, so its built blocks and counters are known) and hash → builder from their `built` lists.
// A node that does not answer keeps its previous status; an answer that does not decode is reported
// once per node, as a line for the operator.

#include <baton/apps/devnet/rotation.hpp>
#include <baton/core/result.hpp>
#include <baton/rpc/client.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace baton::apps::devnet {

class RotationWatcher {
public:
    // `node_urls[i - 1]` is batcher i's rotating node.
    static Result<RotationWatcher, std::string> make(const std::vector<std::string>& node_urls);

    struct Poll {
        std::vector<BuiltBy> new_blocks;  // built blocks not seen before, by node then oldest first
        std::vector<std::string> lines;   // problems to show (each at most once per node)
    };
    Poll poll();
    // Polls node `index` (1-based) once more, then stops asking it (it is about to be killed).
    Poll retire(std::size_t index);

    bool online(std::size_t index) const { return online_.at(index - 1); }
    const BuilderIndex& builders() const noexcept { return builders_; }
    const std::vector<std::optional<RotationStatus>>& statuses() const noexcept { return last_; }
    // Per node: killed (retired) during the run.
    std::vector<bool> retired() const;

private:
    explicit RotationWatcher(std::vector<rpc::Client> clients);
    void poll_one(std::size_t i, Poll& out);

    std::vector<rpc::Client> clients_;
    std::vector<bool> online_;
    std::vector<bool> error_reported_;
    std::vector<std::optional<RotationStatus>> last_;
    BuilderIndex builders_;
};

}  // namespace baton::apps::devnet
