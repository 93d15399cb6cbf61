/**
 * Device IP profiles: CRUD, listed by precedence one numbered page at a time (`page`,
 * `per_page`: 50 by default, at most 100, as the spec declares). API tokens only, from the
 * spec's `security`. Two profiles cannot share a precedence, since the API evaluates them in
 * precedence order.
 */
import { schemaDefaults } from "../../generated/data.js";
import { ipProfileNotFound, ipProfilePrecedenceConflict, ruleBroken } from "../errors.js";
import { uuid } from "../ids.js";
import { numberedPage } from "../pagination.js";
import { type IpProfileRec, ipProfilesInOrder, ipProfileView } from "../store/areas.js";
import type { OperationContext, OperationHandler } from "./context.js";
import { typed } from "./typed.js";

function profile(ctx: OperationContext, id: string): IpProfileRec {
  const found = ctx.account.areas.ipProfiles.get(id);
  if (!found) throw ipProfileNotFound(id);
  return found;
}

interface Writable {
  name?: string;
  match?: string;
  precedence?: number;
}

/** Rules beyond the schema: a name and a match expression, and a precedence of its own. */
function check(ctx: OperationContext, body: Writable, self: IpProfileRec | null): void {
  if (body.name !== undefined && body.name.trim() === "") {
    throw ruleBroken("name must not be empty", "/name");
  }
  if (body.match !== undefined && body.match.trim() === "") {
    throw ruleBroken(
      'match must be a wirefilter expression, such as identity.groups.name == "Engineering"',
      "/match",
    );
  }
  if (body.precedence !== undefined) {
    for (const other of ctx.account.areas.ipProfiles.values()) {
      if (other !== self && other.precedence === body.precedence) {
        throw ipProfilePrecedenceConflict(body.precedence, other.name);
      }
    }
  }
}

const CREATE_DEFAULTS = schemaDefaults.IpProfileCreate as { enabled?: boolean } | undefined;

export const ipProfileHandlers = {
  listIpProfiles: typed("listIpProfiles", (ctx, { query }) => {
    const page = numberedPage(ipProfilesInOrder(ctx.account.areas), query.page, query.per_page);
    return { result: page.items.map(ipProfileView), resultInfo: page.resultInfo };
  }),
  createIpProfile: typed("createIpProfile", (ctx, { body }) => {
    check(ctx, body, null);
    const created: IpProfileRec = {
      id: uuid(ctx.store.data.rng),
      name: body.name,
      description: body.description ?? null,
      match: body.match,
      precedence: body.precedence,
      subnetId: body.subnet_id,
      enabled: body.enabled ?? CREATE_DEFAULTS?.enabled ?? true,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    ctx.account.areas.ipProfiles.set(created.id, created);
    return { result: ipProfileView(created) };
  }),
  getIpProfile: typed("getIpProfile", (ctx, { path }) => ({
    result: ipProfileView(profile(ctx, path.profile_id)),
  })),
  updateIpProfile: typed("updateIpProfile", (ctx, { path, body }) => {
    const target = profile(ctx, path.profile_id);
    check(ctx, body, target);
    if (body.name !== undefined) target.name = body.name;
    if (body.description !== undefined) target.description = body.description;
    if (body.match !== undefined) target.match = body.match;
    if (body.precedence !== undefined) target.precedence = body.precedence;
    if (body.subnet_id !== undefined) target.subnetId = body.subnet_id;
    if (body.enabled !== undefined) target.enabled = body.enabled;
    target.updatedAt = ctx.now;
    return { result: ipProfileView(target) };
  }),
  deleteIpProfile: typed("deleteIpProfile", (ctx, { path }) => {
    const target = profile(ctx, path.profile_id);
    ctx.account.areas.ipProfiles.delete(target.id);
    return { result: { id: target.id } };
  }),
} satisfies Record<string, OperationHandler>;
