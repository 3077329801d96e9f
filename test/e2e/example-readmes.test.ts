/**
 * "Following each example's README as written, a new user gets the documented output": every
 * directory under examples/ with a README.md and a .expected/ has a first ```sh block, run here
 * as written with bash (set -euo pipefail) from the root of a fresh git checkout holding that
 * example, with `npm ci && npm run build` done (bin/, node_modules/) and nothing of ours on PATH
 * beyond what the block exports. Its stdout must be the README's promised file:
 * `.expected/diff.patch` for kpt packages, `.expected/output.yaml` for the others; a
 * `--results-dir D` in the block must leave `D/results.yaml` equal to `.expected/results.yaml`
 * (D inside the checkout, so runs never share it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { delimiter, join, relative, sep } from 'node:path';
import { before, describe, it } from 'node:test';
import { BIN_DIR, EXAMPLES, REPO, commitAll, describeRun, requireBundle, tempDir } from './e2e-support.ts';

function documentedExamples(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry.startsWith('.') || !statSync(path).isDirectory()) continue;
    if (existsSync(join(path, 'README.md')) && existsSync(join(path, '.expected'))) found.push(path);
    found.push(...documentedExamples(path));
  }
  return found.sort();
}

function firstShellBlock(readme: string): string | undefined {
  return /^```sh\n([\s\S]*?)^```$/m.exec(readme)?.[1];
}

/** The user's PATH before they export anything: without this checkout's bin/. */
const userPath = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== BIN_DIR).join(delimiter);

describe('example READMEs, run as written', () => {
  before(requireBundle);
  const examples = documentedExamples(EXAMPLES);

  it('finds the documented examples (kpt, kustomize, Argo CD)', () => {
    const names = examples.map((dir) => relative(EXAMPLES, dir).split(sep).join('/'));
    for (const name of ['seed-http', 'kustomize-function', 'kustomize-legacy-plugin', 'argocd/apps/shop-egress', 'argocd/apps/shop-egress-kustomize']) assert.ok(names.includes(name), `${name} has no README with .expected/`);
  });

  for (const dir of examples) {
    const name = relative(REPO, dir).split(sep).join('/');
    it(`${name}/README.md`, () => {
      const block = firstShellBlock(readFileSync(join(dir, 'README.md'), 'utf8'));
      assert.ok(block, `${name}/README.md has no \`\`\`sh block`);
      const expectedFile = ['diff.patch', 'output.yaml'].map((f) => join(dir, '.expected', f)).find(existsSync);
      assert.ok(expectedFile, `${name}/.expected/ has neither diff.patch nor output.yaml`);

      const tmp = tempDir('readme');
      const resultsDir = /--results-dir (\S+)/.exec(block)?.[1];
      try {
        const checkout = join(tmp.dir, 'egress-policy');
        mkdirSync(checkout);
        cpSync(dir, join(checkout, name), { recursive: true });
        symlinkSync(BIN_DIR, join(checkout, 'bin'));
        symlinkSync(join(REPO, 'node_modules'), join(checkout, 'node_modules'));
        cpSync(join(REPO, 'package.json'), join(checkout, 'package.json'));
        commitAll(checkout, 'clone');

        const env: Record<string, string | undefined> = { ...process.env, PATH: userPath };
        for (const key of Object.keys(env)) if (/^(ARGOCD_|PARAM_|KUSTOMIZE_|EGRESS_POLICY_)/.test(key)) delete env[key];
        const result = spawnSync('bash', ['-euo', 'pipefail', '-c', block], { cwd: checkout, env, encoding: 'utf8', timeout: 60_000 });
        if (result.error) throw result.error;
        const run = { status: result.status, stdout: result.stdout, stderr: result.stderr };
        assert.equal(run.status, 0, describeRun(run));
        assert.equal(run.stdout.trimEnd(), readFileSync(expectedFile, 'utf8').trimEnd(), `${name}: the README's command does not print ${relative(dir, expectedFile)}`);
        if (resultsDir) {
          assert.ok(!resultsDir.startsWith('/'), `${name}: --results-dir ${resultsDir} lies outside the checkout; tests running at once would share it`);
          assert.equal(readFileSync(join(checkout, resultsDir, 'results.yaml'), 'utf8').trimEnd(), readFileSync(join(dir, '.expected', 'results.yaml'), 'utf8').trimEnd(), `${name}: results`);
        }
      } finally {
        tmp.cleanup();
      }
    });
  }
});
