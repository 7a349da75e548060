#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Writes JSON-RPC request bodies into the corpus dir $1 for rpc_request_fuzz: single requests to the
# fuzzer's test_echo/test_fail/test_throw methods and an unknown one, notifications, batches, and
# malformed bodies (bad id, wrong version, params not a container, unbalanced, nested).
set -euo pipefail
out=${1:?usage: seed_rpc_request.sh <corpus dir>}
mkdir -p "$out"
seed() { printf '%s' "$2" >"$out/seed-$1"; }
seed echo '{"jsonrpc":"2.0","id":1,"method":"test_echo","params":[1,"two",{"three":[3.0,null,true]}]}'
seed echo-object '{"jsonrpc":"2.0","id":"a","method":"test_echo","params":{"k":"\u00e9\ud83d\ude00"}}'
seed fail '{"jsonrpc":"2.0","id":null,"method":"test_fail","params":[]}'
seed throw '{"jsonrpc":"2.0","id":7,"method":"test_throw"}'
seed unknown '{"jsonrpc":"2.0","id":2,"method":"baton_syncStatus","params":[]}'
seed notification '{"jsonrpc":"2.0","method":"test_echo","params":[1]}'
seed batch '[{"jsonrpc":"2.0","id":1,"method":"test_echo","params":[1]},{"jsonrpc":"2.0","method":"test_echo"},{"jsonrpc":"2.0","id":3,"method":"test_fail"},5,[]]'
seed batch-notifications '[{"jsonrpc":"2.0","method":"test_echo"},{"jsonrpc":"2.0","method":"test_fail"}]'
seed empty-batch '[]'
seed bad-id '{"jsonrpc":"2.0","id":{"x":1},"method":"test_echo"}'
seed bad-version '{"jsonrpc":"1.0","id":1,"method":"test_echo"}'
seed bad-params '{"jsonrpc":"2.0","id":1,"method":"test_echo","params":"x"}'
seed unbalanced '{"jsonrpc":"2.0","id":1,"method":"test_echo","params":[[[['
seed nested '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]'
