/**
 * `pnpm generate` — turns spec/openapi.yaml into every generated file of the workspace.
 * `pnpm generate --check` — writes nothing; fails with a diff when the committed files differ
 * from what the spec produces (run by `pnpm test` and CI).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { lineDiff } from "./lib/diff.ts";
import { loadSpec } from "./lib/spec.ts";
import type { GeneratedFile, TargetInput } from "./lib/target.ts";
import { targets } from "./lib/targets/index.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Runs every target and returns what the spec produces, plus the folders they own. */
export async function generateAll(
  input: TargetInput = loadSpec(),
): Promise<{ files: GeneratedFile[]; dirs: string[] }> {
  const files: GeneratedFile[] = [];
  const dirs: string[] = [];
  for (const target of targets) {
    files.push(...(await target.generate(input)));
    dirs.push(...target.dirs);
  }
  return { files, dirs };
}

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    console.error(
      `generate: unknown argument ${unknown.join(" ")}; usage: pnpm generate [--check]`,
    );
    return 2;
  }
  const check = argv.includes("--check");
  const started = performance.now();
  const { files, dirs } = await generateAll();
  const wanted = new Map(files.map((f) => [f.path, f.contents]));
  const stale = dirs.flatMap((d) => listFiles(join(ROOT, d))).filter((p) => !wanted.has(p));

  if (check) {
    const problems: string[] = [];
    for (const [path, contents] of wanted) {
      const abs = join(ROOT, path);
      if (!existsSync(abs)) {
        problems.push(`missing: ${path}`);
        continue;
      }
      const current = readFileSync(abs, "utf8");
      if (current !== contents) problems.push(`differs: ${path}\n${lineDiff(current, contents)}`);
    }
    for (const path of stale) problems.push(`stale (not produced by the spec): ${path}`);
    if (problems.length > 0) {
      console.error(problems.join("\n\n"));
      console.error(
        `\ngenerate --check: ${problems.length} generated file(s) do not match spec/openapi.yaml.` +
          "\nRun `pnpm generate` and commit the result.",
      );
      return 1;
    }
    console.log(`generate --check: ${wanted.size} generated files match the spec`);
    return 0;
  }

  for (const path of stale) rmSync(join(ROOT, path));
  let changed = 0;
  for (const [path, contents] of wanted) {
    const abs = join(ROOT, path);
    if (existsSync(abs) && readFileSync(abs, "utf8") === contents) continue;
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, contents);
    changed++;
  }
  const ms = Math.round(performance.now() - started);
  console.log(
    `generate: ${wanted.size} files (${changed} written, ${stale.length} removed) in ${ms} ms`,
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
