/**
 * The pure part of `pnpm spec:diff`: compares two OpenAPI documents and classifies every
 * difference as `breaking` or `non-breaking` for code that uses the generated packages
 * (the types, the client built on them, the CLI and the mock). Document in, data out.
 *
 * What is compared
 * - Operations, matched by operationId (`METHOD path` when there is none): method, path,
 *   deprecation, effective security, `x-pagination`, tag, parameters (by `in` + `name`),
 *   request body and responses (by status code and media type).
 * - Component schemas, matched by name, property by property and recursively through
 *   `items`, `additionalProperties`, `allOf` (inline members are merged into one object view,
 *   `$ref` members are compared by name) and `oneOf`/`anyOf` (variants matched by `$ref`, then
 *   by position).
 * - Security schemes and the default server URL.
 *
 * Where a change is reported
 * Two sides pointing at the same named schema (`$ref: "#/components/schemas/X"`) are not
 * looked into: X's own changes are reported once, under `schema X`, with the operations that use
 * it. Everything inline, and any place where the `$ref` itself changed, is compared in place.
 *
 * Direction
 * A schema change means different things in what clients send (requests: parameters and bodies)
 * and in what they receive (responses). Operation-level changes know their direction. A
 * component schema is classified for every direction it is used in (found by walking the
 * operations of both documents; an unused schema counts as both), and the stricter verdict wins.
 *
 * Rules (request side / response side)
 * - operation removed, method or path changed, operationId renamed (same method and path; the
 *   client function is named after it): breaking. Added: non-breaking. Deprecated:
 *   non-breaking. Security or `x-pagination` changed: breaking.
 * - parameter or body property added: breaking when required (existing calls lack it),
 *   non-breaking when optional / always non-breaking in responses. Removed: breaking on both
 *   sides (callers sending it fail to type-check; readers of it get nothing).
 * - optional → required: breaking / non-breaking. Required → optional: non-breaking / breaking
 *   (readers must now handle it missing).
 * - type: a different type is breaking on both sides: types lost and types gained at once,
 *   null counting as a type (`object` → `array`, `null` → `object`, `string|null` → `integer`).
 *   Widening (e.g. `string` → `string|null`, a field or result becoming nullable) is
 *   non-breaking / breaking; narrowing is breaking / non-breaking.
 * - enum value removed: breaking / non-breaking. Enum value added: non-breaking / **breaking**:
 *   the generated union type gains a member, so exhaustive `switch`es (`satisfies never`) stop
 *   compiling and code written for the old values may mishandle the new one. We call it breaking
 *   rather than hiding it; while the packages are 0.x a breaking change only bumps the minor.
 * - oneOf/anyOf variant added: non-breaking / breaking. Removed: breaking / non-breaking.
 * - constraints (format, pattern, min/max…): tightened is breaking for requests, loosened is
 *   not; in responses only a changed or dropped `format` is breaking (values may no longer parse
 *   the same way).
 * - response status removed: breaking for 2xx, non-breaking for errors. Added: non-breaking.
 * - component schema removed: breaking (its exported type alias disappears). Added: non-breaking.
 * Descriptions, summaries and examples are ignored.
 *
 * Every breaking change also says what callers must do (`action`, e.g. "treat null as an empty
 * list (e.g. `result ?? []`) before iterating"); the changeset draft and the report print it.
 *
 * The code is split by concern under ./spec-diff/: `changes` (the change record and verdicts),
 * `schema` (schema against schema), `operations` (operation against operation), `usage` (which
 * operations use a component schema), `document` (the whole document) and `release` (bump,
 * changeset, report). Reading `$ref`s, types and security is shared with `spec:upstream`
 * (../openapi/).
 */
export type {
  Bump,
  ChangeKind,
  Direction,
  Severity,
  SpecChange,
} from "./spec-diff/changes.ts";
export { diffSpecs } from "./spec-diff/document.ts";
export {
  changeLine,
  formatReport,
  recommendBump,
  renderChangeset,
} from "./spec-diff/release.ts";
export { diffSchema } from "./spec-diff/schema.ts";
export { schemaUsage } from "./spec-diff/usage.ts";
