// SPDX-License-Identifier: MIT
#pragma once

// Test-only: scripted stand-ins for a stage's predecessor, to test one stage in isolation (kona's
// TestFrameQueueProvider / TestNextFrameProvider). Each serves queued items at a settable origin and
// answers temporary/kEof when its queue is empty. Signals are recorded.

#include <baton/derive/batch_stream.hpp>
#include <baton/derive/channel_assembler.hpp>
#include <baton/derive/frame_queue.hpp>
#include <baton/derive/l1_retrieval.hpp>

#include <deque>
#include <optional>
#include <vector>

namespace baton::derive::test_util {

template <class Base, class Item>
class ScriptedStage : public Base {
public:
    std::optional<L1BlockRef> origin() const override { return origin_; }
    PipelineResult<void> advance_origin() override {
        if (!origin_) return baton::unexpected(temporary(Reason::kMissingOrigin));
        ++origin_->number;
        return {};
    }
    PipelineResult<void> signal(const Signal& signal) override {
        signals.push_back(signal);
        return {};
    }

    void set_origin(std::uint64_t number, std::uint64_t timestamp) {
        origin_ = L1BlockRef{};
        origin_->number = number;
        origin_->timestamp = timestamp;
    }
    void set_origin(const L1BlockRef& ref) { origin_ = ref; }
    void push(Item item) { items.push_back(PipelineResult<Item>(std::move(item))); }
    void push_error(PipelineError e) {
        items.push_back(PipelineResult<Item>(baton::unexpected(std::move(e))));
    }

    std::deque<PipelineResult<Item>> items;
    std::vector<Signal> signals;

protected:
    PipelineResult<Item> pop() {
        if (items.empty()) return baton::unexpected(temporary(Reason::kEof));
        auto out = std::move(items.front());
        items.pop_front();
        return out;
    }

private:
    std::optional<L1BlockRef> origin_;
};

class ScriptedDataProvider final : public ScriptedStage<FrameQueueProvider, Bytes> {
public:
    PipelineResult<Bytes> next_data() override { return pop(); }
};

class ScriptedFrameProvider final : public ScriptedStage<NextFrameProvider, protocol::Frame> {
public:
    PipelineResult<protocol::Frame> next_frame() override { return pop(); }
};

class ScriptedChannelProvider final : public ScriptedStage<RawChannelProvider, Bytes> {
public:
    PipelineResult<Bytes> next_raw_channel() override { return pop(); }
};

// Batches with a channel serial: push_channel() starts a new channel for the batches pushed after it.
class ScriptedBatchProvider final : public ScriptedStage<NextBatchProvider, protocol::Batch> {
public:
    PipelineResult<protocol::Batch> next_batch() override {
        if (!items.empty() && !serials_.empty()) {
            serial_ = serials_.front();
            serials_.pop_front();
        }
        return pop();
    }
    std::uint64_t channel_serial() const override { return serial_; }
    void push_channel(std::vector<protocol::Batch> batches) {
        ++next_serial_;
        for (auto& b : batches) {
            push(std::move(b));
            serials_.push_back(next_serial_);
        }
    }

private:
    std::deque<std::uint64_t> serials_;
    std::uint64_t serial_ = 0;
    std::uint64_t next_serial_ = 0;
};

}  // namespace baton::derive::test_util
