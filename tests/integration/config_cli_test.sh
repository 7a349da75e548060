#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The CLI contract for what the argument parser itself refuses: one line on stderr starting
# "error: ", exit 2, nothing on stdout, and never a key-like argument echoed back.
# Needs only the binary (no anvil).
# Usage: config_cli_test.sh <baton binary>
set -euo pipefail
baton=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=support/cli_expect.sh
source "$(dirname "$0")/support/cli_expect.sh"

# --- Parser errors: one line, exit 2 (CLI11 printed two lines and exited 104-109). ---
expect_config_error "no subcommand" "subcommand" "$baton"
expect_config_error "unknown flag" "--no-such-flag" "$baton" decode tx --l2-chain-id 10 --genesis-l2-time 1 --no-such-flag
expect_config_error "missing required option" "--l2-chain-id" "$baton" decode tx --genesis-l2-time 1
"$baton" decode tx --help | grep -q -- "--l2-chain-id" || fail "--help no longer prints the help"

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

echo "config_cli_test: ok"
