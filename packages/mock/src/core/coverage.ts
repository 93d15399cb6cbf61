/** A check the lockstep test uses: is an operation routed to itself and handled? */
import { manifest, type OperationId } from "@cf-devices/types";
import { handlers } from "./handlers/index.js";
import { Router } from "./router.js";
import { hasParamsValidator } from "./validate.js";

let router: Router | undefined;

/**
 * Whether the mock serves `operationId`: it has a handler and a generated parameter validator,
 * and a request to the operation's own path template (with sample ids) routes back to it, so
 * no literal route shadows it.
 *
 * @example
 * ```ts
 * import { operationIds } from "@cf-devices/types";
 * import { isOperationMocked } from "@cf-devices/mock";
 *
 * const missing = operationIds.filter((id) => !isOperationMocked(id)); // []
 * ```
 */
export function isOperationMocked(operationId: string): boolean {
  const op = (manifest as Record<string, (typeof manifest)[OperationId] | undefined>)[operationId];
  if (!op) return false;
  const table: Record<string, unknown> = handlers;
  if (typeof table[operationId] !== "function" || !hasParamsValidator(operationId)) return false;
  router ??= new Router(Object.values(manifest));
  const sample = op.path.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000");
  const match = router.match(op.method, sample);
  return match.kind === "operation" && match.operation.operationId === operationId;
}
