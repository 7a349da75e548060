#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes baton_span_batch.json: Baton span batch (type 0xBA) vectors built by prefixing type-1
span batches from ../shared/vectors/span_batches.json with a fee recipient list.

    python3 tests/vectors/baton/make_baton_span_batch.py [SHARED_VECTORS_DIR] > tests/vectors/baton/baton_span_batch.json

The layout is 0xBA ++ uvarint(n) ++ n x recipient[20] ++ (type-1 span batch without its 0x01).
Nothing else is computed here: expected fields are the source case's plus the recipients.
"""
import json
import sys

SHARED = sys.argv[1] if len(sys.argv) > 1 else "../shared/vectors"
SOURCE = "span_batches.json"

# anvil dev accounts 1 and 2: two leaders taking turns.
A = "70997970c51812dc3a010c7d01b50e0d17dc79c8"
B = "3c44cdddb6a900fa2b585dd299e03d12fa4293bc"


def uvarint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return out.hex()


def baton(recipients, body_hex, count=None):
    n = len(recipients) if count is None else count
    return "ba" + uvarint(n) + "".join(recipients) + body_hex


src = {c["name"]: c for c in json.load(open(f"{SHARED}/{SOURCE}"))["cases"]}
one = src["one_block_one_eip2930_tx_chain_id_0"]  # decode_batch: input starts with 0x01
four = src["op_node_random_span_batch_39_txs"]  # decode_span_batch_body: no type byte
cut = src["truncated_span_batch"]
assert one["input_hex"].startswith("01")
one_body = one["input_hex"][2:]


def expected(case, recipients):
    e = {k: case["expected"][k] for k in ("rel_timestamp", "l1_origin_num", "block_count", "block_tx_counts")}
    e["batch_type"] = 0xBA
    e["fee_recipients"] = ["0x" + r for r in recipients]
    return e


cases = [
    {
        "name": "one_block",
        "from": SOURCE + ": one_block_one_eip2930_tx_chain_id_0 (its 0x01 dropped)",
        "input_hex": baton([A], one_body),
        "expected": expected(one, [A]),
        "config": one["config"],
    },
    {
        "name": "four_blocks_two_recipients",
        "from": SOURCE + ": op_node_random_span_batch_39_txs",
        "input_hex": baton([A, A, B, B], four["input_hex"]),
        "expected": expected(four, [A, A, B, B]),
    },
    {
        "name": "four_blocks_trailing_bytes_ignored",
        "from": SOURCE + ": op_node_random_span_batch_39_txs, then 00 00",
        "input_hex": baton([B, A, B, A], four["input_hex"]) + "0000",
        "expected": dict(expected(four, [B, A, B, A]), reencodes_without_trailing_bytes=True),
    },
    {
        "name": "recipient_count_below_block_count",
        "from": SOURCE + ": op_node_random_span_batch_39_txs (4 blocks) with 3 recipients",
        "input_hex": baton([A, B, A], four["input_hex"]),
        "expected_error": "FeeRecipientCountMismatch",
    },
    {
        "name": "recipient_count_above_block_count",
        "from": SOURCE + ": one_block_one_eip2930_tx_chain_id_0 (1 block) with 2 recipients",
        "input_hex": baton([A, B], one_body),
        "expected_error": "FeeRecipientCountMismatch",
    },
    {
        "name": "truncated_recipients",
        "from": "count 4, then 2.5 recipients and nothing else",
        "input_hex": "ba04" + A + B + A[:20],
        "expected_error": "TruncatedFeeRecipients",
    },
    {
        "name": "recipient_count_over_max",
        "from": "count MAX_SPAN_BATCH_ELEMENT_COUNT + 1 = 10000001",
        "input_hex": "ba" + uvarint(10_000_001) + A,
        "expected_error": "TooManyFeeRecipients",
    },
    {
        "name": "inner_span_batch_truncated",
        "from": SOURCE + ": truncated_span_batch (4 blocks) with 4 recipients",
        "input_hex": baton([A, A, B, B], cut["input_hex"]),
        "expected_error": "UnexpectedEof",
    },
]

out = {
    "source": "Baton (this repository): built by tests/vectors/baton/make_baton_span_batch.py from "
    "../shared/vectors/" + SOURCE,
    "description": "Baton span batch (batch type 0xBA): 0xBA ++ uvarint(block_count) ++ "
    "block_count x fee_recipient[20] ++ type-1 span batch content (prefix ++ payload, no type byte). "
    "Each case prefixes a type-1 span batch of " + SOURCE + " (named in `from`).",
    "notes": [
        "kind is always decode_batch: input_hex is the whole batch, type byte included.",
        "Valid cases must re-encode to input_hex byte for byte (without the trailing bytes where "
        "reencodes_without_trailing_bytes is set); their other expected fields are the source case's.",
        "expected_error names a protocol::BatchError enumerator without its k.",
        "Recipients are anvil dev accounts 1 (0x7099...) and 2 (0x3C44...).",
    ],
    "cases": [dict(c, kind="decode_batch") for c in cases],
}
json.dump(out, sys.stdout, indent=2)
print()
