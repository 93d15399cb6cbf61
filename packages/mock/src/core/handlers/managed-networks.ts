/**
 * Managed networks: TLS endpoints the WARP client probes to tell that it is on a known network.
 * CRUD with the endpoint checked (`host:port`, a SHA-256 fingerprint of 64 hex digits) and names
 * unique within the account; delete answers with the networks that remain.
 */
import type { ManagedNetworkConfig } from "@cf-devices/types";
import {
  invalidFingerprint,
  invalidTlsSockaddr,
  managedNetworkNameTaken,
  managedNetworkNotFound,
  ruleBroken,
} from "../errors.js";
import { uuid } from "../ids.js";
import { type ManagedNetworkRec, managedNetworkView } from "../store/areas.js";
import { type OperationContext, type OperationHandler, wholeList } from "./context.js";
import { typed } from "./typed.js";

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
const HEX_SHA256 = /^[0-9A-Fa-f]{64}$/;

/** Why `host` is not a usable host name or address, or null when it is one. */
function hostProblem(host: string): string | null {
  if (host === "") return "has no host before the port";
  if (IPV4.test(host)) {
    return host.split(".").every((part) => Number(part) <= 255)
      ? null
      : "has an IPv4 address with a part above 255";
  }
  if (host.includes(":")) return "has an IPv6 address without brackets around it";
  const name = host.endsWith(".") ? host.slice(0, -1) : host;
  if (name.length > 253 || !name.split(".").every((label) => LABEL.test(label))) {
    return "has a host that is neither a host name nor an IP address";
  }
  return null;
}

/** Checks `host:port` (an IPv6 host in brackets) with a port from 1 to 65535. */
export function checkTlsSockaddr(value: string): void {
  let host: string;
  let port: string;
  if (value.startsWith("[")) {
    const end = value.indexOf("]");
    if (end === -1) throw invalidTlsSockaddr(value, "opens a bracket it does not close");
    host = value.slice(1, end);
    if (!host.includes(":") || !IPV6.test(host)) {
      throw invalidTlsSockaddr(value, "has something other than an IPv6 address in brackets");
    }
    if (value[end + 1] !== ":") throw invalidTlsSockaddr(value, "has no :port");
    port = value.slice(end + 2);
  } else {
    const at = value.lastIndexOf(":");
    if (at === -1) throw invalidTlsSockaddr(value, "has no :port");
    host = value.slice(0, at);
    port = value.slice(at + 1);
    const problem = hostProblem(host);
    if (problem) throw invalidTlsSockaddr(value, problem);
  }
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65_535) {
    throw invalidTlsSockaddr(value, "has no port from 1 to 65535");
  }
}

function checkConfig(config: ManagedNetworkConfig): void {
  checkTlsSockaddr(config.tls_sockaddr);
  if (config.sha256 !== undefined && !HEX_SHA256.test(config.sha256)) {
    throw invalidFingerprint("config.sha256", "/config/sha256");
  }
}

function checkName(ctx: OperationContext, name: string, self: ManagedNetworkRec | null): void {
  if (name.trim() === "") throw ruleBroken("name must not be empty", "/name");
  for (const other of ctx.account.areas.networks.values()) {
    if (other !== self && other.name === name) throw managedNetworkNameTaken(name);
  }
}

function network(ctx: OperationContext, id: string): ManagedNetworkRec {
  const found = ctx.account.areas.networks.get(id);
  if (!found) throw managedNetworkNotFound(id);
  return found;
}

const copyConfig = (config: ManagedNetworkConfig): ManagedNetworkConfig =>
  config.sha256 === undefined
    ? { tls_sockaddr: config.tls_sockaddr }
    : { tls_sockaddr: config.tls_sockaddr, sha256: config.sha256 };

const all = (ctx: OperationContext) =>
  [...ctx.account.areas.networks.values()].map(managedNetworkView);

export const managedNetworkHandlers = {
  listManagedNetworks: (ctx) => wholeList(all(ctx)),
  createManagedNetwork: typed("createManagedNetwork", (ctx, { body }) => {
    // Required by ManagedNetworkCreate (the property's own schema, shared with responses, is
    // optional there).
    const name = body.name as string;
    checkName(ctx, name, null);
    checkConfig(body.config);
    const created: ManagedNetworkRec = {
      id: uuid(ctx.store.data.rng),
      name,
      type: body.type,
      config: copyConfig(body.config),
    };
    ctx.account.areas.networks.set(created.id, created);
    return { result: managedNetworkView(created) };
  }),
  getManagedNetwork: typed("getManagedNetwork", (ctx, { path }) => ({
    result: managedNetworkView(network(ctx, path.network_id)),
  })),
  updateManagedNetwork: typed("updateManagedNetwork", (ctx, { path, body }) => {
    const target = network(ctx, path.network_id);
    if (body.name !== undefined) checkName(ctx, body.name, target);
    if (body.config !== undefined) checkConfig(body.config);
    // Checked first, changed after: a refused update leaves the network as it was.
    if (body.name !== undefined) target.name = body.name;
    if (body.type !== undefined) target.type = body.type;
    if (body.config !== undefined) target.config = copyConfig(body.config);
    return { result: managedNetworkView(target) };
  }),
  deleteManagedNetwork: typed("deleteManagedNetwork", (ctx, { path }) => {
    ctx.account.areas.networks.delete(network(ctx, path.network_id).id);
    return wholeList(all(ctx));
  }),
} satisfies Record<string, OperationHandler>;
