import type { Json } from "./spec.ts";

export interface GeneratedFile {
  /** Path relative to the repository root. */
  path: string;
  contents: string;
}

export interface TargetInput {
  doc: Json;
  source: string;
}

/** One generator output: a set of files under folders it owns wholesale. */
export interface Target {
  name: string;
  /** Folders this target replaces entirely; files in them it did not produce are stale. */
  dirs: string[];
  generate(input: TargetInput): Promise<GeneratedFile[]>;
}
