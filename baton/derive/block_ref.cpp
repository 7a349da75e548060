// SPDX-License-Identifier: MIT
#include <baton/derive/block_ref.hpp>

#include <baton/core/hex.hpp>

namespace baton::derive {

std::string to_string(const L1BlockRef& ref) {
    // Eight hex digits identify a block in a log line; the full hash only adds noise.
    return "#" + std::to_string(ref.number) + " " + to_hex(ByteView(ref.hash.data(), 4)) + "…";
}

}  // namespace baton::derive
