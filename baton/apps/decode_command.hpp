// SPDX-License-Identifier: MIT
#pragma once

// `baton decode channel|tx`: offline inspection of batcher data. The logic takes streams so tests
// can drive it without a process; main.cpp wires it to CLI11 and stdin/stdout/stderr.
//
//   channel  stdin = a channel's bytes (hex): prints compression, decompressed length and every
//            batch's type (singular, span, baton_span) and blocks (timestamp, L1 origin, tx hashes
//            rebuilt with --l2-chain-id, and a Baton span batch's fee recipient per block)
//   tx       stdin = batcher-tx calldata (hex), or a whole signed L1 tx with --signed-tx: prints the
//            frames and, when they complete channels, the batches
//
// Errors print one line on stderr naming what is wrong and the byte offset, and return 1; stdout
// then stays empty. Input is untrusted: batches are decoded one at a time (twice: to find any error
// first, then to print) and the JSON is written as it is produced, so memory is about one
// decompressed channel (at most MAX_RLP_BYTES_PER_CHANNEL) plus one decoded batch, never the whole
// answer.

#include <cstdint>
#include <iosfwd>

namespace CLI {
class App;
}

namespace baton::apps {

struct DecodeOptions {
    std::uint64_t l2_chain_id = 0;
    std::uint64_t genesis_l2_time = 0;
    std::uint64_t block_time = 2;
    bool signed_tx = false;  // tx: stdin is an EIP-2718 L1 tx, not its calldata
};

int run_decode_channel(std::istream& in, std::ostream& out, std::ostream& err, const DecodeOptions& options);
int run_decode_tx(std::istream& in, std::ostream& out, std::ostream& err, const DecodeOptions& options);

// Registers `decode` and its subcommands on `app`; `exit_code` receives the result of the one run.
void add_decode_command(CLI::App& app, int& exit_code);

}  // namespace baton::apps
