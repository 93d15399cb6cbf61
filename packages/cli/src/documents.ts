/**
 * Reading a request body from a JSON or YAML document (`--file`, or stdin). The format comes
 * from the file's extension (`.json`, `.yaml`, `.yml`), else from the content: a document that
 * opens with `{` or `[` is JSON. A JSON mistake is reported with its line and column by
 * jsonc-parser (strict: no comments, no trailing commas); YAML keeps the YAML parser's messages.
 * Both parsers load only when needed: most commands never read a document.
 */
import { UsageError } from "./errors.js";

export type DocumentFormat = "json" | "yaml";

/** Which parser reads this document. */
export function documentFormat(source: string, text: string): DocumentFormat {
  const ext = /\.([a-z]+)$/i.exec(source)?.[1]?.toLowerCase();
  if (ext === "json") return "json";
  if (ext === "yaml" || ext === "yml") return "yaml";
  return /^\uFEFF?\s*[[{]/.test(text) ? "json" : "yaml";
}

/** Line and column (both from 1) of an offset in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

/** jsonc-parser's error codes, by name (`printParseErrorCode`), in words. */
const JSON_MISTAKES: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "expected a property name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ',' or the end of the object or array",
  CloseBraceExpected: "expected '}' to close the object",
  CloseBracketExpected: "expected ']' to close the array",
  EndOfFileExpected: "unexpected text after the end of the document",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfComment: "comments are not allowed in JSON",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "unfinished number",
  InvalidUnicode: "invalid \\u escape",
  InvalidEscapeCharacter: "invalid escape in a string",
  InvalidCharacter: "control character in a string (escape it, e.g. \\n)",
};

/** The line of the mistake and a caret under its column, for the error message. */
function excerpt(text: string, line: number, column: number): string {
  const raw = text.split("\n")[line - 1]?.replace(/\r$/, "") ?? "";
  // Long lines (minified JSON): show the 60 characters before the mistake and some after.
  const start = Math.max(0, column - 61);
  const shown = raw.slice(start, start + 100).replaceAll("\t", " ");
  return `  ${start > 0 ? "…" : ""}${shown}\n  ${" ".repeat(column - 1 - start + (start > 0 ? 1 : 0))}^`;
}

async function jsonMistake(text: string, source: string): Promise<string> {
  const jsonc = await import("jsonc-parser");
  const { parse, printParseErrorCode } = (jsonc as { default?: typeof jsonc }).default ?? jsonc;
  const errors: import("jsonc-parser").ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (!first) return `${source} is not valid JSON`;
  const { line, column } = lineAndColumn(text, first.offset);
  const name = printParseErrorCode(first.error);
  let what = JSON_MISTAKES[name] ?? name;
  // `{"a": 1,}`: a name or value expected right after a comma is a trailing comma.
  if (
    (name === "PropertyNameExpected" || name === "ValueExpected") &&
    /,\s*$/.test(text.slice(0, first.offset)) &&
    /^[}\]]/.test(text.slice(first.offset))
  ) {
    what = "trailing comma (JSON allows none before '}' or ']')";
  }
  return `${source} is not valid JSON: line ${line}, column ${column}: ${what}\n${excerpt(text, line, column)}`;
}

async function parseYaml(text: string, source: string, command: string): Promise<unknown> {
  // yaml ships CommonJS for Node; once bundled, its exports may sit on `default`.
  const yaml = (await import("yaml")) as typeof import("yaml") & {
    default?: typeof import("yaml");
  };
  const parse = yaml.parseDocument ?? yaml.default!.parseDocument;
  const doc = parse(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const { line, column } = lineAndColumn(text, e.pos[0]);
    throw new UsageError(
      `${source} is not valid YAML: line ${line}, column ${column}: ${e.message.split("\n")[0]}`,
      command,
    );
  }
  return doc.toJS();
}

/**
 * Parses a document as JSON or YAML (see {@link documentFormat}); a mistake is a
 * {@link UsageError} naming the source, the line and the column.
 */
export async function parseDocument(
  text: string,
  source: string,
  command: string,
): Promise<unknown> {
  if (text.trim() === "")
    throw new UsageError(`${source} is empty; expected JSON or YAML`, command);
  if (documentFormat(source, text) === "yaml") return parseYaml(text, source, command);
  const json = text.replace(/^\uFEFF/, "");
  try {
    return JSON.parse(json);
  } catch {
    throw new UsageError(await jsonMistake(json, source), command);
  }
}
