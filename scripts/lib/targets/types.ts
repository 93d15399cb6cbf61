/**
 * Target: packages/types/src/generated — openapi-typescript output, schema aliases and the
 * operations manifest.
 */
import openapiTS, { astToString } from "openapi-typescript";
import { generatedHeader } from "../header.ts";
import { buildManifest } from "../manifest.ts";
import type { GeneratedFile, Target } from "../target.ts";

const DIR = "packages/types/src/generated";
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export const typesTarget: Target = {
  name: "types",
  dirs: [DIR],
  async generate({ doc, source }) {
    const header = generatedHeader(source);
    const files: GeneratedFile[] = [];

    // 1. paths / components / operations from openapi-typescript.
    const ast = await openapiTS(structuredClone(doc), {
      silent: true,
      alphabetize: false,
      // A `default` in the spec describes what the server assumes, not a field every request must send.
      defaultNonNullable: false,
    });
    files.push({ path: `${DIR}/openapi.ts`, contents: header + astToString(ast) });

    // 2. A named alias for every component schema.
    const names = Object.keys(doc.components?.schemas ?? {});
    for (const name of names) {
      if (!IDENTIFIER.test(name))
        throw new Error(`spec: schema name "${name}" is not a TS identifier`);
    }
    const aliases = names
      .map((name) => {
        const description = doc.components.schemas[name].description;
        const doc1 = description ? `/** ${String(description).trim().split("\n")[0]} */\n` : "";
        return `${doc1}export type ${name} = components["schemas"]["${name}"];`;
      })
      .join("\n");
    files.push({
      path: `${DIR}/schemas.ts`,
      contents: `${header}import type { components } from "./openapi.js";\n\n${aliases}\n\n/** Names of every schema in \`components.schemas\`. */\nexport const schemaNames = ${JSON.stringify(names, null, 2)} as const;\n`,
    });

    // 3. The operations manifest.
    const manifest = buildManifest(doc);
    const byId = Object.fromEntries(manifest.map((m) => [m.operationId, m]));
    const tags = (doc.tags ?? []).map((t: { name: string; description?: string }) => ({
      name: t.name,
      description: String(t.description ?? "").trim(),
    }));
    const writeOnly = [...writeOnlyNames(doc)].sort();
    files.push({
      path: `${DIR}/manifest.ts`,
      contents: `${header}import type { OperationManifest } from "../manifest-types.js";

/** Every operation of the spec, keyed by operationId, in spec order. */
export const manifest = ${JSON.stringify(byId, null, 2)} as const satisfies Record<string, OperationManifest>;

/** An operationId of the spec. */
export type OperationId = keyof typeof manifest;

/** Every operationId, in spec order. */
export const operationIds = /* @__PURE__ */ Object.keys(manifest) as OperationId[];

/** The spec's tags (resource groups), in spec order. */
export const tags = ${JSON.stringify(tags, null, 2)} as const;

/** The API's default base URL, from the spec's \`servers\`. */
export const defaultBaseUrl = ${JSON.stringify(doc.servers?.[0]?.url ?? "")};

/** The spec's \`info.version\`. */
export const specVersion = ${JSON.stringify(String(doc.info?.version ?? ""))};

/**
 * Names of the properties the spec marks \`writeOnly\` (credentials the API accepts but never
 * returns). Tools that print request bodies (a dry run, a log) hide the values under these names.
 */
export const writeOnlyFields = ${JSON.stringify(writeOnly)} as const;
`,
    });
    return files;
  },
};

/** Every property name that some schema of the document marks `writeOnly: true`. */
function writeOnlyNames(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) writeOnlyNames(item, found);
  } else if (node !== null && typeof node === "object") {
    const properties = (node as { properties?: unknown }).properties;
    if (properties !== null && typeof properties === "object") {
      for (const [name, schema] of Object.entries(properties as Record<string, unknown>)) {
        if ((schema as { writeOnly?: unknown } | null)?.writeOnly === true) found.add(name);
      }
    }
    for (const value of Object.values(node)) writeOnlyNames(value, found);
  }
  return found;
}
