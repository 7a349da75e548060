// SPDX-License-Identifier: MIT
#pragma once

// `baton devnet`: the whole local network in one command (docs/devnet.md).

namespace CLI {
class App;
}

namespace baton::apps {

void add_devnet_command(CLI::App& app, int& exit_code);

}  // namespace baton::apps
