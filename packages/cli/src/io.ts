/**
 * What a command may touch of the outside world. `bin.ts` passes the real process streams;
 * tests pass buffers, so commands run in-process without patching globals.
 */
import type { SignalSource } from "@cf-devices/mock/command";

export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface InStream extends AsyncIterable<Buffer | string> {
  isTTY?: boolean;
}

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Asks a yes/no question on the terminal. Only called when stdin and stderr are TTYs. */
  ask?: (question: string) => Promise<string>;
  /** Fires when the user interrupts (Ctrl-C); bulk work stops starting new requests. */
  signal?: AbortSignal;
  /**
   * The process whose SIGINT and SIGTERM stop a server command (`mock serve`) cleanly; `bin.ts`
   * passes `process`.
   */
  signals?: SignalSource;
}

/** Whether colour is allowed on a stream: a TTY, and neither NO_COLOR nor TERM=dumb. */
export function colorEnabled(io: Io, stream: OutStream): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

const codes = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39] };

export function paint(enabled: boolean): Paint {
  const wrap =
    ([open, close]: number[]) =>
    (s: string) =>
      enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  return {
    bold: wrap(codes.bold),
    dim: wrap(codes.dim),
    red: wrap(codes.red),
    green: wrap(codes.green),
    yellow: wrap(codes.yellow),
  };
}
