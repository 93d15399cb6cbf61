/**
 * The embedded mock behind `--mock`: a seeded mock of the API whose state lives in a file (a
 * SQLite database holding only what differs from the seed), so successive commands see each
 * other's changes (revoke, then list shows it revoked). With `--mock-state none` it keeps no
 * file: each command starts from the seed (and works on Node.js without node:sqlite).
 */
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { ExitCode, ExitError } from "./errors.js";
import type { Io } from "./io.js";

/** Seed of the embedded mock: small enough to start fast, big enough to page through. */
const EMBEDDED_SEED = { seed: 1, devices: 60 };

export interface MockSession {
  baseUrl: string;
  accountId: string;
  zoneId: string;
  credentials: { apiToken: string };
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /** Makes sure the command's changes are in the state file (each is written as it happens). */
  save(): Promise<void>;
  /** Closes the state file. */
  close(): void;
}

const cacheDir = (env: Record<string, string | undefined>) =>
  join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "cf-devices");

/** The embedded mock's state file when neither --mock-state nor CF_DEVICES_MOCK_STATE says. */
export function defaultStateFile(env: Record<string, string | undefined>): string {
  return join(cacheDir(env), "mock-state.db");
}

/**
 * Where earlier versions kept the default state (a JSON file, later a SQLite database under the
 * same `.json` name). {@link adoptLegacyStateFile} moves it to {@link defaultStateFile}.
 */
export function legacyStateFile(env: Record<string, string | undefined>): string {
  return join(cacheDir(env), "mock-state.json");
}

/**
 * Moves the default state of an earlier version to the current name (with a database's -wal
 * and -shm files), so an upgrade keeps the data; nothing happens when there is none, or when
 * the current file exists already.
 */
export function adoptLegacyStateFile(env: Record<string, string | undefined>): void {
  const fs = createRequire(import.meta.url)("node:fs") as typeof import("node:fs");
  const [from, to] = [legacyStateFile(env), defaultStateFile(env)];
  if (!fs.existsSync(from) || fs.existsSync(to)) return;
  for (const suffix of ["-wal", "-shm", ""]) {
    try {
      fs.renameSync(from + suffix, to + suffix);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
}

/** `--mock-state none`: the embedded mock keeps nothing between commands (no state file). */
export const NO_STATE = "none";

type MockLike = Pick<MockSession, "baseUrl" | "accountId" | "zoneId" | "fetch"> & {
  credentials: { apiToken: string };
};

function session(mock: MockLike, save: MockSession["save"], close: MockSession["close"]) {
  return {
    baseUrl: mock.baseUrl,
    accountId: mock.accountId,
    zoneId: mock.zoneId,
    credentials: { apiToken: mock.credentials.apiToken },
    fetch: mock.fetch,
    save,
    close,
  };
}

export async function openMockSession(io: Io, stateFile: string | undefined): Promise<MockSession> {
  if (stateFile === NO_STATE) {
    const { createMock } = await import("@cf-devices/mock");
    return session(
      createMock(EMBEDDED_SEED),
      async () => {},
      () => {},
    );
  }
  const { openMock, MockStateFileError } = await import("@cf-devices/mock/state-file");
  if (stateFile === undefined) adoptLegacyStateFile(io.env);
  const file = stateFile ?? defaultStateFile(io.env);
  let mock: Awaited<ReturnType<typeof openMock>>;
  try {
    mock = await openMock({ stateFile: file, ...EMBEDDED_SEED });
  } catch (error) {
    // The usual way out of a missing node:sqlite is one the CLI offers: say so, on one line.
    if (error instanceof MockStateFileError && error.code === "ERR_MOCK_NO_SQLITE") {
      throw new ExitError(
        ExitCode.usage,
        `error: --mock keeps its data in a state file (${file}), a SQLite database that needs node:sqlite, built into Node.js 22.13 and newer; this is Node.js ${process.versions.node}. Upgrade Node.js, or add --mock-state ${NO_STATE} to run the mock without a state file (changes are then not kept between commands).`,
      );
    }
    throw error;
  }
  return session(
    mock,
    () => mock.persist(),
    () => mock.close(),
  );
}
