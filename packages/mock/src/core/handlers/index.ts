/**
 * Every operation's handler, keyed by operationId. The `satisfies` clause makes a new operation
 * in the manifest a compile error here until it has a handler; `missingHandlers` repeats the
 * check at run time for the start-up assertion and the lockstep test.
 */
import { type OperationId, operationIds } from "@cf-devices/types";
import type { OperationHandler } from "./context.js";
import { physicalDeviceHandlers } from "./physical-devices.js";
import { profileHandlers } from "./profiles.js";
import { legacyDeviceHandlers, registrationHandlers } from "./registrations.js";

export const handlers = {
  ...legacyDeviceHandlers,
  ...physicalDeviceHandlers,
  ...registrationHandlers,
  ...profileHandlers,
} satisfies Record<OperationId, OperationHandler>;

/** Manifest operations without a handler (empty when the mock is complete). */
export function missingHandlers(): string[] {
  const table: Record<string, OperationHandler | undefined> = handlers;
  return operationIds.filter((id) => typeof table[id] !== "function");
}
