/**
 * A difference between our spec and Cloudflare's official OpenAPI document, and the rule that
 * decides whether an `x-inferred` note in our spec accepts it.
 *
 * The rule: a note accepts a difference when it sits where the difference is.
 * - On the thing itself: the parameter object, or any schema object read at that place in our
 *   spec (the property's own schema, each `$ref` it follows, each `allOf` member merged into
 *   it). Such a note accepts every difference of that thing: type, nullability, enum, default,
 *   format and bounds, its variants and its extra-properties rule; for a property or parameter
 *   also its required-ness and its absence from the official document. Not deeper: a property
 *   of an object is a thing of its own.
 * - A note on an object schema that names one of its properties (as a word, e.g. "revoked_at may
 *   be null"; a property either document declares there) is about those properties, not about
 *   the object: it accepts the named property's differences (the official document having it
 *   when ours does not included), and nothing at the object's own place.
 * - On the operation, when the note names the subject: a parameter only the official document
 *   has (by its name), or one of the operation's own differences, by the words `security`,
 *   `operationId`, `body`, `status`, `deprecated` or `operation` (our operation missing from
 *   the official document).
 * - At the top level of our spec: an official operation ours does not have, named by its
 *   operationId or by a prefix of it ending in `*` (e.g. `device-posture-rules-*`).
 * A note is a string or a list of strings; each string is matched on its own.
 */

/** What a difference is about. */
export type Aspect =
  | "operation"
  | "operationId"
  | "deprecated"
  | "security"
  | "parameter"
  | "body"
  | "status"
  | "property"
  | "required"
  | "type"
  | "nullable"
  | "enum"
  | "default"
  | "constraint"
  | "variants";

export interface Drift {
  /** `ourId = official-id` for a matched pair, otherwise the one side's id. */
  operation: string;
  /** `METHOD path` as the official document writes it (ours when only ours has it). */
  at: string;
  /** Where inside the operation: `security`, `query.per_page`, `body.name`, `result[].id`…; empty for the operation. */
  where: string;
  aspect: Aspect;
  /** What ours says, and what the official document says, as short text. */
  ours: string;
  official: string;
  /** The `x-inferred` note that accepts this difference, when there is one. */
  inferred?: string;
}

/** Where an accepting note may sit: any note on `nodes`, or one naming `word` when given. */
export interface NoteSite {
  nodes: readonly unknown[];
  word?: string;
  /** Skip notes about properties: those naming one of these (the place's properties). */
  properties?: readonly string[];
}

/** The note strings on a node (`x-inferred` is a string or a list of strings). */
export function notesOf(node: unknown): string[] {
  if (typeof node !== "object" || node === null) return [];
  const note = (node as Record<string, unknown>)["x-inferred"];
  if (typeof note === "string") return [note];
  if (Array.isArray(note)) return note.filter((n): n is string => typeof n === "string");
  return [];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether `text` names `word` (not as part of a longer name; case-insensitive). */
export function names(text: string, word: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_-])${escapeRegExp(word)}($|[^A-Za-z0-9_-])`, "i").test(text);
}

/** The first note at `sites` that accepts a difference, or undefined. */
export function acceptingNote(sites: readonly NoteSite[]): string | undefined {
  for (const site of sites) {
    for (const node of site.nodes) {
      for (const note of notesOf(node)) {
        if (site.properties?.some((p) => names(note, p))) continue;
        if (site.word === undefined || names(note, site.word)) return note;
      }
    }
  }
  return undefined;
}

/** Whether a top-level note names an official operationId, directly or by a `prefix-*`. */
export function namesOperation(note: string, operationId: string): boolean {
  if (names(note, operationId)) return true;
  for (const [, prefix] of note.matchAll(/([A-Za-z0-9_-]+)\*/g)) {
    if (prefix && operationId.startsWith(prefix)) return true;
  }
  return false;
}
