#!/usr/bin/env bash
# `pnpm release:dry-run [--with-pending]`: rehearses a release without touching this checkout.
# Clones HEAD into a temp dir (a plain local clone: this repository's branches, index, working
# tree and worktree list stay as they are), installs from the lockfile, runs `changeset version`,
# checks that the fixed group moved to one new version and that every package got a CHANGELOG.md
# that ships in its tarball, builds, and runs `pnpm -r publish --dry-run --no-git-checks`.
#   --with-pending  also copy this working tree's .changeset/*.md into the clone, to try changesets
#                   (e.g. from `pnpm spec:diff --changeset`) before they are committed.
# The changelog generator in .changeset/config.json stays @changesets/cli/changelog: a GitHub one
# (@changesets/changelog-github) queries GitHub for every changeset's commit and needs a token, so
# it cannot run here. Should the config switch to it, this script swaps in the default generator
# inside the clone when GITHUB_TOKEN is unset, and says so.
# shellcheck disable=SC2016 # the single-quoted node -e programs are JavaScript, not shell
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

with_pending=0
for arg in "$@"; do
  case "$arg" in
    --with-pending) with_pending=1 ;;
    *)
      echo "usage: scripts/release-dry-run.sh [--with-pending]" >&2
      exit 2
      ;;
  esac
done

packages=(types client mock cli)
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# turbo and pnpm must be on PATH, also outside `pnpm run`.
source scripts/lib/pnpm-on-path.sh

fail() {
  echo "release-dry-run: FAILED: $*" >&2
  exit 1
}

head=$(git rev-parse HEAD)
echo "==> clone HEAD (${head:0:10}) into a temp dir"
git clone --quiet --no-hardlinks "$root" "$work/repo"
cd "$work/repo"
git checkout --quiet --detach "$head"

if [ "$with_pending" = 1 ]; then
  echo "==> copy this working tree's changesets"
  for file in "$root"/.changeset/*.md; do
    [ "$(basename "$file")" = README.md ] || cp "$file" .changeset/
  done
fi

echo "==> pnpm install --frozen-lockfile"
pnpm install --frozen-lockfile --prefer-offline --reporter=append-only >"$work/install.log" 2>&1 ||
  fail "pnpm install: $(tail -n 20 "$work/install.log")"

echo "==> release config: fixed group of the four packages, CHANGELOG.md in every package's files"
node --input-type=module -e '
  import { readFileSync } from "node:fs";
  const names = process.argv.slice(1).map((p) => `@cf-devices/${p}`);
  const config = JSON.parse(readFileSync(".changeset/config.json", "utf8"));
  const group = (config.fixed ?? []).find((g) => g.includes(names[0])) ?? [];
  const missing = names.filter((n) => !group.includes(n));
  if (missing.length) throw new Error(`not in the fixed group: ${missing.join(", ")}`);
  for (const p of process.argv.slice(1)) {
    const pkg = JSON.parse(readFileSync(`packages/${p}/package.json`, "utf8"));
    if (!pkg.files?.includes("CHANGELOG.md")) throw new Error(`packages/${p}: "files" lacks CHANGELOG.md`);
    if (pkg.private) throw new Error(`packages/${p} is private`);
  }
' "${packages[@]}" || fail "release config"

if ! grep -q '"@changesets/cli/changelog"' .changeset/config.json && [ -z "${GITHUB_TOKEN:-}" ]; then
  echo "==> GITHUB_TOKEN unset: using @changesets/cli/changelog instead of the configured changelog"
  node -e '
    const fs = require("node:fs");
    const config = JSON.parse(fs.readFileSync(".changeset/config.json", "utf8"));
    config.changelog = "@changesets/cli/changelog";
    fs.writeFileSync(".changeset/config.json", JSON.stringify(config, null, 2));'
fi

pending=$(find .changeset -maxdepth 1 -name '*.md' ! -name README.md | wc -l)
if [ "$pending" -eq 0 ]; then
  echo "release-dry-run: no pending changesets at HEAD, so there is nothing to release"
  exit 0
fi

# A changeset opens with `---`, one `"package": bump` line per package, and `---` again.
for file in .changeset/*.md; do
  [ "$(basename "$file")" = README.md ] && continue
  awk 'NR == 1 && $0 != "---" { exit 1 } NR > 1 && $0 == "---" { closed = 1; exit }
       NR > 1 && $0 !~ /^(["'"'"'][^"'"'"']+["'"'"']|[^ :]+): *(major|minor|patch|none) *$/ && $0 != "" { exit 1 }
       END { exit !closed }' "$file" ||
    fail "$file: the frontmatter must be '---', lines like '\"@cf-devices/types\": minor', then '---' (a Markdown formatter such as biome may have turned it into a heading; keep .changeset out of biome.json): $(head -n 4 "$file" | tr '\n' '|')"
done

version_of() { node -p "require('./packages/$1/package.json').version"; }
before=$(version_of types)

echo "==> changeset version ($pending pending changeset(s))"
changeset version >"$work/version.log" 2>&1 || fail "changeset version: $(head -n 12 "$work/version.log")"
after=$(version_of types)
[ "$after" != "$before" ] || fail "changeset version left @cf-devices/types at $before"
for name in "${packages[@]}"; do
  v=$(version_of "$name")
  [ "$v" = "$after" ] || fail "fixed group out of step: @cf-devices/$name is $v, @cf-devices/types is $after"
  grep -q "^## $after\$" "packages/$name/CHANGELOG.md" 2>/dev/null ||
    fail "packages/$name/CHANGELOG.md has no \"## $after\" section"
done
echo "    $before -> $after for ${packages[*]}"
sed -n '1,/^## /d; /^## /q; p' packages/types/CHANGELOG.md | sed 's/^/    /' | head -n 20

echo "==> build"
turbo run build --output-logs=errors-only

echo "==> CHANGELOG.md ships in every tarball"
for name in "${packages[@]}"; do
  (cd "packages/$name" && pnpm pack --pack-destination "$work/tarballs" >/dev/null)
  contents=$(tar -tzf "$work"/tarballs/cf-devices-"$name"-"$after".tgz)
  grep -qx 'package/CHANGELOG.md' <<<"$contents" || fail "packages/$name: CHANGELOG.md is not in the tarball"
done

# Scoped packages publish as restricted unless told otherwise; pass the access the config names,
# as `changeset publish` does.
access=$(node -p 'require("./.changeset/config.json").access ?? "restricted"')
echo "==> pnpm -r publish --dry-run --no-git-checks --access $access"
pnpm -r publish --dry-run --no-git-checks --access "$access" >"$work/publish.log" 2>&1 ||
  fail "publish: $(tail -n 40 "$work/publish.log")"
for name in "${packages[@]}"; do
  grep -q "@cf-devices/$name@$after" "$work/publish.log" ||
    fail "the dry run did not publish @cf-devices/$name@$after: $(tail -n 40 "$work/publish.log")"
done
grep -E '^\+ ' "$work/publish.log" | sed 's/^/    /' || true

echo "release-dry-run: OK: ${packages[*]} would be published at $after"
