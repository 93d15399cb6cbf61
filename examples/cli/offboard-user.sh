#!/usr/bin/env bash
# Offboards a user: revokes every active registration of theirs, using the CLI's JSON output.
#
#   CLOUDFLARE_API_TOKEN=… CLOUDFLARE_ACCOUNT_ID=… ./offboard-user.sh user@example.com
#
# CF_DEVICES_FLAGS=--mock runs it against the CLI's embedded mock instead of the real API.
set -euo pipefail
email="${1:?usage: offboard-user.sh EMAIL}"
cf() { cf-devices "$@" ${CF_DEVICES_FLAGS:-}; }

ids=$(cf registrations list --all --ndjson --fields id,user.email --search "$email" |
  node -e '
    const email = process.argv[1];
    let text = "";
    process.stdin.on("data", (d) => (text += d)).on("end", () => {
      const ids = text.split("\n").filter(Boolean).map((l) => JSON.parse(l))
        .filter((r) => r.user?.email === email).map((r) => r.id);
      console.log(ids.join(" "));
    });' "$email")

if [ -z "$ids" ]; then
  echo "no active registrations for $email" >&2
  exit 0
fi
echo "revoking $(wc -w <<<"$ids") registration(s) of $email" >&2
# shellcheck disable=SC2086  # one argument per id
cf registrations revoke $ids --yes
cf registrations list --status revoked --json --fields id,user.email,revoked_at --search "$email"
