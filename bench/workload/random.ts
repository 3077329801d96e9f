/**
 * A seeded pseudo-random source for benchmark data. The same seed gives the same sequence on
 * every machine and Node version, so a workload is reproducible byte for byte.
 */
export interface Random {
  /** A number in [0, 1). */
  fraction(): number;
  /** An integer in [low, high], both ends included. */
  between(low: number, high: number): number;
  chance(probability: number): boolean;
  pick<T>(choices: readonly T[]): T;
  /** One value, chosen with probability proportional to its weight. */
  weighted<T>(choices: readonly (readonly [weight: number, value: T])[]): T;
}

export function seededRandom(seed: string): Random {
  let state = hashSeed(seed);
  // splitmix32: one add and two multiply-xorshift rounds per number; only 32-bit integer steps,
  // so the sequence is exact everywhere.
  const fraction = (): number => {
    state = (state + 0x9e3779b9) | 0;
    let z = Math.imul(state ^ (state >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 0x1_0000_0000;
  };
  const pick = <T>(choices: readonly T[]): T => {
    if (choices.length === 0) throw new Error('pick from an empty list');
    return choices[Math.floor(fraction() * choices.length)] as T;
  };
  const weighted = <T>(choices: readonly (readonly [number, T])[]): T => {
    const total = choices.reduce((sum, [weight]) => sum + weight, 0);
    let left = fraction() * total;
    for (const [weight, value] of choices) {
      left -= weight;
      if (left < 0) return value;
    }
    return pick(choices)[1];
  };
  return {
    fraction,
    between: (low, high) => low + Math.floor(fraction() * (high - low + 1)),
    chance: (probability) => fraction() < probability,
    pick,
    weighted,
  };
}

/** Folds the seed text into 32 bits; any change of a character changes the whole sequence. */
function hashSeed(seed: string): number {
  let hash = 0x2545f491 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    hash = Math.imul(hash ^ seed.charCodeAt(i), 0x5bd1e995);
    hash ^= hash >>> 15;
  }
  return hash | 0;
}
