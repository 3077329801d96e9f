/**
 * bench/results.json: one run's figures with everything needed to compare runs (machine,
 * versions, workload hashes), and the change of each figure against the previous run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { SamplesByLabel } from './interleave.ts';
import type { BundleSnapshot } from './bundle-snapshot.ts';
import type { Machine } from './machine.ts';
import type { BenchOptions } from './options.ts';
import type { FigureResult } from './ratios.ts';
import type { Summary } from './stats.ts';
import { summarize } from './stats.ts';
import type { WorkloadOnDisk } from './workload-files.ts';

export interface ResultsDocument {
  date: string;
  machine: Machine;
  /** The bundle measured, so a figure can be traced to a build. */
  bundle: { bytes: number; sha256: string };
  settings: { runs: number; coldRuns: number; kptRuns: number; measured: string[] };
  workloads: Record<string, { resources: number; policies: number; bytes: number; sha256: string }>;
  measurements: Record<string, { wallSeconds: Summary | null; peakRssMb: Summary | null }>;
  figures: Record<string, { median: number | null; min: number | null; max: number | null; n: number; unit: string; target: number | null; stretch: number | null; result: string }>;
  passed: boolean;
}

export function resultsDocument(input: {
  date: Date;
  machine: Machine;
  options: BenchOptions;
  bundle: BundleSnapshot;
  workloads: readonly WorkloadOnDisk[];
  samples: SamplesByLabel;
  figures: readonly FigureResult[];
}): ResultsDocument {
  const { options } = input;
  return {
    date: input.date.toISOString(),
    machine: input.machine,
    bundle: { bytes: input.bundle.bytes, sha256: input.bundle.sha256 },
    settings: { runs: options.runs, coldRuns: options.coldRuns, kptRuns: options.kptRuns, measured: [...options.only] },
    workloads: Object.fromEntries(input.workloads.map((w) => [w.name, { resources: w.resources, policies: w.policies, bytes: w.bytes, sha256: w.sha256 }])),
    measurements: Object.fromEntries([...input.samples].map(([name, runs]) => [name, {
      wallSeconds: summarize(runs.map((s) => s.wallSeconds)),
      peakRssMb: summarize(runs.flatMap((s) => (s.peakRssMb === null ? [] : [s.peakRssMb]))),
    }])),
    figures: Object.fromEntries(input.figures.map((f) => [f.id, {
      median: f.summary?.median ?? null,
      min: f.summary?.min ?? null,
      max: f.summary?.max ?? null,
      n: f.summary?.n ?? 0,
      unit: f.unit,
      target: f.target?.max ?? null,
      stretch: f.target?.stretch ?? null,
      result: f.verdict,
    }])),
    passed: input.figures.every((f) => f.verdict !== 'fail'),
  };
}

export function readPreviousResults(path: string): ResultsDocument | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ResultsDocument;
  } catch {
    return null;
  }
}

export function writeResults(path: string, document: ResultsDocument): void {
  writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
}

/** One line per figure present in both runs: previous median, this median, relative change. */
export function changesSincePrevious(previous: ResultsDocument, current: ResultsDocument): string[] {
  const lines: string[] = [];
  const [bundleBefore, bundleNow] = [previous.bundle?.sha256?.slice(0, 16) ?? 'unknown', current.bundle.sha256.slice(0, 16)];
  lines.push(bundleBefore === bundleNow ? `same bundle (sha256 ${bundleNow})` : `bundle sha256 ${bundleBefore} -> ${bundleNow}`);
  for (const [id, now] of Object.entries(current.figures)) {
    const before = previous.figures?.[id];
    if (before?.median == null || now.median === null) continue;
    const change = ((now.median - before.median) / before.median) * 100;
    const digits = now.unit === 'MB' ? 0 : 3;
    lines.push(`${id}: ${before.median.toFixed(digits)} -> ${now.median.toFixed(digits)} (${change >= 0 ? '+' : ''}${change.toFixed(1)}%)`);
  }
  const sameInput = Object.entries(current.workloads).every(([name, w]) => previous.workloads?.[name] === undefined || previous.workloads[name]?.sha256 === w.sha256);
  if (!sameInput) lines.push('note: some workloads differ from the previous run (sha256), so the figures compare different inputs');
  return lines;
}
