/** Median with min and max: robust to the odd slow run on a shared machine, and honest about spread. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function summarize(values: readonly number[]): Summary | null {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return null;
  const middle = Math.floor(finite.length / 2);
  const median = finite.length % 2 === 1 ? (finite[middle] as number) : ((finite[middle - 1] as number) + (finite[middle] as number)) / 2;
  return { median, min: finite[0] as number, max: finite[finite.length - 1] as number, n: finite.length };
}

/** a[i] / b[i] for each round i. */
export function ratiosByRound(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error(`cannot pair ${a.length} runs with ${b.length}`);
  return a.map((value, i) => value / (b[i] as number));
}
