#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Writes batch inputs (type byte ++ content) from the vectors into the corpus dir $1: every span and
# singular batch vector, the experimental type-2 ones, and the real OP Mainnet span batch taken out
# of its channel.
set -euo pipefail
out=${1:?usage: seed_span_batch.sh <corpus dir>}
vectors=${BATON_VECTORS_DIR:-$(cd "$(dirname "$0")/.." && pwd)/../shared/vectors}
mkdir -p "$out"
python3 - "$vectors" "$out" <<'PY'
import json, os, sys, zlib
vectors, out = sys.argv[1], sys.argv[2]
def write(name, data):
    with open(os.path.join(out, "vec-" + name), "wb") as f:
        f.write(data)
def cases(file):
    return json.load(open(os.path.join(vectors, file)))["cases"]
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
PY
