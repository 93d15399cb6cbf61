#!/usr/bin/env bash
# Runs a workspace script on any machine that has Node and npm:
#   bash scripts/dev.sh test     # the full test suite
#   bash scripts/dev.sh demo     # the CLI against the embedded mock
# It fetches Node 24 from npm when the system Node is older, runs pnpm at the version pinned in
# package.json through npx (no corepack needed), installs with the frozen lockfile, then runs
# `pnpm <args>`.
set -euo pipefail
cd "$(dirname "$0")/.."

need_major=24
have_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$have_major" -lt "$need_major" ]; then
  node_dir="${CF_DEVICES_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cf-devices/node$need_major}"
  if [ ! -x "$node_dir/node_modules/.bin/node" ]; then
    echo "==> system Node is $(node --version 2>/dev/null || echo missing); fetching Node $need_major from npm into $node_dir" >&2
    mkdir -p "$node_dir"
    npm install --prefix "$node_dir" --no-audit --no-fund --loglevel=error "node@$need_major" >&2
  fi
  export PATH="$node_dir/node_modules/.bin:$PATH"
fi
echo "==> using Node $(node --version)" >&2

pnpm_version=$(node -p 'require("./package.json").packageManager.split("@")[1]')
pnpm() { npx --yes "pnpm@$pnpm_version" "$@"; }

echo "==> pnpm $pnpm_version install --frozen-lockfile" >&2
# confirm-modules-purge=false: when node_modules was installed with other settings (say, by CI
# with CI=true), reinstall instead of stopping at a question no one can answer without a TTY.
pnpm install --frozen-lockfile --reporter=append-only --config.confirm-modules-purge=false >&2

echo "==> pnpm $*" >&2
pnpm "$@"
