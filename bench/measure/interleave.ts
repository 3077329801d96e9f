/**
 * Runs commands in turn (A B A B …) after one untimed warm-up each, so that slow drift of a
 * shared machine hits every command alike, and ratios can be taken round by round.
 */
import { readFileSync } from 'node:fs';
import type { Invocation, ProcessTimer, Sample } from './timed-process.ts';

export interface Subject {
  /** Names the subject in progress lines, results and errors, e.g. `M/ours`. */
  label: string;
  /** A fresh invocation per run: a subject may prepare its input each time (a package copy). */
  prepare(): Invocation;
  /** Called after every run, to remove what `prepare` made. */
  cleanUp?(): void;
  /** Where the warm-up run's stderr goes, so a failure can be shown. */
  warmUpStderrFile?: string;
  /** Checks the warm-up run's output and throws if the run is not a valid measurement. */
  checkWarmUp?(): void;
}

/** Samples per subject label, one per round, in round order. */
export type SamplesByLabel = Map<string, Sample[]>;

export function measureInTurn(subjects: readonly Subject[], rounds: number, timer: ProcessTimer, progress: (line: string) => void): SamplesByLabel {
  for (const subject of subjects) {
    const warmUp = runOnce(subject, timer, subject.warmUpStderrFile);
    subject.checkWarmUp?.();
    progress(`warm-up ${subject.label}: ${warmUp.wallSeconds.toFixed(2)} s`);
  }
  const samples: SamplesByLabel = new Map(subjects.map((subject) => [subject.label, []]));
  for (let round = 1; round <= rounds; round++) {
    const line: string[] = [];
    for (const subject of subjects) {
      const sample = runOnce(subject, timer);
      samples.get(subject.label)?.push(sample);
      line.push(`${subject.label} ${sample.wallSeconds.toFixed(3)} s`);
    }
    progress(`round ${round}/${rounds}: ${line.join(', ')}`);
  }
  return samples;
}

function runOnce(subject: Subject, timer: ProcessTimer, stderrFile?: string): Sample {
  const invocation = subject.prepare();
  try {
    const sample = timer.run(stderrFile === undefined ? invocation : { ...invocation, stderrFile });
    if (sample.exitCode !== 0) {
      const stderr = stderrFile === undefined ? '' : `:\n${readFileSync(stderrFile, 'utf8').slice(0, 2000)}`;
      throw new Error(`${subject.label} exited with ${sample.exitCode}: ${invocation.command} ${invocation.args.join(' ')}${stderr}`);
    }
    return sample;
  } finally {
    subject.cleanUp?.();
  }
}
