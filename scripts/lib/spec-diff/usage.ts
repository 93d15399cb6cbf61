/** Where component schemas are used: by which operations, in requests and in responses. */
import { operationsOf, opKey, type TypedOperation } from "../openapi/operations.ts";
import { componentOf, isObject, isRef, resolve, SCHEMA_REF } from "../openapi/resolve.ts";
import type { Document } from "../openapi/types.ts";
import type { Direction } from "./changes.ts";

export interface Usage {
  request: Set<string>;
  response: Set<string>;
}

/** Collects the named schemas reachable from a node (through any `$ref`). */
function collectSchemaRefs(doc: Document, node: unknown, out: Set<string>): void {
  const seen = new Set<unknown>();
  const walk = (n: unknown, inProperties: boolean): void => {
    if (!n || typeof n !== "object" || seen.has(n)) return;
    seen.add(n);
    if (Array.isArray(n)) {
      for (const item of n) walk(item, false);
      return;
    }
    if (isRef(n)) {
      // A ref into a schema (`…/schemas/A/properties/b`) marks A as used, but only b is walked.
      if (n.$ref.startsWith(SCHEMA_REF)) out.add(componentOf(n.$ref));
      walk(resolve<object>(doc, n), false);
      return;
    }
    if (!isObject(n)) return;
    for (const [key, value] of Object.entries(n)) {
      if (!inProperties && (key === "example" || key === "examples")) continue;
      walk(value, key === "properties" && !inProperties);
    }
  };
  walk(node, false);
}

/** Which operations use each named schema, in requests and in responses. */
export function schemaUsage(doc: Document, ops: TypedOperation[] = operationsOf(doc)) {
  const usage = new Map<string, Usage>();
  const mark = (names: Set<string>, dir: Direction, op: string) => {
    for (const name of names) {
      const u = usage.get(name) ?? { request: new Set<string>(), response: new Set<string>() };
      usage.set(name, u);
      u[dir].add(op);
    }
  };
  for (const o of ops) {
    const request = new Set<string>();
    for (const p of o.parameters) collectSchemaRefs(doc, p, request);
    if (o.op.requestBody) collectSchemaRefs(doc, o.op.requestBody, request);
    const response = new Set<string>();
    if (o.op.responses) collectSchemaRefs(doc, o.op.responses, response);
    mark(request, "request", opKey(o));
    mark(response, "response", opKey(o));
  }
  return usage;
}
