// SPDX-License-Identifier: MIT
#pragma once

// `baton batcher`: runs one batcher (batcher_service::BatcherService) until SIGINT/SIGTERM. It
// reads unsafe L2 blocks from the sequencer's L2 engine and the safe head from a rollup node's
// baton_syncStatus, and posts channels to the L1 inbox in its leader windows. Every flag is also an
// environment variable BATON_BATCHER_<FLAG>; the key comes from --private-key-file (mode 600) or
// BATON_BATCHER_PRIVATE_KEY, never from the command line.

namespace CLI {
class App;
}

namespace baton::apps {

// Registers `batcher` on `app`; `exit_code` receives 0 after a clean stop, 1 on a failure at run
// time, 2 for a bad configuration detected before anything started.
void add_batcher_command(CLI::App& app, int& exit_code);

}  // namespace baton::apps
