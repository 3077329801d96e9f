/**
 * `npm run demo <example>` (README, first lines) feeds the example with its Kptfile's configMap,
 * so it shows what `kpt fn render` writes: the same generated objects as the new files of
 * `.expected/diff.patch`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { itemsOf } from '../support/resource-list.ts';
import { examplePackages } from './e2e-support.ts';

const root = join(__dirname, '..', '..');
const examples = examplePackages();

/** The text of every file the patch creates. */
function newFilesOf(patch: string): string[] {
  return patch.split(/^diff --git /m).filter((section) => /^new file mode /m.test(section)).map((section) =>
    section.split('\n').filter((line) => line.startsWith('+') && !line.startsWith('+++')).map((line) => line.slice(1)).join('\n'));
}

describe('npm run demo on every example', () => {
  for (const example of examples) {
    it(`${example}: the generated objects kpt fn render writes`, () => {
      const run = spawnSync(process.execPath, ['scripts/demo.mjs', join('examples', example)], { cwd: root, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const id = (o: any) => `${o.apiVersion} ${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`;
      const generated = (o: any) => o?.metadata?.labels?.['app.kubernetes.io/managed-by'] === 'egress-policy';
      const shown = itemsOf(run.stdout).filter(generated).map(id).sort();
      const patch = readFileSync(join(root, 'examples', example, '.expected', 'diff.patch'), 'utf8');
      const written = newFilesOf(patch).flatMap((text) => parseAllDocuments(text).map((d) => d.toJS()).filter(generated).map(id)).sort();
      assert.ok(written.length > 0);
      assert.deepEqual(shown, written);
    });
  }
});
