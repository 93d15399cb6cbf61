/**
 * The admin API under `/__mock`, kept apart from the Devices API surface (no API credentials,
 * not in the request log, not subject to faults):
 *
 * | Method | Path | Does |
 * |---|---|---|
 * | GET | `/__mock` | accounts, zones, credentials, seed, counts |
 * | POST | `/__mock/reset` | back to the initial data, faults and an empty request log |
 * | POST | `/__mock/seed` | reseed; body `{ seed?, devices?, accounts? }` |
 * | GET / PUT | `/__mock/state` | snapshot of all data / replace all data with a snapshot |
 * | GET / PUT / DELETE | `/__mock/faults` | read / replace / clear fault rules |
 * | GET / DELETE | `/__mock/requests` | request log (`?operationId=&status=&limit=`) / clear it |
 */
import type { Mock, SeedParameters } from "./create-mock.js";
import {
  failureBody,
  forbidden,
  MockHttpError,
  malformedJson,
  methodNotAllowed,
  mockBug,
  noRoute,
  validation,
} from "./errors.js";
import { parseFaultConfig } from "./faults.js";
import type { HeaderGetter, MockResponse } from "./http.js";
import { parseQuery } from "./query.js";
import { MockStateError } from "./store/state.js";

export interface AdminRequest {
  method: string;
  path: string;
  search: string;
  header: HeaderGetter;
  body: string;
  admin: boolean | { token: string };
  respond(status: number, payload: unknown, headers?: Record<string, string>): MockResponse;
}

const ok = (result: unknown) => ({ result, success: true, errors: [], messages: [] });

function info(mock: Mock) {
  return {
    seed: mock.seed,
    version: mock.version,
    baseUrl: mock.baseUrl,
    authMode: mock.authMode,
    credentials: mock.authMode === "strict" ? null : mock.credentials,
    accounts: mock.accounts,
  };
}

function parseBody(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw malformedJson((error as Error).message);
  }
}

const ROUTES: Record<string, string[]> = {
  "": ["GET"],
  reset: ["POST"],
  seed: ["POST"],
  state: ["GET", "PUT"],
  faults: ["GET", "PUT", "DELETE"],
  requests: ["GET", "DELETE"],
};

function route(mock: Mock, req: AdminRequest): unknown {
  const name = req.path.replace(/^\/__mock\/?/, "").replace(/\/+$/, "");
  const methods = ROUTES[name];
  if (!methods) throw noRoute(req.method, req.path);
  if (!methods.includes(req.method)) throw methodNotAllowed(req.method, req.path, methods);

  switch (`${req.method} ${name}`) {
    case "GET ":
      return info(mock);
    case "POST reset":
      mock.reset();
      return info(mock);
    case "POST seed": {
      const body = parseBody(req.body);
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw validation("the body must be an object like { seed, devices, accounts }", "");
      }
      try {
        mock.reseed(body as SeedParameters);
      } catch (error) {
        throw validation((error as Error).message, "");
      }
      return info(mock);
    }
    case "GET state":
      return mock.snapshot();
    case "PUT state":
      try {
        mock.restore(parseBody(req.body) as never);
      } catch (error) {
        if (error instanceof MockStateError) throw validation(error.message, "");
        throw error;
      }
      return info(mock);
    case "GET faults":
      return mock.faults.get();
    case "PUT faults":
      try {
        mock.faults.set(parseFaultConfig(parseBody(req.body)));
      } catch (error) {
        if (error instanceof TypeError) throw validation(error.message, "");
        throw error;
      }
      return mock.faults.get();
    case "DELETE faults":
      mock.faults.clear();
      return mock.faults.get();
    case "GET requests": {
      const q = parseQuery(req.search);
      const op = q.get("operationId")?.[0];
      const status = q.get("status")?.[0];
      const limit = Number(q.get("limit")?.[0] ?? Number.POSITIVE_INFINITY);
      let entries = mock.requests.filter(
        (e) => (!op || e.operationId === op) && (!status || String(e.status) === status),
      );
      if (Number.isInteger(limit) && limit >= 0) entries = limit === 0 ? [] : entries.slice(-limit);
      return entries;
    }
    case "DELETE requests":
      mock.clearRequests();
      return [];
    default:
      throw noRoute(req.method, req.path);
  }
}

/** Serves one admin request. */
export function handleAdmin(mock: Mock, req: AdminRequest): MockResponse {
  try {
    if (req.admin === false) throw noRoute(req.method, req.path);
    if (typeof req.admin === "object" && req.header("x-mock-admin-token") !== req.admin.token) {
      throw forbidden("the admin API needs the x-mock-admin-token header.");
    }
    return req.respond(200, ok(route(mock, req)));
  } catch (error) {
    const failure = error instanceof MockHttpError ? error : mockBug(error);
    return req.respond(failure.status, failureBody(failure.errors), failure.headers);
  }
}
