#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Writes baton_syncStatus seeds into the corpus dir $1: a well-formed status and near misses.
set -euo pipefail
out=${1:?usage: seed_sync_status.sh <corpus dir>}
mkdir -p "$out"
h=0x$(printf 'ab%.0s' {1..32})
l1="{\"hash\":\"$h\",\"number\":7,\"parentHash\":\"$h\",\"timestamp\":1700000000}"
l2="{\"hash\":\"$h\",\"number\":5,\"parentHash\":\"$h\",\"timestamp\":1700000002,\"l1origin\":{\"hash\":\"$h\",\"number\":7},\"sequenceNumber\":1}"
printf '{"current_l1":%s,"head_l1":%s,"safe_l1":%s,"finalized_l1":%s,"unsafe_l2":%s,"safe_l2":%s,"finalized_l2":%s}' \
  "$l1" "$l1" "$l1" "$l1" "$l2" "$l2" "$l2" >"$out/seed-ok"
printf '{"current_l1":%s}' "$l1" >"$out/seed-missing"
printf '{"current_l1":%s,"head_l1":%s,"safe_l1":%s,"finalized_l1":%s,"unsafe_l2":%s,"safe_l2":%s,"finalized_l2":{"number":-1}}' \
  "$l1" "$l1" "$l1" "$l1" "$l2" "$l2" >"$out/seed-negative"
