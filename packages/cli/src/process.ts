/**
 * Wires `main` to the real process: streams, environment, a terminal prompt, and Ctrl-C, which
 * stops bulk work and `--all` between requests instead of killing the process mid-write.
 */
import type { Io } from "./io.js";
import { main } from "./main.js";

export async function runFromProcess(argv: string[]): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write(
      "\nInterrupted: finishing the requests in flight (Ctrl-C again to quit now)…\n",
    );
    controller.abort(new Error("interrupted"));
  };
  process.on("SIGINT", onSigint);
  let stdoutReady = false;
  const io: Io = {
    // process.stdout builds a stream (and loads its modules) when first touched; a command that
    // calls the API touches it only to print, after the HTTP stack is loaded anyway.
    get stdout() {
      if (!stdoutReady) {
        stdoutReady = true;
        // A closed pipe (e.g. `| head`) is not an error worth a stack trace.
        process.stdout.on("error", (error: NodeJS.ErrnoException) => {
          if (error.code === "EPIPE") process.exit(0);
        });
      }
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
    // process.stdin sets up a stream when first touched; most commands never read it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
    signals: process,
    ask: async (question) => {
      const { createInterface } = await import("node:readline/promises");
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
  try {
    return await main(argv, io);
  } finally {
    process.off("SIGINT", onSigint);
  }
}
