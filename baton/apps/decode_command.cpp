// SPDX-License-Identifier: MIT
#include <baton/apps/decode_command.hpp>

#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/core/transaction.hpp>
#include <baton/protocol/batch.hpp>
#include <baton/protocol/channel_in.hpp>
#include <baton/protocol/compression.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

namespace baton::apps {

namespace {

using json = nlohmann::ordered_json;
namespace protocol = baton::protocol;

struct DecodeError {
    std::string message;  // already names the place and offset
};

template <class T>
using Outcome = Result<T, DecodeError>;

Unexpected<DecodeError> error(std::string message) {
    return baton::unexpected(DecodeError{std::move(message)});
}

Outcome<Bytes> read_hex(std::istream& in) {
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Surrounding whitespace (a trailing newline from echo) is not part of the data.
    const auto first = text.find_first_not_of(" \t\r\n");
    const auto last = text.find_last_not_of(" \t\r\n");
    text = first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
    if (text.empty()) return error("stdin: no input (expected hex)");
    auto bytes = decode_hex(text);
    if (!bytes) {
        return error("stdin: " + std::string(to_string(bytes.error().error)) + " at character offset " +
                     std::to_string(bytes.error().offset));
    }
    return std::move(*bytes);
}

std::string hash_hex(ByteView envelope) {
    return to_hex(keccak256(envelope));
}

Outcome<json> batch_json(ByteView batch_bytes, std::size_t index, const DecodeOptions& options) {
    auto batch = protocol::decode_batch(batch_bytes);
    if (!batch) {
        return error("batch " + std::to_string(index) + ": " + protocol::to_string(batch.error().error) +
                     " at byte offset " + std::to_string(batch.error().offset));
    }
    json blocks = json::array();
    if (const auto* singular = std::get_if<protocol::SingularBatch>(&*batch)) {
        json txs = json::array();
        for (const auto& tx : singular->transactions) txs.push_back(hash_hex(tx));
        blocks.push_back(
            {{"timestamp", singular->timestamp}, {"epoch_num", singular->epoch_num}, {"txs", txs}});
        return json{{"type", "singular"}, {"blocks", blocks}};
    }
    const auto& span = std::get<protocol::SpanBatch>(*batch);
    const protocol::SpanBatchParams params{options.genesis_l2_time, options.block_time, options.l2_chain_id};
    auto derived = protocol::derive_span_batch(span, params);
    if (!derived) {
        // Rebuild failures have no byte position of their own: name the tx instead.
        return error("batch " + std::to_string(index) + ": " + protocol::to_string(derived.error().error) +
                     " while rebuilding transactions");
    }
    for (const auto& block : *derived) {
        json txs = json::array();
        for (const auto& tx : block.transactions) txs.push_back(hash_hex(tx));
        blocks.push_back({{"timestamp", block.timestamp}, {"epoch_num", block.epoch_num}, {"txs", txs}});
    }
    return json{{"type", "span"}, {"blocks", blocks}};
}

// Decompresses a channel and decodes every batch. Brotli is accepted (a tool does not know the L1
// block's Fjord status) and the Fjord output cap applies, so the decompressed stream is at most
// MAX_RLP_BYTES_PER_CHANNEL. The batches are walked as views into it, never copied out all at once:
// a stream of 100 M one-byte batches (a 100 KB zlib bomb) used to cost 5.5 GB as separate `Bytes`.
Outcome<json> channel_json(ByteView channel, const DecodeOptions& options) {
    auto decompressed =
        protocol::decompress_channel(channel, /*fjord_active=*/true, protocol::kMaxRlpBytesPerChannelFjord);
    if (!decompressed) {
        return error(std::string("channel: ") + protocol::to_string(decompressed.error()) +
                     " at byte offset 0");
    }
    // First walk: how the stream ends. A stream that ends badly is reported as such even when an
    // earlier batch would not decode either, since that is what makes the channel unusable.
    protocol::BatchSplitter scan(decompressed->data, decompressed->status);
    while (scan.next()) {
    }
    // op-batcher ends zlib streams with a sync flush: a stream cut exactly after a batch is normal.
    const bool clean_end =
        scan.end() == protocol::ChannelEnd::kComplete ||
        (scan.end() == protocol::ChannelEnd::kTruncated && scan.end_offset() == decompressed->data.size());
    if (!clean_end) {
        return error(std::string("channel: ") + protocol::to_string(scan.end()) +
                     " at decompressed byte offset " + std::to_string(scan.end_offset()));
    }
    // Second walk: decode one batch at a time.
    json batches = json::array();
    protocol::BatchSplitter splitter(decompressed->data, decompressed->status);
    for (std::size_t i = 0; auto batch = splitter.next(); ++i) {
        auto b = batch_json(*batch, i, options);
        if (!b) return baton::unexpected(b.error());
        batches.push_back(std::move(*b));
    }
    return json{{"compression", protocol::to_string(decompressed->algo)},
                {"decompressed_length", decompressed->data.size()},
                {"batches", batches}};
}

Outcome<Bytes> calldata_of_signed_tx(ByteView raw) {
    auto tx = decode_transaction(raw);
    if (!tx) return error(std::string("stdin: not a signed transaction: ") + to_string(tx.error()));
    return std::visit([](const auto& t) -> Bytes { return t.data; }, *tx);
}

int finish(Outcome<json> result, std::ostream& out, std::ostream& err) {
    if (!result) {
        err << "error: " << result.error().message << "\n";
        return 1;
    }
    out << result->dump(2) << "\n";
    return 0;
}

}  // namespace

int run_decode_channel(std::istream& in, std::ostream& out, std::ostream& err, const DecodeOptions& options) {
    auto bytes = read_hex(in);
    if (!bytes) return finish(baton::unexpected(bytes.error()), out, err);
    return finish(channel_json(*bytes, options), out, err);
}

int run_decode_tx(std::istream& in, std::ostream& out, std::ostream& err, const DecodeOptions& options) {
    auto bytes = read_hex(in);
    if (!bytes) return finish(baton::unexpected(bytes.error()), out, err);
    Bytes calldata = std::move(*bytes);
    if (options.signed_tx) {
        auto data = calldata_of_signed_tx(calldata);
        if (!data) return finish(baton::unexpected(data.error()), out, err);
        calldata = std::move(*data);
    }
    const auto frames = protocol::decode_tx_payload(calldata);
    if (!frames) {
        std::string what = protocol::to_string(frames.error().error);
        if (frames.error().error == protocol::TxPayloadError::kInvalidFrame) {
            what += std::string(" (") + protocol::to_string(frames.error().frame_error) + ")";
        }
        return finish(error("calldata: " + what + " at byte offset " + std::to_string(frames.error().offset)),
                      out, err);
    }
    json frames_json = json::array();
    // Channels in order of first appearance; frames of one channel may arrive out of order.
    std::vector<protocol::ChannelId> order;
    std::map<protocol::ChannelId, protocol::Channel> channels;
    for (const auto& frame : *frames) {
        frames_json.push_back({{"channel_id", to_hex(frame.id, false)},
                               {"frame_number", frame.number},
                               {"is_last", frame.is_last},
                               {"data_length", frame.data.size()}});
        auto it = channels.find(frame.id);
        if (it == channels.end()) {
            it = channels.emplace(frame.id, protocol::Channel(frame.id)).first;
            order.push_back(frame.id);
        }
        // A frame the channel rejects (duplicate, after close) is listed but does not count.
        (void)it->second.add_frame(frame);
    }
    json result = {{"frames", frames_json}};
    json batches = json::array();
    bool any_ready = false;
    for (const auto& id : order) {
        const auto& channel = channels.at(id);
        if (!channel.is_ready()) continue;
        any_ready = true;
        auto decoded = channel_json(channel.data(), options);
        if (!decoded) return finish(baton::unexpected(decoded.error()), out, err);
        result["compression"] = (*decoded)["compression"];
        result["decompressed_length"] = (*decoded)["decompressed_length"];
        for (auto& b : (*decoded)["batches"]) batches.push_back(std::move(b));
    }
    if (any_ready) result["batches"] = batches;
    return finish(std::move(result), out, err);
}

void add_decode_command(CLI::App& app, int& exit_code) {
    auto* decode = app.add_subcommand("decode", "Decode batcher data offline (channels, batcher txs)");
    decode->require_subcommand(1);
    auto options = std::make_shared<DecodeOptions>();

    auto add_common = [options](CLI::App* sub) {
        sub->add_option("--l2-chain-id", options->l2_chain_id, "L2 chain id used to rebuild span batch txs")
            ->required();
        sub->add_option("--genesis-l2-time", options->genesis_l2_time,
                        "rollup genesis l2_time (span timestamps)")
            ->required();
        sub->add_option("--block-time", options->block_time, "L2 block time in seconds")
            ->capture_default_str();
    };

    auto* channel = decode->add_subcommand("channel", "Decode a channel's bytes (hex on stdin)");
    add_common(channel);
    channel->callback([options, &exit_code]() {
        exit_code = run_decode_channel(std::cin, std::cout, std::cerr, *options);
    });

    auto* tx = decode->add_subcommand("tx", "Decode batcher-tx calldata (hex on stdin)");
    add_common(tx);
    tx->add_flag("--signed-tx", options->signed_tx,
                 "stdin holds a whole signed L1 tx (EIP-2718), not its calldata");
    tx->callback(
        [options, &exit_code]() { exit_code = run_decode_tx(std::cin, std::cout, std::cerr, *options); });
}

}  // namespace baton::apps
