#!/usr/bin/env bash
# `pnpm check:packages [types client mock cli]`: packs each package the way it will be published
# (`pnpm pack`, so `workspace:*` becomes a real version and only `files` ship), then lints the
# tarball with publint (--strict: warnings fail too; suggestions are printed) and checks its
# types with attw (--profile esm-only: every package is ESM-only, so only the CommonJS
# resolutions are skipped; node16-ESM and bundler resolution must be clean).
# Builds the packages first through turbo (a cache hit when `pnpm test` just built them).
# Keeps going after a failure and exits 1 at the end if any package failed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# turbo and pnpm must be on PATH, also outside `pnpm run`.
source scripts/lib/pnpm-on-path.sh

packages=("$@")
[ ${#packages[@]} -gt 0 ] || packages=(types client mock cli)

filters=()
for name in "${packages[@]}"; do
  [ -f "packages/$name/package.json" ] || { echo "check-packages: no package packages/$name" >&2; exit 2; }
  filters+=("--filter=@cf-devices/$name")
done

echo "==> build ${packages[*]}"
turbo run build "${filters[@]}" --output-logs=errors-only

color=--no-color
[ -t 1 ] && color=--color
failed=()
for name in "${packages[@]}"; do
  dir="packages/$name"
  echo "==> pack $dir"
  if ! (cd "$dir" && pnpm pack --pack-destination "$work/$name" >/dev/null); then
    failed+=("$name (pack)")
    continue
  fi
  tarball=$(ls "$work/$name"/*.tgz)

  echo "==> publint $dir"
  publint run "$tarball" --strict --level suggestion || failed+=("$name (publint)")

  echo "==> attw $dir"
  # attw passes a package that ships no declarations at all ("does not contain types"): not ours.
  contents=$(tar -tzf "$tarball")
  if ! grep -q '\.d\.ts$' <<<"$contents"; then
    echo "$dir: the tarball ships no .d.ts files" >&2
    failed+=("$name (no types)")
    continue
  fi
  attw "$tarball" --profile esm-only --format table-flipped --no-emoji "$color" ||
    failed+=("$name (attw)")
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "check-packages: failed: ${failed[*]}" >&2
  exit 1
fi
echo "check-packages: ${packages[*]}: publint and attw clean"
