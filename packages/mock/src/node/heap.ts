/**
 * Seeding a large mock on Node.js: a seed is one burst of objects that all live as long as the
 * mock (100,000 devices are ~70 MB of records), the opposite of what a generational collector
 * expects. Left alone, V8 sees every young object survive, grows the young generation to its
 * maximum, and copies each record between its halves before promoting it: a quarter of a large
 * seed's time, and a young generation of ~100 MB that stays committed (resident) afterwards.
 *
 * {@link seeding} can keep the young generation at its size while the seed runs (V8's
 * `--semi-space-growth-factor` set to 1, then back to V8's default of 2), so the records are
 * promoted after one copy. Measured on a 100,000-device seed, medians of 3: CPU 1,060 → 800 ms,
 * RSS 191 → 133 MB. Requests served afterwards run with V8's defaults.
 *
 * A V8 flag is a setting of the whole process, and putting it back assumes nobody else set it,
 * so this is for processes the mock owns: `cf-devices-mock` and `cf-devices mock serve` ask for
 * it (`tuneSeedHeap`); a mock opened inside someone else's process (tests calling `openMock` or
 * `serve`) leaves V8 alone unless asked.
 */
import { createRequire } from "node:module";

// Loaded on first use, through require as elsewhere in the Node layer: node:v8 takes some
// milliseconds to load, which every start of the CLI's embedded mock would pay.
let v8: typeof import("node:v8") | undefined;

/** V8's own default of the flag (unchanged since it was introduced). */
const DEFAULT_GROWTH = 2;

let depth = 0;

/** Runs `build` (which seeds a mock), with the young generation held at its size if `tune`. */
export async function seeding<T>(tune: boolean, build: () => T | Promise<T>): Promise<T> {
  if (!tune) return build();
  if (depth++ === 0) setGrowth(1);
  try {
    return await build();
  } finally {
    if (--depth === 0) setGrowth(DEFAULT_GROWTH);
  }
}

function setGrowth(factor: number): void {
  try {
    v8 ??= createRequire(import.meta.url)("node:v8") as typeof import("node:v8");
    v8.setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  } catch {
    // a runtime without V8 flags: seed with its defaults
  }
}
