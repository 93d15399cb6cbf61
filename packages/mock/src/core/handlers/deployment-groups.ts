/**
 * Deployment groups (beta): CRUD, listed in creation order one numbered page at a time (`page`,
 * `per_page`: 50 by default, at most 100). API tokens only, from the spec's `security`.
 * `policy_ids` must name device settings profiles that exist, each in at most one group;
 * `version_config` needs at least one entry and one entry per target environment.
 */
import type { VersionConfig } from "@cf-devices/types";
import {
  deploymentGroupNotFound,
  invalidVersionConfig,
  profileAlreadyGrouped,
  ruleBroken,
  unknownProfileReference,
} from "../errors.js";
import { uuid } from "../ids.js";
import { numberedPage } from "../pagination.js";
import { type DeploymentGroupRec, deploymentGroupView } from "../store/areas.js";
import type { OperationContext, OperationHandler } from "./context.js";
import { typed } from "./typed.js";

function group(ctx: OperationContext, id: string): DeploymentGroupRec {
  const found = ctx.account.areas.deploymentGroups.get(id);
  if (!found) throw deploymentGroupNotFound(id);
  return found;
}

function checkVersions(versions: readonly VersionConfig[]): void {
  if (versions.length === 0) {
    throw invalidVersionConfig(
      "version_config needs at least one entry (a version and its target_environment).",
      "/version_config",
    );
  }
  const seen = new Set<string | null>();
  versions.forEach((entry, i) => {
    if (entry.version.trim() === "") {
      throw invalidVersionConfig(
        "version must name a WARP client version, such as 2025.5.735.1.",
        `/version_config/${i}/version`,
      );
    }
    if (seen.has(entry.target_environment)) {
      throw invalidVersionConfig(
        `version_config names the target_environment ${JSON.stringify(entry.target_environment)} twice; give each environment one version.`,
        `/version_config/${i}/target_environment`,
      );
    }
    seen.add(entry.target_environment);
  });
}

/** The profile ids without repeats, after checking each exists and is in no other group. */
function checkProfiles(
  ctx: OperationContext,
  ids: readonly string[],
  self: DeploymentGroupRec | null,
): string[] {
  ids.forEach((id, i) => {
    const pointer = `/policy_ids/${i}`;
    if (!ctx.store.profile(ctx.account, id)) throw unknownProfileReference(id, pointer);
    for (const other of ctx.account.areas.deploymentGroups.values()) {
      if (other !== self && other.policyIds.includes(id)) {
        throw profileAlreadyGrouped(id, other.name, pointer);
      }
    }
  });
  return [...new Set(ids)];
}

function checkName(name: string): void {
  if (name.trim() === "") throw ruleBroken("name must not be empty", "/name");
}

const copyVersions = (versions: readonly VersionConfig[]): VersionConfig[] =>
  versions.map((v) => ({ version: v.version, target_environment: v.target_environment }));

export const deploymentGroupHandlers = {
  listDeploymentGroups: typed("listDeploymentGroups", (ctx, { query }) => {
    const all = [...ctx.account.areas.deploymentGroups.values()];
    const page = numberedPage(all, query.page, query.per_page);
    return { result: page.items.map(deploymentGroupView), resultInfo: page.resultInfo };
  }),
  createDeploymentGroup: typed("createDeploymentGroup", (ctx, { body }) => {
    checkName(body.name);
    checkVersions(body.version_config);
    const policyIds = checkProfiles(ctx, body.policy_ids ?? [], null);
    const created: DeploymentGroupRec = {
      id: uuid(ctx.store.data.rng),
      name: body.name,
      versionConfig: copyVersions(body.version_config),
      policyIds,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    ctx.account.areas.deploymentGroups.set(created.id, created);
    return { result: deploymentGroupView(created) };
  }),
  getDeploymentGroup: typed("getDeploymentGroup", (ctx, { path }) => ({
    result: deploymentGroupView(group(ctx, path.group_id)),
  })),
  updateDeploymentGroup: typed("updateDeploymentGroup", (ctx, { path, body }) => {
    const target = group(ctx, path.group_id);
    if (body.name !== undefined) checkName(body.name);
    if (body.version_config !== undefined) checkVersions(body.version_config);
    const policyIds =
      body.policy_ids === undefined ? undefined : checkProfiles(ctx, body.policy_ids, target);
    if (body.name !== undefined) target.name = body.name;
    if (body.version_config !== undefined) target.versionConfig = copyVersions(body.version_config);
    if (policyIds !== undefined) target.policyIds = policyIds;
    target.updatedAt = ctx.now;
    return { result: deploymentGroupView(target) };
  }),
  deleteDeploymentGroup: typed("deleteDeploymentGroup", (ctx, { path }) => {
    const target = group(ctx, path.group_id);
    ctx.account.areas.deploymentGroups.delete(target.id);
    return { result: { id: target.id } };
  }),
} satisfies Record<string, OperationHandler>;
