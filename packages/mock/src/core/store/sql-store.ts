/**
 * Persisted state in SQLite, one schema and one set of statements for both places the mock
 * keeps state: `node:sqlite` for the Node server and the CLI (`node/sqlite.ts`), and the SQLite
 * storage of a Durable Object (`ctx.storage.sql`, `worker/durable-object.ts`). Each supplies a
 * {@link SqlDriver}; everything else is here and does no I/O of its own.
 *
 * Two tables:
 * - `mock_meta`: the format marker, the schema version, the seed's parameters and the position
 *   of the id generator;
 * - `mock_entity`: one row per entity that differs from what the seed makes (kind, key, JSON
 *   value; a null value marks an entity the seed makes that was removed). See `entities.ts`.
 *
 * A change to one entity is one upsert in one transaction, committed before the request is
 * answered; the cost of a write does not depend on how many devices there are.
 */
import { stateNotSaved } from "../errors.js";
import { Rng, type RngState } from "../prng.js";
import { diffEntities, ENTITY_KINDS, type EntityKind } from "./entities.js";
import { MAX_SEED_DEVICES, seedStore } from "./seed.js";
import { MockStateError, STATE_FORMAT } from "./state.js";
import type { MockStore } from "./store.js";
import type { SeedParams, StoreData, StoredEntity } from "./types.js";

/** A value SQLite stores for the mock. */
export type SqlValue = string | number | null;

/**
 * What the mock needs from a SQLite connection. Statements run synchronously; `transaction`
 * runs `body` so that all of its writes commit together or not at all.
 */
export interface SqlDriver {
  run(sql: string, params?: readonly SqlValue[]): void;
  all(sql: string, params?: readonly SqlValue[]): Record<string, SqlValue>[];
  transaction(body: () => void): void;
}

/** The schema version of `mock_meta`/`mock_entity` this build reads and writes. */
export const STATE_DB_VERSION = 1;

const SCHEMA = [
  "CREATE TABLE IF NOT EXISTS mock_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
  // The rowid keeps the order entities were first stored in (created records are appended in it).
  "CREATE TABLE IF NOT EXISTS mock_entity (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT, UNIQUE (kind, key))",
];
const UPSERT_ENTITY =
  "INSERT INTO mock_entity (kind, key, value) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value";
const UPSERT_META =
  "INSERT INTO mock_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value";

/** What a persisted state starts from: the seed's parameters and the id generator. */
export interface StateHeader {
  params: SeedParams;
  rng: RngState;
}

const isRngState = (v: unknown): v is RngState =>
  Array.isArray(v) && v.length === 4 && v.every((n) => Number.isInteger(n));

/** Reads and writes the mock's tables through a {@link SqlDriver}. */
export class SqlStateStore {
  constructor(readonly driver: SqlDriver) {}

  /**
   * The header of the stored state, or undefined for an empty database. Throws
   * {@link MockStateError} for a database of something else or of a newer schema.
   */
  readHeader(): StateHeader | undefined {
    const tables = this.driver
      .all("SELECT name FROM sqlite_master WHERE type = 'table'")
      .map((row) => String(row.name))
      .filter((name) => !name.startsWith("sqlite_") && !name.startsWith("_cf_"));
    if (!tables.includes("mock_meta")) {
      if (tables.length === 0) return undefined;
      throw new MockStateError(
        `not a cf-devices mock state (a SQLite database with other tables: ${tables.slice(0, 5).join(", ")})`,
      );
    }
    const meta = new Map(
      this.driver.all("SELECT key, value FROM mock_meta").map((r) => [r.key, String(r.value)]),
    );
    if (meta.get("format") !== STATE_FORMAT)
      throw new MockStateError(
        `not a cf-devices mock state (format ${JSON.stringify(meta.get("format") ?? null)})`,
      );
    const version = Number(meta.get("version"));
    if (version !== STATE_DB_VERSION)
      throw new MockStateError(
        `unsupported mock state database version ${meta.get("version")} (this build reads version ${STATE_DB_VERSION}); upgrade @cf-devices/mock`,
      );
    let params: unknown;
    let rng: unknown;
    try {
      params = JSON.parse(meta.get("params") ?? "null");
      rng = JSON.parse(meta.get("rng") ?? "null");
    } catch {
      throw new MockStateError("the stored seed parameters are damaged (not JSON)");
    }
    const p = params as Partial<SeedParams> | null;
    if (
      !p ||
      !Number.isInteger(p.seed) ||
      !Number.isInteger(p.accounts) ||
      !Number.isInteger(p.devices)
    )
      throw new MockStateError("the stored seed parameters are damaged");
    if (!isRngState(rng)) throw new MockStateError("the stored id generator state is damaged");
    return { params: { seed: p.seed!, accounts: p.accounts!, devices: p.devices! }, rng };
  }

  /** Every stored entity, in the order they were first stored. */
  readRows(): StoredEntity[] {
    return this.driver
      .all("SELECT kind, key, value FROM mock_entity ORDER BY id")
      .map((r) => ({ kind: String(r.kind), key: String(r.key), value: r.value as string | null }));
  }

  /** Replaces the whole state: parameters, id generator, and the rows over the seed. */
  writeAll(params: SeedParams, rng: RngState, rows: readonly StoredEntity[]): void {
    this.driver.transaction(() => {
      for (const statement of SCHEMA) this.driver.run(statement);
      this.driver.run("DELETE FROM mock_entity");
      this.driver.run(UPSERT_META, ["format", STATE_FORMAT]);
      this.driver.run(UPSERT_META, ["version", String(STATE_DB_VERSION)]);
      this.driver.run(UPSERT_META, ["params", JSON.stringify(params)]);
      this.driver.run(UPSERT_META, ["rng", JSON.stringify(rng)]);
      for (const row of rows) this.driver.run(UPSERT_ENTITY, [row.kind, row.key, row.value]);
    });
  }

  /** Writes changed entities (and the id generator when it moved) in one transaction. */
  writeChanges(rows: readonly StoredEntity[], rng: RngState | undefined): void {
    this.driver.transaction(() => {
      for (const row of rows) this.driver.run(UPSERT_ENTITY, [row.kind, row.key, row.value]);
      if (rng) this.driver.run(UPSERT_META, ["rng", JSON.stringify(rng)]);
    });
  }
}

/** Seed parameters under which `data` (say, a restored snapshot) differs least from a seed. */
export function guessSeedParams(data: StoreData): SeedParams {
  const first = data.accounts.values().next().value;
  return {
    seed: data.seed >>> 0,
    accounts: Math.min(64, Math.max(1, data.accounts.size)),
    devices: Math.min(MAX_SEED_DEVICES, first?.deviceList.length ?? 0),
  };
}

/**
 * The rows and parameters that store `data`: its own base when it is a seed plus rows, else the
 * difference from the seed it most resembles.
 */
export function storedForm(data: StoreData): { params: SeedParams; rows: StoredEntity[] } {
  if (data.base) return { params: data.base.params, rows: [...data.base.rows] };
  const params = guessSeedParams(data);
  return { params, rows: diffEntities(seedStore(params), data) };
}

/** Builds a persisted state's data: the seed, the stored rows over it, the id generator. */
export function buildStoredData(
  params: SeedParams,
  rows: readonly StoredEntity[],
  rng: RngState | undefined,
  apply: (data: StoreData, rows: readonly StoredEntity[]) => void,
): StoreData {
  const data = seedStore(params);
  apply(data, rows);
  if (rng) data.rng = Rng.fromState(rng);
  data.base = { params, rows };
  return data;
}

const cacheKey = (kind: EntityKind, key: string) => `${kind.name}\u0000${key}`;

/**
 * Keeps a store's data in a {@link SqlStateStore}: after every change it writes what changed,
 * synchronously, before the change is acknowledged.
 */
export class StorePersistence {
  /** What was last written for each record of the `diff` kinds (JSON text by kind and key). */
  private written = new Map<string, string>();
  /** Whether {@link written} holds the stored state (noted before the first change, not at open). */
  private noted = false;
  private rng = "";
  private readonly touchKinds = ENTITY_KINDS.filter((k) => k.track === "touch");
  private readonly diffKinds = ENTITY_KINDS.filter((k) => k.track === "diff");

  constructor(
    private readonly sql: SqlStateStore,
    private readonly store: MockStore,
  ) {
    store.trackChanges = true;
    store.replaced = false;
    // What is stored is the data as opened; it is noted just before something may change it,
    // so opening a state to read from it (a CLI command) does not serialize every record.
    store.beforeChange = () => {
      if (!this.noted) this.remember();
    };
  }

  /** Notes what the `diff` kinds and the id generator look like now (as stored). */
  private remember(): void {
    const data = this.store.data;
    this.written.clear();
    for (const kind of this.diffKinds) {
      for (const [key, record] of kind.entries(data))
        this.written.set(cacheKey(kind, key), JSON.stringify(kind.serialize(record, data)));
    }
    this.rng = JSON.stringify(data.rng.getState());
    this.noted = true;
  }

  /**
   * Writes what changed since the last save. Throws a 500 `MockHttpError` when the database
   * refuses, so the request that made the change is not acknowledged; the change stays
   * pending and goes with the next save.
   */
  save(): void {
    try {
      if (this.store.replaced) this.saveAll();
      else this.saveChanges();
    } catch (error) {
      if (error instanceof MockStateError) throw error;
      throw stateNotSaved((error as Error)?.message ?? String(error));
    }
  }

  private saveAll(): void {
    const data = this.store.data;
    const { params, rows } = storedForm(data);
    this.sql.writeAll(params, data.rng.getState(), rows);
    this.store.replaced = false;
    this.store.touched.clear();
    this.remember();
  }

  private saveChanges(): void {
    // A change that came without willChange (not through an operation): compare with nothing
    // and write every record, which is always right.
    if (!this.noted) {
      this.saveAll();
      return;
    }
    const data = this.store.data;
    const rows: StoredEntity[] = [];
    for (const record of this.store.touched) {
      for (const kind of this.touchKinds) {
        const key = kind.keyOf?.(record, data);
        if (key === undefined) continue;
        rows.push({ kind: kind.name, key, value: JSON.stringify(kind.serialize(record, data)) });
        break;
      }
    }
    const seen = new Set<string>();
    const updates: [string, string | null][] = [];
    for (const kind of this.diffKinds) {
      for (const [key, record] of kind.entries(data)) {
        const id = cacheKey(kind, key);
        seen.add(id);
        const text = JSON.stringify(kind.serialize(record, data));
        if (this.written.get(id) === text) continue;
        rows.push({ kind: kind.name, key, value: text });
        updates.push([id, text]);
      }
    }
    for (const id of this.written.keys()) {
      if (seen.has(id)) continue;
      const [kind, key] = id.split("\u0000") as [string, string];
      rows.push({ kind, key, value: null });
      updates.push([id, null]);
    }
    const rng = JSON.stringify(data.rng.getState());
    const rngMoved = rng !== this.rng;
    if (rows.length === 0 && !rngMoved) return;
    this.sql.writeChanges(rows, rngMoved ? data.rng.getState() : undefined);
    this.store.touched.clear();
    for (const [id, text] of updates) {
      if (text === null) this.written.delete(id);
      else this.written.set(id, text);
    }
    this.rng = rng;
  }
}
