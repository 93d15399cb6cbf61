/**
 * Reading the official document: JSON (the form Cloudflare publishes; the fastest to read) or
 * YAML. YAML goes through js-yaml, several times faster than the `yaml` package on a document
 * of many megabytes.
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { load } from "js-yaml";
import type { Document } from "../openapi/types.ts";
import { InputError } from "../spec-cli.ts";

export { InputError };

/** Parses an OpenAPI document, by extension (`.json`, `.yaml`, `.yml`) or else by its first character. */
export function parseDocument(text: string, name: string): Document {
  const ext = extname(name).toLowerCase();
  const asJson = ext === ".json" || (ext !== ".yaml" && ext !== ".yml" && /^\s*\{/.test(text));
  let doc: unknown;
  try {
    doc = asJson ? JSON.parse(text) : load(text);
  } catch (error) {
    throw new InputError(
      `${name} is not valid ${asJson ? "JSON" : "YAML"}: ${(error as Error).message}`,
    );
  }
  const d = doc as Partial<Document> | null;
  if (typeof d !== "object" || d === null || typeof d.openapi !== "string" || !d.paths) {
    throw new InputError(
      `${name} is not an OpenAPI 3 document (it needs "openapi" and "paths" at the top level); ` +
        "pass Cloudflare's openapi.json from github.com/cloudflare/api-schemas",
    );
  }
  return d as Document;
}

export function loadDocument(path: string): Document {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  return parseDocument(text, path);
}
