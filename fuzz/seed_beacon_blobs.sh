#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Writes beacon blobs answers into the corpus dir $1: anvil 1.7.1's shapes (measured) and near misses.
set -euo pipefail
out=${1:?usage: seed_beacon_blobs.sh <corpus dir>}
mkdir -p "$out"
blob=$(printf '00%.0s' {1..131072})
one=0x01${blob:2}
printf '{"execution_optimistic":false,"finalized":false,"data":["%s"]}' "$one" >"$out/seed-one"
printf '{"execution_optimistic":false,"finalized":false,"data":["%s","0x%s"]}' "$one" "$blob" >"$out/seed-two"
printf '{"execution_optimistic":false,"finalized":false,"data":[]}' >"$out/seed-empty"
printf '{"code":404,"message":"Block not found"}' >"$out/seed-404"
printf '{"data":["0x0102"]}' >"$out/seed-short"
printf '{"data":["%s",7]}' "$one" >"$out/seed-not-string"
