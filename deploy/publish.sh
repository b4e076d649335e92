#!/usr/bin/env bash
# Self-contained single-file `frugal` (no .NET SDK or runtime needed on the target), trimmed and ReadyToRun
# (src/Frugal.Cli/Frugal.Cli.csproj sets both for any publish with a runtime; a trim warning fails the publish).
#   deploy/publish.sh [linux-x64|linux-arm64] [--no-models]     → artifacts/publish/<rid>/frugal
# linux-arm64 cross-publishes from an x64 machine (ReadyToRun code is compiled for arm64 by the x64 crossgen).
# The two sentence-transformer model files (SentenceTransformers.*.dll, ~180 MB, read as files) stay BESIDE the
# binary; --no-models leaves them out (then the semantic cache needs "embedder": "hashing" | "glove" | "http").
# Native libraries (SQLite, ONNX Runtime) are inside the binary and extracted once, on first start, under
# $DOTNET_BUNDLE_EXTRACT_BASE_DIR (default ~/.net): give the service user a writable one (the unit file does).
set -euo pipefail
cd "$(dirname "$0")/.."
rid="${1:-linux-x64}"
models=()
if [[ "${2:-}" == "--no-models" ]]; then models=(-p:FrugalModels=false); fi
out="${OUT:-artifacts/publish/$rid}"
rm -rf "$out"
dotnet publish src/Frugal.Cli -c Release -r "$rid" --self-contained \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true \
  -p:DebugType=none -p:DebugSymbols=false "${models[@]}" -o "$out"
rm -f "$out"/MockUpstream.runtimeconfig.json   # a referenced project's leftover; `frugal demo` runs the mock in-process
ls -l "$out"
