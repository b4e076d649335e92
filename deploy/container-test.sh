#!/usr/bin/env bash
# Builds deploy/Containerfile with podman on a machine that cannot pull images, then runs it for real:
#   sudo deploy/container-test.sh          (root, podman, runc, mmdebstrap, the .NET SDK; podman-compose optional)
# 1. Local base images instead of the registry ones: runtime-deps and a Redis stand-in built with mmdebstrap from
#    the machine's own apt sources (BASE_SOURCES, default /etc/apt/sources.list.d/debian.sources), an "SDK image" =
#    runtime-deps + this machine's .NET SDK. Built once, kept (REBUILD_BASES=1 rebuilds them).
# 2. podman build with no network: NuGet restores from this machine's package cache mounted read-only.
# 3. The image with a data volume against MockUpstream on the host: /healthz, /readyz, an admin-API key, one chat
#    completion, uid 1654, HEALTHCHECK healthy, SIGTERM stop, and the ledger still there in a second container.
# 4. deploy/compose.yaml (podman-compose) with the Redis stand-in: /readyz with Redis ok, a chat completion whose
#    cache entry lands in Redis, both health checks. Everything it starts is removed on exit; the images stay.
# Not for CI: it needs root and mmdebstrap, and the build alone takes minutes. Takes ~4 min with the bases cached.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
base_sources="${BASE_SOURCES:-/etc/apt/sources.list.d/debian.sources}"
[[ -f "$base_sources" ]] || base_sources=/etc/apt/sources.list
suite=bookworm   # the package names below (libicu72, libssl3) are bookworm's
runtime_base=localhost/frugal-ct/runtime-deps:$suite
sdk_base=localhost/frugal-ct/sdk:10.0
redis_image=localhost/redis:7   # what the short name "redis:7" in compose.yaml finds first in local storage
image=localhost/frugal:local    # compose.yaml's "image: frugal:local": compose then runs it instead of building
mock_port="${MOCK_PORT:-19101}"
port="${FRUGAL_PORT:-18081}"
work="$(mktemp -d)"
admin_key="ct-admin-$RANDOM$RANDOM"
mock_pid=""
compose_up=0

log() { printf '\n== %s\n' "$*"; }
fail() { echo "container-test: FAIL: $*" >&2; exit 1; }
cleanup() {
  set +e
  if [[ $compose_up == 1 ]]; then
    (cd "$repo" && FRUGAL_ADMIN_KEY="$admin_key" podman-compose -p frugalct -f deploy/compose.yaml \
      -f "$work/compose.test.yaml" down -v >/dev/null 2>&1)
    podman rm -f $(podman ps -aq --filter label=io.podman.compose.project=frugalct) >/dev/null 2>&1
    podman volume rm -f frugalct_frugal-data frugalct_redis-data >/dev/null 2>&1
    podman network rm frugalct_default >/dev/null 2>&1
  fi
  podman rm -f frugal-ct frugal-ct-report >/dev/null 2>&1
  podman volume rm -f frugal-ct-data >/dev/null 2>&1
  [[ -n $mock_pid ]] && kill "$mock_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
for tool in podman mmdebstrap dotnet curl; do command -v "$tool" >/dev/null || fail "needs $tool"; done
[[ $(id -u) == 0 ]] || fail "run as root (rootful podman; mmdebstrap needs root here)"

log "base images (local, from $base_sources)"
if [[ "${REBUILD_BASES:-0}" == 1 ]] || ! podman image exists "$runtime_base"; then
  # What the runtime-deps image holds, plus its user "app" (1654) that the Containerfile runs as.
  mmdebstrap --variant=minbase --include=ca-certificates,libc6,libgcc-s1,libicu72,libssl3,libstdc++6,tzdata,zlib1g \
    --customize-hook='chroot "$1" groupadd --gid=1654 app' \
    --customize-hook='chroot "$1" useradd -l --uid=1654 --gid=1654 --create-home app' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    "$suite" "$work/runtime-deps.tar" "$base_sources" >"$work/mmdebstrap.log" 2>&1 || { tail -20 "$work/mmdebstrap.log"; fail "mmdebstrap runtime-deps"; }
  podman import --change 'CMD ["bash"]' "$work/runtime-deps.tar" "$runtime_base" >/dev/null 2>&1
  rm -f "$work/runtime-deps.tar"
fi
if [[ "${REBUILD_BASES:-0}" == 1 ]] || ! podman image exists "$redis_image"; then
  # The official redis image turns protected mode off (it accepts connections from other containers without a
  # password); Debian's redis-server does not, so a wrapper earlier on PATH adds the flag.
  mmdebstrap --variant=minbase --include=redis-server,redis-tools \
    --customize-hook='mkdir -p "$1"/data && chroot "$1" chown redis:redis /data' \
    --customize-hook='printf "#!/bin/sh\nexec /usr/bin/redis-server \"\$@\" --protected-mode no\n" >"$1"/usr/local/bin/redis-server && chmod 755 "$1"/usr/local/bin/redis-server' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    "$suite" "$work/redis.tar" "$base_sources" >"$work/mmdebstrap.log" 2>&1 || { tail -20 "$work/mmdebstrap.log"; fail "mmdebstrap redis"; }
  podman import --change 'USER redis' --change 'WORKDIR /data' --change 'VOLUME /data' --change 'EXPOSE 6379' \
    --change 'CMD ["redis-server"]' "$work/redis.tar" "$redis_image" >/dev/null 2>&1
  rm -f "$work/redis.tar"
fi

log "container runtime"
# This machine (a VM sandbox) needed three workarounds, applied only when a plain run fails: crun refuses cgroup v1+v2
# hybrid mounts (runc does not), podman's default RLIMIT_NOFILE 1048576 is above the hard limit root may not raise
# here, and an RLIMIT_NPROC above podman's own 32768 cap fails likewise.
if ! out=$(podman run --rm "$runtime_base" true 2>&1); then
  echo "plain 'podman run' failed: $out"
  command -v runc >/dev/null || fail "needs runc (apt install runc)"
  cat >"$work/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=32768:32768"]
[engine]
runtime = "runc"
CONF
  export CONTAINERS_CONF="$work/containers.conf"
  podman run --rm "$runtime_base" true || fail "podman run still fails with runc + ulimits"
  echo "using runc, nofile=$(ulimit -Hn), nproc=32768"
fi

if [[ "${REBUILD_BASES:-0}" == 1 ]] || ! podman image exists "$sdk_base"; then
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  printf 'FROM %s\nCOPY . /usr/share/dotnet/\nRUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet\nENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1\n' \
    "$runtime_base" >"$work/sdk.Containerfile"
  podman build -q -f "$work/sdk.Containerfile" -t "$sdk_base" "$dotnet_root" >/dev/null
fi

log "podman build deploy/Containerfile (no network; NuGet from ~/.nuget/packages, read-only)"
# The host restore brings every package the publish needs (runtime packs included) into the cache first.
dotnet restore src/Frugal.Cli -r linux-x64 -v q -nologo >/dev/null
arch=$([[ $(uname -m) == aarch64 ]] && echo arm64 || echo amd64)
start=$(date +%s)
podman build --format docker --network none -v "$HOME/.nuget/packages:/root/.nuget/packages:ro" \
  --build-arg NUGET_AUDIT=false --build-arg TARGETARCH="$arch" \
  --build-arg SDK_IMAGE="$sdk_base" --build-arg RUNTIME_IMAGE="$runtime_base" \
  -f deploy/Containerfile --ignorefile deploy/Containerfile.dockerignore -t "$image" . >"$work/build.log" 2>&1 \
  || { tail -30 "$work/build.log"; fail "podman build"; }
echo "built $image in $(($(date +%s) - start)) s, $(podman image inspect "$image" --format '{{.Size}}' | awk '{printf "%d MB", $1/1e6}')"

log "MockUpstream on the host, port $mock_port"
dotnet build testassets/MockUpstream -c Release -v q -nologo >/dev/null
dotnet testassets/MockUpstream/bin/Release/net10.0/MockUpstream.dll --urls "http://0.0.0.0:$mock_port" >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$mock_port/v1/models" >/dev/null && break; sleep 0.1; done

chat() { # url key model → the answer; fails unless it is a chat completion
  local answer
  answer=$(curl -sS "$1/v1/chat/completions" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
    -d "{\"model\":\"$3\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}")
  grep -q '"chat.completion"' <<<"$answer" || fail "not a chat completion: $answer"
  echo "$answer"
}
new_key() { # url → a virtual key made through the admin API
  curl -fsS -X POST "$1/admin/keys" -H "Authorization: Bearer $admin_key" -H 'Content-Type: application/json' \
    -d '{"name":"container-test"}' | grep -o '"key": *"fk-[^"]*"' | sed -E 's/.*"(fk-[^"]*)"/\1/'
}
wait_ready() { # url container → waits up to 60 s for /readyz 200
  for _ in $(seq 1 300); do
    curl -fs "$1/readyz" >/dev/null && return 0
    [[ $(podman inspect "$2" --format '{{.State.Running}}') == true ]] || { podman logs "$2"; fail "$2 exited"; }
    sleep 0.2
  done
  curl -s "$1/readyz"; fail "$2 not ready after 60 s"
}

log "podman run: data volume, config pointing at MockUpstream"
cat >"$work/frugal.json" <<JSON
{
  "dataDir": "/data",
  "auth": { "mode": "keys", "adminKeyEnv": "FRUGAL_ADMIN_KEY" },
  "logging": { "format": "json" },
  "providers": { "mock": { "kind": "openai", "baseUrl": "http://host.containers.internal:$mock_port/v1", "apiKeyEnv": "MOCK_API_KEY" } },
  "models": { "gpt-4o-mini": { "provider": "mock" } }
}
JSON
podman volume create frugal-ct-data >/dev/null
start=$(date +%s%N)
podman run -d --name frugal-ct -p "127.0.0.1:$port:8080" -v frugal-ct-data:/data \
  -v "$work/frugal.json:/etc/frugal/frugal.json:ro" -e FRUGAL_ADMIN_KEY="$admin_key" -e MOCK_API_KEY=mock \
  "$image" >/dev/null 2>"$work/run.err" || { cat "$work/run.err"; fail "podman run"; }
url="http://127.0.0.1:$port"
wait_ready "$url" frugal-ct
echo "ready in $((($(date +%s%N) - start) / 1000000)) ms (container start included)"
echo "GET /healthz → $(curl -fsS "$url/healthz")"
echo "GET /readyz  → $(curl -fsS "$url/readyz")"
key=$(new_key "$url")
[[ $key == fk-* ]] || fail "no key from POST /admin/keys: $key"
chat "$url" "$key" gpt-4o-mini | cut -c1-160
uid=$(podman exec frugal-ct id -u)
[[ $uid == 1654 ]] || fail "runs as uid $uid"
echo "process: $(podman top frugal-ct user huser comm | tail -1)"
podman exec frugal-ct /app/frugal keys create --name via-exec --config /etc/frugal/frugal.json 2>&1 >/dev/null   # the key itself (stdout) not shown
podman healthcheck run frugal-ct 2>/dev/null || fail "HEALTHCHECK did not pass"
echo "HEALTHCHECK: $(podman inspect frugal-ct --format '{{.State.Health.Status}}')"
start=$(date +%s%N)
podman stop -t 30 frugal-ct >/dev/null 2>&1
echo "SIGTERM stop: exit $(podman inspect frugal-ct --format '{{.State.ExitCode}}') after $((($(date +%s%N) - start) / 1000000)) ms"
podman run --name frugal-ct-report -v frugal-ct-data:/data -v "$work/frugal.json:/etc/frugal/frugal.json:ro" "$image" \
  report --config /etc/frugal/frugal.json --by model 2>/dev/null | tee "$work/report.txt" | sed -n '2,4p'
grep -q 'gpt-4o-mini  *1 ' "$work/report.txt" || fail "the ledger on the volume does not hold the request"
echo "data volume: $(ls "$(podman volume inspect frugal-ct-data --format '{{.Mountpoint}}')" | tr '\n' ' ')"
podman rm -f frugal-ct frugal-ct-report >/dev/null 2>&1

if ! command -v podman-compose >/dev/null; then
  echo; echo "podman-compose not installed: compose.yaml not run"; echo "container-test: ok (compose skipped)"; exit 0
fi
log "podman-compose: deploy/compose.yaml with Redis (openai provider pointed at MockUpstream by an override file)"
curl -s -o /dev/null "http://127.0.0.1:8080/" && fail "port 8080 (compose.yaml's) is taken"
# frugal.compose.json has no "models" and no "providers": the built-in "openai" provider, called as openai/<model>.
# The override changes that built-in provider (names match case-insensitively; anthropic stays as it is).
cat >"$work/compose.test.yaml" <<YAML
services:
  frugal:
    environment:
      FRUGAL__PROVIDERS__OPENAI__BASEURL: http://host.containers.internal:$mock_port/v1
YAML
compose_up=1
FRUGAL_ADMIN_KEY="$admin_key" OPENAI_API_KEY=mock \
  podman-compose -p frugalct -f deploy/compose.yaml -f "$work/compose.test.yaml" up -d >"$work/compose.log" 2>&1 \
  || { tail -20 "$work/compose.log"; fail "podman-compose up"; }
url="http://127.0.0.1:8080"
wait_ready "$url" frugalct_frugal_1
echo "GET /readyz → $(curl -fsS "$url/readyz")"
key=$(new_key "$url")
chat "$url" "$key" openai/gpt-4o-mini | cut -c1-160
redis_keys=$(podman exec frugalct_redis_1 redis-cli --scan --pattern 'frugal:*' | wc -l)
[[ $redis_keys -gt 0 ]] || fail "nothing under frugal:* in Redis"
echo "Redis holds $redis_keys keys under frugal:*"
second=$(curl -fsS -D - -o /dev/null "$url/v1/chat/completions" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}]}' | tr -d '\r' | grep -i '^x-frugal-cache' || true)
[[ $second == "x-frugal-cache: hit" ]] || fail "the same request again was not an exact-cache hit: ${second:-no x-frugal-cache header}"
echo "same request again: $second"
podman healthcheck run frugalct_redis_1 2>/dev/null || fail "redis health check"
podman healthcheck run frugalct_frugal_1 2>/dev/null || fail "frugal health check (compose)"
echo "health: redis $(podman inspect frugalct_redis_1 --format '{{.State.Health.Status}}'), frugal $(podman inspect frugalct_frugal_1 --format '{{.State.Health.Status}}')"
echo "frugal runs as uid $(podman exec frugalct_frugal_1 id -u)"
echo; echo "container-test: ok"
