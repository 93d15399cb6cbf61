/**
 * Device settings profiles (default and custom), their Split Tunnel include/exclude lists and
 * Local Domain Fallback lists, and the zone-level certificate provisioning switch.
 */
import {
  defaultProfileNotDeletable,
  defaultProfileViaCustomRoute,
  precedenceConflict,
  profileNotFound,
  ruleBroken,
} from "../errors.js";
import { hexId, uuid } from "../ids.js";
import { cloneJson } from "../json.js";
import { forgetProfile } from "../store/areas.js";
import { PROFILE_DEFAULTS } from "../store/catalog.js";
import type {
  AccountRec,
  FallbackDomainEntry,
  ProfileRec,
  SplitTunnelEntry,
} from "../store/types.js";
import { profileView } from "../views.js";
import { type OperationContext, type OperationHandler, wholeList } from "./context.js";

type Body = Record<string, unknown>;

/** A custom profile by the path's `policy_id` (the default profile's id is accepted too). */
function profile(ctx: OperationContext): ProfileRec {
  const id = ctx.path.policy_id!;
  const found = ctx.store.profile(ctx.account, id);
  if (!found) throw profileNotFound(id);
  return found;
}

/** Refuses a precedence another live custom profile already has. */
function checkPrecedence(
  ctx: OperationContext,
  precedence: unknown,
  self: ProfileRec | null,
): void {
  if (typeof precedence !== "number") return;
  for (const other of ctx.store.customProfiles(ctx.account)) {
    if (other !== self && other.settings.precedence === precedence) {
      throw precedenceConflict(precedence, String(other.settings.name));
    }
  }
}

/** The kind of client a profile is for; WARP unless it was created for the browser extension. */
const profileType = (p: ProfileRec) => (p.settings.profile_type as string | undefined) ?? "warp";

/**
 * Rules of a profile body that its schema cannot state: a WARP client profile needs `match` and
 * `precedence` when created and cannot be made the account default, and the default virtual
 * network must be one of the allowed ones.
 */
function checkProfileBody(body: Body, type: string, creating: boolean): void {
  if (type === "warp") {
    if (creating) {
      for (const field of ["match", "precedence"]) {
        if (body[field] === undefined) {
          throw ruleBroken(`${field} is required for a WARP client profile`, `/${field}`);
        }
      }
    }
    if (body.default === true) {
      throw ruleBroken(
        "default can only be set on a browser extension profile; a WARP client profile cannot become the account default",
        "/default",
      );
    }
  }
  const networks = body.virtual_networks as { allowed: string[]; default: string } | null;
  if (networks && !networks.allowed.includes(networks.default)) {
    throw ruleBroken(
      `virtual_networks.default must be one of virtual_networks.allowed (${networks.allowed.join(", ")})`,
      "/virtual_networks/default",
    );
  }
}

/** Applies a PATCH-style body: fields sent replace the stored ones, lists included. */
function merge(target: ProfileRec, body: Body, now: number): void {
  for (const [key, value] of Object.entries(body)) {
    if (key === "include") target.include = cloneJson(value as SplitTunnelEntry[]);
    else if (key === "exclude") target.exclude = cloneJson(value as SplitTunnelEntry[]);
    else target.settings[key] = cloneJson(value);
  }
  target.updatedAt = now;
}

function allProfiles(ctx: OperationContext, account: AccountRec) {
  return [account.defaultProfile, ...ctx.store.customProfiles(account)].map(profileView);
}

function listHandlers(kind: "include" | "exclude"): Record<string, OperationHandler> {
  return {
    getDefault: (ctx) => wholeList(ctx.account.defaultProfile[kind]),
    setDefault: (ctx) => {
      const p = ctx.account.defaultProfile;
      p[kind] = cloneJson(ctx.body as SplitTunnelEntry[]);
      p.updatedAt = ctx.now;
      return wholeList(p[kind]);
    },
    getProfile: (ctx) => wholeList(profile(ctx)[kind]),
    setProfile: (ctx) => {
      const p = profile(ctx);
      p[kind] = cloneJson(ctx.body as SplitTunnelEntry[]);
      p.updatedAt = ctx.now;
      return wholeList(p[kind]);
    },
  };
}

const include = listHandlers("include");
const exclude = listHandlers("exclude");

function setFallback(ctx: OperationContext, p: ProfileRec) {
  p.fallbackDomains = cloneJson(ctx.body as FallbackDomainEntry[]);
  p.updatedAt = ctx.now;
  return wholeList(p.fallbackDomains);
}

export const profileHandlers = {
  listDeviceSettingsProfiles: (ctx) => {
    const type = ctx.query.profile_type as string;
    const profiles = [ctx.account.defaultProfile, ...ctx.store.customProfiles(ctx.account)];
    return wholeList(profiles.filter((p) => profileType(p) === type).map(profileView));
  },
  getDefaultDeviceSettingsProfile: (ctx) => ({ result: profileView(ctx.account.defaultProfile) }),
  updateDefaultDeviceSettingsProfile: (ctx) => {
    const body = ctx.body as Body;
    checkProfileBody(body, "warp", false);
    merge(ctx.account.defaultProfile, body, ctx.now);
    return { result: profileView(ctx.account.defaultProfile) };
  },
  createDeviceSettingsProfile: (ctx) => {
    const body = ctx.body as Body;
    checkProfileBody(body, (body.profile_type as string | undefined) ?? "warp", true);
    checkPrecedence(ctx, body.precedence, null);
    const rng = ctx.store.data.rng;
    const defaults = ctx.account.defaultProfile;
    const created: ProfileRec = {
      policyId: uuid(rng),
      isDefault: false,
      settings: { ...cloneJson(PROFILE_DEFAULTS) },
      include: [],
      // A new profile starts from the default profile's exclude list unless it is in include mode.
      exclude: body.include ? [] : cloneJson(defaults.exclude),
      fallbackDomains: cloneJson(defaults.fallbackDomains),
      gatewayUniqueId: hexId(rng),
      targetTests: [],
      updatedAt: ctx.now,
      deletedAt: null,
    };
    merge(created, body, ctx.now);
    ctx.account.profiles.set(created.policyId, created);
    return { result: profileView(created) };
  },
  getDeviceSettingsProfile: (ctx) => ({ result: profileView(profile(ctx)) }),
  updateDeviceSettingsProfile: (ctx) => {
    const target = profile(ctx);
    if (target.isDefault) throw defaultProfileViaCustomRoute();
    const body = ctx.body as Body;
    checkProfileBody(body, profileType(target), false);
    checkPrecedence(ctx, body.precedence, target);
    merge(target, body, ctx.now);
    return { result: profileView(target) };
  },
  deleteDeviceSettingsProfile: (ctx) => {
    const target = profile(ctx);
    if (target.isDefault) throw defaultProfileNotDeletable();
    target.deletedAt = ctx.now;
    target.updatedAt = ctx.now;
    forgetProfile(ctx.account.areas, target.policyId, ctx.now);
    return wholeList(allProfiles(ctx, ctx.account));
  },

  getSplitTunnelExcludeList: exclude.getDefault!,
  setSplitTunnelExcludeList: exclude.setDefault!,
  getSplitTunnelIncludeList: include.getDefault!,
  setSplitTunnelIncludeList: include.setDefault!,
  getProfileSplitTunnelExcludeList: exclude.getProfile!,
  setProfileSplitTunnelExcludeList: exclude.setProfile!,
  getProfileSplitTunnelIncludeList: include.getProfile!,
  setProfileSplitTunnelIncludeList: include.setProfile!,

  getLocalDomainFallbackList: (ctx) => wholeList(ctx.account.defaultProfile.fallbackDomains),
  setLocalDomainFallbackList: (ctx) => setFallback(ctx, ctx.account.defaultProfile),
  getProfileLocalDomainFallbackList: (ctx) => wholeList(profile(ctx).fallbackDomains),
  setProfileLocalDomainFallbackList: (ctx) => setFallback(ctx, profile(ctx)),

  getCertificateProvisioning: (ctx) => ({ result: { enabled: ctx.zone!.certificatesEnabled } }),
  updateCertificateProvisioning: (ctx) => {
    ctx.zone!.certificatesEnabled = (ctx.body as { enabled: boolean }).enabled;
    return { result: { enabled: ctx.zone!.certificatesEnabled } };
  },
} satisfies Record<string, OperationHandler>;
