/**
 * The embedded mock behind `--mock`: a seeded mock of the API whose state lives in a file (a
 * SQLite database holding only what differs from the seed), so successive commands see each
 * other's changes (revoke, then list shows it revoked).
 */
import { homedir } from "node:os";
import { join } from "node:path";
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

export function defaultStateFile(env: Record<string, string | undefined>): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "cf-devices", "mock-state.json");
}

export async function openMockSession(io: Io, stateFile: string | undefined): Promise<MockSession> {
  const { openMock } = await import("@cf-devices/mock/state-file");
  const mock = await openMock({
    stateFile: stateFile ?? defaultStateFile(io.env),
    ...EMBEDDED_SEED,
  });
  return {
    baseUrl: mock.baseUrl,
    accountId: mock.accountId,
    zoneId: mock.zoneId,
    credentials: { apiToken: mock.credentials.apiToken },
    fetch: mock.fetch,
    save: () => mock.persist(),
    close: () => mock.close(),
  };
}
