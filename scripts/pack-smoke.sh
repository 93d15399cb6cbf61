#!/usr/bin/env bash
# `pnpm smoke:pack [--no-build] [--only types]`: installs the packages the way users get them and
# uses them. Packs every package with `pnpm pack` (which rewrites `workspace:*` to real
# versions), then, in fresh projects outside the workspace (mktemp -d), with npm:
#   1. types alone: installs with no runtime dependencies, and a small TS program importing
#      `PhysicalDevice` and `manifest` type-checks (tsc, skipLibCheck off) and runs;
#   2. all four tarballs together (they resolve each other): a TS consumer of client + mock
#      type-checks, a Node script lists devices through the client against an in-process mock,
#      `cf-devices devices list --mock --json` prints a JSON array, and the standalone
#      `cf-devices-mock` server starts on a free port and answers a request;
#   3. client alone (+ types): pulls in none of the CLI's or mock's dependencies (no hono, no
#      yaml, no @cf-devices/mock or cli).
# `--only types` runs step 1 alone. Needs the npm registry (for typescript and the packages'
# own dependencies). Exits non-zero on the first failure.
# shellcheck disable=SC2016 # the single-quoted node -e programs are JavaScript, not shell
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

build=1
only=all
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --only)
      only="${2:-}"
      shift
      ;;
    *)
      echo "usage: scripts/pack-smoke.sh [--no-build] [--only types]" >&2
      exit 2
      ;;
  esac
  shift
done
case "$only" in all | types) ;; *)
  echo "pack-smoke: --only takes 'types'" >&2
  exit 2
  ;;
esac

typescript=$(node -p 'require("yaml").parse(require("fs").readFileSync("pnpm-workspace.yaml","utf8")).catalog.typescript')
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# turbo and pnpm must be on PATH, also outside `pnpm run`.
source scripts/lib/pnpm-on-path.sh

fail() {
  echo "pack-smoke: FAILED: $*" >&2
  exit 1
}

if [ "$only" = types ]; then packages=(types); else packages=(types client mock cli); fi

if [ "$build" = 1 ]; then
  echo "==> build ${packages[*]}"
  filters=()
  for name in "${packages[@]}"; do filters+=("--filter=@cf-devices/$name"); done
  turbo run build "${filters[@]}" --output-logs=errors-only
fi

tarballs="$work/tarballs"
for name in "${packages[@]}"; do
  echo "==> pnpm pack packages/$name"
  (cd "packages/$name" && pnpm pack --pack-destination "$tarballs" >/dev/null)
  manifest=$(tar -xOzf "$tarballs"/cf-devices-"$name"-*.tgz package/package.json)
  if grep -q '"workspace:' <<<"$manifest"; then
    fail "packages/$name: the packed package.json still has workspace: ranges"
  fi
done
tgz() { ls "$tarballs"/cf-devices-"$1"-*.tgz; }

# A fresh ESM project in $work/<name>, outside the workspace.
new_project() {
  mkdir -p "$work/$1"
  cd "$work/$1"
  printf '{ "name": "smoke-%s", "private": true, "type": "module" }\n' "$1" >package.json
}
npm_install() {
  npm install --no-audit --no-fund --loglevel=error "$@" >/dev/null
}
# Lists installed package names (scoped ones as @scope/name), one a line.
installed() {
  node -e '
    const { readdirSync } = require("node:fs");
    const out = [];
    for (const e of readdirSync("node_modules")) {
      if (e.startsWith(".")) continue;
      if (e.startsWith("@")) for (const s of readdirSync(`node_modules/${e}`)) out.push(`${e}/${s}`);
      else out.push(e);
    }
    console.log(out.sort().join("\n"));'
}

# ------------------------------------------------------------------------------ 1. types alone
echo "==> types alone: npm install @cf-devices/types, typescript@$typescript"
new_project types
npm_install "$(tgz types)"
deps=$(installed)
[ "$deps" = "@cf-devices/types" ] || fail "installing @cf-devices/types pulled in runtime dependencies: $(echo "$deps" | tr '\n' ' ')"
npm_install --save-dev "typescript@$typescript"

echo "==> types alone: a TS program importing PhysicalDevice and manifest type-checks"
cat >tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2023"],
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "noEmit": true,
    "skipLibCheck": false,
    "types": []
  },
  "include": ["*.ts"]
}
EOF
cat >check.ts <<'EOF'
import { manifest, type PhysicalDevice, type paths } from "@cf-devices/types";

type ListQuery = NonNullable<
  paths["/accounts/{account_id}/devices/physical-devices"]["get"]["parameters"]["query"]
>;
const device: Pick<PhysicalDevice, "id" | "name"> = { id: "d1", name: "laptop" };
const query: ListQuery = { per_page: 10 };
const method: "GET" = manifest.listPhysicalDevices.method;
// @ts-expect-error: not an operation of the API
manifest.noSuchOperation;
// @ts-expect-error: `id` is a string
const wrong: PhysicalDevice["id"] = 1;
export { device, method, query, wrong };
EOF
npx --no-install tsc -p . || fail "the types-only program does not type-check"

echo "==> types alone: the manifest loads at run time"
node --input-type=module -e '
  import { manifest } from "@cf-devices/types";
  const op = manifest.listPhysicalDevices;
  if (op?.method !== "GET") throw new Error(`unexpected manifest entry: ${JSON.stringify(op)}`);
  console.log(`    ${Object.keys(manifest).length} operations in the manifest`);
' || fail "importing @cf-devices/types at run time"

if [ "$only" = types ]; then
  echo "pack-smoke: types: OK"
  exit 0
fi

# ------------------------------------------------------------------------------ 2. all four
echo "==> all packages: npm install the four tarballs together"
new_project all
npm_install "$(tgz types)" "$(tgz client)" "$(tgz mock)" "$(tgz cli)"
npm_install --save-dev "typescript@$typescript"

echo "==> all packages: a TS consumer of client and mock type-checks"
cat >tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2023", "DOM"],
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "noEmit": true,
    "skipLibCheck": true,
    "types": []
  },
  "include": ["*.ts"]
}
EOF
cat >consumer.ts <<'EOF'
import { createClient, listPhysicalDevices } from "@cf-devices/client";
import { createMock } from "@cf-devices/mock";
import type { PhysicalDevice } from "@cf-devices/types";

export async function names(): Promise<string[]> {
  const mock = createMock({ seed: 1 });
  const client = createClient({
    baseUrl: mock.baseUrl,
    fetch: mock.fetch,
    apiToken: mock.credentials.apiToken,
    accountId: mock.accountId,
  });
  const devices: PhysicalDevice[] = await listPhysicalDevices(client, {});
  return devices.map((d) => d.name);
}
EOF
npx --no-install tsc -p . || fail "the client + mock consumer does not type-check"

echo "==> all packages: the client lists devices from an in-process mock"
cat >client.mjs <<'EOF'
import { createClient, listPhysicalDevices } from "@cf-devices/client";
import { createMock } from "@cf-devices/mock";

const mock = createMock({ seed: 1 });
const client = createClient({
  baseUrl: mock.baseUrl,
  fetch: mock.fetch,
  apiToken: mock.credentials.apiToken,
  accountId: mock.accountId,
});
const devices = await listPhysicalDevices(client, {});
if (!Array.isArray(devices) || devices.length === 0 || typeof devices[0].id !== "string") {
  throw new Error(`expected a non-empty list of devices, got ${JSON.stringify(devices).slice(0, 200)}`);
}
console.log(`    listed ${devices.length} devices`);
EOF
node client.mjs || fail "client against the mock"

echo "==> all packages: cf-devices devices list --mock --json prints a JSON array"
npm exec --no -- cf-devices devices list --mock --json >cli.json || fail "cf-devices devices list --mock --json exited $?"
node -e '
  const text = require("node:fs").readFileSync("cli.json", "utf8");
  const value = JSON.parse(text);
  if (!Array.isArray(value)) throw new Error(`not a JSON array: ${text.slice(0, 200)}`);
  console.log(`    ${value.length} devices`);
' || fail "the CLI did not print a JSON array"

echo "==> all packages: the standalone cf-devices-mock serves a request"
# The installed bin itself (what npx would run), so that $! is the server and not a wrapper.
node_modules/.bin/cf-devices-mock --port 0 --quiet >mock-url.txt 2>mock.log &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(grep -oE 'https?://[^[:space:]]+' mock-url.txt 2>/dev/null | head -n 1 || true)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.2
done
[ -n "$url" ] || fail "cf-devices-mock printed no URL within 20 s: $(cat mock.log)"
MOCK_URL="$url" node --input-type=module -e '
  // The admin API (at the origin) names the seeded account; without it any account id will do.
  const base = process.env.MOCK_URL;
  const admin = await fetch(`${new URL(base).origin}/__mock`).then((r) => r.json()).catch(() => null);
  const accounts = admin?.result?.accounts ?? admin?.accounts;
  const account = accounts?.[0]?.id ?? "0123456789abcdef0123456789abcdef";
  const url = `${base}/accounts/${account}/devices/physical-devices`;
  const res = await fetch(url, { headers: { authorization: "Bearer smoke-test" } });
  const body = await res.json();
  if (typeof body?.success !== "boolean") throw new Error(`not an API envelope: ${JSON.stringify(body).slice(0, 200)}`);
  if (accounts && !(res.ok && body.success)) throw new Error(`${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  console.log(`    GET ${url} -> ${res.status}, success: ${body.success}`);
' || fail "cf-devices-mock did not answer with an API envelope"
kill "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
server_pid=""

# ------------------------------------------------------------------------------ 3. client alone
echo "==> client alone: npm install @cf-devices/client + types pulls in no CLI or mock dependencies"
new_project client
npm_install "$(tgz types)" "$(tgz client)"
deps=$(installed)
for unwanted in hono yaml @hono/node-server @cf-devices/mock @cf-devices/cli; do
  if grep -qx "$unwanted" <<<"$deps"; then
    fail "installing the client pulled in $unwanted (installed: $(echo "$deps" | tr '\n' ' '))"
  fi
done
echo "    installed: $(echo "$deps" | tr '\n' ' ')"
node --input-type=module -e 'import("@cf-devices/client").then((m) => { if (typeof m.createClient !== "function") throw new Error("no createClient export"); })' ||
  fail "importing @cf-devices/client on its own"

echo "pack-smoke: OK"
