/**
 * Command-line entry of the smoke test, for Node, Bun and Deno:
 *   <runtime> smoke-cli.mjs [API_BASE_URL] [--tokens-only]
 * Prints one JSON line with the result.
 */
import { runSmoke } from "./smoke.mjs";

const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const result = await runSmoke({
  api: args.find((a) => a.startsWith("http")),
  keyAuth: !args.includes("--tokens-only"),
});
console.log(JSON.stringify(result));
