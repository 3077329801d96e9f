/**
 * `npm run bench`: our bundle against its floors, interleaved on identical inputs, judged
 * against the performance targets of docs/performance.md. `--quick` is the CI variant.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Subject, SamplesByLabel } from './measure/interleave.ts';
import type { BundleSnapshot } from './measure/bundle-snapshot.ts';
import { snapshotBundle } from './measure/bundle-snapshot.ts';
import { measureInTurn } from './measure/interleave.ts';
import { kptSubjects, normalizeWithKpt } from './measure/kpt-subjects.ts';
import { label } from './measure/labels.ts';
import { describeMachine, kptVersion } from './measure/machine.ts';
import type { BenchOptions, TimedWorkload } from './measure/options.ts';
import { TIMED_WORKLOADS, USAGE, parseBenchOptions } from './measure/options.ts';
import { judgeFigures } from './measure/ratios.ts';
import { figureTable, measurementTable } from './measure/report-table.ts';
import { changesSincePrevious, readPreviousResults, resultsDocument, writeResults } from './measure/results-file.ts';
import type { ProcessTimer } from './measure/timed-process.ts';
import { processTimer } from './measure/timed-process.ts';
import type { WorkloadOnDisk } from './measure/workload-files.ts';
import { writePackage, writeResourceList } from './measure/workload-files.ts';

const REPO = resolve(__dirname, '..');
const BUNDLE = join(REPO, 'dist', 'egress-policy.cjs');
const PASSTHROUGH = join(REPO, 'bench', 'passthrough.mjs');
const RESULTS = join(REPO, 'bench', 'results.json');

const progress = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};

function main(argv: readonly string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const options = parseBenchOptions(argv);
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing; run npm run build (npm run bench builds first)`);
  const scratch = mkdtempSync(join(tmpdir(), 'egress-bench-'));
  try {
    return benchmark(options, scratch);
  } finally {
    if (options.keepTemp) progress(`workloads kept in ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

function benchmark(options: BenchOptions, scratch: string): number {
  const timer = processTimer(scratch);
  const bundle = snapshotBundle(BUNDLE, scratch);
  progress(`bundle under test: dist/egress-policy.cjs, ${bundle.bytes} bytes, sha256 ${bundle.sha256.slice(0, 16)} (copied, so a rebuild during the run changes nothing)`);
  if (!timer.measuresRss) progress('no GNU time at /usr/bin/time: peak RSS is not measured');
  if (options.quick) progress('quick mode: S and the empty list; fails only on a gross regression (twice a target)');
  const date = new Date();
  const workloads: WorkloadOnDisk[] = [];
  const samples: SamplesByLabel = new Map();
  const addSamples = (more: SamplesByLabel): void => more.forEach((runs, name) => samples.set(name, runs));

  const timed = TIMED_WORKLOADS.filter((w) => options.only.has(w));
  if (timed.length > 0) addSamples(measureWorkloads(timed, options, scratch, timer, bundle, workloads));
  if (options.only.has('empty')) addSamples(measureColdStart(options, scratch, timer, bundle, workloads));
  let kptMeasured = false;
  if (options.only.has('kpt')) {
    if (kptVersion() === null) progress('kpt is not on PATH: the kpt figure is not measured');
    else {
      addSamples(measureKpt(options, scratch, timer, bundle, workloads));
      kptMeasured = true;
    }
  }

  const figures = judgeFigures(samples, options.quick);
  process.stdout.write(`\n${measurementTable(samples)}\n\n${figureTable(figures)}\n`);
  const failed = figures.filter((f) => f.verdict === 'fail');
  if (!options.quick) report(options, date, kptMeasured, bundle, workloads, samples, figures);
  if (failed.length > 0) process.stdout.write(`\nFAIL: ${failed.map((f) => f.id).join(', ')}\n`);
  else process.stdout.write('\nall judged figures pass\n');
  return failed.length > 0 ? 1 : 0;
}

function report(options: BenchOptions, date: Date, kptMeasured: boolean, bundle: BundleSnapshot, workloads: WorkloadOnDisk[], samples: SamplesByLabel, figures: ReturnType<typeof judgeFigures>): void {
  const document = resultsDocument({ date, machine: describeMachine(kptMeasured), options, bundle, workloads, samples, figures });
  const { machine } = document;
  process.stdout.write(`\n${document.date}, ${machine.cores} x ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}, node ${machine.node}, yaml ${machine.yaml}${machine.kpt ? `, kpt ${machine.kpt}` : ''}\n`);
  const previous = readPreviousResults(RESULTS);
  if (previous !== null) {
    process.stdout.write(`\nchange against bench/results.json of ${previous.date}:\n`);
    for (const line of changesSincePrevious(previous, document)) process.stdout.write(`  ${line}\n`);
  }
  if (options.writeResults) {
    writeResults(RESULTS, document);
    process.stdout.write('\nwrote bench/results.json\n');
  }
}

/** Ours and the passthrough on each workload, in rounds over all of them. */
function measureWorkloads(names: readonly TimedWorkload[], options: BenchOptions, scratch: string, timer: ProcessTimer, bundle: BundleSnapshot, workloads: WorkloadOnDisk[]): SamplesByLabel {
  const files = names.map((name) => announce(writeResourceList(scratch, name)));
  workloads.push(...files);
  const subjects = files.flatMap((file) => [oursOn(bundle, file, scratch), passthroughOn(file)]);
  return measureInTurn(subjects, options.runs, timer, progress);
}

function measureColdStart(options: BenchOptions, scratch: string, timer: ProcessTimer, bundle: BundleSnapshot, workloads: WorkloadOnDisk[]): SamplesByLabel {
  const empty = announce(writeResourceList(scratch, 'empty'));
  workloads.push(empty);
  return measureInTurn([oursOn(bundle, empty, scratch), nodeStart()], options.coldRuns, timer, progress);
}

function measureKpt(options: BenchOptions, scratch: string, timer: ProcessTimer, bundle: BundleSnapshot, workloads: WorkloadOnDisk[]): SamplesByLabel {
  const template = announce(writePackage(scratch, 'M'));
  workloads.push(template);
  progress('kpt: normalizing the template package once (untimed)');
  normalizeWithKpt(template.path);
  return measureInTurn(kptSubjects(template.path, scratch, bundle.path), options.kptRuns, timer, progress);
}

function announce(workload: WorkloadOnDisk): WorkloadOnDisk {
  progress(`workload ${workload.name}: ${workload.resources} resources + ${workload.policies} policies, ${workload.bytes} bytes, sha256 ${workload.sha256.slice(0, 16)}`);
  return workload;
}

function oursOn(bundle: BundleSnapshot, workload: WorkloadOnDisk, scratch: string): Subject {
  const name = workload.name as TimedWorkload | 'empty';
  const stderrFile = join(scratch, `ours-${name}.stderr.txt`);
  return {
    label: label.ours(name),
    prepare: () => ({ command: process.execPath, args: [bundle.path], stdinFile: workload.path }),
    warmUpStderrFile: stderrFile,
    checkWarmUp() {
      const lines = readFileSync(stderrFile, 'utf8').split('\n');
      const errors = lines.filter((line) => /\berror\b/i.test(line));
      if (errors.length > 0) throw new Error(`our bundle reports errors on ${name}, so the workload is not valid input:\n${errors.slice(0, 5).join('\n')}`);
      const warnings = lines.filter((line) => /\bwarning\b/i.test(line)).length;
      if (warnings > 0) progress(`note: our bundle gives ${warnings} warning(s) on ${name} (see ${stderrFile} with --keep)`);
    },
  };
}

function passthroughOn(workload: WorkloadOnDisk): Subject {
  return {
    label: label.passthrough(workload.name as TimedWorkload),
    prepare: () => ({ command: process.execPath, args: [PASSTHROUGH], stdinFile: workload.path }),
  };
}

function nodeStart(): Subject {
  return { label: label.nodeStart, prepare: () => ({ command: process.execPath, args: ['-e', '0'] }) };
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exitCode = 2;
}
