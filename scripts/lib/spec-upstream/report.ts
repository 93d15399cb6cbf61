/** The drift report: a summary, readable text and the JSON form. */
import type { Drift } from "./drift.ts";
import type { Matching } from "./match.ts";

export interface DriftSummary {
  matched: number;
  onlyOurs: number;
  onlyOfficial: number;
  differences: number;
  /** Differences no `x-inferred` note accepts: the command exits 1 when there are any. */
  open: number;
  accepted: number;
}

export function summarize(matching: Matching, drifts: Drift[]): DriftSummary {
  const accepted = drifts.filter((d) => d.inferred !== undefined).length;
  return {
    matched: matching.pairs.length,
    onlyOurs: matching.onlyOurs.length,
    onlyOfficial: matching.onlyOfficial.length,
    differences: drifts.length,
    open: drifts.length - accepted,
    accepted,
  };
}

const clip = (s: string, n = 70) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** One block per operation, one line per difference, open ones marked `open`. */
export function formatDrift(drifts: Drift[], summary: DriftSummary): string {
  const groups = new Map<string, Drift[]>();
  for (const d of drifts) {
    const key = `${d.operation}  ${d.at}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const lines: string[] = [];
  for (const [label, group] of groups) {
    lines.push(label);
    const width = Math.min(36, Math.max(1, ...group.map((d) => (d.where || "·").length)));
    for (const d of group) {
      const state = d.inferred === undefined ? "open    " : "accepted";
      const note = d.inferred === undefined ? "" : `  [x-inferred: ${clip(d.inferred, 60)}]`;
      lines.push(
        `  ${state} ${(d.where || "·").padEnd(width)}  ${d.aspect}: ours ${clip(d.ours)}; official ${clip(d.official)}${note}`,
      );
    }
    lines.push("");
  }
  lines.push(
    `${summary.matched} operation(s) matched, ${summary.onlyOurs} only in ours, ` +
      `${summary.onlyOfficial} only in the official document; ${summary.differences} difference(s): ` +
      `${summary.open} open, ${summary.accepted} accepted by x-inferred notes`,
  );
  return lines.join("\n");
}
