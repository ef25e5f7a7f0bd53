#!/usr/bin/env bash
# Runs every test suite of the project: Java (Maven), the VS Code extension (Node + headless
# Chromium) and the Neovim plugin (headless Neovim). Needs java, mvn, node/npm, nvim and chromium
# (.ci/run installs them on a fresh machine). Exits non-zero if any suite fails.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Java: build and test (mvn -B package) =="
mvn -B package

echo "== Benchmark harness smoke run =="
bash scripts/bench.sh --smoke

echo "== VS Code extension (npm ci && npm test) =="
(cd clients/vscode && npm ci --no-audit --no-fund && npm run lint && npm test)

echo "== ACP end-to-end with the official SDK client (npm ci && npm test) =="
(cd clients/acp && npm ci --no-audit --no-fund && npm test)

echo "== Neovim plugin (headless) =="
bash clients/neovim/tests/run.sh

echo "== all suites passed =="
