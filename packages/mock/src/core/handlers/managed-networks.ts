/** SCAFFOLD: this area's handlers are being written; until then each answers 501. */
import type { OperationHandler } from "./context.js";
import { notImplemented } from "./not-implemented.js";

export const managedNetworkHandlers = {
  listManagedNetworks: notImplemented,
  createManagedNetwork: notImplemented,
  getManagedNetwork: notImplemented,
  updateManagedNetwork: notImplemented,
  deleteManagedNetwork: notImplemented,
} satisfies Record<string, OperationHandler>;
