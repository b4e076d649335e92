#!/usr/bin/env bash
# Allocation budgets for the hot-path benchmarks (bench/allocation-budgets.json: benchmark -> max bytes allocated per
# operation). Runs those benchmarks once, in process, in a short BenchmarkDotNet job with the memory diagnoser (bytes
# per operation are deterministic; the timings of this run mean nothing), exports the results as JSON under
# BenchmarkDotNet.Artifacts/results/, prints measured vs budget and exits 1 naming every benchmark over budget or
# missing. About 3 minutes on a busy 2-core machine (most of it the semantic benchmark's 100k-vector setup).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release bench/Frugal.Benchmarks -v q -nologo
log="$(mktemp)"
status=0
dotnet run -c Release --no-build --project bench/Frugal.Benchmarks -- --check-allocations bench/allocation-budgets.json >"$log" 2>&1 || status=$?
# The verdict table is the tail of the output; the full BenchmarkDotNet log stays in $log for whoever needs it.
sed -n '/^benchmark  /,$p' "$log"
if [ "$status" -ne 0 ]; then
  grep -q '^benchmark  ' "$log" || tail -40 "$log"
  echo "check-allocations: FAILED (full log: $log)" >&2
fi
exit "$status"
