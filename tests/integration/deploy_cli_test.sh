#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `baton deploy` end to end: a real anvil on a free loopback port, the key from the environment,
# the deployment JSON checked against the chain; and the key-handling refusals.
# Usage: deploy_cli_test.sh <baton binary> <anvil binary> <artifacts dir>
set -euo pipefail
baton=$1 anvil=$2 artifacts=$3
work=$(mktemp -d)
anvil_pid=
cleanup() {
  [[ -n $anvil_pid ]] && kill "$anvil_pid" 2>/dev/null && wait "$anvil_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=../support/cli_expect.sh
source "$(dirname "$0")/../support/cli_expect.sh"

start_anvil "$anvil"
port=${url##*:}
# anvil_call <method> <params JSON>: anvil's raw answer, over bash's /dev/tcp (no curl needed).
anvil_call() {
  local body="{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":$2}"
  exec 3<>/dev/tcp/127.0.0.1/"$port"
  printf 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "${#body}" "$body" >&3
  cat <&3
  exec 3<&-
}
deployer_nonce() {
  anvil_call eth_getTransactionCount '["0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","latest"]' |
    grep -oE '"result":"0x[0-9a-f]+"'
}
key=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
leaders=0x70997970C51812dc3A010C7d01b50e0d17dc79C8,0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC

# No key anywhere: a configuration error (exit 2) before anything is sent.
set +e
env -u BATON_DEPLOYER_PRIVATE_KEY "$baton" deploy --l1 "$url" --leaders "$leaders" --artifacts "$artifacts" \
  --out "$work/none.json" 2>"$work/err"
rc=$?
set -e
[[ $rc -eq 2 ]] || fail "missing key: exit $rc, want 2"
grep -q "no private key" "$work/err" || fail "missing key: message was: $(cat "$work/err")"

# A key file readable by others is refused, and the message does not echo the key.
printf '%s\n' "$key" >"$work/key.hex"
chmod 644 "$work/key.hex"
set +e
"$baton" deploy --l1 "$url" --private-key-file "$work/key.hex" --leaders "$leaders" --artifacts "$artifacts" \
  --out "$work/none.json" 2>"$work/err"
rc=$?
set -e
[[ $rc -eq 2 ]] || fail "world-readable key file: exit $rc, want 2"
grep -q "chmod 600" "$work/err" || fail "world-readable key file: message was: $(cat "$work/err")"
grep -q "${key#0x}" "$work/err" && fail "the key appeared in an error message"

# An --out that cannot be written is refused before anything is deployed (the deployer's nonce on
# L1 does not move).
nonce_before=$(deployer_nonce)
expect_config_error "unwritable --out" "--out: cannot write $work/no/such/dir/d.json" \
  env BATON_DEPLOYER_PRIVATE_KEY=$key "$baton" deploy --l1 "$url" --leaders "$leaders" --artifacts "$artifacts" \
  --out "$work/no/such/dir/d.json"
nonce_after=$(deployer_nonce)
[[ -n $nonce_before && $nonce_before == "$nonce_after" ]] ||
  fail "unwritable --out: the deployer sent txs ($nonce_before -> $nonce_after)"

# The real deployment, key from the environment.
BATON_DEPLOYER_PRIVATE_KEY=$key "$baton" deploy --l1 "$url" --leaders "$leaders" --turn-length 3 \
  --artifacts "$artifacts" --out "$work/deployment.json" >"$work/out"
grep -q "${key#0x}" "$work/out" && fail "the key appeared in the output"
json=$(cat "$work/deployment.json")
for field in system_config batch_inbox deposit_portal deployed_at_block leaders turn_length; do
  grep -q "\"$field\"" <<<"$json" || fail "deployment.json lacks $field"
done
grep -q '"turn_length": 3' <<<"$json" || fail "turn_length not recorded: $json"
grep -q '"batcher_hash": "0x01' <<<"$json" || fail "v1 batcherHash expected: $json"
inbox=$(grep -oE '"batch_inbox": "0x[0-9a-fA-F]{40}"' <<<"$json" | grep -oE '0x[0-9a-fA-F]{40}')
# The inbox has code on chain (asked of anvil itself, not through baton).
code=$(anvil_call eth_getCode "[\"$inbox\",\"latest\"]")
grep -qE '"result":"0x[0-9a-f]{200,}' <<<"$code" || fail "no code at the inbox $inbox: $code"
echo "deploy CLI: ok (inbox $inbox)"
