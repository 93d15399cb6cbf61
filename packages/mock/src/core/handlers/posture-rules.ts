/** SCAFFOLD: this area's handlers are being written; until then each answers 501. */
import type { OperationHandler } from "./context.js";
import { notImplemented } from "./not-implemented.js";

export const postureRuleHandlers = {
  listPostureRules: notImplemented,
  createPostureRule: notImplemented,
  getPostureRule: notImplemented,
  updatePostureRule: notImplemented,
  deletePostureRule: notImplemented,
} satisfies Record<string, OperationHandler>;
