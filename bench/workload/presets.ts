/** The named workloads of `npm run bench`. */
import type { WorkloadSpec } from './workload.ts';

export const PRESETS = {
  S: { resources: 1_000, policies: 10 },
  M: { resources: 10_000, policies: 100 },
  /** M without policies: the fixed cost of reading and passing 10,000 items through. */
  M0: { resources: 10_000, policies: 0 },
  L: { resources: 10_000, policies: 1_000 },
  XL: { resources: 50_000, policies: 100 },
  empty: { resources: 0, policies: 0 },
} as const satisfies Record<string, WorkloadSpec>;

export type PresetName = keyof typeof PRESETS;

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}
