#!/usr/bin/env bash
# Start-up of a published `frugal`: median of N runs (default 5) after one warm-up run (the first start of a
# single-file binary unpacks its native libraries; that is not what a restart costs).
#   deploy/startup.sh [path/to/frugal] [runs]     (default artifacts/publish/linux-x64/frugal, 5)
# serve: from exec to the first 200 of /readyz, README's quick-start config (no caches), a new data directory each run.
# CLI:   wall time of --version, --help, report --help and `report --by model` on a ledger of one request.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(realpath "${1:-artifacts/publish/linux-x64/frugal}")"
runs="${2:-5}"
work="$(mktemp -d)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=18180
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

config() {
  cat >"$work/frugal.json" <<JSON
{
  "dataDir": "$1",
  "auth": { "mode": "none" },
  "providers": { "mock": { "kind": "openai", "baseUrl": "http://127.0.0.1:9/v1", "apiKeyEnv": "MOCK_API_KEY" } },
  "models": { "gpt-4o-mini": { "provider": "mock" } }
}
JSON
}

serve_once() {
  config "$work/data-$1"
  local start; start=$(now_ms)
  "$bin" serve --config "$work/frugal.json" --urls "http://127.0.0.1:$port" >"$work/serve.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log"; echo "startup: frugal serve exited" >&2; exit 1; }
    sleep 0.01
  done
  echo $(( $(now_ms) - start ))
  if [[ "$1" == "ledger" ]]; then   # leave one ledger row for `report`
    curl -s "http://127.0.0.1:$port/v1/chat/completions" -H 'Content-Type: application/json' \
      -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}' >/dev/null || true
  fi
  kill -TERM "$pid"; wait "$pid" || true; pid=""
}

serve_once warmup >/dev/null
serve_ms=$(for i in $(seq "$runs"); do serve_once "$i"; done | tee "$work/serve-runs" | median)
echo "serve → /readyz 200: median ${serve_ms} ms (runs: $(paste -sd' ' "$work/serve-runs"))"

serve_once ledger >/dev/null
config "$work/data-ledger"
cli() {
  local name=$1; shift
  "$@" >/dev/null 2>&1   # warm-up
  local times=()
  for _ in $(seq "$runs"); do
    local start; start=$(now_ms)
    "$@" >/dev/null 2>&1 || { echo "startup: '$name' failed" >&2; exit 1; }
    times+=($(( $(now_ms) - start )))
  done
  echo "$name: median $(printf '%s\n' "${times[@]}" | median) ms (runs: ${times[*]})"
}
cli "frugal --version" "$bin" --version
cli "frugal --help" "$bin" --help
cli "frugal report --help" "$bin" report --help
cli "frugal report --by model" "$bin" report --config "$work/frugal.json" --by model
echo "binary $(stat -c %s "$bin" | awk '{ printf "%.1f MiB", $1 / 1048576 }'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
