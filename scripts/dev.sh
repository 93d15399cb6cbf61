#!/usr/bin/env bash
# Runs a workspace script on any machine that has Node and npm:
#   bash scripts/dev.sh test     # the full test suite (what CI runs)
#   bash scripts/dev.sh demo     # the CLI against the embedded mock
#   bash scripts/dev.sh build    # any other script of package.json: `pnpm <args>`
# It fetches Node 24 from npm when the system Node is older, runs pnpm at the version pinned in
# package.json through npx (no corepack, no global pnpm needed), installs with the frozen
# lockfile, then runs `pnpm <args>`. For `test` it first installs what the tests need from the
# system's packages (Chromium, for the runtime matrix), as root or with sudo; when that is not
# possible it says so and goes on, and only the checks that need it fail, with the command to run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Notices that read like problems to a newcomer: turbo's telemetry notice (turbo has no setting
# for it in turbo.json) and npm's update notice for the npx calls below. pnpm's own update box
# is off in .npmrc.
export TURBO_TELEMETRY_DISABLED=1
export npm_config_update_notifier=false

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

# System packages the tests need. Chromium drives the browser row of the runtime matrix
# (test/reliability/runtimes.test.ts); the other runtimes come from npm during the tests.
install_test_system_deps() {
  local chromium="${CF_DEVICES_CHROMIUM:-/usr/bin/chromium}"
  [ -x "$chromium" ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo"
    else
      echo "==> Chromium is missing and this is neither root nor passwordless sudo: the chromium runtime check will fail." >&2
      echo "    Install it with: sudo apt-get install -y --no-install-recommends chromium" >&2
      return 0
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "==> Chromium is missing and there is no apt-get: the chromium runtime check will fail." >&2
    echo "    Install Chromium and set CF_DEVICES_CHROMIUM to its path." >&2
    return 0
  fi
  echo "==> apt-get install chromium (for the runtime matrix)" >&2
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium; } >&2; then
    echo "==> apt-get could not install Chromium: the chromium runtime check will fail." >&2
    echo "    Install it with: ${sudo:+sudo }apt-get update && ${sudo:+sudo }apt-get install -y --no-install-recommends chromium" >&2
  fi
}
if [ "${1:-}" = test ]; then install_test_system_deps; fi

pnpm_version=$(node -p 'require("./package.json").packageManager.split("@")[1]')
pnpm() { npx --yes "pnpm@$pnpm_version" "$@"; }

echo "==> pnpm $pnpm_version install --frozen-lockfile" >&2
# confirm-modules-purge=false: when node_modules was installed with other settings (say, by CI
# with CI=true), reinstall instead of stopping at a question no one can answer without a TTY.
pnpm install --frozen-lockfile --reporter=append-only --config.confirm-modules-purge=false >&2

echo "==> pnpm $*" >&2
pnpm "$@"
