/**
 * What every section returns, and the table printed from it: one row per figure, with its
 * baseline ratio, goal and pass/fail.
 */

export type SectionId = "size" | "overhead" | "startup" | "mock" | "scale" | "codegen" | "store";

/** One goal of a figure, already evaluated. */
export interface Check {
  /** Human-readable, e.g. "≤ 1.50× openapi-fetch". */
  goal: string;
  pass: boolean;
}

/** One number in the table. */
export interface Figure {
  section: SectionId;
  name: string;
  value: number;
  unit: string;
  /** `value` relative to the baseline measured in the same run, e.g. 1.12 (×). */
  ratio?: number;
  /** What the ratio is against. */
  baseline?: string;
  checks: Check[];
}

/** A bar chart panel of the SVG. */
export interface Panel {
  title: string;
  unit: string;
  bars: { label: string; value: number; ours: boolean }[];
  /** Where the goal puts the line for the "ours" bars, when it is a fixed value. */
  goalLine?: { value: number; label: string };
  /** One line under the title, e.g. "goal ≤ 1.5× → pass". */
  caption?: string;
}

/** What a section returns. */
export interface SectionResult {
  /** Every measurement in detail (goes to latest.json). */
  data: Record<string, unknown>;
  figures: Figure[];
  panels: Panel[];
  /** Method notes and fall-backs (printed under the table and stored in the JSON). */
  notes: string[];
}

/** Evaluates `value op limit`. */
export function check(value: number, op: "<" | "<=" | ">=", limit: number, goal: string): Check {
  const pass = op === "<" ? value < limit : op === "<=" ? value <= limit : value >= limit;
  return { goal, pass };
}

function formatValue(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

/** The rows of the table as text cells (used for the printout and the README). */
export function tableRows(figures: readonly Figure[]): string[][] {
  return figures.map((f) => [
    f.section,
    f.name,
    formatValue(f.value, f.unit),
    f.ratio === undefined ? "" : `${f.ratio.toFixed(2)}× ${f.baseline ?? ""}`.trim(),
    f.checks.map((c) => c.goal).join("; "),
    f.checks.length === 0 ? "" : f.checks.every((c) => c.pass) ? "pass" : "FAIL",
  ]);
}

/** Formats the figures as an aligned text table. */
export function formatTable(figures: readonly Figure[]): string {
  const header = ["section", "figure", "median", "vs baseline", "goal", "result"];
  const rows = [header, ...tableRows(figures)];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i === 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)]
    .join("\n")
    .concat("\n");
}
