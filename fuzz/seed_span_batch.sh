#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Writes batch inputs (type byte ++ content) from the vectors into the corpus dir $1: every span and
# singular batch vector, the experimental type-2 ones, the real OP Mainnet span batch taken out
# of its channel, and Baton span batches (0xBA): tests/vectors/baton's, and every type-1 seed above
# prefixed with a recipient list (right count, one short, one over).
set -euo pipefail
out=${1:?usage: seed_span_batch.sh <corpus dir>}
root=$(cd "$(dirname "$0")/.." && pwd)
vectors=${BATON_VECTORS_DIR:-$root/../shared/vectors}
mkdir -p "$out"
python3 - "$vectors" "$out" "$root/tests/vectors/baton" <<'PY'
import json, os, sys, zlib
vectors, out, own = sys.argv[1], sys.argv[2], sys.argv[3]
type1 = []
def write(name, data):
    if data[:1] == b"\x01": type1.append((name, data))
    with open(os.path.join(out, "vec-" + name), "wb") as f:
        f.write(data)
def cases(file, folder=vectors):
    return json.load(open(os.path.join(folder, file)))["cases"]
def uvarint(n):
    b = bytearray()
    while n >= 0x80:
        b.append((n & 0x7F) | 0x80)
        n >>= 7
    b.append(n)
    return bytes(b)
def block_count(content):
    # prefix: two uvarints and two 20-byte checks, then block_count.
    i = 0
    for _ in range(2):
        while i < len(content) and content[i] & 0x80: i += 1
        i += 1
    i += 40
    n, shift = 0, 0
    while i < len(content):
        n |= (content[i] & 0x7F) << shift
        shift += 7
        i += 1
        if not content[i - 1] & 0x80: return n
    return 1
def rlp_strings(stream):
    # One RLP byte string per batch (enough of RLP for the vectors' channel contents).
    i = 0
    while i < len(stream):
        b = stream[i]
        if b < 0x80: n, h = 1, 0
        elif b <= 0xb7: n, h = b - 0x80, 1
        elif b <= 0xbf:
            ll = b - 0xb7
            n, h = int.from_bytes(stream[i + 1:i + 1 + ll], "big"), 1 + ll
        else: return
        yield stream[i + h:i + h + n]
        i += h + n
for i, c in enumerate(cases("span_batches.json")):
    data = bytes.fromhex(c.get("input_hex", ""))
    if c["kind"] == "decode_span_batch_body": write(f"span-{i}", b"\x01" + data)
    elif c["kind"] == "decode_batch": write(f"span-{i}", data)
for i, c in enumerate(cases("singular_batches.json")):
    data = bytes.fromhex(c["input_hex"])
    if c["kind"] == "decode_batch": write(f"singular-{i}", data)
    else:
        for j, s in enumerate(rlp_strings(data)): write(f"singular-{i}-{j}", s)
for i, c in enumerate(cases("span_batch_v2_experimental.json")):
    write(f"v2-{i}", bytes.fromhex(c["input_hex"]))
tx = bytes.fromhex(cases("op_mainnet_batcher_tx.json")[0]["input_tx_hex"])
at = tx.find(bytes.fromhex("00ac329933f5efdcc35ccd284232a376d3"))
if at >= 0:
    channel = tx[at + 23:at + 119823 - 1]
    plain = zlib.decompressobj().decompress(channel)
    for j, s in enumerate(rlp_strings(plain)): write(f"mainnet-{j}", s)
for i, c in enumerate(cases("baton_span_batch.json", own)):
    write(f"baton-{i}", bytes.fromhex(c["input_hex"]))
for name, data in list(type1):
    n = min(block_count(data[1:]), 64)
    for k, count in (("", n), ("-short", n - 1), ("-over", n + 1)):
        recipients = b"".join(bytes([0x10 + j % 4]) * 20 for j in range(max(count, 0)))
        write(f"baton-of-{name}{k}", b"\xba" + uvarint(max(count, 0)) + recipients + data[1:])
PY
