/**
 * A small line diff for `generate --check`, so drift is shown as a readable unified-style diff
 * without a dependency.
 */

/** Returns diff hunks between two texts, with `context` lines around each change. */
export function lineDiff(before: string, after: string, context = 3, maxLines = 80): string {
  const a = before.split("\n");
  const b = after.split("\n");
  // Trim the common prefix and suffix so the LCS table stays small for typical edits.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const ops: { kind: " " | "-" | "+"; line: string; at: number }[] = [];
  if (midA.length * midB.length > 4_000_000) {
    for (const line of midA) ops.push({ kind: "-", line, at: 0 });
    for (const line of midB) ops.push({ kind: "+", line, at: 0 });
  } else {
    const n = midA.length;
    const m = midB.length;
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i]![j] =
          midA[i] === midB[j]
            ? lcs[i + 1]![j + 1]! + 1
            : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        ops.push({ kind: " ", line: midA[i]!, at: i });
        i++;
        j++;
      } else if (j < m && (i === n || lcs[i]![j + 1]! > lcs[i + 1]![j]!)) {
        ops.push({ kind: "+", line: midB[j]!, at: i });
        j++;
      } else {
        ops.push({ kind: "-", line: midA[i]!, at: i });
        i++;
      }
    }
  }
  const pre = a.slice(Math.max(0, start - context), start).map((line) => `  ${line}`);
  const body: string[] = [];
  let lastChange = -Infinity;
  ops.forEach((op, index) => {
    if (op.kind !== " ") lastChange = index;
  });
  let sinceChange = Infinity;
  ops.forEach((op, index) => {
    const nextChange = ops.findIndex((o, k) => k >= index && o.kind !== " ");
    if (op.kind !== " ") {
      sinceChange = 0;
      body.push(`${op.kind} ${op.line}`);
    } else {
      sinceChange++;
      if (sinceChange <= context || (nextChange !== -1 && nextChange - index <= context)) {
        body.push(`  ${op.line}`);
      } else if (index < lastChange && body.at(-1) !== "  …") {
        body.push("  …");
      }
    }
  });
  const post = a.slice(endA, endA + context).map((line) => `  ${line}`);
  const lines = [`@@ line ${start + 1} @@`, ...pre, ...body, ...post];
  if (lines.length > maxLines) {
    return [...lines.slice(0, maxLines), `… ${lines.length - maxLines} more lines`].join("\n");
  }
  return lines.join("\n");
}
