#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Writes zlib decompression bombs into the corpus dir $1 for channel_limit_fuzz (first byte: bit 0 =
# Fjord): zeros just past the pre-Fjord 10 MB and the Fjord 100 MB limits, as runs of 1,000-byte
# batches or as one string whose header announces 200 MB; each is 10 to 210 KB compressed. Zeros
# alone (one-byte batches, the `baton decode` bomb) reach the same code path but cost up to half a
# minute per run under ASan.
set -euo pipefail
out=${1:?usage: seed_channel_limit.sh <corpus dir>}
mkdir -p "$out"
python3 - "$out" <<'PY'
import os, sys, zlib
out = sys.argv[1]
batch = bytes([0xb9, 0x03, 0xe8]) + bytes(1000)
for fjord, limit, tag in ((0, 10_000_000, "10mb"), (1, 100_000_000, "100mb")):
    for kind, stream in (("batches", batch * (limit // len(batch) + 2)),
                         ("one-string", bytes([0xbb]) + (200_000_000).to_bytes(4, "big") + bytes(limit))):
        path = os.path.join(out, f"bomb-zlib-{tag}-{kind}")
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(bytes([fjord]) + zlib.compress(stream, 9))
PY
