/**
 * `MockDurableObject`: one mock shared by everyone who calls the Worker, with its data kept in
 * Durable Object storage so it survives restarts.
 *
 * With SQLite storage (`new_sqlite_classes` in the wrangler migration, the default for new
 * Durable Objects) the state is the one the Node server keeps in its state file, in the same
 * tables (`core/store/sql-store.ts`): the seed's parameters plus one row per entity that differs
 * from the seed, and each change is one small transaction. The platform's output gate holds the
 * answer until the write is durable.
 *
 * With the older key-value storage the whole snapshot is stored in chunks under a new
 * generation on every change, and a small `meta` record is switched to it last, so a reader
 * never sees half of a save; that cost grows with the fleet, so prefer SQLite storage.
 */
import { createMock, type Mock, openPersistedMock } from "../core/create-mock.js";
import type { SqlDriver, SqlValue } from "../core/store/sql-store.js";
import type { MockState } from "../core/store/state.js";
import { type MockWorkerEnv, mockOptionsFromEnv } from "./env.js";

/** The minimal surface of a Durable Object's SQL storage (`ctx.storage.sql`) the class uses. */
export interface SqlStorageLike {
  exec(query: string, ...bindings: SqlValue[]): { toArray(): Record<string, SqlValue>[] };
}

/** The minimal surface of Durable Object storage the class uses. */
export interface DurableObjectStorageLike {
  get<T = unknown>(key: string): Promise<T | undefined>;
  get<T = unknown>(keys: string[]): Promise<Map<string, T>>;
  put(entries: Record<string, unknown>): Promise<void>;
  delete(keys: string[]): Promise<number>;
  /** Present on SQLite-backed Durable Objects. */
  sql?: SqlStorageLike;
  transactionSync?<T>(body: () => T): T;
}

/** A {@link SqlDriver} over a Durable Object's SQL storage. */
function durableObjectDriver(storage: DurableObjectStorageLike): SqlDriver | undefined {
  let sql: SqlStorageLike | undefined;
  try {
    // Key-value-backed classes have `sql` too, but it throws ("SQL is not enabled…").
    sql = storage.sql;
    sql?.exec("SELECT 1").toArray();
  } catch {
    return undefined;
  }
  const transactionSync = storage.transactionSync?.bind(storage);
  if (!sql || !transactionSync) return undefined;
  return {
    // Reading the cursor to its end runs the statement fully.
    run: (query, params = []) => void sql.exec(query, ...params).toArray(),
    all: (query, params = []) => sql.exec(query, ...params).toArray(),
    transaction: (body) => transactionSync(body),
  };
}

/** The minimal surface of the Durable Object state the class uses. */
export interface DurableObjectStateLike {
  storage: DurableObjectStorageLike;
  blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>;
}

interface Meta {
  generation: number;
  chunks: number;
}

/** Characters per stored value: at most 4 bytes each, so a chunk stays under 128 KiB. */
const CHUNK = 32_000;
/** Keys per storage call (the platform's limit is 128). */
const BATCH = 128;

const chunkKey = (generation: number, index: number) => `state:${generation}:${index}`;

/**
 * A Durable Object class that hosts one shared mock. Bind it as `MOCK_STATE` (see the README's
 * wrangler configuration) and the default Worker export routes every request to it.
 *
 * @example
 * ```ts
 * // src/index.ts of the Worker; wrangler.toml binds MOCK_STATE to class MockDurableObject
 * export { default, MockDurableObject } from "@cf-devices/mock/worker";
 * ```
 */
export class MockDurableObject {
  private mock: Mock | undefined;
  private dirty = false;
  private meta: Meta | undefined;

  constructor(
    private readonly state: DurableObjectStateLike,
    private readonly env: MockWorkerEnv,
  ) {}

  async fetch(request: Request): Promise<Response> {
    const mock = this.mock ?? (await this.load(new URL(request.url).origin));
    const response = await mock.fetch(request);
    if (this.dirty) {
      this.dirty = false;
      await this.save(mock);
    }
    return response;
  }

  private load(origin: string): Promise<Mock> {
    return this.state.blockConcurrencyWhile(async () => {
      if (this.mock) return this.mock;
      const options = mockOptionsFromEnv(this.env, origin);
      const driver = durableObjectDriver(this.state.storage);
      if (driver) {
        // Every change is written as it happens; `dirty` stays false.
        this.mock = openPersistedMock(driver, options).mock;
        return this.mock;
      }
      const meta = await this.state.storage.get<Meta>("meta");
      let state: MockState | undefined;
      if (meta) {
        let text = "";
        for (let start = 0; start < meta.chunks; start += BATCH) {
          const keys = Array.from({ length: Math.min(BATCH, meta.chunks - start) }, (_, i) =>
            chunkKey(meta.generation, start + i),
          );
          const values = await this.state.storage.get<string>(keys);
          for (const key of keys) text += values.get(key) ?? "";
        }
        state = JSON.parse(text) as MockState;
        this.meta = meta;
      }
      const mock = createMock(state ? { ...options, state } : options);
      mock.onChange(() => {
        this.dirty = true;
      });
      this.mock = mock;
      return mock;
    });
  }

  private async save(mock: Mock): Promise<void> {
    const text = JSON.stringify(mock.snapshot());
    const previous = this.meta;
    const generation = (previous?.generation ?? 0) + 1;
    const chunks = Math.max(1, Math.ceil(text.length / CHUNK));
    for (let start = 0; start < chunks; start += BATCH) {
      const entries: Record<string, string> = {};
      for (let i = start; i < Math.min(chunks, start + BATCH); i++) {
        entries[chunkKey(generation, i)] = text.slice(i * CHUNK, (i + 1) * CHUNK);
      }
      await this.state.storage.put(entries);
    }
    const meta: Meta = { generation, chunks };
    await this.state.storage.put({ meta });
    this.meta = meta;
    if (previous) {
      for (let start = 0; start < previous.chunks; start += BATCH) {
        const keys = Array.from({ length: Math.min(BATCH, previous.chunks - start) }, (_, i) =>
          chunkKey(previous.generation, start + i),
        );
        await this.state.storage.delete(keys);
      }
    }
  }
}
