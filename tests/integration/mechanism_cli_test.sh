#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `baton mechanism check` end to end: the built binary deploys each mechanism through its forge
# script on its own throwaway anvil and walks real blocks. Round robin, the stake mechanism and the
# docs' example hold every rule (the example also from a copy outside the repo, imports through the `baton/`
# remapping); the deliberately broken example fails naming the rule; a script that does not compile
# and a bad option are one `error:` line and exit 2. ~50 s.
# Usage: mechanism_cli_test.sh <baton binary> <anvil binary> <repo root>
set -euo pipefail
baton=$(realpath "$1") anvil=$(realpath "$2") repo=$(realpath "$3")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=../support/cli_expect.sh
source "$(dirname "$0")/../support/cli_expect.sh"

# check <name> <want exit> <args…>: runs the check, output in $work/<name>.out and .err.
check() {
  local name=$1 want=$2
  shift 2
  set +e
  "$baton" mechanism check --anvil "$anvil" "$@" >"$work/$name.out" 2>"$work/$name.err"
  local rc=$?
  set -e
  [[ $rc -eq $want ]] || fail "$name: exit $rc, want $want; stdout: $(cat "$work/$name.out"); stderr: $(cat "$work/$name.err")"
}
rules=(leader-is-member isLeader-matches-leaderAt nextWindow-matches-leaderAt fallback-accepts-only-leader
  schedule-stable view-gas no-0x00-selector)
# expect_all_hold <name> <blocks>: one "ok" line per rule with the block count, and the verdict.
expect_all_hold() {
  local name=$1 blocks=$2
  for rule in "${rules[@]}"; do
    grep -qE "^ok +$rule +[0-9]+ (blocks|selectors)" "$work/$name.out" || fail "$name: no ok line for $rule: $(cat "$work/$name.out")"
  done
  grep -qE "^ok +leader-is-member +$blocks blocks" "$work/$name.out" || fail "$name: want $blocks blocks checked"
  grep -q "^ok: all 7 rules hold$" "$work/$name.out" || fail "$name: no verdict line"
  [[ ! -s $work/$name.err ]] || fail "$name: stderr: $(cat "$work/$name.err")"
}

check round-robin 0 --mechanism round-robin --blocks 40
expect_all_hold round-robin 40

# The stake mechanism: the batchers bond from their keys at deployment and lead from block deploy + 16.
check stake 0 --mechanism stake --blocks 40
expect_all_hold stake 40
grep -q "StakeInbox at 0x" "$work/stake.out" || fail "stake: inbox not named"

# The auction (issue 14): nobody bids at deployment, so the default set leads in round robin.
check auction 0 --mechanism auction --blocks 40
expect_all_hold auction 40
grep -q "AuctionInbox at 0x" "$work/auction.out" || fail "auction: inbox not named"

check fixed-rotation 0 --mechanism "$repo/contracts/examples/FixedRotation.sol:FixedRotationScript" --blocks 40
expect_all_hold fixed-rotation 40
grep -q "FixedRotationInbox at 0x" "$work/fixed-rotation.out" || fail "fixed-rotation: inbox not named"

# A copy outside the repo, named relative to the working directory.
mkdir "$work/mine"
cp "$repo/contracts/examples/FixedRotation.sol" "$work/mine/"
(cd "$work" && check outside 0 --mechanism mine/FixedRotation.sol:FixedRotationScript --batchers 2 --blocks 12)
expect_all_hold outside 12

# The broken example: exit 1, the rule named with the first block where it failed.
check off-by-one 1 --mechanism "$repo/contracts/examples/OffByOneRotation.sol:OffByOneRotationScript" --blocks 40
grep -qE "^FAIL +isLeader-matches-leaderAt +40 blocks; first failure at block [0-9]+: " "$work/off-by-one.out" ||
  fail "off-by-one: isLeader rule not reported: $(cat "$work/off-by-one.out")"
grep -qE "^FAIL +fallback-accepts-only-leader .*first failure at block [0-9]+: non-leader accepted" \
  "$work/off-by-one.out" || fail "off-by-one: fallback rule not reported: $(cat "$work/off-by-one.out")"
grep -qE "^ok +leader-is-member" "$work/off-by-one.out" || fail "off-by-one: rules that hold must still say ok"
grep -q "^FAIL: 2 of 7 rules broken$" "$work/off-by-one.out" || fail "off-by-one: no verdict line"

# A script that does not compile: one error line with the compiler's message, exit 2.
cat >"$work/mine/Broken.sol" <<'SOL'
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
import { MechanismScript } from "baton/script/MechanismScript.sol";
contract BrokenScript is MechanismScript {
    function deploy(address, address[] calldata, uint256) external override returns (address) {
        this is not solidity;
    }
}
SOL
expect_config_error "compile error" "^error: deploy script failed: Broken.sol:BrokenScript: Compiler run failed: .*Broken.sol:6" \
  "$baton" mechanism check --anvil "$anvil" --mechanism "$work/mine/Broken.sol:BrokenScript"
expect_config_error "bad --batchers" "^error: --batchers: " \
  "$baton" mechanism check --anvil "$anvil" --mechanism round-robin --batchers 9
expect_config_error "bad --mechanism" "want round-robin, stake, auction or PATH.sol:ScriptContract" \
  "$baton" mechanism check --anvil "$anvil" --mechanism raft
echo "mechanism check CLI: ok"
