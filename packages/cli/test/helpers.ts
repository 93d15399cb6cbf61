import { Readable } from "node:stream";
import type { Io } from "../src/io.js";
import { main } from "../src/main.js";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  tty?: boolean;
  answer?: string;
  cwd?: string;
  signal?: AbortSignal;
}

/** Runs the CLI in-process with captured streams. */
export async function run(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const stdin = Readable.from(
    options.stdin === undefined ? [] : [options.stdin],
  ) as unknown as Io["stdin"];
  stdin.isTTY = options.tty ?? false;
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.tty ?? false },
    stdin,
    env: { ...options.env },
    cwd: options.cwd ?? process.cwd(),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.answer !== undefined ? { ask: async () => options.answer! } : {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
