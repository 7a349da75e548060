// SPDX-License-Identifier: MIT
#pragma once

// What every stage shares (STYLE.md §3.5). A stage's header declares the small interface it reads
// from (deriving from Stage), the stage before it implements that interface, and each stage owns
// its predecessor through a std::unique_ptr, so the whole chain is one object tree.

#include <baton/derive/block_ref.hpp>
#include <baton/derive/errors.hpp>
#include <baton/derive/signal.hpp>

#include <optional>

namespace baton::derive {

class Stage {
public:
    virtual ~Stage() = default;

    // The L1 block the stage is reading from; nullopt before the first reset.
    virtual std::optional<L1BlockRef> origin() const = 0;
    // Moves to the next L1 block (forwarded down to L1 traversal). Called when a stage reports
    // temporary/kEof.
    virtual PipelineResult<void> advance_origin() = 0;
    // Forwards `signal` to the previous stage, then updates this stage's own state.
    virtual PipelineResult<void> signal(const Signal& signal) = 0;
};

}  // namespace baton::derive
