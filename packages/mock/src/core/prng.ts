/**
 * A small, fast, seedable PRNG (sfc32) so that every mock built from the same seed holds the same
 * data. Its state is four 32-bit words, which the state file stores so that ids generated after a
 * reload continue the same sequence.
 */

/** Mixes a number into a well-spread 32-bit value (splitmix32 finaliser). */
export function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Hashes a string to 32 bits (FNV-1a followed by a mix), for deriving streams from names. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

export type RngState = [number, number, number, number];

/** What the value generators in `ids.ts` need from a random source. */
export interface RandomSource {
  /** A uniformly distributed unsigned 32-bit integer. */
  u32(): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

/**
 * A throwaway generator for a handful of values derived from one 32-bit seed (splitmix32). Much
 * cheaper to create than {@link Rng}, for details generated on every read.
 */
export class SplitMix implements RandomSource {
  constructor(private state: number) {}

  u32(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    return mix32(this.state);
  }

  float(): number {
    return this.u32() / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.float() * n);
  }
}

/** Sum of the weights of each choice table passed to `weighted` (the tables are constants). */
const TOTALS = new WeakMap<object, number>();

export class Rng implements RandomSource {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator for `seed`; `stream` picks an independent sequence for the same seed. */
  constructor(seed: number, stream = 0) {
    this.a = mix32(seed ^ 0x6a09e667);
    this.b = mix32(seed + stream * 0x3c6ef372);
    this.c = mix32(stream ^ 0xbb67ae85);
    this.d = mix32(seed * 31 + stream + 1);
    for (let i = 0; i < 12; i++) this.u32();
  }

  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  getState(): RngState {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  setState([a, b, c, d]: RngState): void {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** An integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** Picks from `[value, weight]` pairs in proportion to the weights. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = TOTALS.get(choices);
    if (total === undefined) {
      total = 0;
      for (const [, w] of choices) total += w;
      TOTALS.set(choices, total);
    }
    let r = this.float() * total;
    for (let i = 0; i < choices.length; i++) {
      const choice = choices[i]!;
      r -= choice[1];
      if (r < 0) return choice[0];
    }
    return choices[choices.length - 1]![0];
  }
}
