#!/usr/bin/env bash
# Benchmarks of chat-sidecar (issue 8; docs/benchmarks.md shows the results and how to read them).
#
#   scripts/bench.sh            build, then run every benchmark (a few minutes) and print one table
#   scripts/bench.sh --smoke    the same with the fewest iterations (seconds): proves the harness works
#
# The end-to-end driver spawns the real server/target/chat-sidecar.jar (and its comparison lines:
# a Java hello world, a bare LSP4J server, the seed's HTTP flow) against the fake backend, and runs
# the JMH micro-benchmarks in forked JVMs. Other arguments go to the driver (e.g. --rounds 30,
# --sections startup,stream). The exit code is non-zero only when the harness itself fails (a build
# error, a process that does not answer, a broken stream); a missed target is a row in the table.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${BENCH_SKIP_BUILD:-}" != "1" ]; then
  echo "== building (mvn -B -q package -DskipTests)" >&2
  mvn -B -q package -DskipTests >&2
fi
exec java -XX:+UseSerialGC -cp bench/target/benchmarks.jar dev.chatsidecar.bench.driver.BenchDriver "$@"
