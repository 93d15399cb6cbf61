/**
 * A Cloudflare Worker that reports the account's physical devices by operating system, and
 * revokes registrations posted to it. Bundle it with wrangler or esbuild; set the secrets
 * CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID.
 */
import { createBaseClient, listPhysicalDevices, revokeRegistrations } from "@cf-devices/client";

interface Env {
  CLOUDFLARE_API_TOKEN: string;
  CLOUDFLARE_ACCOUNT_ID: string;
  /** Optional: another API base URL (a deployed mock, for example). */
  CLOUDFLARE_BASE_URL?: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const client = createBaseClient({ env: env as unknown as Record<string, string> });
    const url = new URL(request.url);

    if (request.method === "GET" && url.pathname === "/devices/by-os") {
      const counts: Record<string, number> = {};
      for await (const device of listPhysicalDevices.paginate(client, {
        query: { active_registrations: "include", per_page: 200 },
      })) {
        const os = device.device_type ?? "unknown";
        counts[os] = (counts[os] ?? 0) + 1;
      }
      return Response.json(counts);
    }

    if (request.method === "POST" && url.pathname === "/registrations/revoke") {
      const ids = (await request.json()) as string[];
      if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== "string")) {
        return Response.json({ error: "send a JSON array of registration ids" }, { status: 400 });
      }
      await revokeRegistrations(client, { query: { id: ids } });
      return Response.json({ revoked: ids.length });
    }

    return new Response("not found", { status: 404 });
  },
};
