#!/bin/sh
# Runs every tests/*_spec.lua in a fresh headless Neovim and prints "N passed, N failed".
# Exit code: 0 when everything passed. Usage: tests/run.sh [spec file ...]
set -u
dir=$(cd "$(dirname "$0")/.." && pwd)
specs=""
for arg in "$@"; do specs="$specs $(realpath "$arg")"; done
cd "$dir" || exit 2
nvim=${NVIM:-nvim}
per_file_timeout=${TEST_TIMEOUT:-300}
if [ -z "$specs" ]; then specs=$(ls tests/*_spec.lua); fi

# the sidecar's AppCDS archives go to stdpath('cache') and chats to stdpath('data'): fresh ones
# per run, never the user's
XDG_CACHE_HOME=$(mktemp -d) || exit 2
XDG_DATA_HOME=$(mktemp -d) || exit 2
export XDG_CACHE_HOME XDG_DATA_HOME
trap 'rm -rf "$XDG_CACHE_HOME" "$XDG_DATA_HOME"' EXIT

passed=0
failed=0
for spec in $specs; do
  echo "$spec"
  out=$(mktemp)
  timeout "$per_file_timeout" "$nvim" --headless -u NONE -i NONE -n \
    --cmd "set rtp^=$dir" \
    -c "lua package.path = '$dir/tests/?.lua;' .. package.path" \
    -c "luafile $spec" -c "cquit 3" >"$out" 2>&1 </dev/null
  code=$?
  grep -v '^RESULT ' "$out"
  result=$(grep '^RESULT ' "$out" | tail -n 1)
  if [ -n "$result" ]; then
    p=$(echo "$result" | cut -d' ' -f2)
    f=$(echo "$result" | cut -d' ' -f3)
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -eq 0 ] && [ "$code" -ne 0 ]; then
      echo "  FAIL  $spec: Neovim exited with code $code after its tests passed"
      failed=$((failed + 1))
    fi
  else
    echo "  FAIL  $spec: no result (exit code $code; 124 means it timed out after ${per_file_timeout}s)"
    failed=$((failed + 1))
  fi
  rm -f "$out"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
