/**
 * The Worker's `fetch`: forwards to the shared Durable Object when one is bound, otherwise
 * serves from a mock kept per isolate (each isolate has its own state, reset when it is evicted).
 */
import { createMock, type Mock } from "../core/create-mock.js";
import { type MockWorkerEnv, mockOptionsFromEnv } from "./env.js";

let isolateMock: Mock | undefined;

/**
 * The mock as a Worker: `export { default } from "@cf-devices/mock/worker"`.
 *
 * @example
 * ```ts
 * const response = await worker.fetch(new Request("https://mock.example/__mock"), { MOCK_DEVICES: "100" });
 * ```
 */
const worker = {
  async fetch(request: Request, env: MockWorkerEnv): Promise<Response> {
    if (env.MOCK_STATE) {
      const id = env.MOCK_STATE.idFromName(env.MOCK_STATE_NAME || "default");
      return env.MOCK_STATE.get(id).fetch(request);
    }
    isolateMock ??= createMock(mockOptionsFromEnv(env, new URL(request.url).origin));
    return isolateMock.fetch(request);
  },
};

export default worker;
