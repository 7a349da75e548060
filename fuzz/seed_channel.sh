#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Writes channel inputs from the vectors into the corpus dir $1. channel_fuzz reads its first byte as
# the property: 0 = read a channel, 1 = compress/frame round trip, 2 = blob codec.
set -euo pipefail
out=${1:?usage: seed_channel.sh <corpus dir>}
vectors=${BATON_VECTORS_DIR:-$(cd "$(dirname "$0")/.." && pwd)/../shared/vectors}
mkdir -p "$out"
python3 - "$vectors" "$out" <<'PY'
import json, sys, os
vectors, out = sys.argv[1], sys.argv[2]
def write(name, mode, data):
    with open(os.path.join(out, "vec-" + name), "wb") as f:
        f.write(bytes([mode]) + data)
for i, c in enumerate(json.load(open(os.path.join(vectors, "channel_compression.json")))["cases"]):
    data = bytes.fromhex(c["input_hex"])
    write(f"compression-{i}", 0, data)
    exp = c.get("expected")
    if isinstance(exp, dict) and "decompressed_hex" in exp:
        write(f"compression-{i}-plain", 1, bytes.fromhex(exp["decompressed_hex"]))
tx = bytes.fromhex(json.load(open(os.path.join(vectors, "op_mainnet_batcher_tx.json")))["cases"][0]["input_tx_hex"])
at = tx.find(bytes.fromhex("00ac329933f5efdcc35ccd284232a376d3"))
if at >= 0:
    write("mainnet-channel", 0, tx[at + 23:at + 119823 - 1])
for i, c in enumerate(json.load(open(os.path.join(vectors, "blob_encoding.json")))["cases"]):
    if "input_hex" in c:
        write(f"blob-{i}", 2, bytes.fromhex(c["input_hex"]))
    if "blob_prefix_hex" in c:
        write(f"blob-{i}-prefix", 2, bytes.fromhex(c["blob_prefix_hex"]))
PY
