/** The command line of `npm run bench` (and `npm run bench:quick`). */
import { parseArgs } from 'node:util';

/** What can be measured; workload names are also the names of the presets they use. */
export const MEASUREMENTS = ['S', 'M', 'M0', 'L', 'XL', 'empty', 'kpt'] as const;
export type Measurement = (typeof MEASUREMENTS)[number];
export type TimedWorkload = Exclude<Measurement, 'empty' | 'kpt'>;
export const TIMED_WORKLOADS: readonly TimedWorkload[] = ['S', 'M', 'M0', 'L', 'XL'];

export interface BenchOptions {
  quick: boolean;
  /** Rounds of ours/passthrough pairs on S, M, M0, L, XL. */
  runs: number;
  /** Pairs of ours on the empty list / `node -e 0`. */
  coldRuns: number;
  /** Pairs of kpt + ours / kpt + cat on the M package. */
  kptRuns: number;
  only: ReadonlySet<Measurement>;
  writeResults: boolean;
  keepTemp: boolean;
}

export const USAGE = `usage: npm run bench [-- options]     (npm run bench:quick for the CI check)

  --quick          S and the empty list only, a few pairs; fails only on a gross regression
                   and writes nothing in the repository
  --runs N         rounds of ours/passthrough pairs per workload (default 3; quick: 3)
  --cold-runs N    pairs of ours on the empty list / node -e 0 (default 20; quick: 10)
  --kpt-runs N     pairs of kpt + ours / kpt + cat on the M package (default 5)
  --only LIST      comma-separated subset of ${MEASUREMENTS.join(',')}
  --skip-kpt       leave out the kpt measurement (the slowest)
  --no-write       do not write bench/results.json
  --keep           keep the temporary directory with the workloads
`;

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      'cold-runs': { type: 'string' },
      'kpt-runs': { type: 'string' },
      only: { type: 'string' },
      'skip-kpt': { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick === true;
  const only = new Set<Measurement>(values.only === undefined ? (quick ? ['S', 'empty'] : MEASUREMENTS) : parseOnly(values.only));
  if (values['skip-kpt']) only.delete('kpt');
  return {
    quick,
    runs: positive('--runs', values.runs, 3),
    coldRuns: positive('--cold-runs', values['cold-runs'], quick ? 10 : 20),
    kptRuns: positive('--kpt-runs', values['kpt-runs'], 5),
    only,
    writeResults: !quick && values['no-write'] !== true,
    keepTemp: values.keep === true,
  };
}

function parseOnly(list: string): Measurement[] {
  return list.split(',').map((name) => {
    const found = MEASUREMENTS.find((m) => m.toLowerCase() === name.trim().toLowerCase());
    if (found === undefined) throw new Error(`--only: unknown measurement '${name}'; choose from ${MEASUREMENTS.join(', ')}`);
    return found;
  });
}

function positive(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(text)) throw new Error(`${flag} needs a whole number of at least 1, not '${text}'`);
  return Number(text);
}
