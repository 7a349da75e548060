// SPDX-License-Identifier: MIT
#include <baton/apps/cli_support.hpp>
#include <baton/apps/decode_command.hpp>

#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/core/transaction.hpp>
#include <baton/protocol/batch.hpp>
#include <baton/protocol/channel_in.hpp>
#include <baton/protocol/compression.hpp>
#include <baton/protocol/rollup_config.hpp>
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
#include <string_view>
#include <utility>
#include <vector>

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

// Writes JSON laid out exactly as nlohmann's dump(2), one value at a time, so that blocks go to the
// stream as they are decoded. A 1 KB channel holding one span batch of 1 M empty blocks prints
// 98 MB of JSON; built as one document first, it took 570 MB.
class JsonWriter {
public:
    explicit JsonWriter(std::ostream& out) : out_(out) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    void key(std::string_view name) {
        start_element();
        out_ << json(name).dump() << ": ";
        after_key_ = true;
    }
    void value(const json& v) {
        start_element();
        // A nested value's lines are indented by the depth it is written at.
        const std::string text = v.dump(2);
        std::size_t from = 0;
        for (auto nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
            out_.write(text.data() + from, static_cast<std::streamsize>(nl + 1 - from));
            indent();
            from = nl + 1;
        }
        out_.write(text.data() + from, static_cast<std::streamsize>(text.size() - from));
    }

private:
    void start_element() {
        if (std::exchange(after_key_, false) || open_.empty()) return;
        out_ << (open_.back() ? "\n" : ",\n");
        open_.back() = false;
        indent();
    }
    void open(char bracket) {
        start_element();
        out_ << bracket;
        open_.push_back(true);
    }
    void close(char bracket) {
        const bool empty = open_.back();
        open_.pop_back();
        if (!empty) {
            out_ << '\n';
            indent();
        }
        out_ << bracket;
    }
    void indent() {
        for (std::size_t i = 0; i < open_.size(); ++i) out_ << "  ";
    }

    std::ostream& out_;
    std::vector<bool> open_;  // per open container: nothing written in it yet
    bool after_key_ = false;
};

// One batch's L2 blocks: a singular batch is one block, a span batch as many as it spans (with each
// block's fee recipient for a Baton span batch).
struct DecodedBatch {
    const char* type = "singular";
    std::vector<protocol::SpanBatchElement> blocks;
};

Outcome<DecodedBatch> decode_one_batch(ByteView batch_bytes, std::size_t index,
                                       const DecodeOptions& options) {
    auto batch = protocol::decode_batch(batch_bytes);
    if (!batch) {
        return error("batch " + std::to_string(index) + ": " + protocol::to_string(batch.error().error) +
                     " at byte offset " + std::to_string(batch.error().offset));
    }
    DecodedBatch decoded;
    if (auto* singular = std::get_if<protocol::SingularBatch>(&*batch)) {
        decoded.blocks.push_back(
            {singular->epoch_num, singular->timestamp, std::move(singular->transactions), std::nullopt});
        return decoded;
    }
    const auto& span = std::get<protocol::SpanBatch>(*batch);
    const protocol::SpanBatchParams params{options.genesis_l2_time, options.block_time, options.l2_chain_id};
    auto derived = protocol::derive_span_batch(span, params);
    if (!derived) {
        // Rebuild failures have no byte position of their own: name the tx instead.
        return error("batch " + std::to_string(index) + ": " + protocol::to_string(derived.error().error) +
                     " while rebuilding transactions");
    }
    decoded.type = span.is_baton() ? "baton_span" : "span";
    decoded.blocks = std::move(*derived);
    return decoded;
}

void write_batch(JsonWriter& writer, const DecodedBatch& batch) {
    writer.begin_object();
    writer.key("type");
    writer.value(batch.type);
    writer.key("blocks");
    writer.begin_array();
    for (const auto& block : batch.blocks) {
        json txs = json::array();
        for (const auto& tx : block.transactions) txs.push_back(hash_hex(tx));
        json entry = {{"timestamp", block.timestamp}, {"epoch_num", block.epoch_num}, {"txs", txs}};
        // Only a Baton span batch names recipients; the others' blocks pay the fee vault.
        if (block.fee_recipient) entry["fee_recipient"] = to_hex(*block.fee_recipient);
        writer.value(entry);
    }
    writer.end_array();
    writer.end_object();
}

// Decompresses a channel and checks how its stream ends. Brotli is accepted (a tool does not know
// the L1 block's Fjord status) and the Fjord output cap applies, so the decompressed stream is at
// most MAX_RLP_BYTES_PER_CHANNEL. The batches are walked as views into it, never copied out all at
// once: a stream of 100 M one-byte batches (a 100 KB zlib bomb) used to cost 5.5 GB as `Bytes`.
Outcome<protocol::Decompressed> open_channel(ByteView channel) {
    auto decompressed =
        protocol::decompress_channel(channel, /*fjord_active=*/true, protocol::kMaxRlpBytesPerChannelFjord);
    if (!decompressed) {
        return error(std::string("channel: ") + protocol::to_string(decompressed.error()) +
                     " at byte offset 0");
    }
    // A stream that ends badly is reported as such even when an earlier batch would not decode
    // either, since that is what makes the channel unusable.
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
    return std::move(*decompressed);
}

// Decodes every batch of an opened channel one at a time, handing each to `sink`. Decoding runs
// twice, once without output so that an error is found before anything is printed (stdout stays
// empty on error) and once to print: memory is one batch, not the whole answer.
template <class Sink>
Outcome<void> for_each_batch(const protocol::Decompressed& decompressed, const DecodeOptions& options,
                             Sink&& sink) {
    protocol::BatchSplitter splitter(decompressed.data, decompressed.status);
    for (std::size_t i = 0; auto batch = splitter.next(); ++i) {
        auto decoded = decode_one_batch(*batch, i, options);
        if (!decoded) return baton::unexpected(decoded.error());
        sink(*decoded);
    }
    return {};
}

Outcome<void> check_batches(const protocol::Decompressed& decompressed, const DecodeOptions& options) {
    return for_each_batch(decompressed, options, [](const DecodedBatch&) {});
}

Outcome<void> write_batches(JsonWriter& writer, const protocol::Decompressed& decompressed,
                            const DecodeOptions& options) {
    return for_each_batch(decompressed, options,
                          [&writer](const DecodedBatch& b) { write_batch(writer, b); });
}

void write_channel_summary(JsonWriter& writer, const protocol::Decompressed& decompressed) {
    writer.key("compression");
    writer.value(protocol::to_string(decompressed.algo));
    writer.key("decompressed_length");
    writer.value(decompressed.data.size());
}

Outcome<Bytes> calldata_of_signed_tx(ByteView raw) {
    auto tx = decode_transaction(raw);
    if (!tx) return error(std::string("stdin: not a signed transaction: ") + to_string(tx.error()));
    return std::visit([](const auto& t) -> Bytes { return t.data; }, *tx);
}

int fail(const DecodeError& e, std::ostream& err) {
    err << "error: " << e.message << "\n";
    return 1;
}

}  // namespace

int run_decode_channel(std::istream& in, std::ostream& out, std::ostream& err, const DecodeOptions& options) {
    auto bytes = read_hex(in);
    if (!bytes) return fail(bytes.error(), err);
    auto decompressed = open_channel(*bytes);
    if (!decompressed) return fail(decompressed.error(), err);
    if (auto checked = check_batches(*decompressed, options); !checked) return fail(checked.error(), err);

    JsonWriter writer(out);
    writer.begin_object();
    write_channel_summary(writer, *decompressed);
    writer.key("batches");
    writer.begin_array();
    if (auto written = write_batches(writer, *decompressed, options); !written)
        return fail(written.error(), err);
    writer.end_array();
    writer.end_object();
    out << "\n";
    return 0;
}

int run_decode_tx(std::istream& in, std::ostream& out, std::ostream& err, const DecodeOptions& options) {
    auto bytes = read_hex(in);
    if (!bytes) return fail(bytes.error(), err);
    Bytes calldata = std::move(*bytes);
    if (options.signed_tx) {
        auto data = calldata_of_signed_tx(calldata);
        if (!data) return fail(data.error(), err);
        calldata = std::move(*data);
    }
    const auto frames = protocol::decode_tx_payload(calldata);
    if (!frames) {
        std::string what = protocol::to_string(frames.error().error);
        if (frames.error().error == protocol::TxPayloadError::kInvalidFrame) {
            what += std::string(" (") + protocol::to_string(frames.error().frame_error) + ")";
        }
        return fail({"calldata: " + what + " at byte offset " + std::to_string(frames.error().offset)}, err);
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
    std::vector<const protocol::Channel*> ready;
    for (const auto& id : order) {
        if (channels.at(id).is_ready()) ready.push_back(&channels.at(id));
    }

    // First every ready channel is opened and decoded, one at a time, so that an error is printed
    // alone; the summary shown is the last channel's.
    std::optional<protocol::Decompressed> last;
    for (const auto* channel : ready) {
        last.reset();
        auto decompressed = open_channel(channel->data());
        if (!decompressed) return fail(decompressed.error(), err);
        if (auto checked = check_batches(*decompressed, options); !checked) return fail(checked.error(), err);
        last = std::move(*decompressed);
    }

    JsonWriter writer(out);
    writer.begin_object();
    writer.key("frames");
    writer.value(frames_json);
    if (last) {
        write_channel_summary(writer, *last);
        last.reset();
        writer.key("batches");
        writer.begin_array();
        for (const auto* channel : ready) {
            auto decompressed = open_channel(channel->data());
            if (!decompressed) return fail(decompressed.error(), err);
            if (auto written = write_batches(writer, *decompressed, options); !written) {
                return fail(written.error(), err);
            }
        }
        writer.end_array();
    }
    writer.end_object();
    out << "\n";
    return 0;
}

void add_decode_command(CLI::App& app, int& exit_code) {
    auto* decode = app.add_subcommand("decode", "Decode batcher data offline (channels, batcher txs)");
    decode->require_subcommand(1);
    auto options = std::make_shared<DecodeOptions>();

    auto add_common = [options](CLI::App* sub) {
        sub->add_option("--l2-chain-id", options->l2_chain_id, "L2 chain id used to rebuild span batch txs")
            ->check(whole_number(1))
            ->required();
        sub->add_option("--genesis-l2-time", options->genesis_l2_time,
                        "rollup genesis l2_time (span timestamps)")
            ->check(whole_number())
            ->required();
        // rollup.json's own bounds (RollupConfig::check), so a decode never wraps a timestamp.
        sub->add_option("--block-time", options->block_time, "L2 block time in seconds")
            ->check(whole_number(1, protocol::kMaxBlockTime))
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
