/**
 * Keeps a source workload from reaching one well-known host through two policies (another
 * gateway or another gateway port). Two such routes for one workload and host:port are
 * ambiguous, and a careful function rejects them; the workload must be valid input.
 */

/** A `from` entry: a namespace, and an app label unless the whole namespace is meant. */
export interface Source {
  namespace: string;
  app?: string;
}

export interface RouteClaims {
  /** Claims `label` for `sources` if no earlier claim selects any of their workloads. */
  claim(label: string, sources: readonly Source[]): boolean;
}

export function routeClaims(): RouteClaims {
  const claimed = new Map<string, Source[]>();
  return {
    claim(label, sources) {
      const earlier = claimed.get(label) ?? [];
      if (sources.some((source) => earlier.some((other) => overlaps(source, other)))) return false;
      claimed.set(label, [...earlier, ...sources]);
      return true;
    },
  };
}

/** Whether two sources select a common workload. */
export function overlaps(a: Source, b: Source): boolean {
  return a.namespace === b.namespace && (a.app === undefined || b.app === undefined || a.app === b.app);
}
