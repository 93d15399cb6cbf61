/**
 * What the official `cloudflare` SDK can call under the Devices API, read from the SDK that is
 * installed (its compiled `resources/zero-trust/devices/**` files), and how a request matches an
 * operation of our manifest. The contract suite uses both to measure its coverage instead of
 * keeping a hand-written list of operations.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type HttpMethod, manifest, type OperationId, operationIds } from "@cf-devices/types";

/** A route of the SDK: HTTP method and path template (parameters written as `{}`). */
export interface SdkRoute {
  method: HttpMethod;
  path: string;
  /** File of the SDK that calls it, relative to the devices resource folder. */
  file: string;
}

/** Folder of the SDK's Devices resources (`…/cloudflare/resources/zero-trust/devices`). */
export function sdkDevicesFolder(): string {
  const entry = createRequire(import.meta.url).resolve("cloudflare");
  return join(dirname(entry), "resources", "zero-trust", "devices");
}

function jsFiles(folder: string, prefix = ""): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return jsFiles(join(folder, entry.name), relative);
    return entry.name.endsWith(".js") ? [relative] : [];
  });
}

/**
 * Every request the SDK's Devices resources can send. Each resource method makes one call
 * `this._client.<verb>(path\`…\`, …)`; list calls go through `getAPIList`, which is a GET unless
 * the call passes `method: '…'` (the SDK reads some PUT and DELETE answers as pages).
 */
export function sdkDeviceRoutes(folder = sdkDevicesFolder()): SdkRoute[] {
  const routes: SdkRoute[] = [];
  const call =
    /this\._client\.(get|post|put|patch|delete|getAPIList)\(\(0, path_1\.path\) `([^`]*)`([^;]*)/g;
  for (const file of jsFiles(folder)) {
    const source = readFileSync(join(folder, file), "utf8");
    for (const [, verb, template, rest] of source.matchAll(call)) {
      const listMethod = /method: '(\w+)'/.exec(rest ?? "")?.[1] ?? "get";
      const method = (verb === "getAPIList" ? listMethod : (verb as string)).toUpperCase();
      routes.push({
        method: method as HttpMethod,
        path: (template as string).replace(/\$\{[^}]*\}/g, "{}"),
        file,
      });
    }
  }
  return routes;
}

/** Whether a path (template or concrete) lies under the Devices API our spec covers. */
export function isDevicesApiPath(path: string): boolean {
  return /^\/(accounts|zones)\/[^/]+\/devices(\/|$)/.test(path);
}

interface CompiledOperation {
  id: OperationId;
  method: HttpMethod;
  pattern: RegExp;
  literals: number;
}

const compiled: CompiledOperation[] = operationIds.map((id) => {
  const op = manifest[id];
  const segments = op.path.split("/").filter(Boolean);
  const source = segments
    .map((s) => (s.startsWith("{") ? "[^/]+" : s.replace(/[.*+?^$()|[\]\\]/g, "\\$&")))
    .join("/");
  return {
    id,
    method: op.method,
    pattern: new RegExp(`^/${source}/?$`),
    literals: segments.filter((s) => !s.startsWith("{")).length,
  };
});

/**
 * The manifest operation a request (method and path relative to the API base) is for, or null.
 * Where templates overlap (`/devices/{device_id}` and `/devices/physical-devices`), the one with
 * more literal segments wins, as in the API.
 */
export function operationFor(method: string, path: string): OperationId | null {
  let best: CompiledOperation | null = null;
  for (const op of compiled) {
    if (op.method !== method.toUpperCase() || !op.pattern.test(path)) continue;
    if (!best || op.literals > best.literals) best = op;
  }
  return best?.id ?? null;
}

/** The same for an SDK route template (its parameters are `{}`). */
export function operationForRoute(route: SdkRoute): OperationId | null {
  return operationFor(route.method, route.path.replace(/\{\}/g, "x-param"));
}
