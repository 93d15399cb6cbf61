/** The operations of a document, typed (the walk itself is `listOperations` in ../spec.ts). */
import { listOperations } from "../spec.ts";
import type { Document, Operation, Parameter } from "./types.ts";

export interface TypedOperation {
  path: string;
  method: string;
  op: Operation;
  /** Path-level and operation-level parameters, `$ref`s followed. */
  parameters: Parameter[];
}

/** Every operation, or those whose path `keep` accepts (the other paths are not read at all). */
export function operationsOf(doc: Document, keep?: (path: string) => boolean): TypedOperation[] {
  const paths = keep
    ? Object.fromEntries(Object.entries(doc.paths ?? {}).filter(([path]) => keep(path)))
    : doc.paths;
  return listOperations({ ...doc, paths }).map((o) => ({
    path: o.path,
    method: o.method,
    op: o.op as Operation,
    parameters: o.parameters as Parameter[],
  }));
}

/** `GET /things/{id}`. */
export const at = (o: { method: string; path: string }): string =>
  `${o.method.toUpperCase()} ${o.path}`;

/** The operationId, or `METHOD path` when there is none. */
export const opKey = (o: TypedOperation): string => o.op.operationId ?? at(o);
