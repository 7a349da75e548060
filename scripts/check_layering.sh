#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The layering check (`make test` runs it first; scripts/check_layering_test.sh is its test). Fails on:
#  1. Module arrows: a module that includes or links one it must not use. Dependencies point one way:
#       core → rpc;  core → protocol → {derive, batcher};  protocol → kzg (EIP-4844 KZG over
#       c-kzg) → derive and every I/O module;  process (logging, signals, child
#       processes) uses core only;  l1 (L1 access and tooling) uses core, rpc, protocol, derive,
#       process;  node (the rollup node) uses those and l1;  batcher_service (the batcher's I/O side)
#       uses core, rpc, protocol, batcher, l1, process, never node;  apps use everything.
#  2. Tests, benchmarks, fuzz targets: the same, for their includes and their CMake link lines. None
#     uses the apps' code (baton/apps, baton_devnet, baton_decode_command). tests/support (the anvil
#     fixture) serves the integration tests and bench/, never the other way round; scenario tests stay
#     in-process (no tests/support); one test folder never includes another's files.
#  3. One home per third-party library: each is included only where the table `homes` below says
#     (CLI11 in apps, httplib in rpc, secp256k1 in core, …). A header of a library with no home yet
#     fails too, until it is given one here.
#  4. No `throw` in core, protocol, derive or batcher (STYLE.md §3.4).
#  5. test_util/ is for tests: a module's test_util/ folder (its CMake target baton_<module>_test_util,
#     from baton_test_util) is included and linked only by tests (*_test.cpp, TEST_LIBS, test
#     binaries), other test_util folders, tests/, bench/ and fuzz/; never by a production library.
# A new folder under baton/ or tests/ fails until it has its arrows in `uses` below.
#
# Usage: scripts/check_layering.sh [ROOT]   (ROOT: the tree to check; default: this checkout)
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"

libs="core rpc protocol kzg derive batcher process l1 node batcher_service"
# What each folder may use: baton modules by name, test folders by path.
declare -A uses=(
  [core]="core"
  [rpc]="core rpc"
  [protocol]="core protocol"
  [kzg]="core protocol kzg"
  [derive]="core protocol kzg derive"
  [batcher]="core protocol batcher"
  [process]="core process"
  [l1]="core rpc protocol kzg derive process l1"
  [node]="core rpc protocol kzg derive process l1 node"
  [batcher_service]="core rpc protocol kzg batcher process l1 batcher_service"
  [apps]="$libs apps"
  [tests]=""
  [tests/vectors]=""
  [tests/support]="core rpc process l1 tests/support"
  [tests/scenario]="$libs tests/scenario"
  [tests/integration]="$libs tests/support tests/integration"
  [bench]="$libs tests/support bench"
  [fuzz]="$libs fuzz"
)

# library; include path (ERE, the part inside <>); where it may be included (globs, * spans '/').
homes=(
  "CLI11;^CLI/;baton/apps/*"
  # node_test.cpp reads the node's /metrics page as a plain HTTP client.
  "cpp-httplib;^httplib\.h$;baton/rpc/* tests/integration/node_test.cpp"
  "secp256k1;^secp256k1;baton/core/*"
  "zlib;^zlib\.h$;baton/protocol/*"
  # c-kzg-4844 and blst, compiled from the npm package c-kzg (cmake/kzg.cmake).
  "c-kzg;^(ckzg|blst|blst_aux)\.h$;baton/kzg/*"
  "brotli;^brotli/;baton/protocol/*"
  "prometheus-cpp;^prometheus/;baton/node/*"
  "spdlog;^spdlog/;baton/process/* baton/node/* baton/batcher_service/* tests/integration/*"
  # JSON at the I/O edges only: never in core, protocol, derive or batcher (test fakes aside).
  "nlohmann-json;^nlohmann/;baton/rpc/* baton/l1/* baton/node/* baton/apps/* baton/process/*_test.cpp baton/*/test_util/* tests/* bench/*"
  "googletest;^(gtest|gmock)/;*_test.cpp baton/*/test_util/* tests/*"
  "benchmark;^benchmark/;bench/*"
  "libFuzzer;^fuzzer/;fuzz/*"
)
# C and POSIX headers (<...> paths with a '/' or a .h that are not a third-party library).
system_headers='^(sys|netinet|arpa|linux)/|^(unistd|fcntl|spawn|poll|signal|malloc|errno|string|strings|stdlib|stdio|stdint|stddef|inttypes|time|dirent|pwd|grp|netdb|pthread|sched|termios|ifaddrs|dlfcn|cxxabi|execinfo|glob|libgen|syslog|semaphore|limits|ctype|assert|math|wait)\.h$'

status=0
report() {
  echo "layering: $*" >&2
  status=1
}

# The folder a path belongs to, in $folder (no subshell: this runs once per include line):
# baton/<module>/… → <module>; tests/<dir>/… → tests/<dir>; tests/… → tests; bench; fuzz; else "".
folder_of() {
  local rest
  case $1 in
    baton/*/*) rest=${1#baton/}; folder=${rest%%/*} ;;
    tests/*/*) rest=${1#tests/}; folder=tests/${rest%%/*} ;;
    tests/*) folder=tests ;;
    bench/*) folder=bench ;;
    fuzz/*) folder=fuzz ;;
    *) folder="" ;;
  esac
}

may_use() {  # folder used
  [[ " ${uses[$1]} " == *" $2 "* ]]
}

declare -A unknown_reported=()
known_folder() {  # file folder
  [[ -n $2 && -v "uses[$2]" ]] && return 0
  if [[ -z ${unknown_reported[$2]:-} ]]; then
    report "$1: ${2:-its folder} is not a known module: give it its arrows in scripts/check_layering.sh"
    unknown_reported[$2]=1
  fi
  return 1
}

roots=()
for dir in baton tests bench fuzz; do [[ -d $dir ]] && roots+=("$dir"); done
[[ ${#roots[@]} -gt 0 ]] || { echo "layering: nothing to check in $(pwd)" >&2; exit 2; }

# Every folder under baton/ and tests/ has its arrows (a new module gets them when it is added).
for dir in baton/*/ tests/*/; do
  [[ -d $dir ]] || continue
  folder_of "${dir}x"
  known_folder "${dir%/}" "$folder" || true
done

# 1–3: includes.
while IFS= read -r hit; do
  file=${hit%%:*}
  rest=${hit#*:}
  line=${rest%%:*}
  text=${rest#*:}
  folder_of "$file"
  file_folder=$folder
  known_folder "$file" "$file_folder" || continue
  if [[ $text =~ \#[[:space:]]*include[[:space:]]*\"([^\"]+)\" ]]; then
    # A quoted include is relative to the file first: resolve it to find what it reaches.
    path=${BASH_REMATCH[1]}
    resolved=$(realpath -m --relative-to=. "$(dirname "$file")/$path")
    [[ -e $resolved ]] && path=$resolved
    angle=0
  elif [[ $text =~ \#[[:space:]]*include[[:space:]]*\<([^\>]+)\> ]]; then
    path=${BASH_REMATCH[1]}
    angle=1
  else
    continue
  fi

  # 5: production code never reaches a test_util/ folder.
  if [[ $path == baton/*/test_util/* && $file == baton/* && $file != baton/*/test_util/* &&
        $file != *_test.cpp ]]; then
    report "$file:$line: production code must not include test_util ($path): it is for tests only"
  fi

  used=""
  case $path in
    baton/*/* | tests/*/* | bench/* | fuzz/*) folder_of "$path"; used=$folder ;;
  esac
  if [[ -n $used ]]; then
    if ! may_use "$file_folder" "$used"; then
      case $used in
        tests/* | bench | fuzz) report "$file:$line: $file_folder must not include $used ($path)" ;;
        *) report "$file:$line: $file_folder must not include baton/$used ($path)" ;;
      esac
    fi
    continue
  fi
  [[ $angle -eq 1 ]] || continue

  # Third-party: headers with a directory or a .h name (the C++ standard headers have neither).
  [[ $path == */* || $path =~ \.(h|hh|hpp)$ ]] || continue
  [[ $path =~ $system_headers ]] && continue
  found=0
  for home in "${homes[@]}"; do
    IFS=';' read -r lib pattern places <<<"$home"
    [[ $path =~ $pattern ]] || continue
    found=1
    ok=0
    read -ra place_list <<<"$places"  # not `for place in $places`: that would expand the globs
    for place in "${place_list[@]}"; do
      # shellcheck disable=SC2053  # the right side is a glob on purpose
      [[ $file == $place ]] && ok=1 && break
    done
    [[ $ok -eq 1 ]] || report "$file:$line: $lib (<$path>) belongs in $places only"
    break
  done
  [[ $found -eq 1 ]] ||
    report "$file:$line: <$path> is a third-party header with no home: name its library and home in scripts/check_layering.sh"
done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' "${roots[@]}" \
           --include='*.hpp' --include='*.cpp' --include='*.h' --include='*.cc' || true)

# 1–2: CMake link lines. A target belongs to the folder whose CMakeLists.txt defines it (add_library,
# add_executable, baton_library); target_link_libraries names targets, while baton_library's DEPS,
# baton_bench and baton_fuzz_target name modules. One record per call: "file<TAB>line<TAB>cmd<TAB>args".
cmake_calls() {
  awk '
    FNR == 1 { open = 0 }
    { sub(/#.*/, "") }
    !open {
      if (!match($0, /(add_library|add_executable|target_link_libraries|baton_library|baton_test_util|baton_bench|baton_fuzz_target)[ \t]*\(/)) next
      start = FNR; text = substr($0, RSTART); open = 1
    }
    open && FNR > start { text = text " " $0 }
    open && index(text, ")") {
      cmd = text; sub(/[ \t]*\(.*/, "", cmd)
      args = text; sub(/^[^(]*\(/, "", args); sub(/\).*/, "", args); gsub(/[ \t]+/, " ", args)
      print FILENAME "\t" start "\t" cmd "\t" args
      open = 0
    }' "$@"
}

mapfile -t cmake_files < <(find "${roots[@]}" -name CMakeLists.txt | sort)
cmake_records=()
[[ ${#cmake_files[@]} -gt 0 ]] && mapfile -t cmake_records < <(cmake_calls "${cmake_files[@]}")

declare -A target_folder=()
declare -A test_util_target=()  # baton_<module>_test_util targets
declare -A test_target=()       # targets that are tests: test binaries, and whatever tests/, bench/, fuzz/ define
for record in "${cmake_records[@]}"; do
  IFS=$'\t' read -r cmake_file line cmd args <<<"$record"
  folder_of "$cmake_file"
  [[ -n $folder ]] || continue
  read -ra tokens <<<"$args"
  case $cmd in
    add_library | add_executable)
      target_folder[${tokens[0]}]=$folder
      [[ $folder == tests* || $folder == bench || $folder == fuzz || ${tokens[0]} == *_test ]] &&
        test_target[${tokens[0]}]=1
      ;;
    baton_library)
      if [[ ${tokens[0]} == NAME ]]; then
        target_folder[baton_${tokens[1]}]=$folder target_folder[baton_${tokens[1]}_test]=$folder
        test_target[baton_${tokens[1]}_test]=1
      fi
      ;;
    baton_test_util)
      if [[ ${tokens[0]} == NAME ]]; then
        target_folder[baton_${tokens[1]}_test_util]=$folder
        test_util_target[baton_${tokens[1]}_test_util]=1 test_target[baton_${tokens[1]}_test_util]=1
      fi
      ;;
  esac
done

for record in "${cmake_records[@]}"; do
  IFS=$'\t' read -r cmake_file line cmd args <<<"$record"
  folder_of "$cmake_file"
  [[ -n $folder ]] || continue  # baton/CMakeLists.txt only adds the modules
  known_folder "$cmake_file" "$folder" || continue
  read -ra tokens <<<"$args"
  used_list=()
  case $cmd in
    target_link_libraries)
      for tok in "${tokens[@]:1}"; do
        [[ -n ${target_folder[$tok]:-} ]] && used_list+=("${target_folder[$tok]}|$tok")
        # 5: only tests link test_util.
        [[ -n ${test_util_target[$tok]:-} && -z ${test_target[${tokens[0]}]:-} ]] &&
          report "$cmake_file:$line: ${tokens[0]} must not link $tok: test_util is for tests only"
      done
      ;;
    baton_library)
      section=""
      for tok in "${tokens[@]}"; do
        case $tok in
          NAME | SOURCES | TESTS | DEPS | LIBS | TEST_LIBS) section=$tok ;;
          *)
            [[ $section == DEPS ]] && used_list+=("$tok|DEPS $tok")
            [[ $section == TEST_LIBS && -n ${target_folder[$tok]:-} ]] && used_list+=("${target_folder[$tok]}|$tok")
            # 5: the library itself (DEPS, LIBS) never links test_util; its test binary (TEST_LIBS) may.
            if [[ ($section == LIBS && -n ${test_util_target[$tok]:-}) ||
                  ($section == DEPS && $tok == *_test_util) ]]; then
              report "$cmake_file:$line: baton_library $section must not name $tok: test_util is for tests only"
            fi
            ;;
        esac
      done
      ;;
    baton_test_util)
      section=""
      for tok in "${tokens[@]}"; do
        case $tok in
          NAME | SOURCES | LIBS) section=$tok ;;
          *) [[ $section == LIBS && -n ${target_folder[$tok]:-} ]] && used_list+=("${target_folder[$tok]}|$tok") ;;
        esac
      done
      ;;
    baton_bench | baton_fuzz_target)
      for tok in "${tokens[@]:1}"; do used_list+=("$tok|$tok"); done
      ;;
  esac
  for entry in "${used_list[@]}"; do
    used=${entry%%|*}
    what=${entry#*|}
    [[ $used == "$folder" ]] && continue
    may_use "$folder" "$used" || report "$cmake_file:$line: $folder must not link $used ($what)"
  done
done

# 4: no exceptions in the pure layers.
for module in core protocol derive batcher; do
  dir=baton/$module
  [[ -d $dir ]] || continue
  # Code only: the part of each line before a // comment (tests may use EXPECT_THROW-style helpers).
  if hits=$(grep -rnE '(^|[^_[:alnum:]])throw[[:space:](;]' "$dir" --include='*.hpp' --include='*.cpp' \
      | grep -v '_test.cpp:' | awk -F: '{ code = $0; sub(/^[^:]*:[^:]*:/, "", code); sub(/\/\/.*/, "", code);
                                          if (code ~ /(^|[^_[:alnum:]])throw[[:space:](;]/) print }' | grep .); then
    report "no exceptions in baton/$module (STYLE.md §3.4):"
    echo "$hits" >&2
  fi
done

[[ $status -eq 0 ]] && echo "layering: ok"
exit $status
