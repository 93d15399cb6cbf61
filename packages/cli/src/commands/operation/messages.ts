import { manifest, type OperationId } from "@cf-devices/types";
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
  /** Names the flags a body was built from, for validation errors. */
  flagsSource: (command: CommandDef) =>
    `the body built from ${Object.keys(command.flags)
      .filter((f) => f !== "file")
      .map((f) => `--${f}`)
      .join("/")}`,
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
  const ids = command.describe
    ? `: ${command.describe(requests)}`
    : requests.map(describeIds).filter(Boolean).join(", ");
  const where = requests[0]?.path.account_id
    ? ` in account ${requests[0].path.account_id}`
    : requests[0]?.path.zone_id
      ? ` in zone ${requests[0].path.zone_id}`
      : "";
  if (command.describe) return `${command.name}${ids}${where}?`;
  return `${command.name}${ids ? ` ${ids.length > 200 ? `${ids.slice(0, 200)}…` : ids}` : ""}${where}?`;
}

/**
 * Whether a list page that was printed has more pages after it: a cursor in `result_info`, or,
 * for numbered lists, a page number below `total_pages` (or a full page when that is absent).
 */
export function hasMorePages(
  operationId: OperationId,
  count: number,
  info: { cursor?: unknown; page?: unknown; per_page?: unknown; total_pages?: unknown } | undefined,
): boolean {
  const kind = manifest[operationId].pagination;
  if (kind === "cursor") return Boolean(info?.cursor);
  if (kind !== "numbered" || count === 0) return false;
  if (typeof info?.page === "number" && typeof info.total_pages === "number")
    return info.page < info.total_pages;
  return typeof info?.per_page === "number" && count >= info.per_page;
}
