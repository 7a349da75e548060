// SPDX-License-Identifier: MIT
#pragma once

// `baton node`: the rollup node (sequencer or verifier) over an L1 RPC and an L2 engine, with its
// JSON-RPC and metrics servers (node::NodeService). Every flag is also an environment variable
// BATON_NODE_<FLAG> (e.g. --l2-engine = BATON_NODE_L2_ENGINE). Exit codes: 0 after SIGINT/SIGTERM,
// 1 after a critical runtime error, 2 for bad configuration (one `error: …` line, nothing started).

namespace CLI {
class App;
}

namespace baton::apps {

void add_node_command(CLI::App& app, int& exit_code);

}  // namespace baton::apps
