/** How much work each section does: the full run, and the quick smoke run that CI uses. */
import { join } from "node:path";
import { BENCH_DIR } from "./paths.ts";

export interface Config {
  smoke: boolean;
  /** Use hyperfine and wrk when installed (the smoke run always uses the built-in fallbacks). */
  useTools: boolean;
  /** Where latest.json and latest.svg go. */
  out: string;
  /** Scratch space (git-ignored), emptied at the start of a run. */
  scratch: string;
  overhead: { requests: number; batch: number; runs: number };
  /** Timed runs per command (split over `rounds` so the commands take turns), and RSS runs. */
  startup: { runs: number; rounds: number; warmup: number; rssRuns: number };
  mock: {
    /** Duration of one load run, and its cap on requests: whichever comes first stops it. */
    seconds: number;
    maxRequests: number;
    concurrency: number[];
    /** Load runs per server, operation and concurrency. */
    reps: number;
    /** Start-ups per server. */
    startupRuns: number;
  };
  scale: { devices: number; perPage: number; runs: number };
  codegen: { runs: number };
  /** Persisted store: write sizes, rounds × writes per round per size, and start-ups per mode. */
  store: { small: number; large: number; rounds: number; perRound: number; openRuns: number };
}

export function config(options: { smoke: boolean; out?: string; tools: boolean }): Config {
  const scratch = join(BENCH_DIR, "results", "tmp", options.smoke ? "smoke" : "full");
  // A smoke run never replaces the committed results.
  const out = options.out ?? (options.smoke ? join(scratch, "out") : join(BENCH_DIR, "results"));
  if (options.smoke) {
    return {
      smoke: true,
      useTools: false,
      out,
      scratch,
      overhead: { requests: 400, batch: 100, runs: 1 },
      startup: { runs: 1, rounds: 1, warmup: 0, rssRuns: 1 },
      mock: { seconds: 0.5, maxRequests: 200, concurrency: [1, 10, 100], reps: 1, startupRuns: 1 },
      scale: { devices: 5_000, perPage: 1000, runs: 1 },
      codegen: { runs: 1 },
      store: { small: 100, large: 2_000, rounds: 2, perRound: 5, openRuns: 1 },
    };
  }
  return {
    smoke: false,
    useTools: options.tools,
    out,
    scratch,
    overhead: { requests: 10_000, batch: 200, runs: 3 },
    startup: { runs: 20, rounds: 5, warmup: 2, rssRuns: 5 },
    mock: {
      seconds: 3,
      maxRequests: 2_000_000,
      concurrency: [1, 10, 100],
      reps: 3,
      startupRuns: 5,
    },
    scale: { devices: 100_000, perPage: 1000, runs: 3 },
    codegen: { runs: 5 },
    store: { small: 100, large: 100_000, rounds: 10, perRound: 20, openRuns: 5 },
  };
}
