import type { Target } from "../target.ts";
import { typesTarget } from "./types.ts";

/** Every generator target, in the order they run. Layers add theirs here. */
export const targets: Target[] = [typesTarget];
