#!/usr/bin/env bash
# The published binary against README's quick start: serve + one chat call to MockUpstream + `report`.
#   deploy/smoke.sh [path/to/frugal]      (default artifacts/publish/linux-x64/frugal; run deploy/publish.sh first)
# Prints the cold start to /readyz and the idle RSS. Needs the SDK only for MockUpstream (the mock LLM).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(realpath "${1:-artifacts/publish/linux-x64/frugal}")"
work="$(mktemp -d)"
mock_port="${MOCK_PORT:-19000}"
port="${FRUGAL_PORT:-18080}"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

dotnet build testassets/MockUpstream -c Release -v q -nologo >/dev/null
dotnet testassets/MockUpstream/bin/Release/net10.0/MockUpstream.dll --urls "http://127.0.0.1:$mock_port" >"$work/mock.log" 2>&1 &
pids+=($!)
cat >"$work/frugal.json" <<JSON
{
  "dataDir": "$work/frugal-data",
  "auth": { "mode": "none" },
  "providers": { "mock": { "kind": "openai", "baseUrl": "http://127.0.0.1:$mock_port/v1", "apiKeyEnv": "MOCK_API_KEY" } },
  "models": { "gpt-4o-mini": { "provider": "mock" } }
}
JSON
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$mock_port/v1/models" >/dev/null && break; sleep 0.1; done

start=$(date +%s%N)
"$bin" serve --config "$work/frugal.json" --urls "http://127.0.0.1:$port" >"$work/serve.log" 2>&1 &
pid=$!
pids+=($pid)
until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log"; echo "smoke: frugal serve exited" >&2; exit 1; }
  sleep 0.02
done
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
sleep 2
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

answer=$(curl -fs "http://127.0.0.1:$port/v1/chat/completions" -H 'Content-Type: application/json' \
  -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}]}')
grep -q '"choices"' <<<"$answer" || { echo "smoke: no answer: $answer" >&2; exit 1; }
curl -fsI "http://127.0.0.1:$port/healthz" >/dev/null
kill -TERM "$pid"; wait "$pid" || true
report=$("$bin" report --config "$work/frugal.json" --by model)
echo "$report"
grep -q 'gpt-4o-mini' <<<"$report" || { echo "smoke: report has no gpt-4o-mini row" >&2; exit 1; }
echo "smoke: ok — binary $(du -h "$bin" | cut -f1), ready in ${ready_ms} ms, idle RSS $((rss_kb / 1024)) MB"
