import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../../test/helpers.js";
import { ExitCode } from "../../errors.js";

const dir = mkdtempSync(join(tmpdir(), "cf-devices-list-edit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** The list as the embedded mock with this state file holds it (JSON text). */
async function listIn(command: string[], state: string): Promise<string> {
  const r = await run([...command, "get", "--mock", "--json"], {
    env: { CF_DEVICES_MOCK_STATE: state },
  });
  expect(r.code, r.stderr).toBe(ExitCode.ok);
  return r.stdout;
}

/**
 * Runs against the embedded mock with a state file of its own; `--verbose` logs each request.
 * `wrote` tells whether the list held in the state file changed.
 */
async function runMock(argv: string[], state = join(dir, `state-${n++}.json`)) {
  const command = argv.slice(
    0,
    argv.findIndex((word) => word === "add" || word === "remove"),
  );
  const before = await listIn(command, state);
  const r = await run([...argv, "--mock", "--yes", "--verbose"], {
    env: { CF_DEVICES_MOCK_STATE: state },
  });
  const requests = [...r.stderr.matchAll(/^\[debug\] (GET|PUT|POST|PATCH|DELETE) /gm)].map(
    (m) => m[1],
  );
  return { ...r, requests, wrote: (await listIn(command, state)) !== before };
}

// Entries the embedded mock is seeded with.
const lists = [
  { command: ["split-tunnel", "exclude"], present: "10.0.0.0/8", absent: "192.0.2.0/24" },
  { command: ["fallback-domains"], present: "intranet", absent: "absent.example" },
];

describe.each(lists)("$command.0 … add and remove with nothing to change", (list) => {
  it("add of an entry already there: exit 0, says so, writes nothing", async () => {
    const r = await runMock([...list.command, "add", list.present]);
    expect(r.code).toBe(ExitCode.ok);
    expect(r.stderr).toContain(`already in the list: ${list.present}`);
    expect(r.stderr).toContain("Nothing to change: the entry is already in the list");
    expect(r.stdout).toBe("");
    expect(r.requests).toEqual(["GET"]);
    expect(r.wrote).toBe(false);
  });

  it("remove of an entry not there: the same (exit 0, says so, writes nothing)", async () => {
    const r = await runMock([...list.command, "remove", list.absent]);
    expect(r.code).toBe(ExitCode.ok);
    expect(r.stderr).toContain(`not in the list: ${list.absent}`);
    expect(r.stderr).toContain("Nothing to change: the entry is not in the list");
    expect(r.stdout).toBe("");
    expect(r.requests).toEqual(["GET"]);
    expect(r.wrote).toBe(false);
  });

  it("remove of one entry there and one not: removes the one, notes the other", async () => {
    const r = await runMock([...list.command, "remove", list.present, list.absent]);
    expect(r.code).toBe(ExitCode.ok);
    expect(r.stderr).toContain(`not in the list: ${list.absent}`);
    expect(r.stderr).toContain(`- ${list.present}`);
    expect(r.requests).toEqual(["GET", "PUT"]);
    expect(r.wrote).toBe(true);
  });

  it("add then add again: the second run changes nothing", async () => {
    const state = join(dir, `state-${n++}.json`);
    expect((await runMock([...list.command, "add", list.absent], state)).requests).toEqual([
      "GET",
      "PUT",
    ]);
    const again = await runMock([...list.command, "add", list.absent], state);
    expect(again.code).toBe(ExitCode.ok);
    expect(again.requests).toEqual(["GET"]);
    expect(again.stderr).toContain("Nothing to change");
  });
});
