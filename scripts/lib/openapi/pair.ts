/** Pairing the alternatives of two unions (or any two lists) by key, then by position. */
export interface Pairing {
  pairs: [number, number][];
  onlyA: number[];
  onlyB: number[];
}

/**
 * Pairs items whose keys are equal (first unused match), then pairs what is left in order,
 * among the items `loose` allows on both sides (e.g. inline variants that were edited).
 */
export function pairUp(
  keysA: string[],
  keysB: string[],
  loose: (key: string) => boolean = () => true,
): Pairing {
  const usedB = new Set<number>();
  const pairs: [number, number][] = [];
  const leftA: number[] = [];
  keysA.forEach((key, i) => {
    const j = keysB.findIndex((k, jj) => k === key && !usedB.has(jj));
    if (j === -1) leftA.push(i);
    else {
      usedB.add(j);
      pairs.push([i, j]);
    }
  });
  const looseB = keysB.map((_, j) => j).filter((j) => !usedB.has(j) && loose(keysB[j] ?? ""));
  const onlyA: number[] = [];
  for (const i of leftA) {
    const j = loose(keysA[i] ?? "") ? looseB.shift() : undefined;
    if (j === undefined) onlyA.push(i);
    else {
      usedB.add(j);
      pairs.push([i, j]);
    }
  }
  return { pairs, onlyA, onlyB: keysB.map((_, j) => j).filter((j) => !usedB.has(j)) };
}
