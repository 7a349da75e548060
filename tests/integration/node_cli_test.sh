#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `baton node` with bad configuration: each case must print exactly one line, starting "error: ",
# and exit 2 before anything starts (no server bound, no block built). Also: --help works and every
# flag has its BATON_NODE_* environment variable.
# Usage: node_cli_test.sh <baton binary> <anvil binary>
set -euo pipefail
baton=$1 anvil=$2
work=$(mktemp -d)
anvil_pid=
cleanup() {
  [[ -n $anvil_pid ]] && kill "$anvil_pid" 2>/dev/null && wait "$anvil_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=../support/cli_expect.sh
source "$(dirname "$0")/../support/cli_expect.sh"

# A valid rollup.json (op-node's reference config: L1 chain id 3151908, L2 1337).
cat >"$work/rollup.json" <<'JSON'
{"genesis": {"l1": {"hash": "0x481724ee99b1f4cb71d826e2ec5a37265f460e9b112315665c977f4050b0af54", "number": 10}, "l2": {"hash": "0x88aedfbf7dea6bfa2c4ff315784ad1a7f145d8f650969359c003bbed68c87631", "number": 0}, "l2_time": 1725557164, "system_config": {"batcherAddr": "0xc81f87a644b41e49b3221f41251f15c6cb00ce03", "overhead": "0x0000000000000000000000000000000000000000000000000000000000000000", "scalar": "0x00000000000000000000000000000000000000000000000000000000000f4240", "gasLimit": 30000000, "baseFeeScalar": 1234, "blobBaseFeeScalar": 5678, "eip1559Denominator": 10, "eip1559Elasticity": 20, "operatorFeeScalar": 30, "operatorFeeConstant": 40, "minBaseFee": 50, "daFootprintGasScalar": 10}}, "block_time": 2, "max_sequencer_drift": 600, "seq_window_size": 3600, "channel_timeout": 300, "l1_chain_id": 3151908, "l2_chain_id": 1337, "regolith_time": 0, "canyon_time": 0, "delta_time": 0, "ecotone_time": 0, "fjord_time": 0, "batch_inbox_address": "0xff00000000000000000000000000000000042069", "deposit_contract_address": "0x08073dc48dde578137b8af042bcbc1c2491f1eb2", "l1_system_config_address": "0x94ee52a9d8edd72a85dea7fae3ba6d75e4bf1710", "protocol_versions_address": "0x0000000000000000000000000000000000000000", "chain_op_config": {"eip1559Elasticity": 6, "eip1559Denominator": 50, "eip1559DenominatorCanyon": 250}, "alt_da": null}

JSON
printf '{"genesis": 12' >"$work/garbage.json"

ok=(--l1 http://127.0.0.1:1 --l2-engine http://127.0.0.1:2 --rollup-config "$work/rollup.json" --startup-wait 1)
expect_config_error "bad mode" "--mode must be sequencer, verifier or rotating" \
  "$baton" node --mode validator "${ok[@]}"
expect_config_error "bad mode from env" "--mode must be sequencer, verifier or rotating" \
  env BATON_NODE_MODE=leader "$baton" node "${ok[@]}"
expect_config_error "missing L1" "--l1 .* is required" \
  "$baton" node --mode verifier --l2-engine http://127.0.0.1:2 --rollup-config "$work/rollup.json"
expect_config_error "unreadable rollup.json" "cannot read --rollup-config" \
  "$baton" node --mode verifier --l1 http://127.0.0.1:1 --l2-engine http://127.0.0.1:2 \
  --rollup-config "$work/missing.json"
expect_config_error "invalid rollup.json" "invalid rollup config" \
  "$baton" node --mode verifier --l1 http://127.0.0.1:1 --l2-engine http://127.0.0.1:2 \
  --rollup-config "$work/garbage.json"
expect_config_error "bad URL" "invalid --l1 URL" \
  "$baton" node --mode verifier --l1 ftp://example --l2-engine http://127.0.0.1:2 \
  --rollup-config "$work/rollup.json"
expect_config_error "bad log level" "--log-level" "$baton" node --mode verifier "${ok[@]}" --log-level loud
expect_config_error "bad log format" "--log-format" \
  env BATON_NODE_LOG_FORMAT=xml "$baton" node --mode verifier "${ok[@]}"
expect_config_error "bad fee recipient" "--fee-recipient" \
  "$baton" node --mode sequencer "${ok[@]}" --fee-recipient 0x1234
expect_config_error "rotating without a leader" "--mode rotating needs --leader" \
  "$baton" node --mode rotating "${ok[@]}"
expect_config_error "bad leader" "--leader \"0xabc\" is not an address" \
  "$baton" node --mode rotating "${ok[@]}" --leader 0xabc
expect_config_error "leader outside rotating mode" "--leader and --peer are for --mode rotating" \
  "$baton" node --mode sequencer "${ok[@]}" --peer http://127.0.0.1:3
expect_config_error "bad peer URL" "invalid --peer URL" \
  "$baton" node --mode rotating "${ok[@]}" --leader 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --peer ftp://x
expect_config_error "zero L1 block time" "--l1-block-time" \
  "$baton" node --mode rotating "${ok[@]}" --leader 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --l1-block-time 0
expect_config_error "unreachable L1" "L1 at http://127.0.0.1:1 is unreachable" \
  "$baton" node --mode verifier "${ok[@]}"

# What the machine decides is checked before the wait for the nodes (L1 is unreachable here and the
# wait long: the error must be about the data dir or the port, not about L1).
slow=(--mode verifier --l1 http://127.0.0.1:1 --l2-engine http://127.0.0.1:2 --rollup-config "$work/rollup.json"
  --startup-wait 30)
expect_config_error "data dir is a file" "--data-dir: .* is not a directory" \
  "$baton" node "${slow[@]}" --data-dir "$work/rollup.json"
# Secrets in URLs never reach the output.
expect_config_error "credentials in the L1 URL" "L1 at http://<redacted>@127.0.0.1:1/\?key=<redacted> is unreachable" \
  "$baton" node --mode verifier --l1 'http://alice:hunter2@127.0.0.1:1/?key=sekrit' \
  --l2-engine http://127.0.0.1:2 --rollup-config "$work/rollup.json" --startup-wait 1
! grep -qE "hunter2|sekrit" "$work/err" || fail "a URL secret was printed: $(cat "$work/err")"

# A signal during the startup wait stops the node at once, with exit 0.
"$baton" node --mode verifier --l1 http://127.0.0.1:1 --l2-engine http://127.0.0.1:2 \
  --rollup-config "$work/rollup.json" --startup-wait 600 >"$work/out" 2>"$work/err" &
node_pid=$!
sleep 1
kill -TERM "$node_pid"
for _ in $(seq 100); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$node_pid" 2>/dev/null; then
  kill -KILL "$node_pid"
  fail "SIGTERM during the startup wait did not stop the node within 10 s"
fi
set +e
wait "$node_pid"
rc=$?
set -e
[[ $rc -eq 0 ]] || fail "SIGTERM during the startup wait: exit $rc, want 0; stderr: $(cat "$work/err")"

# A live L1 with the wrong chain id (anvil's 31337, rollup.json says 3151908).
start_anvil "$anvil"
expect_config_error "wrong L1 chain id" "chain id 31337, rollup.json says 3151908" \
  env BATON_NODE_L1="$url" BATON_NODE_L2_ENGINE=http://127.0.0.1:2 \
  BATON_NODE_ROLLUP_CONFIG="$work/rollup.json" BATON_NODE_STARTUP_WAIT=1 "$baton" node --mode verifier
# A taken RPC port (anvil's) is found before the wait for the nodes.
expect_config_error "taken RPC port" "cannot serve RPC on 127.0.0.1:${url##*:}" \
  "$baton" node "${slow[@]}" --rpc-port "${url##*:}"

# --help documents every flag and its environment variable.
"$baton" node --help >"$work/help"
for flag in mode l1 l2-engine rollup-config rpc-port metrics-port log-format log-level l1-confs data-dir \
  fee-recipient leader peer l1-block-time sequencing-offset handover-wait; do
  env_name=BATON_NODE_$(tr 'a-z-' 'A-Z_' <<<"$flag")
  grep -q -- "--$flag" "$work/help" || fail "--help lacks --$flag"
  grep -q "$env_name" "$work/help" || fail "--help lacks $env_name"
done
echo "node_cli_test: ok"
