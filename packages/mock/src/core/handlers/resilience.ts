/**
 * The global WARP override: one switch that disconnects every WARP device of the account. The
 * state keeps the time it last changed; sending the state it already has changes nothing (the
 * spec's `x-inferred` note on `setGlobalWarpOverride`). The justification is kept with the
 * change, as the audit log would keep it; the API does not answer with it.
 */
import { warpOverrideView } from "../store/areas.js";
import type { OperationHandler } from "./context.js";
import { typed } from "./typed.js";

export const resilienceHandlers = {
  getGlobalWarpOverride: (ctx) => ({ result: warpOverrideView(ctx.account.areas.warpOverride) }),
  setGlobalWarpOverride: typed("setGlobalWarpOverride", (ctx, { body }) => {
    const state = ctx.account.areas.warpOverride;
    if (body.disconnect !== state.disconnect) {
      state.disconnect = body.disconnect;
      state.changedAt = ctx.now;
      state.justification = body.justification ?? null;
    }
    return { result: warpOverrideView(state) };
  }),
} satisfies Record<string, OperationHandler>;
