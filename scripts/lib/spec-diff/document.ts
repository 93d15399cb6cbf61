/** The whole-document comparison: servers, security schemes, operations, component schemas. */
import { at, operationsOf, opKey, type TypedOperation } from "../openapi/operations.ts";
import { unique } from "../openapi/schema.ts";
import { schemeSignature } from "../openapi/security.ts";
import type { Document, Schema } from "../openapi/types.ts";
import { breaking, type Direction, type SpecChange, safe } from "./changes.ts";
import { diffOperation } from "./operations.ts";
import { diffSchema } from "./schema.ts";
import { schemaUsage } from "./usage.ts";

function diffSecuritySchemes(before: Document, after: Document, out: SpecChange[]) {
  const schemesA = before.components?.securitySchemes ?? {};
  const schemesB = after.components?.securitySchemes ?? {};
  const scheme = (
    subject: string,
    kind: SpecChange["kind"],
    detail: string,
    verdict: ReturnType<typeof safe>,
  ) => out.push({ scope: "security-scheme", subject, where: "", kind, detail, ...verdict });
  for (const name of Object.keys(schemesA)) {
    if (!(name in schemesB)) {
      scheme(
        name,
        "removed",
        "security scheme removed",
        breaking(
          "credentials of that kind are no longer accepted",
          "authenticate with another scheme",
        ),
      );
    }
  }
  for (const name of Object.keys(schemesB)) {
    if (!(name in schemesA)) {
      scheme(name, "added", "security scheme added", safe("a new way to authenticate"));
      continue;
    }
    const old = schemeSignature(before, name);
    const now = schemeSignature(after, name);
    if (old !== now) {
      scheme(
        name,
        "changed",
        `security scheme changed from ${old} to ${now}`,
        breaking(
          "credentials are sent differently",
          "send the credentials the way the scheme now says",
        ),
      );
    }
  }
}

function diffOperations(before: Document, after: Document, out: SpecChange[]) {
  // An operationId missing on one side and new on the other at the same method and path is a
  // rename, compared like any other pair.
  const opsA = new Map(operationsOf(before).map((o) => [opKey(o), o]));
  const opsB = new Map(operationsOf(after).map((o) => [opKey(o), o]));
  const renamedFrom = new Map<string, string>();
  for (const [key, o] of opsB) {
    if (opsA.has(key)) continue;
    const old = [...opsA].find(([k, p]) => !opsB.has(k) && at(p) === at(o));
    if (old && ![...renamedFrom.values()].includes(old[0])) renamedFrom.set(key, old[0]);
  }
  const opChange = (
    subject: string,
    kind: SpecChange["kind"],
    detail: string,
    verdict: ReturnType<typeof safe>,
  ) => out.push({ scope: "operation", subject, where: "", kind, detail, ...verdict });
  for (const [key, o] of opsB) {
    const oldKey = renamedFrom.get(key) ?? key;
    const old: TypedOperation | undefined = opsA.get(oldKey);
    if (!old) {
      opChange(
        key,
        "added",
        `operation added (${at(o)})`,
        safe("a new operation; nothing existing changes"),
      );
      continue;
    }
    if (oldKey !== key) {
      opChange(
        key,
        "changed",
        `operationId renamed from ${oldKey} (${at(o)})`,
        breaking(
          "the client function, manifest entry and types named after it change",
          `rename uses of ${oldKey} to ${key}`,
        ),
      );
    }
    diffOperation(before, after, old, o, out);
  }
  const renamed = new Set(renamedFrom.values());
  for (const [key, o] of opsA) {
    if (!opsB.has(key) && !renamed.has(key)) {
      opChange(
        key,
        "removed",
        `operation removed (${at(o)})`,
        breaking("callers of it fail, and its function and types disappear", `stop calling ${key}`),
      );
    }
  }
}

function diffComponentSchemas(before: Document, after: Document, out: SpecChange[]) {
  const schemasA = (before.components?.schemas ?? {}) as Record<string, Schema>;
  const schemasB = (after.components?.schemas ?? {}) as Record<string, Schema>;
  const usageA = schemaUsage(before);
  const usageB = schemaUsage(after);
  const usedBy = (name: string): { dirs: Direction[]; ops: string[] } => {
    const ua = usageA.get(name);
    const ub = usageB.get(name);
    const dirs = (["request", "response"] as const).filter(
      (d) => (ua?.[d].size ?? 0) + (ub?.[d].size ?? 0) > 0,
    );
    const ops = unique([
      ...(ub?.request ?? []),
      ...(ub?.response ?? []),
      ...(ua?.request ?? []),
      ...(ua?.response ?? []),
    ]);
    return { dirs: dirs.length > 0 ? dirs : ["request", "response"], ops };
  };
  for (const [name, schema] of Object.entries(schemasB)) {
    const { dirs, ops } = usedBy(name);
    const operations = ops.length > 0 ? { operations: ops } : {};
    const old = schemasA[name];
    if (!old) {
      out.push({
        scope: "schema",
        subject: name,
        where: "",
        kind: "added",
        detail: "schema added",
        ...safe("a new type; nothing existing changes"),
        ...operations,
      });
      continue;
    }
    // Classify in every direction the schema is used in; the stricter verdict wins.
    const merged = new Map<string, SpecChange>();
    for (const dir of dirs) {
      const found: SpecChange[] = [];
      diffSchema(
        { before, after, dir, out: found, scope: "schema", subject: name, stack: new Set() },
        old,
        schema,
        "",
      );
      for (const change of found) {
        const key = `${change.where}\u0000${change.detail}`;
        const prev = merged.get(key);
        if (!prev || (prev.severity === "non-breaking" && change.severity === "breaking")) {
          merged.set(key, { ...change, ...operations });
        }
      }
    }
    out.push(...merged.values());
  }
  for (const name of Object.keys(schemasA)) {
    if (!(name in schemasB)) {
      const { ops } = usedBy(name);
      out.push({
        scope: "schema",
        subject: name,
        where: "",
        kind: "removed",
        detail: "schema removed",
        ...breaking("its exported type disappears", `stop importing the ${name} type`),
        ...(ops.length > 0 ? { operations: ops } : {}),
      });
    }
  }
}

/** Every difference between two OpenAPI documents, operations first, then schemas. */
export function diffSpecs(before: Document, after: Document): SpecChange[] {
  const out: SpecChange[] = [];
  const serverA = before.servers?.[0]?.url;
  const serverB = after.servers?.[0]?.url;
  if (serverA !== serverB) {
    out.push({
      scope: "document",
      subject: "servers",
      where: "",
      kind: "changed",
      detail: `default server URL changed from ${serverA ?? "(none)"} to ${serverB ?? "(none)"}`,
      ...safe("only the default base URL changes; callers passing their own are unaffected"),
    });
  }
  diffSecuritySchemes(before, after, out);
  diffOperations(before, after, out);
  diffComponentSchemas(before, after, out);
  return out;
}
