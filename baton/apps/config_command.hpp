// SPDX-License-Identifier: MIT
#pragma once

// `baton config check --rollup-config FILE`: loads a rollup.json without starting anything and
// prints what a node would run: the chain ids, genesis, each fork's activation time, Baton's own
// fields, and what Baton does not support or does not use. Exit 0 when `baton node` would accept the
// file; otherwise 2 with one `error: …` line on stderr (the report is still printed when the file
// decodes, so the operator sees which fields are at fault).

#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace baton::apps {

int run_config_check(const std::string& rollup_config_path, std::ostream& out, std::ostream& err);

void add_config_command(CLI::App& app, int& exit_code);

}  // namespace baton::apps
