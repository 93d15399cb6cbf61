/** Physical devices: cursor-paginated listing with filters and sorting, get, delete, revoke. */
import { deviceNotFound } from "../errors.js";
import { cursorPage, type SortKey } from "../pagination.js";
import type { DeviceRec } from "../store/types.js";
import { physicalDeviceView } from "../views.js";
import { JsonText, type OperationContext, type OperationHandler } from "./context.js";

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
  const policy = q["last_seen_registration.policy"] as string | undefined;
  const search = (q.search as string | undefined)?.trim().toLowerCase() || undefined;
  const after = q.seen_after ? Date.parse(q.seen_after as string) : null;
  const before = q.seen_before ? Date.parse(q.seen_before as string) : null;
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
    q.per_page as number,
  );
  const withPolicy = includes(q.include, "last_seen_registration.policy");
  // Without the policy, a device's view depends on the device alone: serialize it once and
  // reuse the text until data changes. (With it, the view also reads the profiles.)
  const result = withPolicy
    ? page.items.map((d) => physicalDeviceView(ctx.account, d, true))
    : JsonText.array(
        page.items.map((d) =>
          ctx.store.viewJson(d, () => physicalDeviceView(ctx.account, d, false)),
        ),
      );
  return { result, resultInfo: page.resultInfo };
};

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
    return { result: null };
  },
  revokePhysicalDevice: (ctx) => {
    for (const registration of device(ctx).registrations) ctx.store.revoke(registration, ctx.now);
    return { result: null };
  },
} satisfies Record<string, OperationHandler>;
