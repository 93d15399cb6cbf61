import type { Target } from "../target.ts";
import { clientTarget } from "./client.ts";
import { mockTarget } from "./mock.ts";
import { typesTarget } from "./types.ts";

/** Every generator target, in the order they run. Layers add theirs here. */
export const targets: Target[] = [typesTarget, mockTarget, clientTarget];
