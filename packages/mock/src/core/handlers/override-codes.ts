/**
 * Uninstall protection override codes (`createOverrideCode`): a new 8-digit code for the whole
 * account or for one physical device, valid for `duration_hours`. The API does not document the
 * answer (the spec's `OverrideCode` declares no fields); the mock answers with the code, what it
 * applies to and when it expires, and keeps the codes it handed out in its state.
 */
import { deviceNotFound, invalidOverrideDuration } from "../errors.js";
import { isoTime } from "../ids.js";
import { type IssuedOverrideCodeRec, OVERRIDE_CODES_KEPT } from "../store/areas.js";
import type { OperationHandler } from "./context.js";
import { typed } from "./typed.js";

const HOUR = 3_600_000;

export const overrideCodeHandlers = {
  createOverrideCode: typed("createOverrideCode", (ctx, { body }) => {
    if (!(body.duration_hours > 0) || !Number.isFinite(body.duration_hours)) {
      throw invalidOverrideDuration(body.duration_hours);
    }
    const deviceId = body.scope === "device" ? (body.device_id ?? "") : null;
    if (deviceId !== null && !ctx.store.device(ctx.account, deviceId)) {
      throw deviceNotFound(deviceId, "/device_id");
    }
    const issued: IssuedOverrideCodeRec = {
      code: String(ctx.store.data.rng.range(0, 99_999_999)).padStart(8, "0"),
      scope: body.scope,
      deviceId,
      durationHours: body.duration_hours,
      createdAt: ctx.now,
    };
    const codes = ctx.account.areas.overrideCodes;
    codes.push(issued);
    if (codes.length > OVERRIDE_CODES_KEPT) codes.splice(0, codes.length - OVERRIDE_CODES_KEPT);
    return {
      result: {
        code: issued.code,
        type: body.type,
        scope: issued.scope,
        ...(deviceId === null ? {} : { device_id: deviceId }),
        duration_hours: issued.durationHours,
        created_at: isoTime(issued.createdAt),
        expires_at: isoTime(issued.createdAt + Math.round(issued.durationHours * HOUR)),
      },
    };
  }),
} satisfies Record<string, OperationHandler>;
