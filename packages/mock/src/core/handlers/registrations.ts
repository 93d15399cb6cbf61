/**
 * Registrations (and the deprecated device operations, which act on registrations joined with
 * their physical device): listing, get, delete, bulk revoke/unrevoke/delete, override codes.
 */
import { registrationNotFound } from "../errors.js";
import { cursorPage, type SortKey } from "../pagination.js";
import { hashString, Rng } from "../prng.js";
import { registrationType } from "../store/details.js";
import type { AccountRec, RegistrationRec } from "../store/types.js";
import { legacyDeviceDetailsView, legacyDeviceView, registrationView } from "../views.js";
import {
  type OperationContext,
  type OperationHandler,
  perPage,
  timeFilter,
  wholeList,
} from "./context.js";
import { includes } from "./physical-devices.js";

const SORT_KEYS: Record<string, (r: RegistrationRec) => SortKey> = {
  id: (r) => r.id,
  "user.name": (r) => r.user?.name ?? null,
  "user.email": (r) => r.user?.email ?? null,
  last_seen_at: (r) => r.lastSeenAt,
  created_at: (r) => r.createdAt,
};

function searchText(r: RegistrationRec): string {
  r.searchText ??= [
    r.id,
    r.device.id,
    r.device.name,
    r.user?.email,
    r.user?.name,
    r.key,
    r.virtualIpv4,
    r.virtualIpv6,
    r.device.clientVersion,
  ]
    .filter(Boolean)
    .join("\n")
    .toLowerCase();
  return r.searchText;
}

const listRegistrations: OperationHandler = (ctx) => {
  const q = ctx.query;
  const ids = q.id as string[] | undefined;
  const idSet = ids ? new Set(ids) : null;
  const deviceId = q["device.id"] as string | undefined;
  const policyId = q["policy.id"] as string | undefined;
  const userIds = q["user.id"] as string[] | undefined;
  const userSet = userIds ? new Set(userIds) : null;
  const search = (q.search as string | undefined)?.trim().toLowerCase() || undefined;
  const kind = q.registration_type as "warp" | "browser_extension" | undefined;
  const after = timeFilter(ctx, "seen_after");
  const before = timeFilter(ctx, "seen_before");
  const status = q.status as string;
  const sortBy = q.sort_by as string;
  const order = q.sort_order as "asc" | "desc";

  const filter = (r: RegistrationRec): boolean => {
    if (r.deletedAt !== null) return false;
    if (status === "active" && r.revokedAt !== null) return false;
    if (status === "revoked" && r.revokedAt === null) return false;
    if (idSet && !idSet.has(r.id)) return false;
    if (deviceId !== undefined && r.device.id !== deviceId) return false;
    if (policyId !== undefined && r.policyId !== policyId) return false;
    if (userSet && !(r.user && userSet.has(r.user.id))) return false;
    if (after !== null && r.lastSeenAt <= after) return false;
    if (before !== null && r.lastSeenAt >= before) return false;
    if (search !== undefined && !searchText(r).includes(search)) return false;
    if (kind !== undefined && registrationType(r.id) !== kind) return false;
    return true;
  };

  const page = cursorPage(
    ctx.listings,
    {
      cacheKey: JSON.stringify([
        "registrations",
        ctx.account.id,
        ids ?? null,
        deviceId ?? null,
        policyId ?? null,
        userIds ?? null,
        search ?? null,
        kind ?? null,
        after,
        before,
        status,
        sortBy,
        order,
      ]),
      version: ctx.store.version,
      source: ctx.account.registrationList,
      filter,
      sortBy,
      order,
      key: SORT_KEYS[sortBy]!,
      id: (r) => r.id,
    },
    q.cursor as string | undefined,
    perPage(ctx),
  );
  const withPolicy = includes(q.include, "policy");
  return {
    result: page.items.map((r) => registrationView(ctx.account, r, withPolicy)),
    resultInfo: page.resultInfo,
  };
};

/** The registrations named by `ids`; all must exist, or nothing happens (404 naming the first). */
function resolveAll(
  ctx: OperationContext,
  ids: readonly string[],
  pointer: (index: number) => string,
): RegistrationRec[] {
  return ids.map((id, index) => {
    const found = ctx.store.registration(ctx.account, id);
    if (!found) throw registrationNotFound(id, pointer(index));
    return found;
  });
}

function one(ctx: OperationContext, param: "registration_id" | "device_id"): RegistrationRec {
  const id = ctx.path[param]!;
  const found = ctx.store.registration(ctx.account, id);
  if (!found) throw registrationNotFound(id, `/path/${param}`);
  return found;
}

const HOURS = ["1", "3", "6", "12", "24"] as const;

/** Override codes of a registration: made once (deterministically) and then kept. */
function overrideCodes(ctx: OperationContext, account: AccountRec, r: RegistrationRec) {
  if (!r.overrideCodes) {
    const rng = new Rng(hashString(`${account.id}/${r.id}`), ctx.store.data.seed);
    r.overrideCodes = Object.fromEntries(
      HOURS.map((h) => [h, String(rng.range(0, 99_999_999)).padStart(8, "0")]),
    );
    ctx.store.touch(r);
    ctx.store.changed();
  }
  return { result: { disable_for_time: { ...r.overrideCodes } } };
}

const queryIds = (ctx: OperationContext) => ctx.query.id as string[];

/**
 * Applies `action` to every registration in the `id` query, after checking they all exist; the
 * answer's `result_info` counts them (the spec's `x-inferred` note on `BulkRegistrationResponse`).
 */
function bulk(ctx: OperationContext, action: (r: RegistrationRec) => void) {
  const found = resolveAll(ctx, queryIds(ctx), (i) => `/query/id/${i}`);
  for (const r of found) action(r);
  const count = found.length;
  return { result: {}, resultInfo: { count, cursor: "", per_page: count, total_count: count } };
}
const bodyIds = (ctx: OperationContext) => ctx.body as string[];

export const registrationHandlers = {
  listRegistrations,
  getRegistration: (ctx) => ({
    result: registrationView(
      ctx.account,
      one(ctx, "registration_id"),
      includes(ctx.query.include, "policy"),
    ),
  }),
  deleteRegistration: (ctx) => {
    ctx.store.deleteRegistration(one(ctx, "registration_id"), ctx.now);
    return { result: {} };
  },
  deleteRegistrations: (ctx) => bulk(ctx, (r) => ctx.store.deleteRegistration(r, ctx.now)),
  revokeRegistrations: (ctx) => bulk(ctx, (r) => ctx.store.revoke(r, ctx.now)),
  unrevokeRegistrations: (ctx) => bulk(ctx, (r) => ctx.store.unrevoke(r, ctx.now)),
  getRegistrationOverrideCodes: (ctx) =>
    overrideCodes(ctx, ctx.account, one(ctx, "registration_id")),
} satisfies Record<string, OperationHandler>;

/** The deprecated device operations: a legacy "device" is a registration plus its device. */
export const legacyDeviceHandlers = {
  listDevices: (ctx) =>
    wholeList(
      ctx.account.registrationList
        .filter((r) => r.deletedAt === null)
        .map((r) => legacyDeviceView(r)),
    ),
  getDevice: (ctx) => ({ result: legacyDeviceDetailsView(ctx.account, one(ctx, "device_id")) }),
  revokeDevices: (ctx) => {
    for (const r of resolveAll(ctx, bodyIds(ctx), (i) => `/${i}`)) ctx.store.revoke(r, ctx.now);
    return { result: null };
  },
  unrevokeDevices: (ctx) => {
    for (const r of resolveAll(ctx, bodyIds(ctx), (i) => `/${i}`)) ctx.store.unrevoke(r, ctx.now);
    return { result: null };
  },
  getDeviceOverrideCodes: (ctx) => overrideCodes(ctx, ctx.account, one(ctx, "device_id")),
} satisfies Record<string, OperationHandler>;
