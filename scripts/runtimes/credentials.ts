/**
 * Credentials the runtime smoke test uses: the Node-served mocks accept exactly these (strict
 * auth), and the smoke script sends them. Test values, not secrets.
 */
export const SMOKE_TOKEN = "smoke-token-0f1e2d3c4b5a69788796a5b4c3d2e1f0";
export const SMOKE_BAD_TOKEN = "smoke-wrong-token-00112233445566778899aabbcc";
export const SMOKE_EMAIL = "smoke@example.com";
export const SMOKE_KEY = "smoke-global-key-ffeeddccbbaa99887766554433";
