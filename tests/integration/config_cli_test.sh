#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `baton config check`, and the CLI contract for what the argument parser itself refuses: one line on
# stderr starting "error: ", exit 2, nothing on stdout, and never a key-like argument echoed back.
# Needs only the binary (no anvil).
# Usage: config_cli_test.sh <baton binary> <OP Mainnet rollup.json (baton/node/testdata)>
set -euo pipefail
baton=$1 mainnet=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=../support/cli_expect.sh
source "$(dirname "$0")/../support/cli_expect.sh"

# --- Parser errors: one line, exit 2 (CLI11 printed two lines and exited 104-109). ---
expect_config_error "no subcommand" "subcommand" "$baton"
expect_config_error "unknown flag" "--no-such-flag" "$baton" decode tx --l2-chain-id 10 --genesis-l2-time 1 --no-such-flag
expect_config_error "missing required option" "--l2-chain-id" "$baton" decode tx --genesis-l2-time 1
expect_config_error "config check without a file" "--rollup-config" "$baton" config check
"$baton" decode tx --help | grep -q -- "--l2-chain-id" || fail "--help no longer prints the help"
"$baton" config check --help | grep -q -- "--rollup-config" || fail "config check --help"

# --- A mistyped key is never echoed by the parser. ---
key=59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d
for arg in "0x$key" "$key"; do
  expect_config_error "key after an unknown flag" "<redacted>" "$baton" batcher --private-key "$arg"
  ! grep -qi "$key" "$work/err" || fail "the key is echoed: $(cat "$work/err")"
done
expect_config_error "key in --flag=value" "<redacted>" "$baton" node "--private-key=0x$key"
! grep -qi "$key" "$work/err" || fail "the key is echoed: $(cat "$work/err")"
expect_config_error "key as a number" "<redacted>" "$baton" decode tx --l2-chain-id "$key" --genesis-l2-time 1
! grep -qi "$key" "$work/err" || fail "the key is echoed: $(cat "$work/err")"

# --- Unsigned options neither wrap negatives nor overflow; ranged ones are bounded. ---
d=("$baton" decode tx)
expect_config_error "negative chain id" "--l2-chain-id: '-5' is not a whole number" \
  "${d[@]}" --l2-chain-id -5 --genesis-l2-time 1
expect_config_error "zero chain id" "--l2-chain-id" "${d[@]}" --l2-chain-id 0 --genesis-l2-time 1
expect_config_error "zero block time" "--block-time: '0' is not a whole number in 1..3600" \
  "${d[@]}" --l2-chain-id 10 --genesis-l2-time 1 --block-time 0
expect_config_error "huge block time" "--block-time" \
  "${d[@]}" --l2-chain-id 10 --genesis-l2-time 1 --block-time 18446744073709551615
expect_config_error "negative genesis time" "--genesis-l2-time: '-1'" "${d[@]}" --l2-chain-id 10 --genesis-l2-time -1
expect_config_error "overflowing genesis time" "--genesis-l2-time" \
  "${d[@]}" --l2-chain-id 10 --genesis-l2-time 99999999999999999999999
expect_config_error "hex chain id" "--l2-chain-id: '0x10'" "${d[@]}" --l2-chain-id 0x10 --genesis-l2-time 1
expect_config_error "negative startup wait" "--startup-wait: '-5'" "$baton" node --startup-wait -5
expect_config_error "negative startup wait from env" "--startup-wait" \
  env BATON_NODE_STARTUP_WAIT=-5 "$baton" node
expect_config_error "huge startup wait" "--startup-wait" "$baton" node --startup-wait 18446744073709551615
expect_config_error "negative L1 confs" "--l1-confs" "$baton" node --l1-confs -1
expect_config_error "port out of range" "--rpc-port" "$baton" node --rpc-port 70000
expect_config_error "negative port" "--metrics-port" "$baton" node --metrics-port -1
expect_config_error "negative turn length" "--turn-length" \
  "$baton" deploy --leaders 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --turn-length -1
expect_config_error "negative lookahead" "--lookahead" \
  "$baton" deploy --leaders 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --lookahead -8
expect_config_error "huge poll interval" "--poll-interval" "$baton" batcher --poll-interval 18446744073709551615
expect_config_error "negative max bumps" "--max-bumps" "$baton" batcher --max-bumps -1
expect_config_error "negative priority fee" "--priority-fee" "$baton" batcher --priority-fee -1
expect_config_error "devnet negative turn" "--turn-length" "$baton" devnet --turn-length -5
expect_config_error "devnet huge blocks per channel" "--blocks-per-channel" \
  "$baton" devnet --blocks-per-channel 1000000000000

# --- config check: OP Mainnet as op-node writes it (Isthmus) loads, and Baton can run it. ---
"$baton" config check --rollup-config "$mainnet" >"$work/out" 2>"$work/err" || fail "OP Mainnet: exit $?: $(cat "$work/err")"
[[ ! -s $work/err ]] || fail "OP Mainnet: stderr: $(cat "$work/err")"
for want in "l1_chain_id +1$" "l2_chain_id +10$" "isthmus_time +1746806401" "jovian_time +not set" \
  "baton_time +not set" "batch_inbox_address +0xff00000000000000000000000000000000000010" \
  "l2 +#105235063 " "protocol_versions_address: Baton does not follow" "ok: Baton can run this chain"; do
  grep -qE -- "$want" "$work/out" || fail "OP Mainnet report lacks '$want': $(cat "$work/out")"
done

# Variants of the same file, one defect each (the file is op-node's pretty print, one key per line).
variant() {  # variant <name> <sed expression>
  sed -E "$2" "$mainnet" >"$work/$1.json"
  cmp -s "$mainnet" "$work/$1.json" && fail "variant $1: the sed expression changed nothing"
  echo "$work/$1.json"
}
# expect_refused <name> <pattern> <file>: exit 2, one error line, the report on stdout still shown.
expect_refused() {
  set +e
  "$baton" config check --rollup-config "$3" >"$work/out" 2>"$work/err"
  local rc=$?
  set -e
  [[ $rc -eq 2 ]] || fail "$1: exit $rc, want 2"
  [[ $(wc -l <"$work/err") -eq 1 ]] || fail "$1: want one stderr line, got: $(cat "$work/err")"
  grep -qE "^error: " "$work/err" || fail "$1: no 'error: ' prefix: $(cat "$work/err")"
  grep -qE -- "$2" "$work/err" || fail "$1: message does not match '$2': $(cat "$work/err")"
}
jovian=$(variant jovian 's/("isthmus_time": 1746806401,)/\1 "jovian_time": 1764691201,/')
expect_refused "Jovian" "jovian_time is set: Baton's L1Block predeploy has no Jovian setter" "$jovian"
grep -qE "jovian_time +1764691201" "$work/out" || fail "Jovian: no report on stdout: $(cat "$work/out")"
grep -q "^unsupported" "$work/out" || fail "Jovian: report lacks the unsupported section"
# The node refuses it the same way, before it contacts anything.
expect_config_error "node with Jovian" "jovian_time is set" \
  "$baton" node --mode verifier --l1 http://127.0.0.1:1 --l2-engine http://127.0.0.1:2 --rollup-config "$jovian"

expect_refused "zero SystemConfig address" "l1_system_config_address is zero" \
  "$(variant no_system_config 's/"l1_system_config_address": "0x[0-9a-f]+"/"l1_system_config_address": "0x0000000000000000000000000000000000000000"/')"

# Defects the loader itself refuses: only the error line.
expect_config_error "duplicate key" "block_time: duplicate field 'block_time'" \
  "$baton" config check --rollup-config "$(variant duplicate 's/("block_time": 2,)/\1 "block_time": 3,/')"
expect_config_error "block_time 2^64-1" "block_time must be at most 3600" \
  "$baton" config check --rollup-config "$(variant huge_block_time 's/"block_time": 2,/"block_time": 18446744073709551615,/')"
expect_config_error "l2_blocks_per_channel 10^12" "l2_blocks_per_channel must be at most 3600" \
  "$baton" config check --rollup-config "$(variant huge_channel 's/("block_time": 2,)/\1 "l2_blocks_per_channel": 1000000000000,/')"
expect_config_error "eip1559Denominator 0" "chain_op_config has a zero eip1559 denominator" \
  "$baton" config check --rollup-config "$(variant zero_denominator 's/"eip1559Denominator": 50,/"eip1559Denominator": 0,/')"
expect_config_error "alt-DA" "alt_da: alt-DA is not supported" \
  "$baton" config check --rollup-config \
  "$(variant alt_da 's/("block_time": 2,)/\1 "alt_da": {"da_commitment_type": "GenericCommitment", "da_challenge_window": 0, "da_resolve_window": 0},/')"
expect_config_error "bad inbox, path once" "batch_inbox_address: expected 20 bytes of hex" \
  "$baton" config check --rollup-config "$(variant bad_inbox 's/"batch_inbox_address": "0x[0-9a-f]+"/"batch_inbox_address": "0x12"/')"
! grep -q "batch_inbox_address: batch_inbox_address" "$work/err" || fail "doubled path: $(cat "$work/err")"
expect_config_error "missing file" "cannot read --rollup-config" "$baton" config check --rollup-config "$work/none.json"

echo "config_cli_test: ok"
