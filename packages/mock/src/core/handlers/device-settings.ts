/**
 * Account device settings: GET, PUT replaces (fields left out go back to their defaults), PATCH
 * merges, DELETE resets to the defaults. The external emergency signal settings are checked as
 * the API describes them: an HTTPS address whose host is an IP address, a certificate
 * fingerprint of 64 hex digits, a polling interval of at least 30 seconds, and an address before
 * the signal can be switched on.
 */
import type { AccountDeviceSettings } from "@cf-devices/types";
import { invalidEmergencySignal, invalidFingerprint, ruleBroken } from "../errors.js";
import { cloneJson } from "../json.js";
import { accountSettingsView, defaultAccountSettings } from "../store/areas.js";
import type { OperationContext, OperationHandler } from "./context.js";
import { typed } from "./typed.js";

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const HEX_SHA256 = /^[0-9A-Fa-f]{64}$/;
/** A Go duration such as `5m`, `1m30s`, `1.5h` (what the API's examples show). */
const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** The length of a Go duration in seconds. */
export function durationSeconds(text: string): number | null {
  if (!DURATION.test(text)) return null;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(amount) * UNIT_SECONDS[unit!]!;
  }
  return total;
}

function checkUrl(value: string): void {
  const pointer = "/external_emergency_signal_url";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidEmergencySignal(
      `external_emergency_signal_url ${JSON.stringify(value)} is not a URL; use https://<IP address>/<path>.`,
      pointer,
    );
  }
  if (url.protocol !== "https:") {
    throw invalidEmergencySignal("external_emergency_signal_url must use https.", pointer);
  }
  const host = url.hostname;
  if (!IPV4.test(host) && !(host.startsWith("[") && host.endsWith("]"))) {
    throw invalidEmergencySignal(
      `external_emergency_signal_url must have an IPv4 or IPv6 address as its host, not ${JSON.stringify(host)}.`,
      pointer,
    );
  }
}

/**
 * Checks the fields `sent` and the settings that would result (`next`); throws before anything
 * is stored.
 */
function check(sent: AccountDeviceSettings, next: AccountDeviceSettings): void {
  if (sent.disable_for_time !== undefined && !(sent.disable_for_time >= 0)) {
    throw ruleBroken(
      "disable_for_time must be a number of seconds, 0 or more",
      "/disable_for_time",
    );
  }
  if (sent.external_emergency_signal_url !== undefined) {
    checkUrl(sent.external_emergency_signal_url);
  }
  const fingerprint = sent.external_emergency_signal_fingerprint;
  if (fingerprint !== undefined && !HEX_SHA256.test(fingerprint)) {
    throw invalidFingerprint(
      "external_emergency_signal_fingerprint",
      "/external_emergency_signal_fingerprint",
    );
  }
  const interval = sent.external_emergency_signal_interval;
  if (interval !== undefined) {
    const seconds = durationSeconds(interval);
    const pointer = "/external_emergency_signal_interval";
    if (seconds === null) {
      throw invalidEmergencySignal(
        `external_emergency_signal_interval ${JSON.stringify(interval)} is not a duration; write it like 5m, 1m30s or 1h.`,
        pointer,
      );
    }
    if (seconds < 30) {
      throw invalidEmergencySignal(
        `external_emergency_signal_interval must be at least 30s, got ${interval}.`,
        pointer,
      );
    }
  }
  if (next.external_emergency_signal_enabled === true && !next.external_emergency_signal_url) {
    throw invalidEmergencySignal(
      "external_emergency_signal_enabled needs an external_emergency_signal_url to poll; send both.",
      "/external_emergency_signal_url",
    );
  }
}

/** Stores `next` after checking it; answers with the stored settings. */
function store(ctx: OperationContext, sent: AccountDeviceSettings, next: AccountDeviceSettings) {
  check(sent, next);
  ctx.account.areas.settings = next;
  return { result: accountSettingsView(next) };
}

export const deviceSettingsHandlers = {
  getAccountDeviceSettings: (ctx) => ({ result: accountSettingsView(ctx.account.areas.settings) }),
  replaceAccountDeviceSettings: typed("replaceAccountDeviceSettings", (ctx, { body }) =>
    store(ctx, body, { ...defaultAccountSettings(), ...cloneJson(body) }),
  ),
  updateAccountDeviceSettings: typed("updateAccountDeviceSettings", (ctx, { body }) =>
    store(ctx, body, { ...cloneJson(ctx.account.areas.settings), ...cloneJson(body) }),
  ),
  resetAccountDeviceSettings: (ctx) => {
    ctx.account.areas.settings = defaultAccountSettings();
    return { result: accountSettingsView(ctx.account.areas.settings) };
  },
} satisfies Record<string, OperationHandler>;
