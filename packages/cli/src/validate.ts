/**
 * Checks a request body against the spec before anything is sent, with the validators the
 * generator compiles from the spec (shared with the mock server).
 */
import { UsageError } from "./errors.js";

export async function validateBody(
  operationId: string,
  body: unknown,
  source: string,
  command: string,
): Promise<void> {
  const { validateRequestBody } = await import("@cf-devices/mock/validate");
  const issues = validateRequestBody(operationId, body);
  if (issues.length === 0) return;
  const lines = issues
    .slice(0, 10)
    .map((i: { pointer: string; message: string }) => `  ${i.pointer || "/"}: ${i.message}`);
  if (issues.length > 10) lines.push(`  … and ${issues.length - 10} more`);
  throw new UsageError(
    `${source} does not match the ${operationId} request body:\n${lines.join("\n")}`,
    command,
  );
}
