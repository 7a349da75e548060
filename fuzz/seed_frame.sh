#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Writes the frame / tx-payload inputs of the vectors into the corpus dir $1: every frames.json
# input (decode_frame inputs also with the version byte in front), the force-close payloads and the
# mainnet batcher tx's calldata.
set -euo pipefail
out=${1:?usage: seed_frame.sh <corpus dir>}
vectors=${BATON_VECTORS_DIR:-$(cd "$(dirname "$0")/.." && pwd)/../shared/vectors}
mkdir -p "$out"
python3 - "$vectors" "$out" <<'PY'
import json, sys, os
vectors, out = sys.argv[1], sys.argv[2]
def write(name, data):
    with open(os.path.join(out, "vec-" + name), "wb") as f:
        f.write(data)
for i, c in enumerate(json.load(open(os.path.join(vectors, "frames.json")))["cases"]):
    data = bytes.fromhex(c["input_hex"])
    write(f"frames-{i}", data)
    if c["kind"] == "decode_frame":
        write(f"frames-{i}-payload", b"\x00" + data)
for i, c in enumerate(json.load(open(os.path.join(vectors, "force_close_tx_data.json")))["cases"]):
    if "expected_tx_data_hex" in c:
        write(f"force-close-{i}", bytes.fromhex(c["expected_tx_data_hex"]))
tx = bytes.fromhex(json.load(open(os.path.join(vectors, "op_mainnet_batcher_tx.json")))["cases"][0]["input_tx_hex"])
at = tx.find(bytes.fromhex("00ac329933f5efdcc35ccd284232a376d3"))
if at >= 0:
    write("mainnet-calldata", tx[at:at + 119823])
PY
