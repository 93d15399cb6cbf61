/**
 * Posture integrations: CRUD. `config` is checked against the shape of the integration's `type`
 * (the spec's `x-schema-by-type`); its credentials (the shape's `writeOnly` fields) are accepted
 * and dropped, so no response, snapshot or state file holds them.
 */
import type { PostureIntegrationCreate, PostureIntegrationUpdate } from "@cf-devices/types";
import {
  postureConfigRequired,
  postureDuration,
  postureIntegrationInUse,
  postureIntegrationNotFound,
  validation,
} from "../errors.js";
import { uuid } from "../ids.js";
import { cloneJson } from "../json.js";
import {
  INTEGRATION_CONFIG_UNION,
  type PostureIntegrationRec,
  rulesUsing,
  storedValue,
} from "../store/posture.js";
import { typedValueIssue } from "../validate.js";
import { type OperationContext, type OperationHandler, wholeList } from "./context.js";

/** How often Cloudflare polls the provider: minutes or hours (`10m`, `1h`). */
const INTERVAL = /^[1-9][0-9]{0,5}[mh]$/;

/** The integration as the API shows it: never with credentials (none are stored). */
export function postureIntegrationView(integration: PostureIntegrationRec) {
  return cloneJson(integration);
}

function integration(ctx: OperationContext): PostureIntegrationRec {
  const id = ctx.path.integration_id!;
  const found = ctx.account.postureIntegrations.get(id);
  if (!found) throw postureIntegrationNotFound(id);
  return found;
}

function checkInterval(interval: string | undefined): void {
  if (interval !== undefined && !INTERVAL.test(interval)) {
    throw postureDuration(
      "interval",
      interval,
      "use a whole number of minutes or hours, such as 10m or 1h",
    );
  }
}

export const postureIntegrationHandlers = {
  listPostureIntegrations: (ctx) =>
    wholeList([...ctx.account.postureIntegrations.values()].map(postureIntegrationView)),
  createPostureIntegration: (ctx) => {
    const body = ctx.body as PostureIntegrationCreate;
    checkInterval(body.interval);
    const created: PostureIntegrationRec = {
      id: uuid(ctx.store.data.rng),
      // Required by the body schema (the response schema's `name` is optional, hence the `!`).
      name: body.name!,
      type: body.type,
      interval: body.interval,
      config: storedValue(INTEGRATION_CONFIG_UNION, body.type, body.config),
    };
    ctx.account.postureIntegrations.set(created.id, created);
    return { result: postureIntegrationView(created) };
  },
  getPostureIntegration: (ctx) => ({ result: postureIntegrationView(integration(ctx)) }),
  updatePostureIntegration: (ctx) => {
    const target = integration(ctx);
    const body = ctx.body as PostureIntegrationUpdate;
    const type = body.type ?? target.type;
    if (type !== target.type) {
      // The stored config belongs to the old provider, and rules check the old provider's data.
      if (body.config === undefined) throw postureConfigRequired(target.type, type);
      const users = rulesUsing(ctx.account, target.id);
      if (users.length > 0) throw postureIntegrationInUse(target, users, "given another type");
    }
    if (body.config !== undefined && body.type === undefined) {
      // validateBody checks a config against the type sent beside it; here it is the stored one.
      const issue = typedValueIssue(INTEGRATION_CONFIG_UNION, type, body.config, "/config");
      if (issue) throw validation(issue.message, issue.pointer);
    }
    checkInterval(body.interval);
    if (body.name !== undefined) target.name = body.name;
    if (body.interval !== undefined) target.interval = body.interval;
    target.type = type;
    // A config sent replaces the stored one whole (the spec's x-inferred note).
    if (body.config !== undefined) {
      target.config = storedValue(INTEGRATION_CONFIG_UNION, type, body.config);
    }
    return { result: postureIntegrationView(target) };
  },
  deletePostureIntegration: (ctx) => {
    const target = integration(ctx);
    const users = rulesUsing(ctx.account, target.id);
    if (users.length > 0) throw postureIntegrationInUse(target, users, "deleted");
    ctx.account.postureIntegrations.delete(target.id);
    return { result: {} };
  },
} satisfies Record<string, OperationHandler>;
