/** SCAFFOLD: this area's handlers are being written; until then each answers 501. */
import type { OperationHandler } from "./context.js";
import { notImplemented } from "./not-implemented.js";

export const ipProfileHandlers = {
  listIpProfiles: notImplemented,
  createIpProfile: notImplemented,
  getIpProfile: notImplemented,
  updateIpProfile: notImplemented,
  deleteIpProfile: notImplemented,
} satisfies Record<string, OperationHandler>;
