/**
 * Node.js entry point of the mock: an HTTP server around the core and state files on disk.
 *
 * @example
 * ```ts
 * import { serve, openMock } from "@cf-devices/mock/node";
 *
 * const server = await serve({ port: 8787, seed: 1, devices: 1000 });
 * console.log(`mock listening on ${server.url}`);
 *
 * const mock = await openMock({ stateFile: ".cf-devices-mock-state.db" });
 * await mock.persist();
 * ```
 * @module @cf-devices/mock/node
 */
export {
  FAULTS_ENV,
  faultsFromEnv,
  type MockServer,
  type ServeOptions,
  serve,
} from "./node/serve.js";
export {
  deleteMockState,
  loadMockState,
  MockStateFileError,
  type OpenMockOptions,
  openMock,
  type PersistentMock,
  saveMockState,
} from "./node/state-file.js";
