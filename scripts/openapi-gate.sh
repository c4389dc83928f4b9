#!/usr/bin/env bash
# The OpenAPI gate: starts the built server on a scratch SQLite database, fetches the
# document it serves at /docs-json and lints it with .spectral.yaml. Any error fails.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${OPENAPI_GATE_PORT:-3999}"
scratch="$(mktemp -d)"
[ -f dist/src/main.js ] || npx nest build

PORT="$port" DATABASE_URL="sqlite:$scratch/gate.sqlite" LOG_LEVEL=warn APP_URL="http://127.0.0.1:$port" \
  node dist/src/main.js >"$scratch/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$scratch"' EXIT

for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$scratch/server.log"; exit 1; }
  sleep 1
done
curl -sf "http://127.0.0.1:$port/docs-json" -o "$scratch/openapi.json"
echo "linting the served OpenAPI document ($(wc -c <"$scratch/openapi.json") bytes)"
SCARF_ANALYTICS=false npx --no-install spectral lint --ruleset .spectral.yaml --fail-severity error \
  --format stylish "$scratch/openapi.json"
