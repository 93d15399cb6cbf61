/**
 * Which operations of two documents are the same: the devices operations of each, paired by
 * the official operationId our spec records (`x-cloudflare-operation-id`) or, without one, by
 * method and path shape (path parameter names may differ between the documents).
 */
import { at, operationsOf, type TypedOperation } from "../openapi/operations.ts";
import type { Document } from "../openapi/types.ts";

/** The path prefixes of the Devices API. */
export const DEVICES_PREFIXES = [
  /^\/accounts\/\{[^}]+\}\/devices(\/|$)/,
  /^\/zones\/\{[^}]+\}\/devices(\/|$)/,
];

export const OPERATION_ID_KEY = "x-cloudflare-operation-id";

export type DevicesOperation = TypedOperation;

/** `/accounts/{account_id}/devices/{device_id}` → `/accounts/{}/devices/{}`. */
export const pathShape = (path: string): string => path.replace(/\{[^}]+\}/g, "{}");

export { at };

const shapeKey = (o: { method: string; path: string }): string =>
  `${o.method.toUpperCase()} ${pathShape(o.path)}`;

/** The operations under the devices prefixes; only those paths are read. */
export function devicesOperations(doc: Document): DevicesOperation[] {
  try {
    return operationsOf(doc, (path) => DEVICES_PREFIXES.some((p) => p.test(path)));
  } catch (error) {
    throw new Error(`cannot read the devices operations: ${(error as Error).message}`);
  }
}

export interface Pair {
  ours: DevicesOperation;
  official: DevicesOperation;
  /** Set when the pairing itself is a difference (an operationId that does not fit). */
  idProblem?: { ours: string; official: string };
}

export interface Matching {
  pairs: Pair[];
  onlyOurs: { ours: DevicesOperation; recordedId?: string }[];
  onlyOfficial: DevicesOperation[];
}

export function matchOperations(ours: DevicesOperation[], official: DevicesOperation[]): Matching {
  const byId = new Map<string, DevicesOperation>();
  const byShape = new Map<string, DevicesOperation>();
  for (const o of official) {
    if (o.op.operationId) byId.set(o.op.operationId, o);
    byShape.set(shapeKey(o), o);
  }
  const taken = new Set<DevicesOperation>();
  const pairs: Pair[] = [];
  const onlyOurs: Matching["onlyOurs"] = [];
  for (const o of ours) {
    const recorded = o.op[OPERATION_ID_KEY];
    const recordedId = typeof recorded === "string" ? recorded : undefined;
    const sameShape = byShape.get(shapeKey(o));
    const named = recordedId ? byId.get(recordedId) : undefined;
    const found = named ?? sameShape;
    if (!found || taken.has(found)) {
      onlyOurs.push({ ours: o, ...(recordedId ? { recordedId } : {}) });
      continue;
    }
    taken.add(found);
    const pair: Pair = { ours: o, official: found };
    const officialId = found.op.operationId ?? "(none)";
    if (named && named !== sameShape) {
      pair.idProblem = {
        ours: `${recordedId} at ${at(o)}`,
        official: `${officialId} is ${at(named)}`,
      };
    } else if (recordedId !== officialId) {
      pair.idProblem = { ours: recordedId ?? "(not recorded)", official: officialId };
    }
    pairs.push(pair);
  }
  return { pairs, onlyOurs, onlyOfficial: official.filter((o) => !taken.has(o)) };
}
