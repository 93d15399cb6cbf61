/** Security requirements read the same way by both spec tools. */
import { resolve } from "./resolve.ts";
import { unique } from "./schema.ts";
import type { Document, Operation, SecurityScheme } from "./types.ts";

/**
 * The effective requirement of an operation (its own, else the document's) as a sorted list
 * of alternatives, each the sorted scheme names that must be sent together (with `[scopes]`
 * when there are any). `[]` means no authentication.
 */
export function securityAlternatives(doc: Document, op: Operation): string[][] {
  const requirements = op.security ?? doc.security ?? [];
  const alternatives = requirements.map((r) =>
    Object.entries(r ?? {})
      .map(([name, scopes]) => (scopes?.length ? `${name}[${[...scopes].sort().join(",")}]` : name))
      .sort(),
  );
  const byText = new Map(alternatives.map((a) => [a.join("+"), a]));
  return unique(byText.keys())
    .sort()
    .map((k) => byText.get(k) ?? []);
}

/** `a+b | c`, or `none`. */
export function formatSecurity(alternatives: string[][]): string {
  return alternatives.length === 0 ? "none" : alternatives.map((a) => a.join("+")).join(" | ");
}

/** What a scheme asks the caller to send, independent of the scheme's name. */
export function schemeSignature(doc: Document, name: string): string {
  const raw = doc.components?.securitySchemes?.[name];
  if (!raw) return `(undefined scheme ${name})`;
  const s = resolve<SecurityScheme>(doc, raw);
  const header = s.in === "header" && s.name ? s.name.toLowerCase() : s.name;
  return JSON.stringify([s.type, s.scheme?.toLowerCase(), s.in, header, s.bearerFormat]);
}
