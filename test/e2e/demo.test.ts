/**
 * `npm run demo <example>` (README, first lines) feeds the example with its Kptfile's configMap,
 * so it shows what `kpt fn render` writes: the same generated objects as `.expected/`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { itemsOf } from '../support/resource-list.ts';

const root = join(__dirname, '..', '..');
const examples = readdirSync(join(root, 'examples'));

describe('npm run demo on every example', () => {
  for (const example of examples) {
    it(`${example}: the generated objects kpt fn render writes`, () => {
      const run = spawnSync(process.execPath, ['scripts/demo.mjs', join('examples', example)], { cwd: root, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const id = (o: any) => `${o.apiVersion} ${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`;
      const generated = (o: any) => o?.metadata?.labels?.['app.kubernetes.io/managed-by'] === 'egress-policy';
      const shown = itemsOf(run.stdout).filter(generated).map(id).sort();
      const expectedDir = join(root, 'examples', example, '.expected');
      const written = readdirSync(expectedDir).filter((f) => f.endsWith('.yaml'))
        .flatMap((f) => parseAllDocuments(readFileSync(join(expectedDir, f), 'utf8')).map((d) => d.toJS()).filter(generated).map(id)).sort();
      assert.ok(written.length > 0);
      assert.deepEqual(shown, written);
    });
  }
});
