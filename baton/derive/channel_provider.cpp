// SPDX-License-Identifier: MIT
#include <baton/derive/channel_provider.hpp>

#include <utility>

namespace baton::derive {

namespace {

// Lends the mux's frame queue to a sub-stage. Signals stop here: the mux forwards them once.
class BorrowedFrames final : public NextFrameProvider {
public:
    explicit BorrowedFrames(NextFrameProvider& inner) : inner_(inner) {}
    std::optional<L1BlockRef> origin() const override { return inner_.origin(); }
    PipelineResult<void> advance_origin() override { return inner_.advance_origin(); }
    PipelineResult<void> signal(const Signal&) override { return {}; }
    PipelineResult<protocol::Frame> next_frame() override { return inner_.next_frame(); }

private:
    NextFrameProvider& inner_;
};

}  // namespace

ChannelProvider::ChannelProvider(const protocol::RollupConfig& rollup,
                                 std::unique_ptr<NextFrameProvider> prev, Telemetry telemetry)
    : rollup_(rollup), prev_(std::move(prev)), telemetry_(telemetry) {}

ChannelProvider::~ChannelProvider() = default;

PipelineResult<Bytes> ChannelProvider::next_raw_channel() {
    auto origin = prev_->origin();
    if (!origin) return baton::unexpected(temporary(Reason::kMissingOrigin, "channel provider not reset"));
    const bool holocene = rollup_.is_holocene_active(origin->timestamp);
    if (holocene_ != holocene) {
        // The outgoing stage's channels were built under the other fork's rules: drop them.
        bank_.reset();
        assembler_.reset();
        auto frames = std::make_unique<BorrowedFrames>(*prev_);
        if (holocene) {
            assembler_ = std::make_unique<ChannelAssembler>(rollup_, std::move(frames), telemetry_);
        } else {
            bank_ = std::make_unique<ChannelBank>(rollup_, std::move(frames), telemetry_);
        }
        holocene_ = holocene;
    }
    return holocene ? assembler_->next_raw_channel() : bank_->next_raw_channel();
}

PipelineResult<void> ChannelProvider::signal(const Signal& signal) {
    auto forwarded = prev_->signal(signal);
    if (!forwarded) return forwarded;
    if (bank_) {
        auto r = bank_->signal(signal);
        if (!r) return r;
    }
    if (assembler_) {
        auto r = assembler_->signal(signal);
        if (!r) return r;
    }
    return {};
}

}  // namespace baton::derive
