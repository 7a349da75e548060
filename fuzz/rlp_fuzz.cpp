// SPDX-License-Identifier: MIT
// RLP and the consensus objects built on it: decoding arbitrary bytes never crashes, and anything
// the strict decoders accept re-encodes to exactly the input (each value has one encoding, which
// is what makes hashing the bytes meaningful).
#include <baton/core/assert.hpp>
#include <baton/core/receipt.hpp>
#include <baton/core/rlp.hpp>
#include <baton/core/transaction.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>

using namespace baton;

namespace {

bool same(ByteView a, ByteView b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// Re-encodes one already validated item by walking it; returns the canonical encoding.
Bytes reencode(ByteView item) {
    ByteView v = item;
    auto h = rlp::decode_header(v);
    BATON_ASSERT(h.has_value());
    Bytes out;
    if (!h->list) {
        ByteView s = item;
        auto str = rlp::decode_string(s);
        BATON_ASSERT(str.has_value());
        rlp::encode_string(out, *str);
        return out;
    }
    ByteView payload = v.first(h->payload_length);
    Bytes inner;
    while (!payload.empty()) {
        auto child = rlp::decode_item(payload);
        BATON_ASSERT(child.has_value());
        const Bytes again = reencode(*child);
        inner.insert(inner.end(), again.begin(), again.end());
    }
    rlp::encode_list(out, inner);
    return out;
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer looks for
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input(data, size);

    // Generic item walk: an accepted item is canonical, so re-encoding reproduces its bytes.
    ByteView rest = input;
    auto item = rlp::decode_item(rest);
    if (item.has_value()) {
        BATON_ASSERT(item->size() + rest.size() == size);
        BATON_ASSERT(same(reencode(*item), *item));
    } else {
        BATON_ASSERT(rest.size() <= size);
    }

    // Scalars decoded from the front re-encode to the bytes they consumed.
    ByteView u = input;
    if (auto v = rlp::decode_u64(u); v.has_value()) {
        Bytes out;
        rlp::encode_uint(out, *v);
        BATON_ASSERT(same(out, input.first(size - u.size())));
    }
    ByteView w = input;
    if (auto v = rlp::decode_u256(w); v.has_value()) {
        Bytes out;
        rlp::encode_uint(out, *v);
        BATON_ASSERT(same(out, input.first(size - w.size())));
    }

    // Transactions: strict decode, then a byte-exact re-encode and a sender lookup that may fail
    // but must not crash.
    if (auto txn = decode_transaction(input); txn.has_value()) {
        BATON_ASSERT(same(encode_transaction(*txn), input));
        (void)transaction_hash(*txn);
        (void)recover_sender(*txn);
        if (const auto* set_code = std::get_if<SetCodeTx>(&*txn)) {
            for (const auto& auth : set_code->authorization_list) (void)recover_authority(auth);
        }
    }

    if (auto receipt = decode_receipt(input); receipt.has_value()) {
        BATON_ASSERT(same(encode_receipt(*receipt), input));
    }
    return 0;
}
