import {
  type OperationId,
  type OperationManifest,
  type QueryParamManifest,
  manifest as typedManifest,
} from "@cf-devices/types";
import { describe, expect, it } from "vitest";
import { run } from "../test/helpers.js";
import { boundsMistake, countMistake, describeBounds } from "./bounds.js";
import { allCommands, type CommandDef } from "./commands/registry.js";
import { ExitCode, UsageError } from "./errors.js";
import { queryFlagName, queryFlags } from "./flags.js";
import { queryFromFlags } from "./requests.js";

/** The manifest as plain data (its literal types are not needed here). */
const manifest: Record<string, OperationManifest> = typedManifest;
const ACCOUNT = { CLOUDFLARE_ACCOUNT_ID: "0123456789abcdef0123456789abcdef" };

/** A command over one operation, made the way the command table makes its list commands. */
function listCommand(id: OperationId): CommandDef {
  return {
    name: `test ${id}`,
    summary: manifest[id]!.summary,
    operations: [id],
    args: [],
    flags: queryFlags(manifest[id]!.queryParams),
    examples: [],
    handler: "operation",
  };
}

describe("bounds from the spec (per_page ≤ 100 on IP profiles and deployment groups)", () => {
  it.each(["listIpProfiles", "listDeploymentGroups"] as const)(
    "%s: --per-page is checked before sending",
    (id) => {
      const command = listCommand(id);
      expect(queryFromFlags(command, { "per-page": "100", page: "2" })).toEqual({
        per_page: 100,
        page: 2,
      });
      // The usage printed after the message is that of the command.
      expect(() => queryFromFlags(command, { "per-page": "5000" })).toThrow(
        new UsageError("--per-page must be 1 to 100; got 5000", command.name),
      );
      expect(() => queryFromFlags(command, { "per-page": "0" })).toThrow(/1 to 100; got 0/);
      expect(() => queryFromFlags(command, { page: "0" })).toThrow(
        "--page must be at least 1; got 0",
      );
      expect(command.flags["per-page"]?.description).toContain("1 to 100");
    },
  );

  it("every bounded query flag of every command refuses an out-of-range value (exit 2, nothing sent)", async () => {
    // No credentials: a command that got as far as sending would exit 4, not 2.
    const cases = allCommands().flatMap((command) =>
      command.operations.flatMap((id) =>
        manifest[id]!.queryParams.filter(
          (q) => q.maximum !== undefined && command.flags[queryFlagName(q.name)],
        ).map((q) => ({ command, flag: queryFlagName(q.name), value: String(q.maximum! + 1) })),
      ),
    );
    for (const { command, flag, value } of cases) {
      const args = command.args
        .filter((a) => a.required)
        .map(() => "0123456789abcdef0123456789abcdef");
      const r = await run([...command.name.split(" "), ...args, `--${flag}`, value, "--yes"], {
        env: ACCOUNT,
      });
      expect(r.code, `${command.name} --${flag} ${value}: ${r.stderr}`).toBe(ExitCode.usage);
      expect(r.stderr).toContain(`--${flag} must be`);
    }
  });
});

describe("bounds of a fixture parameter", () => {
  const param = (extra: Partial<QueryParamManifest>): QueryParamManifest => ({
    name: "x",
    required: false,
    array: false,
    type: "integer",
    ...extra,
  });

  it("checks inclusive and exclusive number bounds", () => {
    const inclusive = param({ minimum: 1, maximum: 100 });
    expect(boundsMistake(inclusive, 1)).toBeUndefined();
    expect(boundsMistake(inclusive, 100)).toBeUndefined();
    expect(boundsMistake(inclusive, 101)).toBe("must be 1 to 100; got 101");
    const exclusive = param({ type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 });
    expect(boundsMistake(exclusive, 0.5)).toBeUndefined();
    expect(boundsMistake(exclusive, 0)).toBe("must be more than 0 and less than 1; got 0");
    expect(boundsMistake(exclusive, 1)).toMatch(/less than 1; got 1$/);
    expect(boundsMistake(param({ maximum: 10 }), 11)).toBe("must be at most 10; got 11");
  });

  it("checks string length (in characters) and pattern", () => {
    const id = param({ type: "string", minLength: 2, maxLength: 4, pattern: "^[a-z]+$" });
    expect(boundsMistake(id, "abcd")).toBeUndefined();
    expect(boundsMistake(id, "abcde")).toBe("must be 2 to 4 characters long; got 5");
    expect(boundsMistake(id, "a")).toBe("must be 2 to 4 characters long; got 1");
    expect(boundsMistake(id, "ab1")).toBe('must match /^[a-z]+$/; got "ab1"');
    // Two emoji are two characters, not four UTF-16 units.
    expect(boundsMistake(param({ type: "string", maxLength: 2 }), "😀😀")).toBeUndefined();
  });

  it("checks how many times a repeatable flag is given", () => {
    const ids = param({ type: "string", array: true, minItems: 1, maxItems: 2 });
    expect(countMistake(ids, 2)).toBeUndefined();
    expect(countMistake(ids, 3)).toBe("can be given 1 to 2 times; got 3");
    expect(countMistake(param({ maxItems: 2 }), 3)).toBeUndefined();
  });

  it("describes the bounds for help", () => {
    expect(describeBounds(param({ minimum: 1 }))).toBe("at least 1");
    expect(
      describeBounds(param({ type: "string", array: true, maxLength: 36, maxItems: 50 })),
    ).toBe("at most 36 characters, at most 50 times");
    expect(describeBounds(param({}))).toBeUndefined();
  });
});
