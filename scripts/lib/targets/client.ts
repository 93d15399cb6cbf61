/**
 * Target: packages/client/src/generated — one tree-shakable operation function per operationId,
 * plus the little route data the low-level client needs.
 *
 * Each operation carries only what it needs at runtime (id, method, path, idempotent,
 * pagination), so a bundle that imports `listPhysicalDevices` holds that path string and no other.
 * Types come from `@cf-devices/types` through the operationId type argument.
 */
import { generatedHeader } from "../header.ts";
import { buildManifest, type ManifestEntry } from "../manifest.ts";
import type { Target } from "../target.ts";

const DIR = "packages/client/src/generated";
const DEFAULTED = new Set(["account_id", "zone_id"]);

/** Wraps text into ` * `-prefixed TSDoc lines of at most `width` characters. */
function docLines(text: string, width = 96): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + word.length + 1 > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
    lines.push("");
  }
  lines.pop();
  // `*/` inside a description would end the comment early.
  return lines.map((l) => ` *${l ? ` ${l.replaceAll("*/", "*\\/")}` : ""}`);
}

/** The input object of the `@example`, built from what the operation requires. */
function exampleInput(op: ManifestEntry): string {
  const parts: string[] = [];
  const path = op.pathParams.filter((p) => !DEFAULTED.has(p));
  if (path.length > 0) parts.push(`path: { ${path.map((p) => `${p}: "…"`).join(", ")} }`);
  const required = op.queryParams.filter((q) => q.required);
  if (required.length > 0) {
    parts.push(
      `query: { ${required.map((q) => `${JSON.stringify(q.name)}: ${q.array ? '["…"]' : '"…"'}`).join(", ")} }`,
    );
  } else if (op.pagination === "cursor") {
    parts.push("query: { per_page: 100 }");
  }
  if (op.requestBody?.required) parts.push("body");
  return parts.length > 0 ? `, { ${parts.join(", ")} }` : "";
}

function example(op: ManifestEntry): string[] {
  const input = exampleInput(op);
  const lines = [" * @example", " * ```ts"];
  if (op.requestBody?.required) {
    const placeholder = op.requestBody.kind === "array" ? "[…]" : "{ … }";
    const type = op.requestBody.schema ? `: ${op.requestBody.schema}` : "";
    lines.push(` * const body${type} = ${placeholder};`);
  }
  if (op.pagination === "none") {
    const value = op.resultKind === "empty" ? "" : "const result = ";
    lines.push(` * ${value}await ${op.operationId}(client${input});`);
  } else {
    lines.push(` * for await (const item of ${op.operationId}.paginate(client${input})) {`);
    lines.push(" *   console.log(item);");
    lines.push(" * }");
  }
  lines.push(" * ```");
  return lines;
}

function operationSource(op: ManifestEntry): string {
  const doc = [
    "/**",
    ...docLines(`${op.summary}.`),
    " *",
    ` * \`${op.method} ${op.path}\``,
    " *",
    ...docLines(op.description),
  ];
  if (op.pagination === "cursor") {
    doc.push(" *", ...docLines("Cursor-paginated: `.paginate()` follows `result_info.cursor`."));
  } else if (op.pagination === "numbered") {
    doc.push(
      " *",
      ...docLines("Paged by number: `.paginate()` asks for `page` 1, 2, … until the last page."),
    );
  } else if (op.pagination === "page") {
    doc.push(
      " *",
      ...docLines("A list that arrives in one response; `.paginate()` yields its items."),
    );
  }
  if (!op.idempotent) {
    doc.push(
      " *",
      ...docLines(
        "Not idempotent: retried only when the server turned the request away (429 or 503 with Retry-After) or the connection was refused before anything was sent.",
      ),
    );
  }
  if (op.resultKind === "empty") {
    doc.push(" *", ...docLines("Resolves to `undefined`: the API answers with an empty result."));
  } else if (op.resultKind === "array" && op.resultNullable) {
    doc.push(
      " *",
      ...docLines(
        "The API answers `result: null` for an empty list; this function resolves to `[]` instead (the low-level `GET`/`PUT` keep the API's `null`).",
      ),
    );
  } else if (op.resultNullable) {
    doc.push(" *", ...docLines("May resolve to `null`: the API types this result as nullable."));
  }
  if (op.deprecated) {
    const use = op.replacedBy.map((r) => `{@link ${r}}`).join(" or ");
    doc.push(` * @deprecated Use ${use}.`);
  }
  doc.push(...example(op), " */");
  // Only operations whose result needs reshaping carry `result`, to keep bundles small.
  const shape =
    op.resultKind === "empty"
      ? ', result: "empty"'
      : op.resultKind === "array" && op.resultNullable
        ? ', result: "list"'
        : "";
  const spec = `{ id: ${JSON.stringify(op.operationId)}, method: ${JSON.stringify(op.method)}, path: ${JSON.stringify(op.path)}, idempotent: ${op.idempotent}, pagination: ${JSON.stringify(op.pagination)}${shape} }`;
  const extra = op.pagination === "none" ? "" : ", createPaginator";
  return `${doc.join("\n")}\nexport const ${op.operationId} = /* @__PURE__ */ defineOperation<${JSON.stringify(op.operationId)}>(\n  ${spec}${extra},\n);\n`;
}

export const clientTarget: Target = {
  name: "client",
  dirs: [DIR],
  async generate({ doc, source }) {
    const header = generatedHeader(source);
    const manifest = buildManifest(doc);
    const hasLists = manifest.some((op) => op.pagination !== "none");

    const imports = [
      'import { defineOperation } from "../operation.js";',
      ...(hasLists ? ['import { createPaginator } from "../paginate.js";'] : []),
    ];
    const operations = `${header}${imports.join("\n")}\n\n${manifest.map(operationSource).join("\n")}`;

    const unsafe = manifest.filter((op) => !op.idempotent).map((op) => `${op.method} ${op.path}`);
    const routes = `${header}
/** The API's default base URL (the spec's first \`servers\` entry, as in the types' manifest). */
export const defaultBaseUrl = ${JSON.stringify(doc.servers?.[0]?.url ?? "")};

/**
 * \`METHOD /path/{template}\` of every operation that is not safe to send twice (\`x-idempotent: false\`).
 * The low-level client uses it to decide retries for requests it did not build itself.
 */
export const nonIdempotentRoutes: readonly string[] = ${JSON.stringify(unsafe)};
`;
    return [
      { path: `${DIR}/operations.ts`, contents: operations },
      { path: `${DIR}/routes.ts`, contents: routes },
    ];
  },
};
