#!/usr/bin/env bash
# Benchmarks of chat-sidecar (issues 8 and 17; docs/benchmarks.md shows the results and how to read them).
#
#   scripts/bench.sh                  build, then run every benchmark (~10 minutes) and print one table
#   scripts/bench.sh --peers          the same plus the optional peer row: GitHub's Copilot language
#                                     server, installed with npm into a cache directory on first use
#   scripts/bench.sh --smoke          the same with the fewest iterations: proves the harness works (CI)
#
# The end-to-end driver spawns the real server/target/chat-sidecar.jar (and its comparison lines:
# a Java hello world, a bare LSP4J server, the raw llama.cpp binding, the seed's HTTP flow) against the
# fake backend, and runs the JMH micro-benchmarks in forked JVMs. Other arguments go to the driver
# (e.g. --rounds 30, --sections startup,stream). The exit code is non-zero only when the harness
# itself fails (a build error, a process that does not answer, a broken stream); a missed target is a
# row in the table.
set -euo pipefail
cd "$(dirname "$0")/.."

# The peer is pinned so that runs compare; override with COPILOT_LS_VERSION=x.y.z.
COPILOT_LS_VERSION="${COPILOT_LS_VERSION:-1.539.0}"
PEERS_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/chat-sidecar-bench/peers"

args=()
for arg in "$@"; do
  if [ "$arg" = "--peers" ]; then
    pkg="$PEERS_DIR/node_modules/@github/copilot-language-server/package.json"
    if ! grep -q "\"version\": \"$COPILOT_LS_VERSION\"" "$pkg" 2>/dev/null; then
      echo "== installing @github/copilot-language-server@$COPILOT_LS_VERSION into $PEERS_DIR" >&2
      mkdir -p "$PEERS_DIR"
      npm install --prefix "$PEERS_DIR" --no-audit --no-fund --loglevel=error \
        "@github/copilot-language-server@$COPILOT_LS_VERSION" >&2
    fi
    args+=(--peers "$PEERS_DIR")
  else
    args+=("$arg")
  fi
done

if [ "${BENCH_SKIP_BUILD:-}" != "1" ]; then
  echo "== building (mvn -B -q package -DskipTests)" >&2
  mvn -B -q package -DskipTests >&2
fi
exec java -XX:+UseSerialGC -cp bench/target/benchmarks.jar dev.chatsidecar.bench.driver.BenchDriver ${args[@]+"${args[@]}"}
