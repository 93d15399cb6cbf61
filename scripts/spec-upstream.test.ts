import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const SCRIPT = fileURLToPath(new URL("./spec-upstream.ts", import.meta.url));
const FIXTURES = fileURLToPath(new URL("./fixtures/upstream/", import.meta.url));

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SCRIPT, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** One official operation, and ours with the same operation and the given per_page schema. */
function pair(perPage: Record<string, unknown>): { official: string; ours: string } {
  const dir = mkdtempSync(join(tmpdir(), "spec-upstream-"));
  const op = (extra: Record<string, unknown>, schema: Record<string, unknown>) => ({
    ...extra,
    parameters: [
      { in: "path", name: "account_id", required: true, schema: { type: "string" } },
      { in: "query", name: "per_page", ...schema },
    ],
    responses: { "200": { description: "ok" } },
  });
  const doc = (version: string, o: unknown) => ({
    openapi: version,
    info: { title: "t", version: "1" },
    paths: { "/accounts/{account_id}/devices/physical-devices": { get: o } },
  });
  const official = join(dir, "openapi.json");
  const ours = join(dir, "ours.json");
  writeFileSync(
    official,
    JSON.stringify(
      doc("3.0.3", op({ operationId: "list-devices" }, { schema: { type: "integer" } })),
    ),
  );
  writeFileSync(
    ours,
    JSON.stringify(
      doc(
        "3.1.0",
        op(
          { operationId: "listPhysicalDevices", "x-cloudflare-operation-id": "list-devices" },
          perPage,
        ),
      ),
    ),
  );
  return { official, ours };
}

describe("pnpm spec:upstream", () => {
  it("exits 1 when differences are open, and prints the same summary as text and JSON", async () => {
    const args = [join(FIXTURES, "official.json"), "--spec", join(FIXTURES, "ours.yaml")];
    const text = await cli(...args);
    expect(text.code).toBe(1);
    const json = await cli(...args, "--json");
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.summary).toMatchObject({ matched: 5, onlyOurs: 1, onlyOfficial: 2 });
    expect(report.summary.open).toBeGreaterThan(0);
    expect(report.summary.open + report.summary.accepted).toBe(report.differences.length);
    expect(text.stdout).toContain(
      `${report.summary.differences} difference(s): ${report.summary.open} open, ${report.summary.accepted} accepted`,
    );
  });

  it("exits 0 when every difference is accepted by an x-inferred note, and 1 without the note", async () => {
    const noted = pair({
      "x-inferred": "A default page size is this document's choice.",
      schema: { type: "integer", default: 10 },
    });
    const ok = await cli(noted.official, "--spec", noted.ours);
    expect(ok.stdout).toContain("accepted query.per_page");
    expect(ok.code).toBe(0);
    const bare = pair({ schema: { type: "integer", default: 10 } });
    expect((await cli(bare.official, "--spec", bare.ours)).code).toBe(1);
  });

  it("refuses bad input with a message saying what is wrong", async () => {
    const missing = await cli();
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("which official document?");
    const dir = mkdtempSync(join(tmpdir(), "spec-upstream-"));
    const broken = join(dir, "openapi.json");
    writeFileSync(broken, '{"openapi": "3.0.3", "paths": {');
    const bad = await cli(broken);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${broken} is not valid JSON`);
    writeFileSync(broken, '{"swagger": "2.0"}');
    expect((await cli(broken)).stderr).toContain("is not an OpenAPI 3 document");
  });
});
