// Finds registrations that have not been seen for 90 days and revokes them, in batches.
//
//   CLOUDFLARE_API_TOKEN=… CLOUDFLARE_ACCOUNT_ID=… node stale-devices.mjs [--revoke]
//
// Without credentials it runs against an in-process mock of the API, so you can try it as is.
import { bulk, createClient, listRegistrations, revokeRegistrations } from "@cf-devices/client";
import { createMock } from "@cf-devices/mock";

const revoke = process.argv.includes("--revoke");
const mock = process.env.CLOUDFLARE_API_TOKEN ? undefined : createMock({ seed: 42, devices: 40 });
const client = mock
  ? createClient({
      fetch: mock.fetch,
      apiToken: mock.credentials.apiToken,
      accountId: mock.accountId,
    })
  : createClient(); // CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID from the environment

// "Now" for the mock's seeded data is mid-2025; for the real API it is today.
const now = mock ? Date.parse("2025-07-01T00:00:00Z") : Date.now();
const cutoff = new Date(now - 90 * 24 * 3600 * 1000).toISOString();

const stale = [];
for await (const registration of listRegistrations.paginate(client, {
  query: { seen_before: cutoff, status: "active", per_page: 100 },
})) {
  stale.push(registration);
}
console.log(`${stale.length} active registrations not seen since ${cutoff.slice(0, 10)}`);
for (const r of stale.slice(0, 5)) {
  console.log(
    `  ${r.id}  ${r.device.name.padEnd(24)} ${r.user?.email ?? "-"}  last seen ${r.last_seen_at}`,
  );
}

if (revoke && stale.length > 0) {
  const outcome = await bulk(
    stale.map((r) => r.id),
    (ids) => revokeRegistrations(client, { query: { id: ids } }),
    { batchSize: 50, concurrency: 4 },
  );
  console.log(
    `revoked ${stale.length - outcome.failedItems.length}, failed ${outcome.failedItems.length}`,
  );
  if (outcome.failedItems.length > 0) process.exitCode = 1;
}
