#!/usr/bin/env bash
# turbo, with its telemetry notice off for everyone who works on this repository: turbo.json has
# no setting for it, only the environment does. The root scripts in package.json call turbo
# through this file; scripts/*.sh get the same setting from scripts/lib/pnpm-on-path.sh.
set -euo pipefail
export TURBO_TELEMETRY_DISABLED=1
exec turbo "$@"
