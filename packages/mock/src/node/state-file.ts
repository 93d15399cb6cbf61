/**
 * State files: a mock's data on disk, for the CLI's `--mock` mode and `cf-devices-mock --state`.
 *
 * A state file is a SQLite database (`node:sqlite`, Node.js 22.13 and newer) holding the seed's
 * parameters and one row per entity that differs from the seed, so a write costs what it
 * changes, not what the fleet weighs: one changed entity is one small transaction, committed
 * (WAL, `synchronous = FULL`) before the request is answered. A killed process leaves the last
 * committed state. The database has `-wal` and `-shm` files beside it while open; remove a
 * state with {@link deleteMockState}, which removes them too.
 *
 * A JSON state file of earlier versions is read as before and, when opened with
 * {@link openMock}, converted to the database once (the JSON original is kept beside it, and a
 * line on stderr says so). Snapshots (`mock.snapshot()`, `/__mock/state`) stay JSON. Reading a
 * damaged or foreign file fails with a {@link MockStateFileError} that names the file; it never
 * silently starts over.
 *
 * @module @cf-devices/mock/state-file
 */
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { type Mock, type MockOptions, openPersistedMock } from "../core/create-mock.js";
import { applyEntities } from "../core/store/entities.js";
import { buildStoredData, SqlStateStore, storedForm } from "../core/store/sql-store.js";
import {
  checkStateHeader,
  decodeState,
  encodeState,
  type MockState,
  MockStateError,
} from "../core/store/state.js";
import type { StoreData } from "../core/store/types.js";
import { seeding } from "./heap.js";
import { NO_SQLITE, type NodeSqlDriver, openSqlite, SQLITE_MAGIC } from "./sqlite.js";

// Start-up matters here (every `cf-devices --mock` command opens a state file), so node:fs comes
// through require: an ESM import of a built-in reads every export, and node:fs's stream getters
// load Node's file streams. Everything here is synchronous, like node:sqlite.
const fs = createRequire(import.meta.url)("node:fs") as typeof import("node:fs");

/**
 * A state file could not be read or written; the message names the file and the reason.
 *
 * @example
 * ```ts
 * try {
 *   await openMock({ stateFile });
 * } catch (error) {
 *   if (error instanceof MockStateFileError) console.error(error.message); // "… state file /x.json: is not valid JSON …"
 * }
 * ```
 */
export class MockStateFileError extends Error {
  readonly file: string;
  /**
   * `"ERR_MOCK_NO_SQLITE"` when the file could not be used because this Node.js has no
   * `node:sqlite` (Node.js before 22.13): upgrading Node.js, or running without a state file,
   * is the way out. Undefined for every other reason.
   */
  readonly code: typeof NO_SQLITE | undefined;

  constructor(file: string, reason: string, options?: { cause?: unknown }) {
    super(`cf-devices mock state file ${file}: ${reason}`, options);
    this.name = "MockStateFileError";
    this.file = file;
    this.code =
      (options?.cause as { code?: unknown } | undefined)?.code === NO_SQLITE
        ? NO_SQLITE
        : undefined;
  }
}

/**
 * Reads a state file (database or JSON) into a snapshot. Throws {@link MockStateFileError}
 * when the file is missing, is not a cf-devices mock state, or is damaged.
 *
 * @example
 * ```ts
 * const state = await loadMockState(".cf-devices-mock-state");
 * const mock = createMock({ state });
 * ```
 */
export async function loadMockState(file: string): Promise<MockState> {
  const path = resolve(file);
  const kind = fileKind(path);
  if (kind === "missing") throw new MockStateFileError(path, "does not exist");
  if (kind === "json") {
    const value = readStateJson(path);
    decoding(path, () => decodeState(value)); // full check, so a damaged file fails here
    return value;
  }
  if (kind === "other") throw notAState(path);
  const driver = openDatabase(path);
  try {
    return decoding(path, () => {
      const sql = new SqlStateStore(driver);
      const header = sql.readHeader();
      if (!header) throw new MockStateError("is an empty database (no mock state in it)");
      const data = buildStoredData(header.params, sql.readRows(), header.rng, applyEntities);
      return encodeState(data);
    });
  } finally {
    driver.close();
  }
}

/** What a path holds, from its first bytes. */
function fileKind(path: string): "missing" | "sqlite" | "json" | "other" {
  let fd: number;
  try {
    fd = fs.openSync(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return "missing";
    throw new MockStateFileError(path, `cannot be read (${code ?? (error as Error).message})`, {
      cause: error,
    });
  }
  try {
    const head = Buffer.alloc(64);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    // An empty file is an empty database to SQLite (one created and not yet written).
    if (n === 0) return "sqlite";
    if (head.toString("latin1", 0, 16) === SQLITE_MAGIC) return "sqlite";
    const text = head.toString("utf8", 0, n).trimStart();
    return text.startsWith("{") || text === "" ? "json" : "other";
  } finally {
    fs.closeSync(fd);
  }
}

const notAState = (path: string) =>
  new MockStateFileError(
    path,
    "is neither a cf-devices mock state database nor a JSON state file; it is damaged or something else. Delete it (cf-devices mock reset) to start from a fresh seed.",
  );

/** Opens the database at `path`, turning failures into a {@link MockStateFileError}. */
function openDatabase(path: string): NodeSqlDriver {
  try {
    return openSqlite(path);
  } catch (error) {
    throw new MockStateFileError(path, `cannot be opened (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/** Reads a state file's JSON and checks its header; the full check is left to the caller. */
function readStateJson(path: string): MockState {
  let text: string;
  try {
    text = fs.readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new MockStateFileError(
      path,
      code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? (error as Error).message})`,
      { cause: error },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MockStateFileError(
      path,
      `is not valid JSON (${(error as Error).message}); it is damaged or not a mock state file. Delete it to start from a fresh seed.`,
      { cause: error },
    );
  }
  decoding(path, () => checkStateHeader(value));
  return value as MockState;
}

/** Runs a decoding step, turning a {@link MockStateError} into an error naming the file. */
function decoding<T>(path: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof MockStateError) {
      throw new MockStateFileError(path, error.message, { cause: error });
    }
    throw error;
  }
}

/**
 * Writes a mock's data (or a snapshot) to `file` as a whole, in one transaction: the file then
 * holds exactly that state. A JSON state file there is replaced by a database.
 *
 * @example
 * ```ts
 * await saveMockState(".cf-devices-mock-state", mock);
 * ```
 */
export async function saveMockState(file: string, source: Mock | MockState): Promise<void> {
  const path = resolve(file);
  const data: StoreData =
    "snapshot" in source
      ? ((source as { store?: { data: StoreData } }).store?.data ?? decodeState(source.snapshot()))
      : decoding(path, () => decodeState(source));
  const kind = fileKind(path);
  if (kind === "missing") makeFolder(path);
  if (kind === "json" || kind === "other") {
    writeDatabase(`${path}.${process.pid}.tmp`, data, path);
    return;
  }
  const driver = openDatabase(path);
  try {
    const { params, rows } = storedForm(data);
    writing(path, () => new SqlStateStore(driver).writeAll(params, data.rng.getState(), rows));
  } finally {
    driver.close();
  }
}

/** Runs a write, turning a failure into a {@link MockStateFileError}. */
function writing(path: string, step: () => void): void {
  try {
    step();
  } catch (error) {
    throw new MockStateFileError(path, `cannot be written (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/** Creates the folder a new state file goes into. */
function makeFolder(path: string): void {
  try {
    fs.mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw new MockStateFileError(
      path,
      `cannot be created (its folder: ${(error as Error).message})`,
      { cause: error },
    );
  }
}

/** The files SQLite keeps beside a database. */
const SIDE_FILES = ["-wal", "-shm", "-journal"];

/** Writes `data` as a new database at `temp`, then renames it over `target` (atomically). */
function writeDatabase(temp: string, data: StoreData, target: string): number {
  removeDatabaseFiles(temp);
  let rows = 0;
  try {
    const driver = openSqlite(temp);
    try {
      const stored = storedForm(data);
      rows = stored.rows.length;
      new SqlStateStore(driver).writeAll(stored.params, data.rng.getState(), stored.rows);
    } finally {
      // The last connection to close checkpoints the WAL into the file and removes it.
      driver.close();
    }
    fs.renameSync(temp, target);
  } catch (error) {
    removeDatabaseFiles(temp);
    throw new MockStateFileError(target, `cannot be written (${(error as Error).message})`, {
      cause: error,
    });
  }
  return rows;
}

function removeDatabaseFiles(path: string): boolean {
  let removed = false;
  for (const suffix of ["", ...SIDE_FILES]) {
    try {
      fs.unlinkSync(path + suffix);
      removed = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return removed;
}

/**
 * Deletes a state file with the files SQLite keeps beside it (`-wal`, `-shm`), so the next
 * open starts from a fresh seed. Returns whether there was anything to delete. Stop servers
 * using the file first: one still running keeps writing to the deleted file.
 *
 * @example
 * ```ts
 * if (await deleteMockState(".cf-devices-mock-state")) console.error("state deleted");
 * ```
 */
export async function deleteMockState(file: string): Promise<boolean> {
  const path = resolve(file);
  try {
    return removeDatabaseFiles(path);
  } catch (error) {
    throw new MockStateFileError(path, `cannot be deleted (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/** A mock tied to a state file. */
export interface PersistentMock extends Mock {
  /** The absolute path of the state file. */
  readonly stateFile: string;
  /**
   * Resolves once every change made so far is committed. Without `groupCommit` each change is
   * already committed as it happens, and this only retries what a failed write left pending (it
   * rejects when that fails again).
   */
  persist(): Promise<void>;
  /** Closes the database. The mock keeps working in memory; changes are no longer saved. */
  close(): void;
}

/** Options of {@link openMock}. */
export interface OpenMockOptions extends MockOptions {
  /** The state file: a database, created when missing; a JSON state file is converted. */
  stateFile: string;
  /** Where the one-time conversion of a JSON state file is reported (default: stderr). */
  log?: (message: string) => void;
  /**
   * Group commit, for servers: changes are committed shortly after they happen (on the next
   * turn of the event loop), together with every change made meanwhile, and `persist()`
   * resolves once they are; answer a write only after awaiting it. Default false: each change
   * is committed synchronously as it happens.
   */
  groupCommit?: boolean;
  /**
   * For a process that runs the mock and little else: hold V8's young generation at its size
   * while seeding, which saves a quarter of a large seed's time and tens of MB of resident
   * memory, by changing a V8 flag of the process for the duration (default false).
   */
  tuneSeedHeap?: boolean;
}

/**
 * Opens a mock backed by a state file: rebuilds the stored state when the file exists,
 * otherwise seeds from `options` and creates the file. Every change is written as it happens.
 * A JSON state file (from earlier versions) is converted to a database once. A damaged or
 * foreign file throws {@link MockStateFileError} instead of being replaced.
 *
 * @example
 * ```ts
 * const mock = await openMock({ stateFile: ".cf-devices-mock-state", seed: 1, devices: 50 });
 * // … serve requests with mock.fetch; each change is on disk before its answer …
 * mock.close();
 * ```
 */
export async function openMock(options: OpenMockOptions): Promise<PersistentMock> {
  const { stateFile, log, groupCommit, tuneSeedHeap, ...rest } = options;
  const path = resolve(stateFile);
  const kind = fileKind(path);
  if (kind === "other") throw notAState(path);
  if (kind === "missing") makeFolder(path);
  if (kind === "json") migrate(path, log ?? ((message) => process.stderr.write(`${message}\n`)));
  const driver = openDatabase(path);
  let opened: ReturnType<typeof openPersistedMock>;
  try {
    opened = await seeding(tuneSeedHeap === true, () =>
      decoding(path, () =>
        openPersistedMock(driver, rest, groupCommit ? { schedule: setImmediate } : {}),
      ),
    );
  } catch (error) {
    driver.close();
    throw error;
  }
  return Object.assign(opened.mock, {
    stateFile: path,
    persist: () => opened.save(),
    close: () => driver.close(),
  });
}

/** Converts a JSON state file to a database in place, keeping the JSON beside it. */
function migrate(path: string, log: (message: string) => void): void {
  const value = readStateJson(path);
  const data = decoding(path, () => decodeState(value));
  const backup = path.endsWith(".json")
    ? `${path.slice(0, -5)}.backup.json`
    : `${path}.backup.json`;
  try {
    fs.copyFileSync(path, backup);
  } catch (error) {
    throw new MockStateFileError(
      path,
      `cannot be converted: copying the JSON to ${backup} failed (${(error as Error).message})`,
      { cause: error },
    );
  }
  const rows = writeDatabase(`${path}.${process.pid}.tmp`, data, path);
  log(
    `cf-devices mock: converted the JSON state file ${path} to the SQLite format (seed ${data.seed} plus ${rows} stored ${rows === 1 ? "entity" : "entities"}); writes now cost only what they change. The JSON original is kept at ${backup}.`,
  );
}
