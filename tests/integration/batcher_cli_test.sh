#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `baton batcher` as an operator runs it: bad configuration prints exactly one line, starting
# "error: ", and exits 2 before anything starts; --help names every BATON_BATCHER_* variable; a
# batcher whose nodes are all dead keeps retrying (no crash) and stops cleanly with exit 0 on
# SIGTERM and SIGINT; the key never appears in its output.
# Usage: batcher_cli_test.sh <baton binary>
set -euo pipefail
baton=$1
work=$(mktemp -d)
pid=
cleanup() {
  [[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=../support/cli_expect.sh
source "$(dirname "$0")/../support/cli_expect.sh"
unset BATON_BATCHER_PRIVATE_KEY BATON_BATCHER_L1 BATON_BATCHER_L2_ENGINE BATON_BATCHER_ROLLUP_NODE \
  BATON_BATCHER_ROLLUP_CONFIG BATON_BATCHER_PRIVATE_KEY_FILE || true

# A valid rollup.json (op-node's reference config, L1 chain id 3151908, L2 1337, with Baton at genesis).
cat >"$work/rollup.json" <<'JSON'
{"genesis": {"l1": {"hash": "0x481724ee99b1f4cb71d826e2ec5a37265f460e9b112315665c977f4050b0af54", "number": 10}, "l2": {"hash": "0x88aedfbf7dea6bfa2c4ff315784ad1a7f145d8f650969359c003bbed68c87631", "number": 0}, "l2_time": 1725557164, "system_config": {"batcherAddr": "0xc81f87a644b41e49b3221f41251f15c6cb00ce03", "overhead": "0x0000000000000000000000000000000000000000000000000000000000000000", "scalar": "0x00000000000000000000000000000000000000000000000000000000000f4240", "gasLimit": 30000000, "baseFeeScalar": 1234, "blobBaseFeeScalar": 5678, "eip1559Denominator": 10, "eip1559Elasticity": 20, "operatorFeeScalar": 30, "operatorFeeConstant": 40, "minBaseFee": 50, "daFootprintGasScalar": 10}}, "block_time": 2, "max_sequencer_drift": 600, "seq_window_size": 3600, "channel_timeout": 300, "l1_chain_id": 3151908, "l2_chain_id": 1337, "regolith_time": 0, "canyon_time": 0, "delta_time": 0, "ecotone_time": 0, "fjord_time": 0, "granite_time": 0, "holocene_time": 0, "baton_time": 0, "l2_blocks_per_channel": 4, "batch_inbox_address": "0xff00000000000000000000000000000000042069", "deposit_contract_address": "0x08073dc48dde578137b8af042bcbc1c2491f1eb2", "l1_system_config_address": "0x94ee52a9d8edd72a85dea7fae3ba6d75e4bf1710", "protocol_versions_address": "0x0000000000000000000000000000000000000000", "chain_op_config": {"eip1559Elasticity": 6, "eip1559Denominator": 50, "eip1559DenominatorCanyon": 250}, "alt_da": null}

JSON
printf '{"genesis": 12' >"$work/garbage.json"

key=59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d
printf '%s\n' "$key" >"$work/key"
chmod 600 "$work/key"
cp "$work/key" "$work/open.key"
chmod 644 "$work/open.key"

ok=(--l1 http://127.0.0.1:1 --l2-engine http://127.0.0.1:2 --rollup-node http://127.0.0.1:3
    --rollup-config "$work/rollup.json")
b=("$baton" batcher)

expect_config_error "no --l1" "--l1 is required" "${b[@]}" --l2-engine http://x --rollup-node http://y \
  --rollup-config "$work/rollup.json" --private-key-file "$work/key"
expect_config_error "missing rollup.json" "--rollup-config" "${b[@]}" "${ok[@]:0:6}" \
  --rollup-config "$work/nope.json" --private-key-file "$work/key"
expect_config_error "garbage rollup.json" "--rollup-config" "${b[@]}" "${ok[@]:0:6}" \
  --rollup-config "$work/garbage.json" --private-key-file "$work/key"
expect_config_error "bad log format" "--log-format" "${b[@]}" "${ok[@]}" --private-key-file "$work/key" --log-format xml
expect_config_error "bad log level" "--log-level" "${b[@]}" "${ok[@]}" --private-key-file "$work/key" --log-level loud
expect_config_error "bad safety margin" "--safety-margin" "${b[@]}" "${ok[@]}" --private-key-file "$work/key" \
  --safety-margin many
expect_config_error "zero poll interval" "--poll-interval" "${b[@]}" "${ok[@]}" --private-key-file "$work/key" \
  --poll-interval 0
expect_config_error "frame too small" "max_frame_size" "${b[@]}" "${ok[@]}" --private-key-file "$work/key" \
  --max-frame-size 10
expect_config_error "bad url" "--l1" "${b[@]}" --l1 ftp://x "${ok[@]:2}" --private-key-file "$work/key"
expect_config_error "no key" "BATON_BATCHER_PRIVATE_KEY" "${b[@]}" "${ok[@]}"
expect_config_error "world-readable key file" "open.key" "${b[@]}" "${ok[@]}" --private-key-file "$work/open.key"
BATON_BATCHER_SAFETY_MARGIN=x expect_config_error "bad env value" "--safety-margin" "${b[@]}" "${ok[@]}" \
  --private-key-file "$work/key"

# --help names every flag's variable.
help=$("$baton" batcher --help)
for v in L1 L2_ENGINE ROLLUP_NODE ROLLUP_CONFIG PRIVATE_KEY_FILE SAFETY_MARGIN POLL_INTERVAL MAX_FRAME_SIZE \
         LOG_FORMAT LOG_LEVEL; do
  grep -q "BATON_BATCHER_$v" <<<"$help" || fail "--help does not name BATON_BATCHER_$v"
done

# Dead nodes: it retries (warn lines), stays up, and stops with exit 0 on each signal. The key is
# given by environment variable here and must not show up anywhere.
for sig in TERM INT; do
  BATON_BATCHER_PRIVATE_KEY=$key "${b[@]}" "${ok[@]}" --poll-interval 50 --log-format json >"$work/out" 2>"$work/log" &
  pid=$!
  sleep 1.5
  kill -0 "$pid" 2>/dev/null || fail "SIG$sig run: the batcher exited on dead nodes: $(tail -3 "$work/log")"
  kill -"$sig" "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  set +e
  wait "$pid"
  rc=$?
  set -e
  pid=
  [[ $rc -eq 0 ]] || fail "SIG$sig: exit $rc, want 0; log: $(tail -3 "$work/log")"
  grep -q '"msg":"batcher step failed; retrying"' "$work/log" || fail "SIG$sig: no retry line: $(tail -3 "$work/log")"
  grep -q '"msg":"batcher stopped"' "$work/log" || fail "SIG$sig: no stop line"
  ! grep -qi "$key" "$work/log" "$work/out" || fail "the key appears in the output"
done
# URLs with credentials and API keys: the starting line and every failed step name the nodes
# without their secrets.
BATON_BATCHER_PRIVATE_KEY=$key "${b[@]}" --l1 'http://alice:hunter2@127.0.0.1:1/?apikey=sekrit1' \
  --l2-engine 'http://127.0.0.1:2/v3/0123456789abcdef0123456789abcdef' \
  --rollup-node 'http://127.0.0.1:3/?token=sekrit2' --rollup-config "$work/rollup.json" \
  --poll-interval 50 --log-format json >"$work/out" 2>"$work/log" &
pid=$!
sleep 1.5
kill -TERM "$pid"
for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
wait "$pid" || true
pid=
grep -q '"msg":"batcher starting"' "$work/log" || fail "no starting line: $(head -3 "$work/log")"
grep -q '"msg":"batcher step failed; retrying"' "$work/log" || fail "no retry line: $(tail -3 "$work/log")"
! grep -qE "hunter2|sekrit|0123456789abcdef0123456789abcdef" "$work/log" "$work/out" ||
  fail "a URL secret appears in the output: $(grep -hE 'hunter2|sekrit|0123456789abcdef' "$work/log" "$work/out" | head -2)"
echo "batcher cli: ok"
