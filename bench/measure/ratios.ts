/**
 * The figures the benchmark reports, each with its target. Time ratios are taken round by
 * round (both sides measured in the same round, next to each other), then summarized.
 */
import { PRESETS } from '../workload/presets.ts';
import type { SamplesByLabel } from './interleave.ts';
import { label } from './labels.ts';
import type { Summary } from './stats.ts';
import { ratiosByRound, summarize } from './stats.ts';

export interface Target {
  /** Pass when the median is at most this. */
  max: number;
  /** A better figure worth reaching; reported, never failed. */
  stretch?: number;
}

export interface Figure {
  id: string;
  description: string;
  unit: 'ratio' | 'MB';
  /** Judged in a full run; absent for figures given as context only. */
  target?: Target;
  /** Judged in quick mode: twice the full target, so only a gross regression fails CI. */
  quickTarget?: Target;
  /** Values, one per round; null when a needed measurement was not taken. */
  values(samples: SamplesByLabel): number[] | null;
}

const wall = (samples: SamplesByLabel, name: string): number[] | null => samples.get(name)?.map((s) => s.wallSeconds) ?? null;

function paired(a: string, b: string): Figure['values'] {
  return (samples) => {
    const [first, second] = [wall(samples, a), wall(samples, b)];
    return first && second ? ratiosByRound(first, second) : null;
  };
}

function peakRss(name: string): Figure['values'] {
  return (samples) => {
    const values = samples.get(name)?.map((s) => s.peakRssMb);
    return values && values.every((v) => v !== null) ? (values as number[]) : null;
  };
}

/** Cost per added policy in L over that in M, both above M0 (same items, no policies). */
function policyLinearity(samples: SamplesByLabel): number[] | null {
  const [m0, m, l] = [wall(samples, label.ours('M0')), wall(samples, label.ours('M')), wall(samples, label.ours('L'))];
  if (!m0 || !m || !l) return null;
  return m0.map((base, i) => {
    const perPolicyM = ((m[i] as number) - base) / PRESETS.M.policies;
    const perPolicyL = ((l[i] as number) - base) / PRESETS.L.policies;
    // Noise can make M no slower than M0 in a round; that round says nothing about linearity.
    return perPolicyM > 0 ? perPolicyL / perPolicyM : Number.NaN;
  });
}

const OURS_OVER_PASSTHROUGH_MAX = 0.5;
const COLD_START_MAX = 1.5;
const twice = (max: number): Target => ({ max: 2 * max });

export const FIGURES: readonly Figure[] = [
  {
    id: 'M ours/passthrough',
    description: 'M: our bundle / the yaml Document round trip, same input, pair by pair',
    unit: 'ratio',
    target: { max: OURS_OVER_PASSTHROUGH_MAX, stretch: 0.3 },
    values: paired(label.ours('M'), label.passthrough('M')),
  },
  {
    id: 'policy linearity',
    description: '((T(L) - T(M0)) / 1000) / ((T(M) - T(M0)) / 100), ours, round by round',
    unit: 'ratio',
    target: { max: 1.25 },
    values: policyLinearity,
  },
  {
    id: 'XL/M ours',
    description: 'our time on XL (5x the items of M) / on M, round by round',
    unit: 'ratio',
    target: { max: 5.5 },
    values: paired(label.ours('XL'), label.ours('M')),
  },
  {
    id: 'empty ours/node -e 0',
    description: 'cold start: our bundle on an empty ResourceList / node -e 0, pair by pair',
    unit: 'ratio',
    target: { max: COLD_START_MAX },
    quickTarget: twice(COLD_START_MAX),
    values: paired(label.ours('empty'), label.nodeStart),
  },
  {
    id: 'M peak RSS ours',
    description: 'peak resident memory of our bundle on M',
    unit: 'MB',
    target: { max: 300 },
    values: peakRss(label.ours('M')),
  },
  {
    id: 'XL peak RSS ours',
    description: 'peak resident memory of our bundle on XL',
    unit: 'MB',
    target: { max: 1024 },
    values: peakRss(label.ours('XL')),
  },
  {
    id: 'kpt ours/cat',
    description: 'kpt fn eval on the M package: --exec ours / --exec cat, fresh copies, pair by pair',
    unit: 'ratio',
    target: { max: 1.1 },
    values: paired(label.ours('kpt'), label.kptCat),
  },
  {
    id: 'S ours/passthrough',
    description: 'S: our bundle / passthrough (quick mode: fails above twice the M target)',
    unit: 'ratio',
    quickTarget: twice(OURS_OVER_PASSTHROUGH_MAX),
    values: paired(label.ours('S'), label.passthrough('S')),
  },
  { id: 'M0 ours/passthrough', description: 'M0 (no policies): our bundle / passthrough', unit: 'ratio', values: paired(label.ours('M0'), label.passthrough('M0')) },
  { id: 'L ours/passthrough', description: 'L: our bundle / passthrough', unit: 'ratio', values: paired(label.ours('L'), label.passthrough('L')) },
  { id: 'XL ours/passthrough', description: 'XL: our bundle / passthrough', unit: 'ratio', values: paired(label.ours('XL'), label.passthrough('XL')) },
  { id: 'L/M ours', description: 'our time on L (10x the policies of M) / on M', unit: 'ratio', values: paired(label.ours('L'), label.ours('M')) },
];

export type Verdict = 'pass' | 'fail' | 'not measured' | 'context';

export interface FigureResult {
  id: string;
  description: string;
  unit: Figure['unit'];
  summary: Summary | null;
  target: Target | null;
  verdict: Verdict;
  stretchMet: boolean | null;
}

export function judgeFigures(samples: SamplesByLabel, quick: boolean): FigureResult[] {
  return FIGURES.map((figure) => {
    const values = figure.values(samples);
    const summary = values === null ? null : summarize(values);
    const target = (quick ? figure.quickTarget : figure.target) ?? null;
    return {
      id: figure.id,
      description: figure.description,
      unit: figure.unit,
      summary,
      target,
      verdict: verdictOf(summary, target),
      stretchMet: summary && target?.stretch !== undefined ? summary.median <= target.stretch : null,
    };
  }).filter((result) => result.summary !== null || result.target !== null);
}

function verdictOf(summary: Summary | null, target: Target | null): Verdict {
  if (target === null) return 'context';
  if (summary === null) return 'not measured';
  return summary.median <= target.max ? 'pass' : 'fail';
}
