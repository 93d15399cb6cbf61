/**
 * `pnpm spec:diff [--base <git-ref>] [--json] [--changeset]` — what changed in
 * spec/openapi.yaml since a git ref, per operation and per component schema, each change marked
 * breaking or non-breaking with a reason (the rules are in scripts/lib/spec-diff.ts).
 *
 * - `--base <ref>`: compare with the spec at that ref. Default: the latest `@cf-devices/types@*`
 *   tag (the last release), or HEAD when there is none.
 * - `--json`: print the report as JSON on stdout.
 * - `--changeset`: also write `.changeset/spec-<hash>.md` bumping the four packages (a fixed
 *   group) by the recommended bump: a scoped summary line, then one scoped line per change.
 *   `<hash>` is taken from the new spec's contents, so running it again for the same spec
 *   rewrites the same file. Bumps: see `recommendBump` (0.x: breaking bumps the minor).
 *
 * It only informs: it exits 0 whatever it finds, 1 when it cannot run, 2 on a usage error.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { Document } from "./lib/openapi/types.ts";
import { SPEC_PATH } from "./lib/spec.ts";
import { parseCommandLine, runCommand, UsageError } from "./lib/spec-cli.ts";
import {
  diffSpecs,
  formatReport,
  recommendBump,
  renderChangeset,
  type SpecChange,
} from "./lib/spec-diff.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SPEC_IN_REPO = relative(ROOT, SPEC_PATH);
const PACKAGES = ["@cf-devices/types", "@cf-devices/client", "@cf-devices/mock", "@cf-devices/cli"];
const TAG_PATTERN = "@cf-devices/types@*";
const USAGE = "usage: pnpm spec:diff [--base <git-ref>] [--json] [--changeset]";

function git(args: string[]): string {
  return execFileSync("git", args, {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The latest release tag of the fixed group, by version order, or HEAD. */
function defaultBase(): string {
  const tags = git(["tag", "--list", TAG_PATTERN, "--sort=-v:refname"]).split("\n").filter(Boolean);
  return tags[0] ?? "HEAD";
}

/** An empty document, for a base where the spec does not exist yet. */
const EMPTY = {} as Document;

function readBase(ref: string): { doc: Document; commit: string; note?: string } {
  let commit: string;
  try {
    commit = git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).trim();
  } catch {
    throw new UsageError(`spec:diff: ${ref} is not a commit, branch or tag in this repository`);
  }
  let source: string;
  try {
    source = git(["show", `${commit}:${SPEC_IN_REPO}`]);
  } catch {
    return {
      doc: EMPTY,
      commit,
      note: `${SPEC_IN_REPO} does not exist at ${ref}; comparing with an empty document`,
    };
  }
  return { doc: (parse(source) ?? EMPTY) as Document, commit };
}

/** Spec changesets other than `keep` that are not committed yet (likely stale drafts). */
function otherSpecChangesets(keep: string): string[] {
  const dir = join(ROOT, ".changeset");
  return readdirSync(dir)
    .filter((f) => /^spec-[0-9a-f]+\.md$/.test(f) && f !== keep)
    .map((f) => `.changeset/${f}`);
}

function main(argv: string[]): number {
  const { values } = parseCommandLine("spec:diff", USAGE, {
    args: argv,
    options: {
      base: { type: "string" },
      json: { type: "boolean" },
      changeset: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }

  const baseRef = values.base ?? defaultBase();
  const base = readBase(baseRef);
  const source = readFileSync(SPEC_PATH, "utf8");
  const after = (parse(source) ?? EMPTY) as Document;
  const changes: SpecChange[] = diffSpecs(base.doc, after);
  const version = JSON.parse(readFileSync(join(ROOT, "packages/types/package.json"), "utf8"))
    .version as string;
  const { bump, reason } = recommendBump(changes, version);
  const breakingCount = changes.filter((c) => c.severity === "breaking").length;

  let changesetPath: string | null = null;
  if (values.changeset && bump) {
    const hash = createHash("sha256").update(source).digest("hex").slice(0, 8);
    const file = `spec-${hash}.md`;
    changesetPath = `.changeset/${file}`;
    writeFileSync(join(ROOT, changesetPath), renderChangeset(changes, PACKAGES, bump));
    const others = otherSpecChangesets(file);
    if (others.length > 0) {
      console.error(
        `spec:diff: other spec changesets exist (${others.join(", ")}); ` +
          "delete the ones this diff supersedes",
      );
    }
  }

  if (values.json) {
    const report = {
      base: { ref: baseRef, commit: base.commit, ...(base.note ? { note: base.note } : {}) },
      head: "working tree",
      version,
      summary: {
        total: changes.length,
        breaking: breakingCount,
        nonBreaking: changes.length - breakingCount,
      },
      bump: { bump, reason },
      changeset: changesetPath,
      changes,
    };
    console.log(JSON.stringify(report, null, 2));
    return 0;
  }

  if (base.note) console.error(`spec:diff: ${base.note}`);
  console.log(`${SPEC_IN_REPO}: ${baseRef} (${base.commit.slice(0, 10)}) → working tree\n`);
  console.log(formatReport(changes));
  if (bump) console.log(`Suggested bump for the fixed group (now ${version}): ${bump} — ${reason}`);
  if (changesetPath) console.log(`Wrote ${changesetPath}`);
  else if (values.changeset) console.log("No changes, so no changeset was written.");
  return 0;
}

runCommand(import.meta.url, "spec:diff", main);
