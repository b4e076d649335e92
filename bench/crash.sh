#!/usr/bin/env bash
# Crash window under load: wrk drives `frugal serve` (Release) at 64 connections, the gateway is killed with
# SIGKILL mid-run, and every request id wrk received a 200 for is looked up in ledger.db. Prints how many
# answered requests the crash lost, and that as milliseconds of traffic. Needs wrk, curl and sqlite3.
# Usage: bash bench/crash.sh [seconds-before-kill] [extra ledger json]   e.g. bash bench/crash.sh 5 '"commitBeforeAnswer": true'
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_BEFORE_KILL="${1:-5}"
LEDGER="${2:-}"
MOCK_PORT=9110
GW_PORT=8110
WORK="$(mktemp -d)"
trap 'kill -9 "${GW_PID:-}" 2>/dev/null || true; kill "${MOCK_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

for tool in wrk curl sqlite3; do command -v "$tool" >/dev/null || { echo "$tool not found: apt-get install -y $tool" >&2; exit 1; }; done
for project in src/Frugal.Cli testassets/MockUpstream; do dotnet build -c Release -v q -nologo "$project" >/dev/null; done

cat > "$WORK/frugal.json" <<JSON
{
  "dataDir": "$WORK/data",
  "auth": { "mode": "none" },
  "ledger": { ${LEDGER} },
  "providers": { "mock": { "kind": "openai", "baseUrl": "http://127.0.0.1:$MOCK_PORT/v1", "apiKeyEnv": "MOCK_API_KEY" } },
  "models": { "gpt-4o-mini": { "provider": "mock" } }
}
JSON

DOTNET_gcServer=0 dotnet testassets/MockUpstream/bin/Release/net10.0/MockUpstream.dll --urls "http://127.0.0.1:$MOCK_PORT" >"$WORK/mock.log" 2>&1 &
MOCK_PID=$!
dotnet src/Frugal.Cli/bin/Release/net10.0/frugal.dll serve --config "$WORK/frugal.json" --urls "http://127.0.0.1:$GW_PORT" >"$WORK/gw.log" 2>&1 &
GW_PID=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$GW_PORT/healthz" >/dev/null 2>&1 && curl -fs "http://127.0.0.1:$MOCK_PORT/v1/models" >/dev/null 2>&1 && break
  sleep 0.1
done
wrk -t2 -c64 -d3s -s bench/chat.lua "http://127.0.0.1:$GW_PORT/v1/chat/completions" >/dev/null   # warm up (these rows are in the ledger too)

IDS_FILE="$WORK/ids" wrk -t2 -c64 -d"$((SECONDS_BEFORE_KILL + 2))s" -s bench/ids.lua "http://127.0.0.1:$GW_PORT/v1/chat/completions" >"$WORK/wrk.out" 2>&1 &
WRK_PID=$!
sleep "$SECONDS_BEFORE_KILL"
kill -9 "$GW_PID"
wait "$GW_PID" 2>/dev/null || true
wait "$WRK_PID" || true

cat "$WORK"/ids.* | sort -u >"$WORK/answered"
sqlite3 "$WORK/data/ledger.db" "SELECT request_id FROM ledger" | sort -u >"$WORK/recorded"
answered=$(wc -l <"$WORK/answered")
lost=$(comm -23 "$WORK/answered" "$WORK/recorded" | wc -l)
rps=$(awk -v n="$answered" -v s="$SECONDS_BEFORE_KILL" 'BEGIN {printf "%.0f", n/s}')
printf "ledger %s: %d answered in %ss (~%s/s), lost after SIGKILL: %d answered requests = %.1f ms of traffic\n" \
  "${LEDGER:-default}" "$answered" "$SECONDS_BEFORE_KILL" "$rps" "$lost" "$(awk -v l="$lost" -v r="$rps" 'BEGIN {print (r > 0 ? l * 1000 / r : 0)}')"
