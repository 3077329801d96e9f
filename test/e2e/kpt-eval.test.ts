/**
 * `kpt fn eval DIR --exec "node dist/egress-policy.cjs" -- key=value`: kpt turns the arguments
 * after `--` into a ConfigMap functionConfig, and the function must honour it. A second eval with
 * another value must move the generated objects, not leave the first ones behind.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { BUNDLE, EXAMPLES, copyPackage, describeRun, kpt, notCompared, readTree, requireBundle, tempDir } from './e2e-support.ts';

interface Manifest {
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
}

function generatedObjects(pkg: string): Manifest[] {
  const text = readFileSync(join(pkg, 'egress-gateway.egressgateway-a.yaml'), 'utf8');
  const objects = parseAllDocuments(text).map((doc) => doc.toJS() as Manifest);
  for (const object of objects) {
    assert.equal(object.metadata?.labels?.['app.kubernetes.io/managed-by'], 'egress-policy', `${object.kind} ${object.metadata?.name} is not labelled`);
  }
  return objects;
}

function evalWith(pkg: string, egressNamespace: string): void {
  const run = kpt(['fn', 'eval', pkg, '--exec', `node ${BUNDLE}`, '--', `egressNamespace=${egressNamespace}`]);
  assert.equal(run.status, 0, describeRun(run));
}

describe('kpt fn eval with a ConfigMap functionConfig from `-- key=value`', () => {
  before(requireBundle);

  it('egressNamespace=mesh-egress places ServiceEntries and VirtualServices there; a re-run moves them', () => {
    const tmp = tempDir('eval-config');
    try {
      const pkg = copyPackage(join(EXAMPLES, 'seed-http'), tmp.dir, 'seed-http');
      const kptfile = readFileSync(join(pkg, 'Kptfile'));

      evalWith(pkg, 'mesh-egress');
      const objects = generatedObjects(pkg);
      const routed = objects.filter((o) => o.kind === 'ServiceEntry' || o.kind === 'VirtualService');
      assert.ok(objects.some((o) => o.kind === 'ServiceEntry'), 'no ServiceEntry generated');
      assert.ok(objects.some((o) => o.kind === 'VirtualService'), 'no VirtualService generated');
      for (const o of routed) assert.equal(o.metadata?.namespace, 'mesh-egress', `${o.kind} ${o.metadata?.name}`);
      // The default egress namespace is gone entirely; the gateway's own objects stay with the gateway.
      assert.deepEqual(objects.filter((o) => o.metadata?.namespace === 'istio-egress'), []);
      assert.ok(objects.filter((o) => o.kind === 'Gateway').every((o) => o.metadata?.namespace === 'istio-system'));
      assert.ok(readFileSync(join(pkg, 'Kptfile')).equals(kptfile), 'kpt fn eval modified the Kptfile');

      evalWith(pkg, 'other-egress');
      const moved = generatedObjects(pkg);
      assert.deepEqual(moved.filter((o) => o.metadata?.namespace === 'mesh-egress'), [], 'objects of the previous config were not pruned');
      assert.equal(moved.length, objects.length);
      assert.deepEqual(
        moved.map((o) => `${o.kind}/${o.metadata?.name}`),
        objects.map((o) => `${o.kind}/${o.metadata?.name}`),
      );
      assert.deepEqual([...readTree(pkg, notCompared).keys()].sort(), ['Kptfile', 'egress-gateway.egressgateway-a.yaml', 'policy.yaml']);
    } finally {
      tmp.cleanup();
    }
  });
});
