import type { ResolvedRequest } from "../../requests.js";
import type { CommandDef } from "../registry.js";

function describeIds(request: ResolvedRequest): string {
  const ids = Object.entries(request.path)
    .filter(([k]) => k !== "account_id" && k !== "zone_id")
    .map(([, v]) => v);
  const queryIds = (request.query?.id as string[] | undefined) ?? [];
  const bodyIds =
    Array.isArray(request.body) && request.body.every((v) => typeof v === "string")
      ? (request.body as string[])
      : [];
  return [...ids, ...queryIds, ...bodyIds].join(", ");
}

export const messages = {
  dryRun: (n: number) =>
    `Dry run: ${n === 1 ? "this request was" : `these ${n} requests were`} not sent.\n`,
  fetched: (n: number) => `Fetched ${n} items…`,
  interrupted: (n: number) => `Interrupted after ${n} items; nothing was changed.`,
  morePages: () => "More results are available: add --all to fetch every page.\n",
  label: (request: ResolvedRequest) => describeIds(request) || `${request.method} ${request.url}`,
  done: (command: string, request: ResolvedRequest) => {
    const ids = describeIds(request);
    return `✓ ${command}${ids ? ` ${ids}` : ""}: done\n`;
  },
  bulkSummary: (
    command: string,
    ok: number,
    failures: { label: string; error: unknown }[],
    notStarted: number,
  ) => {
    const lines = [
      `${command}: ${ok} request(s) succeeded, ${failures.length} failed${notStarted ? `, ${notStarted} not sent (interrupted)` : ""}`,
    ];
    for (const f of failures) lines.push(`  ✗ ${f.label}: ${(f.error as Error).message}`);
    return `${lines.join("\n")}\n`;
  },
};

/** The confirmation question for a destructive command. */
export function describePlan(command: CommandDef, requests: ResolvedRequest[]): string {
  const ids = requests.map(describeIds).filter(Boolean).join(", ");
  const where = requests[0]?.path.account_id
    ? ` in account ${requests[0].path.account_id}`
    : requests[0]?.path.zone_id
      ? ` in zone ${requests[0].path.zone_id}`
      : "";
  return `${command.name}${ids ? ` ${ids.length > 200 ? `${ids.slice(0, 200)}…` : ids}` : ""}${where}?`;
}
