/**
 * Every operation's handler, keyed by operationId. The `satisfies` clause makes a new operation
 * in the manifest a compile error here until it has a handler; `missingHandlers` repeats the
 * check at run time for the start-up assertion and the lockstep test.
 */
import { type OperationId, operationIds } from "@cf-devices/types";
import type { OperationHandler } from "./context.js";
import { deploymentGroupHandlers } from "./deployment-groups.js";
import { deviceSettingsHandlers } from "./device-settings.js";
import { ipProfileHandlers } from "./ip-profiles.js";
import { managedNetworkHandlers } from "./managed-networks.js";
import { overrideCodeHandlers } from "./override-codes.js";
import { physicalDeviceHandlers } from "./physical-devices.js";
import { postureIntegrationHandlers } from "./posture-integrations.js";
import { postureRuleHandlers } from "./posture-rules.js";
import { profileHandlers } from "./profiles.js";
import { legacyDeviceHandlers, registrationHandlers } from "./registrations.js";
import { resilienceHandlers } from "./resilience.js";

export const handlers = {
  ...legacyDeviceHandlers,
  ...physicalDeviceHandlers,
  ...registrationHandlers,
  ...profileHandlers,
  ...managedNetworkHandlers,
  ...deviceSettingsHandlers,
  ...postureRuleHandlers,
  ...postureIntegrationHandlers,
  ...resilienceHandlers,
  ...ipProfileHandlers,
  ...deploymentGroupHandlers,
  ...overrideCodeHandlers,
} satisfies Record<OperationId, OperationHandler>;

/** Manifest operations without a handler (empty when the mock is complete). */
export function missingHandlers(): string[] {
  const table: Record<string, OperationHandler | undefined> = handlers;
  return operationIds.filter((id) => typeof table[id] !== "function");
}
