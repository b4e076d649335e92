#!/usr/bin/env bash
# Sustained exact-cache hits: one gateway with cache.enabled, RUNS × 15 s of wrk at 64 connections, printing each run's
# throughput, p50/p99, socket errors, the ledger backlog (answered but not yet committed) and the gateway's RSS.
# The memory store fills up over the runs (one feedback link per request), so later runs show steady-state eviction.
# Usage: bash bench/hits.sh [runs]   (default 7; needs wrk and curl)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-7}"
MOCK_PORT=9130
GW_PORT=8130
WORK="$(mktemp -d)"
trap 'kill "${GW_PID:-}" "${MOCK_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
for project in src/Frugal.Cli testassets/MockUpstream; do dotnet build -c Release -v q -nologo "$project" >/dev/null; done

cat > "$WORK/hit.json" <<JSON
{ "dataDir": "$WORK/data", "auth": { "mode": "none" }, "cache": { "enabled": true }, "telemetry": { "metricsAccess": "open" },
  "providers": { "mock": { "kind": "openai", "baseUrl": "http://127.0.0.1:$MOCK_PORT/v1", "apiKeyEnv": "MOCK_API_KEY" } },
  "models": { "gpt-4o-mini": { "provider": "mock" } } }
JSON
DOTNET_gcServer=0 dotnet testassets/MockUpstream/bin/Release/net10.0/MockUpstream.dll --urls "http://127.0.0.1:$MOCK_PORT" >"$WORK/mock.log" 2>&1 &
MOCK_PID=$!
dotnet src/Frugal.Cli/bin/Release/net10.0/frugal.dll serve --config "$WORK/hit.json" --urls "http://127.0.0.1:$GW_PORT" >"$WORK/gw.log" 2>&1 &
GW_PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$GW_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

backlog() { curl -s "http://127.0.0.1:$GW_PORT/metrics" | awk '/^frugal_requests_total/ {r+=$NF} /^frugal_ledger_entries_written_total/ {w+=$NF} END {print r-w}'; }
for i in $(seq "$RUNS"); do
  wrk -t2 -c64 -d15s --latency -s bench/chat.lua "http://127.0.0.1:$GW_PORT/v1/chat/completions" >"$WORK/wrk.out" 2>&1
  stats=$(awk '/Requests\/sec/ {r=$2} $1=="50%" {m=$2} $1=="99%" {p=$2} /Socket errors/ {gsub(",",""); e=$4+$6+$8+$10} END {printf "%s rps, p50 %s, p99 %s, socket errors %d", r, m, p, e}' "$WORK/wrk.out")
  echo "run $i: $stats, ledger backlog $(backlog), RSS $(awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$GW_PID/status") MB"
done
