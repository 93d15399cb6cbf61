/**
 * Web page entry of the smoke test, for Chromium: `index.html?api=URL` runs it and puts the
 * result on `window.__SMOKE_RESULT__` (and in the page, for a person looking).
 */
import { runSmoke } from "./smoke.mjs";

const params = new URLSearchParams(location.search);
runSmoke({ api: params.get("api") ?? undefined, keyAuth: !params.has("tokens-only") }).then(
  (result) => {
    globalThis.__SMOKE_RESULT__ = result;
    document.body.textContent = JSON.stringify(result, null, 2);
  },
);
