/**
 * The bounds the spec declares for a query parameter (read from the generated manifest), checked
 * before anything is sent and described in help, so the CLI follows the spec as it changes.
 */
import type { QueryParamManifest } from "@cf-devices/types";

/** Numbers: `1 to 100`, `more than 0`, `at most 100`, …; strings: `1 to 36 characters`. */
function range(
  low: number | undefined,
  high: number | undefined,
  lowExclusive: boolean,
  highExclusive: boolean,
  unit = "",
): string | undefined {
  const u = unit ? ` ${unit}` : "";
  if (low !== undefined && high !== undefined) {
    if (!lowExclusive && !highExclusive)
      return low === high ? `exactly ${low}${u}` : `${low} to ${high}${u}`;
    return `${lowExclusive ? "more than" : "at least"} ${low} and ${highExclusive ? "less than" : "at most"} ${high}${u}`;
  }
  if (low !== undefined) return `${lowExclusive ? "more than" : "at least"} ${low}${u}`;
  if (high !== undefined) return `${highExclusive ? "less than" : "at most"} ${high}${u}`;
  return undefined;
}

function numberRange(q: QueryParamManifest): string | undefined {
  return range(
    q.exclusiveMinimum ?? q.minimum,
    q.exclusiveMaximum ?? q.maximum,
    q.exclusiveMinimum !== undefined,
    q.exclusiveMaximum !== undefined,
  );
}

function lengthRange(q: QueryParamManifest): string | undefined {
  return range(q.minLength, q.maxLength, false, false, "characters");
}

/** The bounds of one value in words, for help (`1 to 100`), or undefined when there are none. */
export function describeBounds(q: QueryParamManifest): string | undefined {
  const parts = [
    q.type === "integer" || q.type === "number" ? numberRange(q) : undefined,
    q.type === "string" ? lengthRange(q) : undefined,
    q.type === "string" && q.pattern !== undefined ? `matching /${q.pattern}/` : undefined,
    q.array ? range(q.minItems, q.maxItems, false, false, "times") : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join(", ") : undefined;
}

/** Why a value breaks the declared bounds (a sentence after `--flag`), or undefined if it does not. */
export function boundsMistake(
  q: QueryParamManifest,
  value: string | number | boolean,
): string | undefined {
  if (typeof value === "number") {
    const outside =
      (q.minimum !== undefined && value < q.minimum) ||
      (q.maximum !== undefined && value > q.maximum) ||
      (q.exclusiveMinimum !== undefined && value <= q.exclusiveMinimum) ||
      (q.exclusiveMaximum !== undefined && value >= q.exclusiveMaximum);
    return outside ? `must be ${numberRange(q)}; got ${value}` : undefined;
  }
  if (typeof value === "string") {
    // Characters as a user counts them (code points), as JSON Schema does.
    const length = [...value].length;
    if (
      (q.minLength !== undefined && length < q.minLength) ||
      (q.maxLength !== undefined && length > q.maxLength)
    ) {
      return `must be ${lengthRange(q)} long; got ${length}`;
    }
    if (q.pattern !== undefined && !new RegExp(q.pattern, "u").test(value))
      return `must match /${q.pattern}/; got "${value}"`;
  }
  return undefined;
}

/** Why the number of values of a repeatable flag is wrong, or undefined when it is not. */
export function countMistake(q: QueryParamManifest, count: number): string | undefined {
  if (!q.array) return undefined;
  if (
    (q.minItems !== undefined && count < q.minItems) ||
    (q.maxItems !== undefined && count > q.maxItems)
  ) {
    return `can be given ${range(q.minItems, q.maxItems, false, false, "times")}; got ${count}`;
  }
  return undefined;
}
