/**
 * Device posture rules: CRUD. A rule's `input` is checked against the shape its `type` selects
 * (the spec's `x-schema-by-type`, in `validate.ts`), a field that names another object
 * (`x-refers-to`, such as `connection_id`) has to name one that exists, and `match` entries
 * name a platform.
 */
import type { PostureRuleRequest } from "@cf-devices/types";
import {
  postureDuration,
  postureIntegrationReference,
  postureIntegrationTypeMismatch,
  postureMatchPlatform,
  postureRuleNotFound,
} from "../errors.js";
import { uuid } from "../ids.js";
import { cloneJson } from "../json.js";
import {
  INTEGRATION_CONFIG_UNION,
  integrationFields,
  memberSchema,
  type PostureRuleRec,
  RULE_INPUT_UNION,
  storedValue,
} from "../store/posture.js";
import { type OperationContext, type OperationHandler, wholeList } from "./context.js";

/** A duration as the WARP client reads it: a whole number of seconds, minutes or hours. */
const DURATION = /^([0-9]{1,9})([smh])$/;
const SECONDS = { s: 1, m: 60, h: 3600 } as const;

/** The number of seconds in `value`, or null when it is not a duration. */
export function durationSeconds(value: string): number | null {
  const m = DURATION.exec(value);
  return m ? Number(m[1]) * SECONDS[m[2] as keyof typeof SECONDS] : null;
}

/** The rule as the API shows it: `enabled` is computed (false only for Kolide issue counts). */
export function postureRuleView(rule: PostureRuleRec): Record<string, unknown> {
  const enabled = !(rule.type === "kolide" && rule.input?.issue_count !== undefined);
  return { ...cloneJson(rule), enabled };
}

function rule(ctx: OperationContext): PostureRuleRec {
  const id = ctx.path.rule_id!;
  const found = ctx.account.postureRules.get(id);
  if (!found) throw postureRuleNotFound(id);
  return found;
}

/** `schedule` (at least a minute) and `expiration` (empty: valid until the next result). */
function checkDurations(body: PostureRuleRequest): void {
  if (body.schedule !== undefined) {
    const seconds = durationSeconds(body.schedule);
    if (seconds === null || seconds < 60) {
      throw postureDuration(
        "schedule",
        body.schedule,
        "use a number and a unit (s, m or h) of at least one minute, such as 5m or 1h",
      );
    }
  }
  if (body.expiration !== undefined && body.expiration !== "") {
    const seconds = durationSeconds(body.expiration);
    if (seconds === null || seconds === 0) {
      throw postureDuration(
        "expiration",
        body.expiration,
        'use a number and a unit (s, m or h), such as 1h, or "" for no expiry',
      );
    }
  }
}

function checkMatch(body: PostureRuleRequest): void {
  for (const [index, entry] of (body.match ?? []).entries()) {
    if (entry.platform === undefined) throw postureMatchPlatform(index);
  }
}

/**
 * Fields of the input that name another object (`x-refers-to`) have to name one that exists.
 * An integration-backed rule also needs an integration of its own provider, where the rule type
 * is an integration type as well.
 */
function checkReferences(ctx: OperationContext, body: PostureRuleRequest): void {
  if (!body.input) return;
  const input = body.input as Record<string, unknown>;
  for (const field of integrationFields(body.type)) {
    const id = input[field];
    if (typeof id !== "string") continue;
    const pointer = `/input/${field}`;
    const integration = ctx.account.postureIntegrations.get(id);
    if (!integration) throw postureIntegrationReference(id, pointer);
    const isIntegrationType = memberSchema(INTEGRATION_CONFIG_UNION, body.type) !== undefined;
    if (isIntegrationType && integration.type !== body.type) {
      throw postureIntegrationTypeMismatch(body.type, integration, pointer);
    }
  }
}

/**
 * Checks a create or replace body and builds the stored rule; changes nothing (the id is drawn
 * only once the body passed, so a refused request leaves the id sequence as it was).
 */
function ruleFromBody(ctx: OperationContext, id: () => string): PostureRuleRec {
  const body = ctx.body as PostureRuleRequest;
  checkDurations(body);
  checkMatch(body);
  checkReferences(ctx, body);
  const out: PostureRuleRec = { id: id(), name: body.name, type: body.type };
  if (body.description !== undefined) out.description = body.description;
  // Only the fields of the type's input shape are kept; a type without input stores none.
  if (memberSchema(RULE_INPUT_UNION, body.type)) {
    out.input = storedValue(
      RULE_INPUT_UNION,
      body.type,
      (body.input ?? {}) as Record<string, unknown>,
    );
  }
  if (body.match !== undefined) out.match = body.match.map((m) => ({ platform: m.platform }));
  if (body.schedule !== undefined) out.schedule = body.schedule;
  if (body.expiration !== undefined) out.expiration = body.expiration;
  return out;
}

export const postureRuleHandlers = {
  listPostureRules: (ctx) => wholeList([...ctx.account.postureRules.values()].map(postureRuleView)),
  createPostureRule: (ctx) => {
    const created = ruleFromBody(ctx, () => uuid(ctx.store.data.rng));
    ctx.account.postureRules.set(created.id, created);
    return { result: postureRuleView(created) };
  },
  getPostureRule: (ctx) => ({ result: postureRuleView(rule(ctx)) }),
  updatePostureRule: (ctx) => {
    // A replacement: fields left out of the body are cleared (the spec's x-inferred note).
    const id = rule(ctx).id;
    const replaced = ruleFromBody(ctx, () => id);
    ctx.account.postureRules.set(replaced.id, replaced);
    return { result: postureRuleView(replaced) };
  },
  deletePostureRule: (ctx) => {
    const target = rule(ctx);
    ctx.account.postureRules.delete(target.id);
    return { result: { id: target.id } };
  },
} satisfies Record<string, OperationHandler>;
