/**
 * `pnpm spec:upstream <official-openapi.json|yaml> [--json]` — how far spec/openapi.yaml is from
 * Cloudflare's official OpenAPI document (github.com/cloudflare/api-schemas, `openapi.json`).
 *
 * Only the Devices operations are read (paths under `/accounts/{…}/devices` and
 * `/zones/{…}/devices`). Operations are paired by the official operationId ours records in
 * `x-cloudflare-operation-id`, or else by method and path shape. Reported: operations only on
 * one side, an operationId that does not fit, and per pair the differences in deprecation,
 * security (scheme names and requirement shape), parameters, request body and the success
 * response's `result`/`result_info`: presence, required-ness, type, nullability, enum, default,
 * format and bounds, recursively. Error responses and the rest of the envelope are not compared.
 *
 * A difference is accepted when an `x-inferred` note in our spec sits where it is (the rule is
 * in scripts/lib/spec-upstream/drift.ts and printed by `--help`).
 *
 * Exit codes: 0 when every difference is accepted, 1 when some are open or the command cannot
 * run, 2 on a usage error.
 */
import type { Document } from "./lib/openapi/types.ts";
import { loadSpec, SPEC_PATH } from "./lib/spec.ts";
import { parseCommandLine, runCommand, UsageError } from "./lib/spec-cli.ts";
import { compareDocuments } from "./lib/spec-upstream/compare.ts";
import { loadDocument } from "./lib/spec-upstream/load.ts";
import { devicesOperations, matchOperations } from "./lib/spec-upstream/match.ts";
import { formatDrift, summarize } from "./lib/spec-upstream/report.ts";

const USAGE = `usage: pnpm spec:upstream <official-openapi.json|yaml> [--json] [--spec <ours.yaml>]

Compares spec/openapi.yaml with Cloudflare's official OpenAPI document (openapi.json from
github.com/cloudflare/api-schemas) for the Devices operations, and lists every difference.
  --json         print the report as JSON on stdout
  --spec <file>  compare this document instead of spec/openapi.yaml

A difference is accepted (the command still exits 0) when an x-inferred note in our spec sits
where the difference is (a note is a string or a list of strings, each read on its own):
  - on the parameter object, or on any schema object read at that place (the property's own
    schema, each $ref it follows, each allOf member): accepts that thing's differences (type,
    nullability, enum, default, format, bounds, variants; for a property or parameter also its
    required-ness and its absence from the official document), not those of its properties;
  - a note on an object schema that names one of its properties (as a word: "revoked_at may be
    null") is about that property, not the object: it accepts the property's differences,
    including the official document having a property ours lacks;
  - on the operation, when the note names the parameter (a parameter only the official document
    has) or the aspect: security, operationId, body, status, deprecated, operation;
  - at the top level of our spec, when the note names an official operationId ours lacks, or a
    prefix of it ending in * (e.g. device-posture-rules-*).
Our side is read as the generated types read it (all allOf members hold); the official side as
Cloudflare's SDK reads its envelopes (an operation's own result replaces the shared envelope's
type and stays nullable when the shared one is).
Exit: 0 all differences accepted, 1 some open (or the command could not run), 2 usage error.`;

function main(argv: string[]): number {
  const parsed = parseCommandLine("spec:upstream", USAGE, {
    args: argv,
    options: {
      json: { type: "boolean" },
      spec: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: true,
  });
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const [file, ...rest] = parsed.positionals;
  if (!file || rest.length > 0) {
    throw new UsageError(
      `spec:upstream: ${file ? "pass one file" : "which official document? pass its path"}\n${USAGE}`,
    );
  }

  const official = loadDocument(file);
  const oursFile = parsed.values.spec ?? SPEC_PATH;
  const ours = parsed.values.spec ? loadDocument(oursFile) : (loadSpec().doc as Document);
  const matching = matchOperations(devicesOperations(ours), devicesOperations(official));
  const drifts = compareDocuments(ours, official, matching);
  const summary = summarize(matching, drifts);

  if (parsed.values.json) {
    const report = {
      ours: { file: oursFile, openapi: ours.openapi },
      official: { file, openapi: official.openapi, version: official.info?.version },
      summary,
      pairs: matching.pairs.map((p) => ({
        ours: p.ours.op.operationId,
        official: p.official.op.operationId,
        method: p.official.method.toUpperCase(),
        path: p.official.path,
      })),
      differences: drifts,
    };
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(
      `${parsed.values.spec ?? "spec/openapi.yaml"} vs ${file} (OpenAPI ${official.openapi})\n`,
    );
    console.log(formatDrift(drifts, summary));
  }
  return summary.open > 0 ? 1 : 0;
}

runCommand(import.meta.url, "spec:upstream", main);
