#!/usr/bin/env bash
# Installs the benchmark's Debian tools when they are missing: wrk (HTTP load) and hyperfine
# (process start-up). Only as root with apt-get; otherwise it says so and the benchmark falls
# back to its built-in load generator and spawn loop. Never fails the run.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
cd "$(dirname "$0")/.."

missing=()
for tool in wrk hyperfine; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "==> bench tools present: $(wrk --version 2>&1 | head -n1 | cut -d' ' -f1-2), $(hyperfine --version)" >&2
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> apt-get install ${missing[*]}" >&2
  if ! { apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 &&
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; }; }; then
    echo "==> could not install ${missing[*]}; the benchmark uses its built-in fallbacks" >&2
  fi
else
  echo "==> ${missing[*]} missing and not root with apt-get; the benchmark uses its built-in fallbacks" >&2
  echo "    (install them with: sudo apt-get install ${missing[*]})" >&2
fi
