#!/usr/bin/env bash
# Load benchmark: direct-to-MockUpstream vs through-Frugal, measured in one run on this machine.
# Prints added p50/p99 latency, requests/s, errors, Frugal's CPU time per request (from /proc),
# the exact-cache hit path at 64 connections (a second gateway with cache.enabled; its ledger backlog after the run),
# streaming time-to-first-byte and peak RSS. Needs wrk and curl (apt-get install -y wrk curl).
# Usage: bash bench/load.sh [seconds-per-run]     (default 10)
#        GATEWAY_ENV="DOTNET_GCgen0size=0x800000" bash bench/load.sh   (extra environment for the gateway process)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
MOCK_PORT=9100
GW_PORT=8100
HIT_PORT=8101
WORK="$(mktemp -d)"
trap 'kill "${GW_PID:-}" "${HIT_PID:-}" "${MOCK_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }
for project in src/Frugal.Cli testassets/MockUpstream; do dotnet build -c Release -v q -nologo "$project" >/dev/null; done

cat > "$WORK/frugal.json" <<JSON
{
  "dataDir": "$WORK/data",
  "auth": { "mode": "none" },
  "providers": { "mock": { "kind": "openai", "baseUrl": "http://127.0.0.1:$MOCK_PORT/v1", "apiKeyEnv": "MOCK_API_KEY" } },
  "models": { "gpt-4o-mini": { "provider": "mock" } }
}
JSON
sed -e "s|$WORK/data|$WORK/hit-data|" -e 's|"auth"|"cache": { "enabled": true }, "telemetry": { "metricsAccess": "open" }, "auth"|' \
  "$WORK/frugal.json" >"$WORK/hit.json"

DOTNET_gcServer=0 dotnet testassets/MockUpstream/bin/Release/net10.0/MockUpstream.dll --urls "http://127.0.0.1:$MOCK_PORT" >"$WORK/mock.log" 2>&1 &
MOCK_PID=$!
env ${GATEWAY_ENV:-} dotnet src/Frugal.Cli/bin/Release/net10.0/frugal.dll serve --config "$WORK/frugal.json" --urls "http://127.0.0.1:$GW_PORT" >"$WORK/gw.log" 2>&1 &
GW_PID=$!
env ${GATEWAY_ENV:-} dotnet src/Frugal.Cli/bin/Release/net10.0/frugal.dll serve --config "$WORK/hit.json" --urls "http://127.0.0.1:$HIT_PORT" >"$WORK/hit.log" 2>&1 &
HIT_PID=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$GW_PORT/healthz" >/dev/null 2>&1 && curl -fs "http://127.0.0.1:$HIT_PORT/healthz" >/dev/null 2>&1 \
    && curl -fs "http://127.0.0.1:$MOCK_PORT/v1/models" >/dev/null 2>&1 && break
  sleep 0.1
done

DIRECT="http://127.0.0.1:$MOCK_PORT/v1/chat/completions"
GATEWAY="http://127.0.0.1:$GW_PORT/v1/chat/completions"
TICKS=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# wrk --latency output → "p50_ms p99_ms rps errors requests"
run_wrk() {
  local url=$1 conns=$2 threads=$(( $2 < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$conns" -d"${DURATION}s" --latency -s bench/chat.lua "$url" >"$WORK/wrk.out" 2>&1
  awk '
    function ms(v) { if (v ~ /us$/) return substr(v,1,length(v)-2)/1000; if (v ~ /ms$/) return substr(v,1,length(v)-2)+0; if (v ~ /s$/) return substr(v,1,length(v)-1)*1000; return v }
    $1=="50%" {p50=ms($2)} $1=="99%" {p99=ms($2)}
    /Requests\/sec/ {rps=$2}
    /requests in/ {req=$1}
    /Socket errors/ {gsub(",","",$0); err+=$4+$6+$8+$10}
    /Non-2xx/ {err+=$5}
    END {printf "%.3f %.3f %.0f %d %d\n", p50, p99, rps, err+0, req}' "$WORK/wrk.out"
}

echo "warming up..."
wrk -t1 -c8 -d3s -s bench/chat.lua "$DIRECT" >/dev/null
wrk -t1 -c8 -d3s -s bench/chat.lua "$GATEWAY" >/dev/null

printf "\n%-4s | %-30s | %-30s | %-17s | %s\n" "c" "direct p50/p99 ms, rps, err" "gateway p50/p99 ms, rps, err" "added p50/p99 ms" "gateway CPU ms/req"
for c in 1 16 64; do
  read -r d50 d99 drps derr _ < <(run_wrk "$DIRECT" "$c")
  before=$(cpu_ticks "$GW_PID")
  read -r g50 g99 grps gerr greq < <(run_wrk "$GATEWAY" "$c")
  after=$(cpu_ticks "$GW_PID")
  cpu=$(awk -v b="$before" -v a="$after" -v n="$greq" -v t="$TICKS" 'BEGIN {printf "%.3f", (a-b)/t*1000/n}')
  printf "%-4s | %7.3f %7.3f %7s %4s | %7.3f %7.3f %7s %4s | %+7.3f %+7.3f | %s\n" "$c" "$d50" "$d99" "$drps" "$derr" "$g50" "$g99" "$grps" "$gerr" \
    "$(awk -v a="$g50" -v b="$d50" 'BEGIN{print a-b}')" "$(awk -v a="$g99" -v b="$d99" 'BEGIN{print a-b}')" "$cpu"
done

# The exact-cache hit path: every request after the first is a hit, so the gateway runs as fast as it can and
# the ledger writer must keep up with it. Backlog = requests answered but not yet committed when wrk stops.
HIT="http://127.0.0.1:$HIT_PORT/v1/chat/completions"
wrk -t1 -c8 -d3s -s bench/chat.lua "$HIT" >/dev/null
read -r h50 h99 hrps herr _ < <(run_wrk "$HIT" 64)
backlog=$(curl -s "http://127.0.0.1:$HIT_PORT/metrics" | awk '/^frugal_requests_total/ {r+=$NF} /^frugal_ledger_entries_written_total/ {w+=$NF} END {print r-w}')
printf "\ncache hits c=64: p50/p99 %.3f/%.3f ms, %s rps, %s errors, ledger backlog after the run: %s entries\n" "$h50" "$h99" "$hrps" "$herr" "$backlog"

# Streaming time to first byte, sequential, same request both ways.
STREAM_BODY='{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Stream a short answer [[chunks:8]]"}]}'
ttfb() {
  for _ in $(seq 1 200); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' -H 'Content-Type: application/json' -d "$STREAM_BODY" "$1"
  done | sort -n | awk '{v[NR]=$1*1000} END {printf "%.3f %.3f\n", v[int(NR*0.5)], v[int(NR*0.99)]}'
}
read -r sd50 sd99 < <(ttfb "http://127.0.0.1:$MOCK_PORT/v1/chat/completions")
read -r sg50 sg99 < <(ttfb "http://127.0.0.1:$GW_PORT/v1/chat/completions")
printf "\nstreaming TTFB p50/p99 ms: direct %.3f/%.3f, gateway %.3f/%.3f, added %+.3f/%+.3f\n" "$sd50" "$sd99" "$sg50" "$sg99" \
  "$(awk -v a="$sg50" -v b="$sd50" 'BEGIN{print a-b}')" "$(awk -v a="$sg99" -v b="$sd99" 'BEGIN{print a-b}')"
printf "gateway peak RSS: %s MB\n" "$(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$GW_PID/status")"
