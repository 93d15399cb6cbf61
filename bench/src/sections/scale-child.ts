/**
 * Child process of the scale section: seeds our mock with N devices in memory, then walks every
 * device through the cursor with our client (in-process fetch, `per_page` P). Prints JSON: the
 * times, and RSS plus live heap (after a forced GC) at the start, middle and end of the walk.
 *
 *   node --expose-gc src/sections/scale-child.ts N P
 */
import { createClient, listPhysicalDevices } from "@cf-devices/client";
import { createMock } from "@cf-devices/mock";

const DEVICES = Number(process.argv[2] ?? 100_000);
const PER_PAGE = Number(process.argv[3] ?? 1000);
const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

let gcMs = 0;
function sample() {
  const rss = process.memoryUsage.rss() / MB;
  const started = performance.now();
  gc?.();
  gcMs += performance.now() - started;
  return { rssMB: rss, liveHeapMB: process.memoryUsage().heapUsed / MB };
}

const seedStarted = performance.now();
const mock = createMock({ seed: 1, devices: DEVICES });
const seedMs = performance.now() - seedStarted;
const client = createClient({
  fetch: mock.fetch,
  apiToken: mock.credentials.apiToken,
  accountId: mock.accountId,
  env: {},
});

const start = sample();
let middle = start;
let count = 0;
const walkStarted = performance.now();
const pages = listPhysicalDevices.paginate(client, {
  query: { per_page: PER_PAGE, active_registrations: "include" },
});
for await (const device of pages) {
  if (!device.id) throw new Error("device without id");
  if (++count === Math.floor(DEVICES / 2)) middle = sample();
}
const end = sample();
const walkMs = performance.now() - walkStarted - gcMs;
if (count !== DEVICES) throw new Error(`walked ${count} devices, expected ${DEVICES}`);

process.stdout.write(
  JSON.stringify({
    devices: count,
    perPage: PER_PAGE,
    pages: Math.ceil(count / PER_PAGE),
    seedMs,
    walkMs,
    memory: { start, middle, end },
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    // Read after the last sample, so the mock (and its 100,000 devices) is alive in all three.
    requestsServed: mock.requests.length,
  }),
);
