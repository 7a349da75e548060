#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fails when a module includes a module it must not (ARCHITECTURE.md §5):
#   core → protocol → {derive, batcher} → node → apps; rpc uses core only.
# Also enforces STYLE.md §3.4: no `throw` in core, protocol, derive or batcher.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A allowed=(
  [core]="core"
  [rpc]="core rpc"
  [protocol]="core protocol"
  [derive]="core protocol derive"
  [batcher]="core protocol batcher"
  [node]="core rpc protocol derive batcher node"
  [apps]="core rpc protocol derive batcher node apps"
)

status=0
for module in "${!allowed[@]}"; do
  dir=baton/$module
  [[ -d $dir ]] || continue
  while IFS=: read -r file line include; do
    used=$(sed -E 's|.*<baton/([a-z_]+)/.*|\1|' <<<"$include")
    # Test utilities and tests of a module may use its test_util fakes but still not upward modules.
    if [[ " ${allowed[$module]} " != *" $used "* ]]; then
      echo "layering: $file:$line: baton/$module must not include baton/$used" >&2
      status=1
    fi
  done < <(grep -rnE '#include[[:space:]]*<baton/[a-z_]+/' "$dir" --include='*.hpp' --include='*.cpp' || true)
done

for module in core protocol derive batcher; do
  dir=baton/$module
  [[ -d $dir ]] || continue
  # Code only: the part of each line before a // comment (tests may use EXPECT_THROW-style helpers).
  if hits=$(grep -rnE '(^|[^_[:alnum:]])throw[[:space:](;]' "$dir" --include='*.hpp' --include='*.cpp' \
      | grep -v '_test.cpp:' | awk -F: '{ code = $0; sub(/^[^:]*:[^:]*:/, "", code); sub(/\/\/.*/, "", code);
                                          if (code ~ /(^|[^_[:alnum:]])throw[[:space:](;]/) print }' | grep .); then
    echo "layering: no exceptions in baton/$module (STYLE.md §3.4):" >&2
    echo "$hits" >&2
    status=1
  fi
done

[[ $status -eq 0 ]] && echo "layering: ok"
exit $status
