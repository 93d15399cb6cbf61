/**
 * Worker entry of the smoke test, for workerd: `GET /?api=URL[&tokens-only]` runs it and answers
 * with the JSON result.
 */
import { runSmoke } from "./smoke.mjs";

export default {
  async fetch(request) {
    const params = new URL(request.url).searchParams;
    const result = await runSmoke({
      api: params.get("api") ?? undefined,
      keyAuth: !params.has("tokens-only"),
    });
    return Response.json(result);
  },
};
