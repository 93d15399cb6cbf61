/**
 * State files: a mock's data on disk, for the CLI's `--mock` mode and `cf-devices-mock --state`.
 *
 * Writes are atomic: the JSON goes to a temporary file in the same folder, is flushed with
 * fsync, and is renamed over the target (then the folder is fsynced), so a killed process leaves
 * either the old file or the new one, never half of one. Reading a damaged or foreign file fails
 * with a {@link MockStateFileError} that names the file; it never silently starts over.
 *
 * @module @cf-devices/mock/state-file
 */
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { createMock, type Mock, type MockOptions } from "../core/create-mock.js";
import {
  checkStateHeader,
  decodeState,
  type MockState,
  MockStateError,
} from "../core/store/state.js";

// Start-up matters here (every `cf-devices --mock` command loads a state file), so:
// - node:fs comes through require: an ESM import of a built-in reads every export, and
//   node:fs's stream getters load Node's file streams;
// - reading is one readFileSync (node:fs is loaded with Node itself), and node:fs/promises,
//   which pulls in readline and more, is loaded on the first write only.
const fs = createRequire(import.meta.url)("node:fs") as typeof import("node:fs");
const { constants } = fs;
const fsp = () => fs.promises;

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

  constructor(file: string, reason: string, options?: { cause?: unknown }) {
    super(`cf-devices mock state file ${file}: ${reason}`, options);
    this.name = "MockStateFileError";
    this.file = file;
  }
}

/**
 * Reads and checks a state file. Throws {@link MockStateFileError} when the file is missing,
 * is not JSON, is not a cf-devices mock state, or is damaged.
 *
 * @example
 * ```ts
 * const state = await loadMockState(".cf-devices-mock-state.json");
 * const mock = createMock({ state });
 * ```
 */
export async function loadMockState(file: string): Promise<MockState> {
  const path = resolve(file);
  const value = readStateJson(path);
  decoding(path, () => decodeState(value)); // full check, so a damaged file fails here
  return value;
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
 * Writes a mock's data (or a snapshot) to `file` atomically: temporary file, fsync, rename.
 *
 * @example
 * ```ts
 * await saveMockState(".cf-devices-mock-state.json", mock);
 * ```
 */
export async function saveMockState(file: string, source: Mock | MockState): Promise<void> {
  const path = resolve(file);
  const state = "snapshot" in source ? source.snapshot() : source;
  const text = `${JSON.stringify(state)}\n`;
  const dir = dirname(path);
  // pid + a counter keep concurrent writers apart (O_EXCL below guards the rest); no node:crypto,
  // which would cost every CLI command a few milliseconds to load.
  const temp = join(
    dir,
    `.${basename(path)}.${process.pid}.${Date.now().toString(36)}${(tempCounter++).toString(36)}.tmp`,
  );
  try {
    const handle = await fsp().open(
      temp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
      0o644,
    );
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp().rename(temp, path);
  } catch (error) {
    await fsp()
      .unlink(temp)
      .catch(() => {});
    throw new MockStateFileError(path, `cannot be written (${(error as Error).message})`, {
      cause: error,
    });
  }
  await removeStaleTemps(dir, basename(path));
  // Make the rename itself durable. Not every platform can fsync a directory; that is fine.
  try {
    const handle = await fsp().open(dir, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // ignore
  }
}

let tempCounter = 0;

/** Removes temporary files that writers which were killed mid-save left next to `name`. */
async function removeStaleTemps(dir: string, name: string): Promise<void> {
  let entries: string[];
  try {
    entries = await fsp().readdir(dir);
  } catch {
    return;
  }
  const prefix = `.${name}.`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith(".tmp")) continue;
    const pid = Number(entry.slice(prefix.length).split(".")[0]);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    await fsp()
      .unlink(join(dir, entry))
      .catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A mock tied to a state file. */
export interface PersistentMock extends Mock {
  /** The absolute path of the state file. */
  readonly stateFile: string;
  /** Writes the current data to the state file (atomically). */
  persist(): Promise<void>;
}

/**
 * Opens a mock backed by a state file: loads the file when it exists, otherwise seeds from
 * `options` (the file is written on the first `persist()`). A damaged or foreign file throws
 * {@link MockStateFileError} instead of being replaced.
 *
 * @example
 * ```ts
 * const mock = await openMock({ stateFile: ".cf-devices-mock-state.json", seed: 1, devices: 50 });
 * // … serve requests with mock.fetch …
 * await mock.persist();
 * ```
 */
export async function openMock(
  options: MockOptions & { stateFile: string },
): Promise<PersistentMock> {
  const { stateFile, ...rest } = options;
  const path = resolve(stateFile);
  let state: MockState | undefined;
  try {
    state = readStateJson(path);
  } catch (error) {
    if (
      !(
        error instanceof MockStateFileError &&
        (error.cause as NodeJS.ErrnoException)?.code === "ENOENT"
      )
    ) {
      throw error;
    }
  }
  // createMock decodes the state, and so checks all of it, once.
  const mock = decoding(path, () => createMock(state ? { ...rest, state } : rest));
  return Object.assign(mock, {
    stateFile: path,
    persist: () => saveMockState(path, mock),
  });
}
