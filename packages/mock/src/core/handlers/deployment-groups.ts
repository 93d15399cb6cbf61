/** SCAFFOLD: this area's handlers are being written; until then each answers 501. */
import type { OperationHandler } from "./context.js";
import { notImplemented } from "./not-implemented.js";

export const deploymentGroupHandlers = {
  listDeploymentGroups: notImplemented,
  createDeploymentGroup: notImplemented,
  getDeploymentGroup: notImplemented,
  updateDeploymentGroup: notImplemented,
  deleteDeploymentGroup: notImplemented,
} satisfies Record<string, OperationHandler>;
