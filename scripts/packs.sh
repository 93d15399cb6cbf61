#!/usr/bin/env bash
# `pnpm packs` (from a clone: `bash scripts/dev.sh packs`): builds the four packages and packs
# them into packs/ as they would be published (`pnpm pack`: `workspace:*` becomes the version,
# only `files` ship), so another project can install them before they are on a registry.
# Install a package together with the @cf-devices packages it depends on (every one depends
# on types), e.g. `npm install ./packs/cf-devices-types-*.tgz ./packs/cf-devices-client-*.tgz`.
set -euo pipefail
cd "$(dirname "$0")/.."
# turbo and pnpm on PATH, also outside `pnpm run`; turbo's telemetry notice off.
source scripts/lib/pnpm-on-path.sh

echo "==> build" >&2
turbo run build --filter="./packages/*" --output-logs=errors-only >&2
rm -rf packs
echo "==> pnpm pack into packs/" >&2
pnpm -r --filter "./packages/*" pack --pack-destination "$PWD/packs" >/dev/null
ls "$PWD"/packs/*.tgz
types=$(ls "$PWD"/packs/cf-devices-types-*.tgz)
client=$(ls "$PWD"/packs/cf-devices-client-*.tgz)
echo "==> in your project, for example: npm install $types $client" >&2
