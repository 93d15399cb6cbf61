/**
 * Turns an error into stderr lines and an exit code. API errors show the Cloudflare codes and
 * messages and the cf-ray id; anything unexpected asks to be reported.
 */
import { ExitCode } from "./errors.js";
import { colorEnabled, type Io, paint } from "./io.js";

interface ApiErrorLike {
  status: number;
  errors?: { code?: number; message?: string; source?: { pointer?: string } }[];
  rayId?: string | null;
  operationId?: string;
  message: string;
}

function isApiError(error: unknown): error is ApiErrorLike {
  return error instanceof Error && typeof (error as { status?: unknown }).status === "number";
}

const NETWORK = new Set(["ConnectionError", "TimeoutError", "AbortError"]);

export function reportError(io: Io, error: unknown, verbose: boolean): number {
  const p = paint(colorEnabled(io, io.stderr));
  if (isApiError(error)) {
    const lines = [
      `${p.red("error:")} ${error.status} from the API${error.operationId ? ` (${error.operationId})` : ""}`,
    ];
    for (const e of error.errors ?? []) {
      const where = e.source?.pointer ? ` at ${e.source.pointer}` : "";
      lines.push(`  [${e.code ?? "?"}] ${e.message ?? ""}${where}`);
    }
    if (!error.errors?.length) lines.push(`  ${error.message}`);
    if (error.rayId) lines.push(`  cf-ray: ${error.rayId}`);
    if (error.status === 401 || error.status === 403) {
      lines.push(
        "  Check CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY) and its permissions.",
      );
    }
    io.stderr.write(`${lines.join("\n")}\n`);
    return error.status === 401 || error.status === 403 ? ExitCode.auth : ExitCode.apiError;
  }
  // A state file that cannot be used (damaged, unreadable, or no node:sqlite in this Node.js) is
  // the environment's problem, not a bug: its message names the file and the way out.
  if (error instanceof Error && error.name === "MockStateFileError") {
    io.stderr.write(`${p.red("error:")} ${error.message}\n`);
    return ExitCode.usage;
  }
  if (error instanceof Error && NETWORK.has(error.name)) {
    io.stderr.write(`${p.red("error:")} ${error.message}\n`);
    return error.name === "AbortError" ? ExitCode.interrupted : ExitCode.apiError;
  }
  const message =
    error instanceof Error
      ? verbose
        ? (error.stack ?? error.message)
        : error.message
      : String(error);
  io.stderr.write(
    `${p.red("unexpected error:")} ${message}\nThis is a bug in cf-devices; please report it with the command you ran (without secrets).\n`,
  );
  return ExitCode.apiError;
}
