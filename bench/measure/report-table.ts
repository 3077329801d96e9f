/** Plain-text tables for the terminal (and CI logs): no colours, fixed-width columns. */
import type { SamplesByLabel } from './interleave.ts';
import type { FigureResult } from './ratios.ts';
import type { Summary } from './stats.ts';
import { summarize } from './stats.ts';

export function measurementTable(samples: SamplesByLabel): string {
  const rows = [...samples].map(([name, runs]) => {
    const time = summarize(runs.map((s) => s.wallSeconds));
    const rss = summarize(runs.flatMap((s) => (s.peakRssMb === null ? [] : [s.peakRssMb])));
    return [name, spread(time, 3), rss === null ? '-' : spread(rss, 0), String(runs.length)];
  });
  return table(['measurement', 'wall s, median (min-max)', 'peak RSS MB, median (min-max)', 'n'], rows);
}

export function figureTable(results: readonly FigureResult[]): string {
  const rows = results.map((result) => {
    const digits = result.unit === 'MB' ? 0 : 3;
    const unit = result.unit === 'MB' ? ' MB' : '';
    const target = result.target === null ? '-' : `<= ${result.target.max}${unit}${result.target.stretch === undefined ? '' : ` (stretch <= ${result.target.stretch})`}`;
    const stretch = result.stretchMet === true ? ', stretch met' : '';
    return [result.id, spread(result.summary, digits), target, `${result.verdict.toUpperCase()}${stretch}`];
  });
  return table(['figure', 'median (min-max)', 'target', 'result'], rows);
}

export function spread(summary: Summary | null, digits: number): string {
  if (summary === null) return '-';
  const f = (x: number): string => x.toFixed(digits);
  return summary.n === 1 ? f(summary.median) : `${f(summary.median)} (${f(summary.min)}-${f(summary.max)})`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
