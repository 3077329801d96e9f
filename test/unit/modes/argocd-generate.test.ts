import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { generateManifests } from '../../../functions/egress-policy/argocd/generate.ts';
import { discoverApp } from '../../../functions/egress-policy/argocd/discover.ts';

const POLICY = `apiVersion: istio.alibabacloud.com/v1beta1
kind: ASMEgressTrafficPolicy
metadata: {name: p, namespace: istio-egress}
spec:
  byEgressGateway: {name: gw}
  egressRules:
  - from: [{namespace: shop}]
    to: [{name: api, hosts: [api.example.com], port: {number: 443, protocol: HTTPS}, byEgressGateway: {port: 8443}}]
`;
const typedConfig = (name: string, egressNamespace: string): string =>
  `apiVersion: fn.egress-policy.dev/v1alpha1\nkind: EgressPolicyConfig\nmetadata: {name: ${name}}\nspec: {egressNamespace: ${egressNamespace}}\n`;

const objects = (stdout: string): Array<{ kind: string; metadata: { namespace?: string } }> => parseAllDocuments(stdout).map((d) => d.toJS());
const serviceEntryNamespaces = (stdout: string): string[] => [...new Set(objects(stdout).filter((o) => o.kind === 'ServiceEntry').map((o) => o.metadata.namespace as string))];

describe('Argo CD generate (in-process)', () => {
  it('reads the functionConfig a Kptfile names with configPath, and does not apply it', () => {
    const kptfile = 'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata: {name: app, annotations: {config.kubernetes.io/local-config: "true"}}\npipeline:\n  mutators:\n  - image: ghcr.io/egress-policy/egress-policy:v0.1.0\n    configPath: fn-config.yaml\n';
    const out = generateManifests([{ path: 'Kptfile', text: kptfile }, { path: 'fn-config.yaml', text: typedConfig('fn', 'from-kptfile') }, { path: 'policy.yaml', text: POLICY }], {});
    assert.equal(out.exitCode, 0, out.stderr);
    assert.deepEqual(serviceEntryNamespaces(out.stdout), ['from-kptfile']);
    assert.ok(!objects(out.stdout).some((o) => ['Kptfile', 'EgressPolicyConfig', 'ASMEgressTrafficPolicy'].includes(o.kind)));
  });

  it('uses a lone EgressPolicyConfig, and refuses two', () => {
    const one = generateManifests([{ path: 'fn.yaml', text: typedConfig('a', 'from-typed') }, { path: 'policy.yaml', text: POLICY }], {});
    assert.deepEqual(serviceEntryNamespaces(one.stdout), ['from-typed']);
    const two = generateManifests([{ path: 'a.yaml', text: typedConfig('a', 'x') }, { path: 'b.yaml', text: typedConfig('b', 'y') }, { path: 'policy.yaml', text: POLICY }], {});
    assert.equal(two.exitCode, 3);
    assert.equal(two.stdout, '');
    assert.match(two.stderr, /found 2 EgressPolicyConfig objects \(a\.yaml, b\.yaml\)/);
  });

  it('names the file and line of malformed YAML and of a document that is not an object', () => {
    const malformed = generateManifests([{ path: 'bad.yaml', text: 'a: [1\n' }], {});
    assert.equal(malformed.exitCode, 2);
    assert.match(malformed.stderr, /^egress-policy: bad\.yaml:\d+:\d+: /);
    const notObject = generateManifests([{ path: 'values.yaml', text: 'replicas: 2\n' }], {});
    assert.equal(notObject.exitCode, 2);
    assert.match(notObject.stderr, /values\.yaml: document 1 is not a Kubernetes object/);
  });

  it('refuses to print nothing when every object is local config', () => {
    const out = generateManifests([{ path: 'cm.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, annotations: {config.kubernetes.io/local-config: "true"}}\n' }], {});
    assert.notEqual(out.exitCode, 0);
    assert.equal(out.stdout, '');
  });

  it('discover matches a kind line, not a comment or a nested field', () => {
    assert.equal(discoverApp([{ path: 'a.yaml', text: '# kind: ASMEgressTrafficPolicy\nspec:\n  kind: EgressPolicyConfig\n' }]), undefined);
    assert.equal(discoverApp([{ path: 'a.yaml', text: 'x: 1\n' }, { path: 'b.yaml', text: "---\nkind: 'ASMEgressTrafficPolicy' # ours\n" }]), 'b.yaml');
  });
});

describe('Argo CD generate: settings errors', () => {
  it('carry the INVALID_FUNCTION_CONFIG code like every other config error, exit 3, nothing on stdout', () => {
    const out = generateManifests([{ path: 'policy.yaml', text: POLICY }], { ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'foo', string: 'x' }]) });
    assert.equal(out.exitCode, 3);
    assert.equal(out.stdout, '');
    assert.match(out.stderr, /^egress-policy: error INVALID_FUNCTION_CONFIG: parameter foo: unknown; known parameters: /);
  });
});
