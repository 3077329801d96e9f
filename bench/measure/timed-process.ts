/**
 * Runs one whole process (start-up included) and measures it: wall time from the parent's
 * monotonic clock, peak RSS from GNU time's `%M` when /usr/bin/time is there. Output goes
 * to /dev/null; only the exit code is kept.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface Invocation {
  command: string;
  args: readonly string[];
  /** File fed on stdin; /dev/null when absent. */
  stdinFile?: string;
  /** File that receives stderr; /dev/null when absent. */
  stderrFile?: string;
  cwd?: string;
}

export interface Sample {
  wallSeconds: number;
  /** Peak resident set in MB (2^20 bytes), or null without GNU time. */
  peakRssMb: number | null;
  exitCode: number;
}

const GNU_TIME = '/usr/bin/time';

export interface ProcessTimer {
  /** Whether peak RSS is measured. */
  measuresRss: boolean;
  run(invocation: Invocation): Sample;
}

/** A timer whose scratch file lives in `scratchDir`. */
export function processTimer(scratchDir: string): ProcessTimer {
  const rssFile = join(scratchDir, 'peak-rss.txt');
  const measuresRss = hasGnuTime(rssFile);
  return {
    measuresRss,
    run(invocation) {
      const [command, args] = measuresRss
        ? [GNU_TIME, ['-f', '%M', '-o', rssFile, invocation.command, ...invocation.args]]
        : [invocation.command, [...invocation.args]];
      const stdin = invocation.stdinFile === undefined ? 'ignore' : openSync(invocation.stdinFile, 'r');
      const stderr = invocation.stderrFile === undefined ? 'ignore' : openSync(invocation.stderrFile, 'w');
      try {
        const started = process.hrtime.bigint();
        const result = spawnSync(command, args, { stdio: [stdin, 'ignore', stderr], cwd: invocation.cwd });
        const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (result.error) throw result.error;
        return { wallSeconds, peakRssMb: measuresRss ? readPeakRssMb(rssFile) : null, exitCode: result.status ?? 128 };
      } finally {
        if (typeof stdin === 'number') closeSync(stdin);
        if (typeof stderr === 'number') closeSync(stderr);
      }
    },
  };
}

function hasGnuTime(rssFile: string): boolean {
  if (!existsSync(GNU_TIME)) return false;
  rmSync(rssFile, { force: true });
  const probe = spawnSync(GNU_TIME, ['-f', '%M', '-o', rssFile, process.execPath, '-e', '0'], { stdio: 'ignore' });
  return probe.status === 0 && existsSync(rssFile) && readPeakRssMb(rssFile) !== null;
}

/** GNU time writes `%M` (KiB) on the last line; a failed command adds a line before it. */
function readPeakRssMb(rssFile: string): number | null {
  const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
  const kib = Number(lines[lines.length - 1]);
  return Number.isFinite(kib) && kib > 0 ? kib / 1024 : null;
}
