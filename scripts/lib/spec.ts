/**
 * Loading and walking the OpenAPI document in `spec/`.
 * Everything here is pure apart from `loadSpec`, so the generator and its tests share it.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { load } from "js-yaml";

export const SPEC_PATH = fileURLToPath(new URL("../../spec/openapi.yaml", import.meta.url));

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is untyped JSON until validated
export type Json = any;

export interface LoadedSpec {
  /** The parsed document. */
  doc: Json;
  /** The exact bytes of the YAML file, for hashing. */
  source: string;
}

/**
 * Reads the spec. YAML goes through js-yaml: on this document it gives the same data as the `yaml`
 * package about five times faster, which is most of what `pnpm generate` spends on parsing.
 */
export function loadSpec(path = SPEC_PATH): LoadedSpec {
  const source = readFileSync(path, "utf8");
  return { doc: load(source), source };
}

/** Resolves a local `$ref` (`#/components/...`) against the document. */
export function resolveRef(doc: Json, ref: string): Json {
  if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported, got ${ref}`);
  let node = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    node = node?.[key];
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
  }
  return node;
}

/** Follows `$ref`s until a concrete object is reached. */
export function deref(doc: Json, node: Json): Json {
  let current = node;
  const seen = new Set<string>();
  while (current && typeof current === "object" && typeof current.$ref === "string") {
    if (seen.has(current.$ref)) throw new Error(`circular $ref ${current.$ref}`);
    seen.add(current.$ref);
    current = resolveRef(doc, current.$ref);
  }
  return current;
}

/** The component name a `$ref` points at, e.g. `#/components/schemas/Foo` → `Foo`. */
export function refName(node: Json): string | null {
  return typeof node?.$ref === "string" ? (node.$ref.split("/").pop() ?? null) : null;
}

export interface SpecOperation {
  path: string;
  method: HttpMethod;
  /** Path-level parameters merged with the operation's own. */
  parameters: Json[];
  op: Json;
}

/** Every operation in document order (paths in file order, methods in HTTP_METHODS order). */
export function listOperations(doc: Json): SpecOperation[] {
  const out: SpecOperation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const own = (op.parameters ?? []).map((p: Json) => deref(doc, p));
      const shared = (item.parameters ?? []).map((p: Json) => deref(doc, p));
      const names = new Set(own.map((p: Json) => `${p.in}:${p.name}`));
      const parameters = [...shared.filter((p: Json) => !names.has(`${p.in}:${p.name}`)), ...own];
      out.push({ path, method, parameters, op });
    }
  }
  return out;
}
