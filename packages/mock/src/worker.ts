/**
 * Cloudflare Workers entry point of the mock. The default export is a Worker (`{ fetch }`);
 * `MockDurableObject` lets a deployed mock keep one shared, persistent state.
 *
 * @example
 * ```ts
 * // worker.ts of your deployment (or point wrangler's `main` at this module directly)
 * export { default, MockDurableObject } from "@cf-devices/mock/worker";
 * ```
 * @module @cf-devices/mock/worker
 */

export type { SqlValue } from "./core/store/sql-store.js";
export {
  type DurableObjectStateLike,
  type DurableObjectStorageLike,
  MockDurableObject,
  type SqlStorageLike,
} from "./worker/durable-object.js";
export { default } from "./worker/entry.js";
export {
  type DurableObjectNamespaceLike,
  type MockWorkerEnv,
  mockOptionsFromEnv,
} from "./worker/env.js";
