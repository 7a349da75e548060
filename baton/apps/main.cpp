// SPDX-License-Identifier: MIT
// The `baton` binary. Subcommands register themselves here; exceptions are allowed only at this
// boundary (CLI parsing and setup), and each subcommand reports its own errors and exit code.

#include <baton/apps/batcher_command.hpp>
#include <baton/apps/cli_support.hpp>
#include <baton/apps/config_command.hpp>
#include <baton/apps/decode_command.hpp>
#include <baton/apps/deploy_command.hpp>
#include <baton/apps/devnet_command.hpp>
#include <baton/apps/mechanism_command.hpp>
#include <baton/apps/node_command.hpp>

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    try {
        CLI::App app{"baton: L1-contract leader election for OP-Stack rollups"};
        app.require_subcommand(1);
        int exit_code = 0;
        baton::apps::add_decode_command(app, exit_code);
        baton::apps::add_deploy_command(app, exit_code);
        baton::apps::add_node_command(app, exit_code);
        baton::apps::add_batcher_command(app, exit_code);
        baton::apps::add_devnet_command(app, exit_code);
        baton::apps::add_config_command(app, exit_code);
        baton::apps::add_mechanism_command(app, exit_code);
        try {
            app.parse(argc, argv);
        } catch (const CLI::ParseError& e) {
            // CLI11's own exit prints two lines and exits 104-109; Baton's contract is one line, 2.
            return baton::apps::report_parse_error(app, e, std::cerr);
        }
        return exit_code;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
    } catch (...) {
        std::cerr << "error: unexpected failure\n";
    }
    return 1;
}
