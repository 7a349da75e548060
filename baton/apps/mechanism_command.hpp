// SPDX-License-Identifier: MIT
#pragma once

// `baton mechanism check --mechanism round-robin | PATH.sol:ScriptContract [--batchers N] [--blocks M]`:
// starts a throwaway anvil, deploys the mechanism through its deploy script
// (l1::deploy_mechanism; owner and sender dev account 0, batchers dev accounts 1..N), walks M
// blocks checking every rule of docs/mechanisms.md (l1::check_mechanism), and prints one line per
// rule. Exit 0: every rule holds; 1: a rule fails (the line names it and the first block where it
// failed); 2: bad input or the check could not run (a script that does not compile, a deploy that
// reverts, a bad option, no anvil): one `error:` line on stderr, nothing on stdout.

namespace CLI {
class App;
}

namespace baton::apps {

// Registers `mechanism` (with its subcommand `check`) on `app`.
void add_mechanism_command(CLI::App& app, int& exit_code);

}  // namespace baton::apps
