/**
 * `kpt fn eval DIR --exec …` on the M package, with our bundle and with `cat` as the function.
 * kpt writes the function's output back into the package, so every run, timed or not, gets a
 * fresh copy of a template, and the copying is not timed.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Subject } from './interleave.ts';
import { label } from './labels.ts';

/**
 * kpt's first eval of generated files rewrites them into kyaml's layout (one space before a
 * trailing comment, `>` scalars as quoted strings). Doing that once on the template keeps it
 * out of every timed run.
 */
export function normalizeWithKpt(packageDir: string): void {
  const result = spawnSync('kpt', ['fn', 'eval', packageDir, '--exec', 'cat'], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`kpt fn eval ${packageDir} --exec cat failed (${result.status}):\n${result.stderr}`);
}

export function kptSubjects(templateDir: string, scratchDir: string, bundlePath: string): Subject[] {
  const ours = `${process.execPath} ${bundlePath}`;
  if (/\s/.test(bundlePath) || /\s/.test(process.execPath)) throw new Error('kpt splits --exec on spaces; run the bench from a path without spaces');
  return [evalSubject(label.ours('kpt'), ours, templateDir, scratchDir), evalSubject(label.kptCat, 'cat', templateDir, scratchDir)];
}

function evalSubject(name: string, exec: string, templateDir: string, scratchDir: string): Subject {
  const copy = join(scratchDir, `kpt-run-${name.replace(/\W+/g, '-')}`);
  const stderrFile = join(scratchDir, `kpt-warm-up-${name.replace(/\W+/g, '-')}.txt`);
  return {
    label: name,
    prepare() {
      rmSync(copy, { recursive: true, force: true });
      cpSync(templateDir, copy, { recursive: true });
      return { command: 'kpt', args: ['fn', 'eval', copy, '--exec', exec] };
    },
    cleanUp: () => rmSync(copy, { recursive: true, force: true }),
    warmUpStderrFile: stderrFile,
    checkWarmUp() {
      const stderr = readFileSync(stderrFile, 'utf8');
      if (!/\[PASS\]/.test(stderr)) throw new Error(`${name}: kpt did not report [PASS] in the warm-up:\n${stderr}`);
    },
  };
}
