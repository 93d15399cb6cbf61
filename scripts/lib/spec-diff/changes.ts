/** What `spec:diff` reports: one change, its verdict, and how verdicts are written. */
import type { Document } from "../openapi/types.ts";

export type Severity = "breaking" | "non-breaking";
export type ChangeKind = "added" | "removed" | "changed" | "deprecated";
export type Direction = "request" | "response";
export type Bump = "major" | "minor" | "patch";

export interface SpecChange {
  /** What the change belongs to. */
  scope: "operation" | "schema" | "security-scheme" | "document";
  /** operationId, schema name, security scheme name, or `servers`. */
  subject: string;
  /** Where inside the subject, e.g. `query.sort_by`, `body.name`, `response(200).result[].id`; empty for the subject itself. */
  where: string;
  kind: ChangeKind;
  /** What changed, e.g. `property added (required)`. */
  detail: string;
  severity: Severity;
  /** Why it has that severity. */
  reason: string;
  /** For breaking changes: what code using the packages must do about it. */
  action?: string;
  /** For schema changes: the operations that use the schema (either document). */
  operations?: string[];
}

export interface Verdict {
  severity: Severity;
  reason: string;
  action?: string;
}

/** The verdict for each direction; `emit` picks the one that applies. */
export interface Rule {
  request: Verdict;
  response: Verdict;
}

export const breaking = (reason: string, action: string): Verdict => ({
  severity: "breaking",
  reason,
  action,
});
export const safe = (reason: string): Verdict => ({ severity: "non-breaking", reason });

export interface SchemaContext {
  before: Document;
  after: Document;
  dir: Direction;
  out: SpecChange[];
  scope: SpecChange["scope"];
  subject: string;
  /** Pairs of `$ref`s being compared further up, to stop on recursive schemas. */
  stack: Set<string>;
}

export function emit(
  ctx: SchemaContext,
  where: string,
  kind: ChangeKind,
  detail: string,
  rule: Rule | Verdict,
): void {
  const verdict = "severity" in rule ? rule : rule[ctx.dir];
  ctx.out.push({ scope: ctx.scope, subject: ctx.subject, where, kind, detail, ...verdict });
}
