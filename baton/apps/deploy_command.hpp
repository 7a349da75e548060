// SPDX-License-Identifier: MIT
#pragma once

// `baton deploy`: deploys RoundRobinInbox, DepositPortal and SystemConfig to an L1 with the
// deployer key from --private-key-file or BATON_DEPLOYER_PRIVATE_KEY, and writes the addresses to a
// JSON file the devnet and operators read (l1::deployment_json documents its keys).

namespace CLI {
class App;
}

namespace baton::apps {

// Registers `deploy` on `app`; `exit_code` receives the result of the run (0 ok, 1 failure, 2 bad
// configuration detected before anything was sent).
void add_deploy_command(CLI::App& app, int& exit_code);

}  // namespace baton::apps
