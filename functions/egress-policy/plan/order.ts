/**
 * Comparators for every list the function emits. Strings compare by code unit, never by
 * locale, so output does not depend on the machine.
 */

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareNumbers(a: number, b: number): number {
  return a - b;
}

/** Sorted copy without duplicates. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings);
}

/** Lexicographic comparison of tuples of strings and numbers. */
export function compareTuples(a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : compareStrings(String(x), String(y));
    if (c !== 0) return c;
  }
  return a.length - b.length;
}
