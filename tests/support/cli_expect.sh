# SPDX-License-Identifier: MIT
# Shared checks for the CLI tests (source it after setting $work to a scratch folder).
# The operator contract every `baton` subcommand keeps: a bad configuration prints exactly one line,
# starting "error: ", on stderr, nothing on stdout, and exits 2 before anything starts.

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_config_error <name> <pattern> <args…>: exit 2 and one "error: …" line matching <pattern>.
expect_config_error() {
  local name=$1 pattern=$2
  shift 2
  set +e
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  set -e
  [[ $rc -eq 2 ]] || fail "$name: exit $rc, want 2; stderr: $(cat "$work/err")"
  [[ $(wc -l <"$work/err") -eq 1 ]] || fail "$name: want one stderr line, got: $(cat "$work/err")"
  grep -qE "^error: " "$work/err" || fail "$name: no 'error: ' prefix: $(cat "$work/err")"
  grep -qE -- "$pattern" "$work/err" || fail "$name: message does not match '$pattern': $(cat "$work/err")"
  [[ ! -s $work/out ]] || fail "$name: unexpected stdout: $(cat "$work/out")"
}

# start_anvil <anvil binary> [args…]: starts anvil on a free loopback port in the background, sets
# $anvil_pid (for the caller's cleanup trap) and $url, and waits until it listens.
start_anvil() {
  local bin=$1
  shift
  "$bin" --host 127.0.0.1 --port 0 "$@" >"$work/anvil.log" 2>&1 &
  anvil_pid=$!
  local port=
  for _ in $(seq 100); do
    # The background shell may not have created the log yet on the first pass.
    port=$(grep -oE 'Listening on 127\.0\.0\.1:[0-9]+' "$work/anvil.log" 2>/dev/null | cut -d: -f2 || true)
    [[ -n $port ]] && break
    sleep 0.1
  done
  [[ -n $port ]] || fail "anvil did not start: $(tail -5 "$work/anvil.log")"
  url=http://127.0.0.1:$port
}
