/**
 * Printing results. Data goes to stdout, everything else to stderr. On a TTY lists become an
 * aligned table; piped, they become tab-separated lines; `--json` and `--ndjson` are for scripts.
 */
import { colorEnabled, type Io, paint } from "./io.js";

export type OutputFormat = "table" | "json" | "ndjson";

export interface OutputOptions {
  format: OutputFormat;
  /** Keep only these fields (dot paths such as `last_seen_user.email`). */
  fields: string[] | undefined;
  /** Default table columns when `fields` is not given. */
  columns: string[] | undefined;
}

/** Reads a dot path from an object: `get({a:{b:1}}, "a.b") === 1`. */
export function getPath(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Keeps only `fields` of an object, preserving nesting for dot paths. */
export function pick(value: unknown, fields: string[]): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const v = getPath(value, field);
    if (v === undefined) continue;
    const keys = field.split(".");
    let node = out;
    keys.slice(0, -1).forEach((k) => {
      node[k] ??= {};
      node = node[k] as Record<string, unknown>;
    });
    node[keys.at(-1)!] = v;
  }
  return out;
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value).replaceAll(/[\t\n\r]/g, " ");
}

/** Columns for a list: the requested fields, the command's defaults, or the scalar keys seen. */
function columnsFor(items: unknown[], options: OutputOptions): string[] {
  if (options.fields?.length) return options.fields;
  if (options.columns?.length) return options.columns;
  const keys = new Set<string>();
  for (const item of items.slice(0, 50)) {
    if (item && typeof item === "object") {
      for (const [k, v] of Object.entries(item))
        if (v === null || typeof v !== "object") keys.add(k);
    }
  }
  return [...keys].slice(0, 8);
}

/** Prints a complete list in the chosen format. */
export function printList(io: Io, items: unknown[], options: OutputOptions): void {
  if (options.format === "json") {
    const shown = options.fields ? items.map((i) => pick(i, options.fields!)) : items;
    io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return;
  }
  if (options.format === "ndjson") {
    for (const item of items) printNdjsonItem(io, item, options);
    return;
  }
  if (items.length === 0) {
    io.stderr.write("No results.\n");
    return;
  }
  const columns = columnsFor(items, options);
  const rows = items.map((item) =>
    columns.map((c) => cell(typeof item === "object" ? getPath(item, c) : item)),
  );
  if (!io.stdout.isTTY) {
    for (const row of rows) io.stdout.write(`${row.join("\t")}\n`);
    return;
  }
  const p = paint(colorEnabled(io, io.stdout));
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  io.stdout.write(`${p.bold(line(columns.map((c) => c.toUpperCase())))}\n`);
  for (const row of rows) io.stdout.write(`${line(row)}\n`);
}

export function printNdjsonItem(io: Io, item: unknown, options: OutputOptions): void {
  io.stdout.write(`${JSON.stringify(options.fields ? pick(item, options.fields) : item)}\n`);
}

/** Prints one object (or scalar) result. */
export function printValue(io: Io, value: unknown, options: OutputOptions): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    printList(io, value, options);
    return;
  }
  const shown = options.fields ? pick(value, options.fields) : value;
  if (options.format !== "table" || typeof shown !== "object" || shown === null) {
    io.stdout.write(`${JSON.stringify(shown, null, options.format === "ndjson" ? 0 : 2)}\n`);
    return;
  }
  const p = paint(colorEnabled(io, io.stdout));
  const entries = flatten(shown as Record<string, unknown>);
  const width = Math.max(...entries.map(([k]) => k.length));
  for (const [k, v] of entries) {
    io.stdout.write(io.stdout.isTTY ? `${p.bold(k.padEnd(width))}  ${v}\n` : `${k}\t${v}\n`);
  }
}

function flatten(value: Record<string, unknown>, prefix = ""): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0) {
      out.push(...flatten(v as Record<string, unknown>, key));
    } else {
      out.push([key, cell(v)]);
    }
  }
  return out;
}

/**
 * Streams a list as it arrives (for `--all`): JSON arrays are written element by element, NDJSON
 * line by line; tables need every row for column widths, so they are printed at the end.
 */
export class ListStream {
  private count = 0;
  private buffered: unknown[] = [];
  constructor(
    private io: Io,
    private options: OutputOptions,
  ) {}

  push(item: unknown): void {
    const { format, fields } = this.options;
    if (format === "json") {
      const shown = fields ? pick(item, fields) : item;
      const text = JSON.stringify(shown, null, 2).replaceAll("\n", "\n  ");
      this.io.stdout.write(`${this.count === 0 ? "[\n  " : ",\n  "}${text}`);
    } else if (format === "ndjson") {
      printNdjsonItem(this.io, item, this.options);
    } else {
      this.buffered.push(item);
    }
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  end(): void {
    if (this.options.format === "json") this.io.stdout.write(this.count === 0 ? "[]\n" : "\n]\n");
    else if (this.options.format === "table") printList(this.io, this.buffered, this.options);
  }
}
