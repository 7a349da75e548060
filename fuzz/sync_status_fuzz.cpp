// SPDX-License-Identifier: MIT
// baton_syncStatus answers as batchers and the devnet read them from another process: any text
// decodes to a status or a typed failure, never a crash or an exception, and a decoded status
// survives an encode/decode round trip unchanged.
#include <baton/core/assert.hpp>
#include <baton/l1/sync_status.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace baton;
using namespace baton::l1;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto status = decode_sync_status_json(text);
    if (!status.has_value()) {
        BATON_ASSERT(!status.error().message.empty());
        return 0;
    }
    auto again = decode_sync_status_json(encode_sync_status_json(*status));
    BATON_ASSERT(again.has_value());
    BATON_ASSERT(*again == *status);
    return 0;
}
