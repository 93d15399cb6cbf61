# Sourced (not run) by the scripts in scripts/ that call turbo or pnpm, from the repository root.
# Outside `pnpm run`, pnpm is not on PATH: this puts the version pinned in package.json's
# `packageManager` there. It adds pnpm's real bin folder, not an npx wrapper, because turbo waits
# for an npx child's lingering pipes.
if ! command -v pnpm >/dev/null 2>&1; then
  pnpm_version=$(node -p 'require("./package.json").packageManager.split("@")[1]')
  pnpm_bin=$(npx --yes -p "pnpm@$pnpm_version" -c 'command -v pnpm')
  PATH="$(dirname "$pnpm_bin"):$PATH"
  export PATH
fi
# turbo's telemetry notice reads like a problem to a newcomer; turbo.json has no setting for it.
export TURBO_TELEMETRY_DISABLED=1
