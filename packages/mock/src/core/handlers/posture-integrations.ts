/** SCAFFOLD: this area's handlers are being written; until then each answers 501. */
import type { OperationHandler } from "./context.js";
import { notImplemented } from "./not-implemented.js";

export const postureIntegrationHandlers = {
  listPostureIntegrations: notImplemented,
  createPostureIntegration: notImplemented,
  getPostureIntegration: notImplemented,
  updatePostureIntegration: notImplemented,
  deletePostureIntegration: notImplemented,
} satisfies Record<string, OperationHandler>;
