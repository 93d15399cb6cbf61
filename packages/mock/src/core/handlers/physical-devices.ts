/** Physical devices: cursor-paginated listing with filters and sorting, get, delete, revoke. */
import { deviceNotFound } from "../errors.js";
import { cursorPage, type SortKey } from "../pagination.js";
import { deviceTags, registrationType } from "../store/details.js";
import type { DeviceRec } from "../store/types.js";
import { physicalDeviceView } from "../views.js";
import {
  JsonText,
  type OperationContext,
  type OperationHandler,
  perPage,
  timeFilter,
} from "./context.js";

const SORT_KEYS: Record<string, (d: DeviceRec) => SortKey> = {
  id: (d) => d.id,
  name: (d) => d.name,
  client_version: (d) => d.clientVersion,
  "last_seen_user.email": (d) => d.lastSeenUser?.email ?? null,
  last_seen_at: (d) => d.lastSeenAt,
  active_registrations: (d) => d.active,
  created_at: (d) => d.createdAt,
};

/** Whether `include` (comma-separated) asks for `value`. */
export function includes(include: unknown, value: string): boolean {
  return typeof include === "string" && include.split(",").some((part) => part.trim() === value);
}

function searchText(d: DeviceRec): string {
  d.searchText ??= [
    d.id,
    d.name,
    d.serialNumber,
    d.model,
    d.manufacturer,
    d.hardwareId,
    d.macAddress,
    d.deviceType,
    d.osVersion,
    d.clientVersion,
    d.lastSeenUser?.email,
    d.lastSeenUser?.name,
  ]
    .filter(Boolean)
    .join("\n")
    .toLowerCase();
  return d.searchText;
}

const listPhysicalDevices: OperationHandler = (ctx) => {
  const q = ctx.query;
  const ids = q.id as string[] | undefined;
  const idSet = ids ? new Set(ids) : null;
  const active = q.active_registrations as string;
  const email = (q["last_seen_user.email"] as string | undefined)?.toLowerCase();
  const policy = q["last_seen_registration.policy.id"] as string | undefined;
  const kind = q.has_registration_type as "warp" | "browser_extension" | undefined;
  const tags = (q.tag as string[] | undefined)?.map(splitTag);
  const search = (q.search as string | undefined)?.trim().toLowerCase() || undefined;
  const after = timeFilter(ctx, "seen_after");
  const before = timeFilter(ctx, "seen_before");
  const sortBy = q.sort_by as string;
  const order = q.sort_order as "asc" | "desc";

  const filter = (d: DeviceRec): boolean => {
    if (d.deletedAt !== null) return false;
    if (active === "only" && d.active === 0) return false;
    if (active === "exclude" && d.active > 0) return false;
    if (idSet && !idSet.has(d.id)) return false;
    if (email !== undefined && d.lastSeenUser?.email.toLowerCase() !== email) return false;
    if (policy !== undefined && d.lastSeenRegistration?.policyId !== policy) return false;
    if (after !== null && (d.lastSeenAt === null || d.lastSeenAt <= after)) return false;
    if (before !== null && (d.lastSeenAt === null || d.lastSeenAt >= before)) return false;
    if (search !== undefined && !searchText(d).includes(search)) return false;
    if (kind !== undefined && !hasActive(d, kind)) return false;
    if (tags && !hasTags(d, tags)) return false;
    return true;
  };

  const page = cursorPage(
    ctx.listings,
    {
      cacheKey: JSON.stringify([
        "physical-devices",
        ctx.account.id,
        ids ?? null,
        active,
        email ?? null,
        policy ?? null,
        kind ?? null,
        tags ?? null,
        search ?? null,
        after,
        before,
        sortBy,
        order,
      ]),
      version: ctx.store.version,
      source: ctx.account.deviceList,
      filter,
      sortBy,
      order,
      key: SORT_KEYS[sortBy]!,
      id: (d) => d.id,
    },
    q.cursor as string | undefined,
    perPage(ctx),
  );
  const withPolicy = includes(q.include, "last_seen_registration.policy");
  // Without the policy, a device's view depends on the device alone: serialize it once and
  // reuse the text until data changes. (With it, the view also reads the profiles.)
  // The page's JSON is kept with the listing, so a page read again before any change is sent
  // as it is.
  const result = withPolicy
    ? page.items.map((d) => physicalDeviceView(ctx.account, d, true))
    : page.memo("json", () =>
        JsonText.array(
          page.items.map((d) =>
            ctx.store.viewJson(d, () => physicalDeviceView(ctx.account, d, false)),
          ),
        ),
      );
  return { result, resultInfo: page.resultInfo };
};

/** A `tag` filter value, `key:value` (a value may itself hold colons). */
function splitTag(tag: string): [string, string] {
  const at = tag.indexOf(":");
  return at === -1 ? [tag, ""] : [tag.slice(0, at), tag.slice(at + 1)];
}

function hasTags(d: DeviceRec, wanted: readonly [string, string][]): boolean {
  const tags = deviceTags(d.id);
  return wanted.every(([key, value]) => tags[key] === value);
}

/** Whether the device has an active registration of this kind. */
function hasActive(d: DeviceRec, kind: "warp" | "browser_extension"): boolean {
  return d.registrations.some(
    (r) => r.revokedAt === null && r.deletedAt === null && registrationType(r.id) === kind,
  );
}

function device(ctx: OperationContext): DeviceRec {
  const id = ctx.path.device_id!;
  const found = ctx.store.device(ctx.account, id);
  if (!found) throw deviceNotFound(id);
  return found;
}

export const physicalDeviceHandlers = {
  listPhysicalDevices,
  getPhysicalDevice: (ctx) => ({
    result: physicalDeviceView(
      ctx.account,
      device(ctx),
      includes(ctx.query.include, "last_seen_registration.policy"),
    ),
  }),
  deletePhysicalDevice: (ctx) => {
    ctx.store.deleteDevice(device(ctx), ctx.now);
    return { result: {} };
  },
  revokePhysicalDevice: (ctx) => {
    for (const registration of device(ctx).registrations) ctx.store.revoke(registration, ctx.now);
    return { result: {} };
  },
} satisfies Record<string, OperationHandler>;
