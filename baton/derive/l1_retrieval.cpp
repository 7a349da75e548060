// SPDX-License-Identifier: MIT
#include <baton/derive/l1_retrieval.hpp>

#include <utility>

namespace baton::derive {

L1Retrieval::L1Retrieval(std::unique_ptr<L1RetrievalProvider> prev, DataSource source)
    : prev_(std::move(prev)), source_(source) {}

PipelineResult<Bytes> L1Retrieval::next_data() {
    if (!block_) {
        auto next = prev_->next_l1_block();
        if (!next) return baton::unexpected(std::move(next.error()));
        block_ = *next;
        opened_ = false;
    }
    if (!opened_) {
        // A temporary failure leaves block_ set, so the retry opens the same block again.
        auto payloads = source_.open(*block_, prev_->system_config(), prev_->receipts());
        if (!payloads) return baton::unexpected(std::move(payloads.error()));
        payloads_.assign(std::make_move_iterator(payloads->begin()),
                         std::make_move_iterator(payloads->end()));
        opened_ = true;
    }
    if (payloads_.empty()) {
        block_.reset();
        opened_ = false;
        return baton::unexpected(temporary(Reason::kEof));
    }
    Bytes out = std::move(payloads_.front());
    payloads_.pop_front();
    return out;
}

PipelineResult<void> L1Retrieval::signal(const Signal& signal) {
    auto forwarded = prev_->signal(signal);
    if (!forwarded) return forwarded;
    if (is_restart(signal)) {
        block_.reset();
        opened_ = false;
        payloads_.clear();
    }
    return {};
}

}  // namespace baton::derive
