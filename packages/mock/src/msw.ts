/**
 * Mock Service Worker handlers for the mock (`msw` is an optional peer dependency: install it
 * to use this entry point). Five lines for any test that calls the Cloudflare API:
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createMock } from "@cf-devices/mock";
 * import { createHandlers } from "@cf-devices/mock/msw";
 *
 * const mock = createMock({ seed: 1 });
 * setupServer(...createHandlers(mock)).listen({ onUnhandledFrame: "error" });
 * ```
 * @module @cf-devices/mock/msw
 */
export {
  CLOUDFLARE_API_URL,
  createHandlers,
  type MswHandlerOptions,
} from "./msw/handlers.js";
