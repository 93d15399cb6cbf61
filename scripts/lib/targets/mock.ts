/**
 * Target: packages/mock/src/generated — request validators for the mock server, compiled ahead
 * of time with Ajv's standalone mode.
 *
 * Cloudflare Workers refuse `new Function`/`eval`, so the mock cannot compile JSON Schemas when
 * it starts. Instead this target compiles, for every operation, one validator for its path and
 * query parameters (`{ path: {...}, query: {...} }`, so error paths read `/query/per_page`) and
 * one for its JSON request body, and writes them as plain ES modules: one per operation
 * (`validators/<operationId>.js`, loaded on first use through `load.js`), the typed-union members
 * (`validators/members.js`), all of them compiled together (`validators.js`, for callers that
 * check any operation), and the data tables the mock reads from the spec (`data.js`).
 */
import Ajv2020Import from "ajv/dist/2020.js";
import standaloneImport from "ajv/dist/standalone/index.js";
import addFormatsImport from "ajv-formats";
import { generatedHeader } from "../header.ts";
import { buildManifest } from "../manifest.ts";
import { deref, type Json, listOperations } from "../spec.ts";
import type { GeneratedFile, Target } from "../target.ts";
import { schemaReferences, schemasByType, typedFields, writeOnlyFields } from "./mock-unions.ts";

// ajv and ajv-formats are CommonJS; under Node's ESM loader their exports sit on `.default`.
const Ajv2020 = Ajv2020Import.default;
const standaloneCode = standaloneImport.default;
const addFormats = addFormatsImport.default;

const DIR = "packages/mock/src/generated";
const SPEC_ID = "cf-devices-spec";

/** Keywords that only annotate a schema; dropped so the compiled module stays small. */
const ANNOTATIONS = new Set([
  "title",
  "description",
  "examples",
  "example",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
  "externalDocs",
  "$comment",
]);
/** Keywords whose value is a map from names to schemas. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "dependentSchemas"]);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
/** Keywords whose value is one schema. */
const SCHEMA_ONE = new Set([
  "items",
  "not",
  "additionalProperties",
  "contains",
  "if",
  "then",
  "else",
  "propertyNames",
  "unevaluatedItems",
  "unevaluatedProperties",
]);

/** A copy of a schema without annotations and `x-` extensions; property names are kept as-is. */
export function stripAnnotations(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(stripAnnotations);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries<Json>(schema)) {
    if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
    if (SCHEMA_MAPS.has(key)) {
      out[key] = Object.fromEntries(
        Object.entries<Json>(value).map(([name, sub]) => [name, stripAnnotations(sub)]),
      );
    } else if (SCHEMA_LISTS.has(key)) {
      out[key] = value.map(stripAnnotations);
    } else if (SCHEMA_ONE.has(key)) {
      out[key] = stripAnnotations(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Points local `$ref`s of an operation-level schema at the registered spec resource. */
function rebase(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries<Json>(schema)) {
    out[key] =
      key === "$ref" && typeof value === "string" && value.startsWith("#/")
        ? `${SPEC_ID}${value}`
        : rebase(value);
  }
  return out;
}

/**
 * Replacements for the CommonJS helpers Ajv's standalone code `require`s. Workers cannot load
 * them, so the generated module carries its own copies. Any other `require` fails generation.
 */
const RUNTIME_HELPERS: { pattern: RegExp; name: string; source: string }[] = [
  {
    pattern: /require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g,
    name: "ucs2length",
    source: `/** String length in Unicode code points (a surrogate pair counts once), as JSON Schema defines it. */
function ucs2length(text) {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    count++;
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      if ((text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    }
  }
  return count;
}`,
  },
  {
    pattern: /require\("ajv-formats\/dist\/formats"\)\.fullFormats\["date-time"\]/g,
    name: "dateTimeFormat",
    source: `/** RFC 3339 date-time with a required time zone, checking real calendar dates and leap seconds. */
const dateTimeFormat = (() => {
  const DATE = /^(\\d{4})-(\\d{2})-(\\d{2})$/;
  const TIME = /^(\\d{2}):(\\d{2}):(\\d{2}(?:\\.\\d+)?)(z|([+-])(\\d{2})(?::?(\\d{2}))?)$/i;
  const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const isLeapYear = (y) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const validDate = (text) => {
    const m = DATE.exec(text);
    if (!m) return false;
    const year = +m[1];
    const month = +m[2];
    const day = +m[3];
    if (month < 1 || month > 12 || day < 1) return false;
    return day <= (month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month]);
  };
  const validTime = (text) => {
    const m = TIME.exec(text);
    if (!m) return false;
    const hour = +m[1];
    const minute = +m[2];
    const second = +m[3];
    const sign = m[5] === "-" ? -1 : 1;
    const tzHour = +(m[6] || 0);
    const tzMinute = +(m[7] || 0);
    if (tzHour > 23 || tzMinute > 59) return false;
    if (hour <= 23 && minute <= 59 && second < 60) return true;
    // A leap second is only valid at 23:59:60 UTC.
    const utcMinute = minute - tzMinute * sign;
    const utcHour = hour - tzHour * sign - (utcMinute < 0 ? 1 : 0);
    return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61;
  };
  const validate = (text) => {
    const parts = text.split(/t|\\s/i);
    return parts.length === 2 && validDate(parts[0]) && validTime(parts[1]);
  };
  return { validate };
})();`,
  },
];

/**
 * Inlines the runtime helpers and strips CommonJS leftovers; throws on anything unknown. Helpers
 * named in `always` are included even when no validator uses them (the mock calls them itself).
 */
export function makeWorkerSafe(code: string, always: readonly string[] = []): string {
  let out = code.replace(/^"use strict";\s*/, "");
  const used: string[] = [];
  for (const helper of RUNTIME_HELPERS) {
    if (helper.pattern.test(out)) {
      out = out.replace(helper.pattern, helper.name);
      used.push(helper.source);
    } else if (always.includes(helper.name)) {
      used.push(helper.source);
    }
  }
  const leftover = /require\(\s*("[^"]*"|'[^']*')\s*\)/.exec(out);
  if (leftover) {
    throw new Error(
      `mock target: Ajv's standalone code needs ${leftover[1]}, which the generated validators ` +
        "cannot import in Workers; add an inline replacement to RUNTIME_HELPERS in scripts/lib/targets/mock.ts",
    );
  }
  if (/\bnew Function\b|\beval\(/.test(out)) {
    throw new Error("mock target: the generated validators must not use new Function or eval");
  }
  return [...used, out].join("\n\n");
}

/**
 * Property names a body schema declares, in spec order: those of the object (or, for an array
 * body, of its items), gathered through `$ref`, `allOf`, `oneOf` and `anyOf`. The mock keeps only
 * these when it stores a body, now that the schemas accept fields they do not list.
 */
export function declaredFields(doc: Json, schema: Json): string[] {
  const names = new Set<string>();
  const visit = (node: Json, depth: number) => {
    const s = deref(doc, node);
    if (!s || typeof s !== "object" || depth > 8) return;
    if (s.type === "array" || (Array.isArray(s.type) && s.type.includes("array"))) {
      if (depth === 0 && s.items) visit(s.items, depth + 1);
      return;
    }
    for (const name of Object.keys(s.properties ?? {})) names.add(name);
    for (const key of ["allOf", "oneOf", "anyOf"]) {
      for (const part of s[key] ?? []) visit(part, depth + 1);
    }
  };
  visit(schema, 0);
  return [...names];
}

/** The `default` of each property of an object schema that states one (through `$ref`s). */
export function declaredDefaults(doc: Json, schema: Json): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const visit = (node: Json, depth: number) => {
    const s = deref(doc, node);
    if (!s || typeof s !== "object" || depth > 8) return;
    for (const [name, property] of Object.entries<Json>(s.properties ?? {})) {
      const value = property?.default ?? deref(doc, property)?.default;
      if (value !== undefined && !(name in out)) out[name] = value;
    }
    for (const part of s.allOf ?? []) visit(part, depth + 1);
  };
  visit(schema, 0);
  return out;
}

/**
 * The `x-mock-default` of each property of an object schema (following `$ref` and `allOf`):
 * the value the mock gives a field when it resets the object, where the API documents no
 * default. A property may not carry both a `default` and an `x-mock-default`.
 */
export function declaredMockDefaults(
  doc: Json,
  schema: Json,
  where: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const visit = (node: Json, depth: number) => {
    const s = deref(doc, node);
    if (!s || typeof s !== "object" || depth > 8) return;
    for (const [name, property] of Object.entries<Json>(s.properties ?? {})) {
      const value = property?.["x-mock-default"];
      if (value === undefined || name in out) continue;
      if (property.default !== undefined) {
        throw new Error(`${where}.${name} has both default and x-mock-default`);
      }
      out[name] = value;
    }
    for (const part of s.allOf ?? []) visit(part, depth + 1);
  };
  visit(schema, 0);
  return out;
}

/** Validator export names. */
export const paramsExport = (operationId: string) => `params_${operationId}`;
export const bodyExport = (operationId: string) => `body_${operationId}`;
export const memberExport = (schemaName: string) => `schema_${schemaName}`;

export const mockTarget: Target = {
  name: "mock",
  dirs: [DIR],
  async generate({ doc, source }) {
    const header = generatedHeader(source);
    const manifest = buildManifest(doc);
    const byId = new Map(manifest.map((m) => [m.operationId, m]));

    const ajv = new Ajv2020({
      strict: false, // the spec carries x-* extensions and OpenAPI keywords
      allErrors: false, // the mock reports the first problem, like the API
      inlineRefs: false, // shared schemas become shared functions: a much smaller module
      messages: false, // the mock writes its own messages (core/validate.ts)
      code: { source: true, esm: true, lines: true },
    });
    addFormats(ajv, ["uuid", "date-time"]);
    ajv.addSchema({
      $id: SPEC_ID,
      components: {
        schemas: Object.fromEntries(
          Object.entries<Json>(doc.components?.schemas ?? {}).map(([name, schema]) => [
            name,
            stripAnnotations(schema),
          ]),
        ),
      },
    });

    const bodies: string[] = [];
    const fields: Record<string, string[]> = {};
    // Typed unions (`x-schema-by-type`): one validator per member, checked against the `type`.
    const unions = schemasByType(doc);
    const members = [...new Set(Object.values(unions).flatMap((m) => Object.values(m)))]
      .filter((name): name is string => name !== null)
      .sort();
    const typedBodies: Record<string, Record<string, string>> = {};
    const params: string[] = [];
    for (const { op, parameters } of listOperations(doc)) {
      const id: string = op.operationId;
      const entry = byId.get(id);
      if (!entry) throw new Error(`mock target: ${id} is missing from the manifest`);

      const section = (where: "path" | "query") => {
        const list = parameters.filter((p: Json) => p.in === where);
        return {
          type: "object",
          required: list.filter((p: Json) => p.required === true).map((p: Json) => p.name),
          properties: Object.fromEntries(
            list.map((p: Json) => [p.name, rebase(stripAnnotations(p.schema ?? {}))]),
          ),
        };
      };
      const paramsId = paramsExport(id);
      ajv.addSchema({
        $id: paramsId,
        type: "object",
        required: ["path", "query"],
        properties: { path: section("path"), query: section("query") },
      });
      params.push(id);

      if (op.requestBody) {
        const media = deref(doc, op.requestBody).content?.["application/json"];
        const bodyId = bodyExport(id);
        ajv.addSchema({ $id: bodyId, ...rebase(stripAnnotations(media.schema)) });
        bodies.push(id);
        fields[id] = declaredFields(doc, media.schema);
        const typed = typedFields(doc, media.schema, unions);
        if (Object.keys(typed).length > 0) typedBodies[id] = typed;
      }
    }

    const schemaFields: Record<string, string[]> = {};
    const schemaDefaults: Record<string, Record<string, unknown>> = {};
    const schemaMockDefaults: Record<string, Record<string, unknown>> = {};
    for (const name of Object.keys(doc.components?.schemas ?? {})) {
      const ref = { $ref: `#/components/schemas/${name}` };
      const target = deref(doc, ref);
      if (target?.type === "array") continue;
      const names = declaredFields(doc, ref);
      if (names.length > 0) schemaFields[name] = names;
      const defaults = declaredDefaults(doc, ref);
      if (Object.keys(defaults).length > 0) schemaDefaults[name] = defaults;
      const mockDefaults = declaredMockDefaults(doc, ref, `components.schemas.${name}`);
      if (Object.keys(mockDefaults).length > 0) schemaMockDefaults[name] = mockDefaults;
    }

    const tables = {
      bodyFields: fields,
      schemaFields,
      schemaDefaults,
      schemaMockDefaults,
      schemasByType: unions,
      typedBodyFields: typedBodies,
      schemaReferences: schemaReferences(doc),
      writeOnlyFields: writeOnlyFields(doc),
    };
    return validatorFiles({ header, ajv, params, bodies, members, typedBodies, tables });
  },
};

interface ValidatorInput {
  header: string;
  ajv: InstanceType<typeof Ajv2020>;
  /** Every operation, in spec order (each has a params validator). */
  params: string[];
  /** Operations with a JSON body. */
  bodies: string[];
  /** Member schemas of typed unions. */
  members: string[];
  typedBodies: Record<string, Record<string, string>>;
  tables: Record<string, unknown>;
}

/**
 * The validator modules. Each operation gets a module of its own with only the validators it
 * needs (shared schemas are compiled into each module that uses them), so a process that serves
 * one call loads a few kB, not the whole spec: `load.js` imports them on first use.
 * `validators.js` holds all of them, compiled together, for callers that check any operation.
 */
function validatorFiles(input: ValidatorInput): GeneratedFile[] {
  const { header, ajv, params, bodies, members, typedBodies, tables } = input;
  const hasBody = new Set(bodies);
  const files: GeneratedFile[] = [];
  const standalone = (refs: Record<string, string>) => makeWorkerSafe(standaloneCode(ajv, refs));
  const memberTable = table(
    "memberValidators",
    members,
    memberExport,
    "Validates a member of a typed union (`x-schema-by-type`), keyed by schema name.",
  );

  // All validators in one module, compiled together so shared schemas are compiled once (and
  // first: Ajv compiles some references afresh for each later standalone call).
  const everything: Record<string, string> = {};
  for (const name of members)
    everything[memberExport(name)] = `${SPEC_ID}#/components/schemas/${name}`;
  for (const id of params) everything[paramsExport(id)] = paramsExport(id);
  for (const id of bodies) everything[bodyExport(id)] = bodyExport(id);
  files.push({
    path: `${DIR}/validators.js`,
    contents: [
      header,
      standalone(everything),
      "",
      table(
        "paramValidators",
        params,
        paramsExport,
        "Validates `{ path, query }` of a request, keyed by operationId.",
      ),
      table(
        "bodyValidators",
        bodies,
        bodyExport,
        "Validates the JSON request body, keyed by operationId (only operations that take a body).",
      ),
      memberTable,
    ].join("\n"),
  });

  for (const id of params) {
    const refs: Record<string, string> = { params: paramsExport(id) };
    if (hasBody.has(id)) refs.body = bodyExport(id);
    const lines = [header];
    if (typedBodies[id]) {
      lines.push(
        "/** The member validators of the typed unions this body holds (`x-schema-by-type`). */",
        'export { memberValidators as members } from "./members.js";',
        "",
      );
    }
    lines.push(standalone(refs), "");
    files.push({ path: `${DIR}/validators/${id}.js`, contents: lines.join("\n") });
  }
  files.push({
    path: `${DIR}/validators/members.js`,
    contents: [
      header,
      standalone(
        Object.fromEntries(
          members.map((name) => [memberExport(name), `${SPEC_ID}#/components/schemas/${name}`]),
        ),
      ),
      "",
      memberTable,
    ].join("\n"),
  });

  const loaders = params
    .map((id) => `    case ${JSON.stringify(id)}:\n      return import("./validators/${id}.js");`)
    .join("\n");
  files.push({
    path: `${DIR}/load.js`,
    contents: `${header}
/** Imports the validators of one operation (its own module); undefined for an unknown operationId. */
export function loadOperationValidators(operationId) {
  switch (operationId) {
${loaders}
    default:
      return undefined;
  }
}
`,
  });

  const data = [
    header,
    makeWorkerSafe("", ["dateTimeFormat"]),
    "",
    `/** Every operationId (each has a params validator), in spec order. */\nexport const operationIds = ${JSON.stringify(params)};\n`,
    ...Object.entries(tables).map(
      ([name, value]) => `export const ${name} = ${JSON.stringify(value, null, 2)};\n`,
    ),
    "/** Whether a string is an RFC 3339 date-time (the rules of JSON Schema's `date-time` format). */\nexport const isDateTime = (text) => dateTimeFormat.validate(text);\n",
  ];
  files.push({ path: `${DIR}/data.js`, contents: data.join("\n") });
  files.push({ path: `${DIR}/data.d.ts`, contents: dataDts(header, params, bodies) });
  files.push({ path: `${DIR}/load.d.ts`, contents: loadDts(header) });
  files.push({ path: `${DIR}/validators.d.ts`, contents: validatorsDts(header) });
  return files;
}

const table = (name: string, ids: string[], make: (id: string) => string, doc1: string) =>
  `/** ${doc1} */\nexport const ${name} = {\n${ids.map((id) => `  ${id}: ${make(id)},`).join("\n")}\n};\n`;

function dataDts(header: string, params: string[], bodies: string[]): string {
  const union = (ids: string[]) => ids.map((id) => JSON.stringify(id)).join(" | ");
  return `${header}
/** One problem found by a validator (the shape Ajv reports, without messages). */
export interface ValidationError {
  /** JSON pointer to the offending value, e.g. \`/query/per_page\` or \`/include/0/address\`. */
  instancePath: string;
  /** JSON pointer into the schema, e.g. \`#/properties/name/maxLength\`. */
  schemaPath: string;
  /** The JSON Schema keyword that failed, e.g. \`required\` or \`maxLength\`. */
  keyword: string;
  /** Keyword details, e.g. \`{ missingProperty: "name" }\` or \`{ limit: 100 }\`. */
  params: Record<string, unknown>;
}

/** A compiled validator: returns whether \`data\` is valid and leaves the errors on \`.errors\`. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ValidationError[] | null;
}

/** Operations whose path and query are validated (all of them). */
export type ParamsOperationId = ${union(params)};

/** Operations that take a JSON request body. */
export type BodyOperationId = ${union(bodies)};

/** Every operationId (each has a params validator), in spec order. */
export declare const operationIds: readonly ParamsOperationId[];

/**
 * The fields each request body declares, in spec order (for array bodies, the fields of their
 * items), keyed by operationId. The mock stores only these.
 */
export declare const bodyFields: Readonly<Record<BodyOperationId, readonly string[]>>;

/** The fields each object schema of the spec declares, in spec order, keyed by schema name. */
export declare const schemaFields: Readonly<Record<string, readonly string[]>>;

/** The property defaults each object schema of the spec states, keyed by schema name. */
export declare const schemaDefaults: Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/**
 * Unions whose member depends on the sibling \`type\` field (\`x-schema-by-type\`): union name →
 * type value → member schema name, or null where the type takes no value.
 */
export declare const schemasByType: Readonly<
  Record<string, Readonly<Record<string, string | null>>>
>;

/** Body fields that hold a typed union, keyed by operationId: field name → union name. */
export declare const typedBodyFields: Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * Properties whose value names an existing object of another kind (\`x-refers-to\`), keyed by
 * schema name: field name → kind (such as \`posture-integration\`).
 */
export declare const schemaReferences: Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * Properties the API accepts on writes but never returns (\`writeOnly: true\`, such as an
 * integration's \`client_secret\`), keyed by schema name. The mock keeps them out of responses,
 * its request log, snapshots and state files.
 */
export declare const writeOnlyFields: Readonly<Record<string, readonly string[]>>;

/**
 * The \`x-mock-default\` of each object schema's properties, keyed by schema name: what the mock
 * resets those fields to where the API documents no default.
 */
export declare const schemaMockDefaults: Readonly<
  Record<string, Readonly<Record<string, unknown>>>
>;

/**
 * Whether a string is an RFC 3339 date-time, by the rules of JSON Schema's \`date-time\` format
 * (a real calendar date, a time zone, leap seconds only at 23:59:60 UTC).
 */
export declare function isDateTime(text: string): boolean;
`;
}

function loadDts(header: string): string {
  return `${header}import type { Validator } from "./data.js";

/** The validators of one operation, from its own generated module. */
export interface OperationValidators {
  /** Validates \`{ path, query }\`. */
  readonly params: Validator;
  /** Validates the JSON body, for operations that take one. */
  readonly body?: Validator;
  /** The member validators of typed unions (\`x-schema-by-type\`), where the body holds one. */
  readonly members?: Readonly<Record<string, Validator>>;
}

/** Imports the validators of one operation (its own module); undefined for an unknown operationId. */
export declare function loadOperationValidators(
  operationId: string,
): Promise<OperationValidators> | undefined;
`;
}

function validatorsDts(header: string): string {
  return `${header}import type { BodyOperationId, ParamsOperationId, Validator } from "./data.js";

/** Validates \`{ path, query }\` of a request, keyed by operationId. */
export declare const paramValidators: Readonly<Record<ParamsOperationId, Validator>>;

/** Validates the JSON request body, keyed by operationId (only operations that take a body). */
export declare const bodyValidators: Readonly<Record<BodyOperationId, Validator>>;

/** Validates a member of a typed union (\`x-schema-by-type\`), keyed by schema name. */
export declare const memberValidators: Readonly<Record<string, Validator>>;
`;
}
