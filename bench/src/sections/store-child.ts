/**
 * Child process of the store section.
 *
 *   node src/sections/store-child.ts prepare FILE N
 *     creates a persisted state with N devices (seed 1) and a few changes; prints its account id.
 *   node src/sections/store-child.ts write DIR SMALL LARGE ROUNDS PER_ROUND
 *     opens two persisted mocks (SMALL and LARGE devices) and times single-entity writes through
 *     `mock.fetch`, the two sizes taking turns in rounds: a PUT of the default profile's exclude
 *     list (one profile row) and a revoke or unrevoke of one registration (its row and its
 *     device's). Each write is committed (WAL, synchronous = FULL) before its answer. Prints JSON.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { openMock, type PersistentMock } from "@cf-devices/mock/node";

const auth = { authorization: "Bearer bench-token", "content-type": "application/json" };
const [mode, ...args] = process.argv.slice(2);

async function call(mock: PersistentMock, path: string, init: RequestInit = {}): Promise<unknown> {
  const res = await mock.fetch(`/client/v4/accounts/${mock.accountId}/devices${path}`, {
    ...init,
    headers: auth,
  });
  const body = (await res.json()) as { result: unknown };
  if (res.status !== 200) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status}`);
  return body.result;
}

if (mode === "prepare") {
  const [file, devices] = args as [string, string];
  const mock = await openMock({ stateFile: file, seed: 1, devices: Number(devices) });
  const regs = (await call(mock, "/registrations?per_page=10&status=active")) as { id: string }[];
  for (const r of regs) await call(mock, `/registrations/revoke?id=${r.id}`, { method: "POST" });
  await call(mock, "/policy", {
    method: "POST",
    body: JSON.stringify({ name: "bench", match: 'os.name == "linux"', precedence: 4321 }),
  });
  process.stdout.write(`${JSON.stringify({ accountId: mock.accountId })}\n`);
  mock.close();
} else if (mode === "write") {
  const [dir, small, large, rounds, perRound] = args.map((a, i) => (i === 0 ? a : Number(a))) as [
    string,
    number,
    number,
    number,
    number,
  ];
  const sizes = [small, large];
  const mocks = new Map<number, PersistentMock>();
  const regs = new Map<number, string>();
  for (const n of sizes) {
    const mock = await openMock({ stateFile: join(dir, `write-${n}.db`), seed: 1, devices: n });
    mocks.set(n, mock);
    const [reg] = (await call(mock, "/registrations?per_page=1&status=active")) as {
      id: string;
    }[];
    regs.set(n, reg!.id);
  }
  const times = new Map(sizes.map((n) => [n, { put: [] as number[], revoke: [] as number[] }]));
  let counter = 0;
  for (let round = 0; round < rounds; round++) {
    for (const n of sizes) {
      const mock = mocks.get(n)!;
      const t = times.get(n)!;
      for (let i = 0; i < perRound; i++) {
        counter++;
        const body = JSON.stringify([
          { address: `10.${counter % 256}.0.0/16`, description: `write ${counter}` },
        ]);
        let started = performance.now();
        await call(mock, "/policy/exclude", { method: "PUT", body });
        t.put.push(performance.now() - started);
        const action = i % 2 === 0 ? "revoke" : "unrevoke";
        started = performance.now();
        await call(mock, `/registrations/${action}?id=${regs.get(n)}`, { method: "POST" });
        t.revoke.push(performance.now() - started);
      }
    }
  }
  const out: Record<string, unknown> = {};
  for (const n of sizes) {
    const file = join(dir, `write-${n}.db`);
    mocks.get(n)!.close();
    const db = new DatabaseSync(file, { readOnly: true });
    const rows = (db.prepare("SELECT count(*) AS n FROM mock_entity").get() as { n: number }).n;
    db.close();
    out[n] = { ...times.get(n), rows, bytes: statSync(file).size };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
} else {
  throw new Error(`unknown mode ${mode}`);
}
