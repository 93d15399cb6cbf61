/** What to release for a list of changes, and how to write it down: bump, changeset, report. */
import type { Bump, SpecChange } from "./changes.ts";

/**
 * The version bump for the fixed group of packages.
 * From 1.0 on: major for any breaking change, minor for additions and deprecations, patch
 * otherwise. While the version is 0.x a breaking change bumps the **minor**, as semver's 0.x
 * convention (and npm's `^0.y.z` ranges) treat the minor as the breaking digit; going to 1.0 is
 * a decision people make, not something a spec diff triggers. Additions are minor in both cases.
 * No changes: null.
 */
export function recommendBump(
  changes: SpecChange[],
  currentVersion: string,
): { bump: Bump | null; reason: string } {
  if (changes.length === 0) return { bump: null, reason: "no changes" };
  const major = Number.parseInt(currentVersion.split(".")[0] ?? "0", 10);
  const breakingCount = changes.filter((c) => c.severity === "breaking").length;
  if (breakingCount > 0) {
    return major >= 1
      ? { bump: "major", reason: `${breakingCount} breaking change(s)` }
      : {
          bump: "minor",
          reason: `${breakingCount} breaking change(s); ${currentVersion} is 0.x, where a breaking change bumps the minor`,
        };
  }
  if (changes.some((c) => c.kind === "added" || c.kind === "deprecated")) {
    return { bump: "minor", reason: "additions or deprecations, nothing breaking" };
  }
  return { bump: "patch", reason: "changes that are neither additions nor breaking" };
}

const subjectLabel = (c: SpecChange): string =>
  c.scope === "operation"
    ? c.subject
    : c.scope === "schema"
      ? `schema ${c.subject}`
      : `${c.scope} ${c.subject}`;

/** One scoped line for a changeset or a commit: `feat(spec)!: listThings: query.sort enum value "x" removed`. */
export function changeLine(c: SpecChange): string {
  const type = c.kind === "changed" ? "fix" : "feat";
  const bang = c.severity === "breaking" ? "!" : "";
  const where = c.where ? ` ${c.where}` : "";
  return `${type}(spec)${bang}: ${subjectLabel(c)}${where}: ${c.detail}`;
}

/**
 * The text of a changeset bumping every package of the fixed group: one scoped summary line
 * (what the changelog shows as the entry), then one scoped line per change, breaking ones first
 * and each saying what callers must do, as a nested list under it.
 */
export function renderChangeset(changes: SpecChange[], packages: string[], bump: Bump): string {
  const header = packages.map((p) => `"${p}": ${bump}`).join("\n");
  const breakingCount = changes.filter((c) => c.severity === "breaking").length;
  const additive = changes.some((c) => c.kind === "added" || c.kind === "deprecated");
  const summary =
    `${additive || breakingCount > 0 ? "feat" : "fix"}(spec)${breakingCount > 0 ? "!" : ""}: ` +
    `spec changes: ${breakingCount} breaking, ${changes.length - breakingCount} non-breaking`;
  const ordered = [
    ...changes.filter((c) => c.severity === "breaking"),
    ...changes.filter((c) => c.severity !== "breaking"),
  ];
  const lines = ordered
    .map((c) => `- ${changeLine(c)}${c.action ? ` — callers must ${c.action}` : ""}`)
    .join("\n");
  return `---\n${header}\n---\n\n${summary}\n\n${lines}\n`;
}

/** A readable report: one block per subject, one line per change (and what callers must do). */
export function formatReport(changes: SpecChange[]): string {
  if (changes.length === 0) return "No differences in operations, schemas or security.";
  const groups = new Map<string, SpecChange[]>();
  for (const c of changes) {
    const key = subjectLabel(c);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const lines: string[] = [];
  for (const [label, group] of groups) {
    const ops = group.find((c) => c.operations)?.operations;
    const used = ops
      ? `  (used by ${ops.slice(0, 4).join(", ")}${ops.length > 4 ? `, +${ops.length - 4}` : ""})`
      : "";
    lines.push(`${label}${used}`);
    const width = Math.min(40, Math.max(1, ...group.map((c) => (c.where || "·").length)));
    for (const c of group) {
      const sev = c.severity === "breaking" ? "BREAKING" : "non-breaking";
      lines.push(
        `  ${sev.padEnd(13)} ${(c.where || "·").padEnd(width)}  ${c.detail} — ${c.reason}`,
      );
      if (c.action)
        lines.push(`  ${"".padEnd(13)} ${"".padEnd(width)}  → callers must ${c.action}`);
    }
    lines.push("");
  }
  const b = changes.filter((c) => c.severity === "breaking").length;
  lines.push(`${changes.length} change(s): ${b} breaking, ${changes.length - b} non-breaking`);
  return lines.join("\n");
}
