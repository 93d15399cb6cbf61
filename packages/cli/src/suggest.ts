/**
 * "Did you mean …?": the closest known word to a mistyped command, subcommand or flag, and the
 * usage errors that name it together with what exists.
 */
import type { CommandDef } from "./commands/registry.js";
import { UsageError } from "./errors.js";

/**
 * Edits between two words: insertions, deletions, substitutions, and swaps of two neighbouring
 * characters (optimal string alignment distance), so `lsit` is one edit from `list`.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known word the user most likely meant, or undefined when nothing is close: the only
 * candidate the word starts (`--per` → `--per-page`), else the nearest within about a third of
 * its length in edits (at least one). Ties go to the candidate listed first.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const all = [...new Set(candidates)].filter((c) => c !== word);
  const lower = word.toLowerCase();
  const prefixed = all.filter((c) => c.startsWith(lower));
  if (lower.length >= 3 && prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of all) {
    const distance = editDistance(lower, candidate.toLowerCase());
    const allowed = Math.max(1, Math.floor(Math.max(lower.length, candidate.length) / 3));
    if (distance <= allowed && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** The words that may follow `prefix` (words of a command name) in the command table. */
export function nextWords(prefix: readonly string[], commands: readonly CommandDef[]): string[] {
  const out: string[] = [];
  for (const c of commands) {
    const words = c.name.split(" ");
    if (words.length <= prefix.length) continue;
    if (prefix.every((w, i) => words[i] === w) && !out.includes(words[prefix.length]!))
      out.push(words[prefix.length]!);
  }
  return out;
}

/**
 * How many leading words name a group of commands (`split-tunnel exclude` → 2), when they do
 * not name a command; 0 when even the first word is unknown.
 */
export function knownPrefixLength(words: readonly string[], commands: readonly CommandDef[]) {
  let n = 0;
  while (n < words.length && nextWords(words.slice(0, n), commands).includes(words[n]!)) n++;
  return n;
}

/**
 * The error for command words that name no command: what was not understood, the closest
 * command or subcommand, and every valid one at that level.
 */
export function unknownCommandError(
  words: readonly string[],
  commands: readonly CommandDef[],
): UsageError {
  const n = knownPrefixLength(words, commands);
  const group = words.slice(0, n).join(" ");
  const word = words[n] ?? "";
  const valid = nextWords(words.slice(0, n), commands);
  const guess = closest(word, valid);
  const what = n === 0 ? `unknown command "${word}"` : `unknown subcommand "${word}" for ${group}`;
  // `cf-devices revoke …`: a subcommand typed without its group.
  const groups = guess
    ? []
    : commands
        .filter((c) => c.name.endsWith(` ${word}`))
        .map((c) => `"${c.name}"`)
        .filter((name) => name.startsWith(`"${group}${group ? " " : ""}`));
  const lines = [
    guess
      ? `${what}; did you mean "${[group, guess].filter(Boolean).join(" ")}"?`
      : groups.length > 0
        ? `${what}; did you mean ${groups.join(" or ")}?`
        : what,
    `${n === 0 ? "Commands" : `Subcommands of ${group}`}: ${valid.join(", ")}`,
    `Run 'cf-devices ${group ? `${group} ` : ""}--help' for more.`,
  ];
  return new UsageError(lines.join("\n"));
}
