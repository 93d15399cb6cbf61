/** Comparing one operation with its counterpart: the operation itself, parameters, body, responses. */
import { opKey, type TypedOperation } from "../openapi/operations.ts";
import { resolve } from "../openapi/resolve.ts";
import { formatSecurity, securityAlternatives } from "../openapi/security.ts";
import type {
  Document,
  MediaType,
  Parameter,
  RequestBody,
  Response,
  SchemaOrRef,
} from "../openapi/types.ts";
import {
  breaking,
  type ChangeKind,
  type Direction,
  type SchemaContext,
  type SpecChange,
  safe,
  type Verdict,
} from "./changes.ts";
import { diffSchema } from "./schema.ts";

const paramKey = (p: Parameter): string =>
  `${p.in}.${p.in === "header" ? String(p.name).toLowerCase() : p.name}`;

function paramSchema(p: Parameter): SchemaOrRef {
  if (p.schema !== undefined) return p.schema;
  const first = Object.values(p.content ?? {})[0] as MediaType | undefined;
  return first?.schema ?? {};
}

/** `body`, or `body[text/plain]` for anything but JSON. */
function mediaLabel(base: string, type: string): string {
  return type === "application/json" ? base : `${base}[${type}]`;
}

const mediaOf = (
  content: Record<string, MediaType | { $ref: string }> | undefined,
): Record<string, MediaType> => (content ?? {}) as Record<string, MediaType>;

/** Media types of a body or response: removed, added, and the schemas of those on both sides. */
function diffMedia(
  base: string,
  ca: Record<string, MediaType>,
  cb: Record<string, MediaType>,
  opChange: OpChange,
  ctx: SchemaContext,
  verdicts: { removed: (now: Record<string, MediaType>) => Verdict; added: Verdict },
) {
  const noun = ctx.dir === "request" ? "request" : "response";
  for (const type of Object.keys(ca)) {
    if (!(type in cb)) {
      opChange(
        mediaLabel(base, type),
        "removed",
        `${noun} media type ${type} removed`,
        verdicts.removed(cb),
      );
    }
  }
  for (const type of Object.keys(cb)) {
    if (!(type in ca)) {
      opChange(mediaLabel(base, type), "added", `${noun} media type ${type} added`, verdicts.added);
      continue;
    }
    diffSchema(ctx, ca[type]?.schema ?? {}, cb[type]?.schema ?? {}, mediaLabel(base, type));
  }
}

type OpChange = (where: string, kind: ChangeKind, detail: string, verdict: Verdict) => void;

function diffParameters(
  a: TypedOperation,
  b: TypedOperation,
  opChange: OpChange,
  ctx: (d: Direction) => SchemaContext,
) {
  const pa = new Map(a.parameters.map((p) => [paramKey(p), p]));
  const pb = new Map(b.parameters.map((p) => [paramKey(p), p]));
  for (const [key, p] of pa) {
    if (!pb.has(key)) {
      opChange(
        key,
        "removed",
        `${p.in} parameter removed`,
        breaking(
          "calls passing it no longer type-check and may be rejected",
          `stop passing ${p.name}`,
        ),
      );
    }
  }
  for (const [key, p] of pb) {
    const old = pa.get(key);
    if (!old) {
      opChange(
        key,
        "added",
        `${p.in} parameter added (${p.required ? "required" : "optional"})`,
        p.required
          ? breaking(
              "existing calls lack it, so they fail validation and type-checking",
              `pass ${p.name}`,
            )
          : safe("optional: existing calls stay valid"),
      );
      continue;
    }
    if (!old.required && p.required) {
      opChange(
        key,
        "changed",
        "parameter now required",
        breaking(
          "calls that leave it out are rejected and no longer type-check",
          `always pass ${p.name}`,
        ),
      );
    } else if (old.required && !p.required) {
      opChange(key, "changed", "parameter now optional", safe("calls may now leave it out"));
    }
    if (old.deprecated !== true && p.deprecated === true) {
      opChange(key, "deprecated", "parameter deprecated", safe("still works; marked for removal"));
    }
    const styleA = `${old.style ?? ""}/${old.explode ?? ""}`;
    const styleB = `${p.style ?? ""}/${p.explode ?? ""}`;
    if (styleA !== styleB) {
      opChange(
        key,
        "changed",
        `serialization changed (style/explode ${styleA} → ${styleB})`,
        breaking(
          "the value is encoded differently on the wire",
          "upgrade the client; code building URLs by hand must encode it the new way",
        ),
      );
    }
    diffSchema(ctx("request"), paramSchema(old), paramSchema(p), key);
  }
}

function diffBody(
  before: Document,
  after: Document,
  a: TypedOperation,
  b: TypedOperation,
  opChange: OpChange,
  ctx: (d: Direction) => SchemaContext,
) {
  const ba = a.op.requestBody ? resolve<RequestBody>(before, a.op.requestBody) : null;
  const bb = b.op.requestBody ? resolve<RequestBody>(after, b.op.requestBody) : null;
  if (ba && !bb) {
    opChange(
      "body",
      "removed",
      "request body removed",
      breaking(
        "calls sending a body no longer type-check and may be rejected",
        "stop sending a body",
      ),
    );
    return;
  }
  if (!ba && bb) {
    opChange(
      "body",
      "added",
      `request body added (${bb.required ? "required" : "optional"})`,
      bb.required
        ? breaking("existing calls send no body and are rejected", "send the body it now takes")
        : safe("optional: existing calls stay valid"),
    );
    return;
  }
  if (!ba || !bb) return;
  if (!ba.required && bb.required) {
    opChange(
      "body",
      "changed",
      "request body now required",
      breaking("calls without a body are rejected and no longer type-check", "always send a body"),
    );
  } else if (ba.required && !bb.required) {
    opChange("body", "changed", "request body now optional", safe("calls may now leave it out"));
  }
  diffMedia("body", mediaOf(ba.content), mediaOf(bb.content), opChange, ctx("request"), {
    removed: (cb) =>
      breaking(
        "calls sending that media type are rejected",
        `send ${Object.keys(cb).join(" or ")} instead`,
      ),
    added: safe("another way to send the body"),
  });
}

function diffResponses(
  before: Document,
  after: Document,
  a: TypedOperation,
  b: TypedOperation,
  opChange: OpChange,
  ctx: (d: Direction) => SchemaContext,
) {
  const ra = a.op.responses ?? {};
  const rb = b.op.responses ?? {};
  for (const status of Object.keys(ra)) {
    if (status in rb) continue;
    const success = /^2/.test(status);
    opChange(
      `response(${status})`,
      "removed",
      `response ${status} removed`,
      success
        ? breaking(
            "callers relying on that success response get something else",
            `handle the success response(s) ${
              Object.keys(rb)
                .filter((s) => /^2/.test(s))
                .join(", ") || "now declared"
            }`,
          )
        : safe("one error response fewer"),
    );
  }
  for (const status of Object.keys(rb)) {
    if (!(status in ra)) {
      opChange(
        `response(${status})`,
        "added",
        `response ${status} added`,
        safe("a newly documented response"),
      );
      continue;
    }
    diffMedia(
      `response(${status})`,
      mediaOf(resolve<Response>(before, ra[status]).content),
      mediaOf(resolve<Response>(after, rb[status]).content),
      opChange,
      ctx("response"),
      {
        removed: () =>
          breaking(
            "callers expecting that media type get something else",
            "read the response in the media type now declared",
          ),
        added: safe("another media type may be returned"),
      },
    );
  }
}

export function diffOperation(
  before: Document,
  after: Document,
  a: TypedOperation,
  b: TypedOperation,
  out: SpecChange[],
): void {
  const subject = opKey(b);
  const opChange: OpChange = (where, kind, detail, verdict) =>
    out.push({ scope: "operation", subject, where, kind, detail, ...verdict });
  const ctx = (dir: Direction): SchemaContext => ({
    before,
    after,
    dir,
    out,
    scope: "operation",
    subject,
    stack: new Set(),
  });

  if (a.method !== b.method || a.path !== b.path) {
    opChange(
      "",
      "changed",
      `moved from ${a.method.toUpperCase()} ${a.path} to ${b.method.toUpperCase()} ${b.path}`,
      breaking(
        "calls to the old method and path fail",
        "upgrade the client; code calling the URL directly must use the new method and path",
      ),
    );
  }
  if (a.op.deprecated !== true && b.op.deprecated === true) {
    const by = b.op["x-replaced-by"];
    opChange(
      "",
      "deprecated",
      `deprecated${Array.isArray(by) && by.length ? ` (use ${by.join(", ")})` : ""}`,
      safe("still works; callers should move off it"),
    );
  } else if (a.op.deprecated === true && b.op.deprecated !== true) {
    opChange("", "changed", "no longer deprecated", safe("nothing changes for callers"));
  }
  const sa = formatSecurity(securityAlternatives(before, a.op));
  const sb = formatSecurity(securityAlternatives(after, b.op));
  if (sa !== sb) {
    opChange(
      "security",
      "changed",
      `security changed from ${sa} to ${sb}`,
      breaking("credentials that worked may no longer be accepted", `authenticate with ${sb}`),
    );
  }
  const pagA = a.op["x-pagination"] ?? "none";
  const pagB = b.op["x-pagination"] ?? "none";
  if (pagA !== pagB) {
    opChange(
      "x-pagination",
      "changed",
      `pagination changed from ${pagA} to ${pagB}`,
      breaking(
        "paginating callers (client helpers, CLI) read the result differently",
        `read pages the ${pagB} way (the client's paginate helper follows after upgrading)`,
      ),
    );
  }
  const tagA = a.op.tags?.[0];
  const tagB = b.op.tags?.[0];
  if (tagA !== tagB) {
    opChange(
      "tag",
      "changed",
      `tag changed from ${tagA ?? "(none)"} to ${tagB ?? "(none)"}`,
      safe("only grouping in docs and the manifest changes"),
    );
  }
  diffParameters(a, b, opChange, ctx);
  diffBody(before, after, a, b, opChange, ctx);
  diffResponses(before, after, a, b, opChange, ctx);
}
