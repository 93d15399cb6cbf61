import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../test/helpers.js";
import { documentFormat, lineAndColumn, parseDocument } from "./documents.js";
import { ExitCode } from "./errors.js";

const ACCOUNT = { CLOUDFLARE_ACCOUNT_ID: "0123456789abcdef0123456789abcdef" };
const dir = mkdtempSync(join(tmpdir(), "cf-devices-documents-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The message parseDocument throws for a text. */
async function mistake(text: string, source: string): Promise<string> {
  try {
    await parseDocument(text, source, "profiles create");
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a mistake");
}

describe("documentFormat", () => {
  it("goes by the extension, else by the first character", () => {
    expect(documentFormat("body.json", "name: x")).toBe("json");
    expect(documentFormat("body.YML", "{}")).toBe("yaml");
    expect(documentFormat("body.yaml", "[]")).toBe("yaml");
    expect(documentFormat("stdin", "\uFEFF  \n {")).toBe("json");
    expect(documentFormat("stdin", "- a\n- b")).toBe("yaml");
    expect(documentFormat("body.txt", "[1]")).toBe("json");
  });

  it("counts lines and columns from 1", () => {
    expect(lineAndColumn("ab\ncd", 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
});

describe("JSON mistakes name the line and column and show the line", () => {
  it.each([
    ["a trailing comma", '{\n  "name": "x",\n}\n', 3, 1, "trailing comma"],
    ["a missing comma", '{\n  "name": "x"\n  "precedence": 1\n}', 3, 3, "expected ','"],
    ["a comment", '{\n  "name": "x" // who\n}', 2, 15, "comments are not allowed"],
    ["an unterminated string", '{"name": "x}', 1, 10, "unterminated string"],
    ["a missing value", "[1, , 2]", 1, 5, "expected a value"],
    ["an unclosed object", '{"name": "x"', 1, 13, "expected '}'"],
    ["single quotes", "{'name': 'x'}", 1, 2, "unexpected character"],
  ])("%s", async (_label, text, line, column, what) => {
    const message = await mistake(text, "body.json");
    expect(message).toContain(
      `body.json is not valid JSON: line ${line}, column ${column}: ${what}`,
    );
    // The line, and a caret under the column.
    const [, shown, caret] = message.split("\n");
    expect(shown).toBe(`  ${text.split("\n")[line - 1]}`);
    expect(caret!.indexOf("^")).toBe(column + 1);
  });

  it("columns ignore a byte order mark", async () => {
    expect(await mistake('\uFEFF{"a": 1,}', "body.json")).toContain("line 1, column 9");
  });

  it("a long (minified) line is cut around the mistake", async () => {
    const text = `{"entries": [${'"0123456789",'.repeat(50)}]}`;
    const message = await mistake(text, "body.json");
    expect(message).toContain("trailing comma");
    const [, shown, caret] = message.split("\n");
    expect(shown!.length).toBeLessThan(110);
    expect(shown![caret!.indexOf("^")]).toBe("]");
  });

  it("a .json file holding YAML is a JSON mistake", async () => {
    expect(await mistake("name: x\n", "body.json")).toContain(
      "body.json is not valid JSON: line 1, column 1",
    );
  });
});

describe("YAML keeps its parser's messages, with a line and column", () => {
  it("for a .yaml file", async () => {
    const message = await mistake("name: x\nprecedence: [1, 2\n", "body.yaml");
    expect(message).toMatch(/^body\.yaml is not valid YAML: line 3, column 1: Flow sequence/);
  });

  it("parses valid JSON and YAML alike", async () => {
    expect(await parseDocument('{"a": [1]}', "stdin", "x")).toEqual({ a: [1] });
    expect(await parseDocument("a:\n  - 1\n", "stdin", "x")).toEqual({ a: [1] });
    expect(await parseDocument("{a: 1}", "body.yaml", "x")).toEqual({ a: 1 });
  });
});

describe("through the command line (exit 2, nothing sent)", () => {
  it("--file with a JSON mistake", async () => {
    writeFileSync(
      join(dir, "profile.json"),
      '{\n  "name": "Contractors",\n  "precedence": 100,\n}\n',
    );
    const r = await run(["profiles", "create", "--file", "profile.json", "--dry-run"], {
      env: ACCOUNT,
      cwd: dir,
    });
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain(
      "error: profile.json is not valid JSON: line 4, column 1: trailing comma",
    );
    expect(r.stderr).toContain("Usage: cf-devices profiles create");
    expect(r.stdout).toBe("");
  });

  it("stdin is read by its content", async () => {
    const json = await run(["profiles", "create", "--dry-run"], {
      env: ACCOUNT,
      stdin: '{"name": "x" "precedence": 1}',
    });
    expect(json.code).toBe(ExitCode.usage);
    expect(json.stderr).toContain("stdin is not valid JSON: line 1, column 14");
    const yaml = await run(["profiles", "create", "--dry-run"], {
      env: ACCOUNT,
      stdin: "name: [x\n",
    });
    expect(yaml.stderr).toContain("stdin is not valid YAML");
  });
});
