/** The names samples are filed under: `<workload>/<command>`. */
import type { TimedWorkload } from './options.ts';

export const label = {
  ours: (workload: TimedWorkload | 'empty' | 'kpt') => `${workload}/ours`,
  passthrough: (workload: TimedWorkload) => `${workload}/passthrough`,
  nodeStart: 'empty/node -e 0',
  kptCat: 'kpt/cat',
} as const;
