import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { outlineBlock, outlineValue } from '../../../functions/egress-policy/krm/block-outline.ts';
import { readResourceList } from '../../../functions/egress-policy/krm/index.ts';
import { plainScalarValue } from '../../../functions/egress-policy/krm/plain-scalar.ts';
import { dataNeeded } from '../../../functions/egress-policy/package-facts.ts';
import { run } from '../../../functions/egress-policy/run.ts';
import { params } from '../property/support.ts';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
const CONFIG_MAP = '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: settings # why\n    namespace: shop\n  data:\n    mode: "0755"\n    script: |\n      echo hi\n';
const POLICY = [
  '- apiVersion: istio.alibabacloud.com/v1beta1',
  '  kind: ASMEgressTrafficPolicy',
  '  metadata:',
  '    name: egressgateway-a',
  '    namespace: istio-egress',
  '  spec:',
  '    byEgressGateway:',
  '      name: egressgateway-a',
  '    egressRules:',
  '    - name: http',
  '      from:',
  '      - namespace: shop',
  '      to:',
  '      - name: httpbin',
  '        hosts: [httpbin.org]',
  '        port: {number: 80, protocol: HTTP, name: http}',
  '        byEgressGateway: {port: 8080}',
  '',
].join('\n');

/** Reads `text` on both paths; returns the path the default reader took. */
function bothPaths(text: string): 'fast' | 'full' {
  const fast = readResourceList(text);
  const full = readResourceList(text, { reader: 'full' });
  if (fast.path === 'fast') assert.deepStrictEqual({ ...fast, path: '' }, { ...full, path: '' });
  const a = run(text);
  const b = run(text, { reader: 'full' });
  assert.deepStrictEqual(a, b);
  return fast.path;
}

describe('fast reader', () => {
  it('takes a ResourceList as kpt writes it, and reads the same model as the full path', () => {
    const text = `${HEAD}${CONFIG_MAP}${POLICY}functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: config}\n  data: {egressNamespace: istio-egress}\n`;
    assert.equal(bothPaths(text), 'fast');
    assert.equal(bothPaths(text.replace(/\n/g, '\r\n')), 'fast');
    assert.equal(bothPaths(`# a comment before\n${HEAD}# before the first item\n\n${CONFIG_MAP}  # inside, at the end\n# before the policy\n${POLICY}# trailing\n`), 'fast');
    assert.equal(bothPaths(`${HEAD}${CONFIG_MAP}  status: # a key without value\n# trailing, after a key without value\n`), 'fast');
    assert.equal(bothPaths(`${HEAD}${CONFIG_MAP}    # deep, at the very end\n`), 'fast');
    assert.equal(bothPaths(`${HEAD}-   # a comment after the dash\n  apiVersion: v1\n  kind: Namespace\n  metadata: {name: shop}\n`), 'fast');
  });

  it('takes an empty list (no yaml package needed) and reads what the full path reads', () => {
    const empty = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
    const config = 'functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n  data:\n    dataplane: nonsense\n';
    for (const text of [`${empty}items: []\n`, empty, `${empty}items: []\n${config}`, `${empty}${config}items: []\n`, 'kind: ResourceList\nitems: []\n']) {
      assert.equal(bothPaths(text), 'fast', text);
    }
    for (const text of [`${empty}items: [] # c\n`, `${empty}items: []\nresults: []\n`, `${empty}items: {}\n`, 'apiVersion: config.kubernetes.io/v1\nkind: List\nitems: []\n', `${empty}items: []\n\n`]) {
      assert.equal(bothPaths(text), 'full', text);
    }
  });

  it('falls back to the full path for what it cannot slice with certainty, with the same output', () => {
    const cases: Record<string, string> = {
      'an alias to an anchor in another item': `${HEAD}- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a, labels: &l {app: x}}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b, labels: *l}\n`,
      'an anchor and alias inside one item': `${HEAD}- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: &n a\n  data:\n    copy: *n\n`,
      'a tag': `${HEAD}- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data:\n    port: !!str 80\n`,
      'a local tag': `${HEAD}- !custom\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n`,
      'a directive': `%YAML 1.2\n---\n${HEAD}${CONFIG_MAP}`,
      'a document start marker': `---\n${HEAD}${CONFIG_MAP}`,
      'a multi-line plain scalar': `${HEAD}- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data:\n    text: one\n      two\n`,
      'a multi-line quoted scalar': `${HEAD}- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data:\n    text: "one\n      two"\n`,
      'a flow collection over lines': `${HEAD}- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a,\n    namespace: b}\n`,
      'a keep-chomped block scalar': `${HEAD}- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data:\n    text: |+\n      kept\n\n`,
      'a tab in indentation': `${HEAD}- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n  \tname: a\n`,
      'a duplicate key': `${HEAD}- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: {}\n  data: {}\n`,
      'a complex key': `${HEAD}- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data:\n    ? key\n    : value\n`,
      'inconsistent indentation': `${HEAD}- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n      name: a\n    namespace: b\n`,
      'an escape YAML does not have, in an item nobody reads': `${HEAD}- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data:\n    k: "bad \\q"\n`,
      'a broken flow collection, in an item nobody reads': `${HEAD}- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: {a: 1,, b}\n`,
      'a leading empty line longer than the block scalar\'s indentation': `${HEAD}- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data:\n    k: |\n          \n      text\n`,
      'flow-style items': `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}]\n`,
    };
    for (const [name, text] of Object.entries(cases)) assert.equal(bothPaths(text), 'full', name);
  });

  it('an alias to another item is still the full path\'s error, on either reader', () => {
    const text = `${HEAD}- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a, labels: &l {app: x}}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b, labels: *l}\n`;
    const out = run(text);
    assert.equal(out.exitCode, 2);
    assert.match(out.stderr, /anchor outside its own item/);
  });

  it('EGRESS_POLICY_READER=full is honoured: the full path reads even what the fast path takes', () => {
    assert.equal(readResourceList(`${HEAD}${CONFIG_MAP}`, { reader: 'full' }).path, 'full');
  });

  it('resolves only what the facts need for items that are neither policies nor Istio objects', () => {
    const deployment = '- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: web, namespace: shop}\n  spec:\n    replicas: 2\n    template:\n      metadata:\n        labels: {app: web}\n      spec:\n        serviceAccountName: web\n        containers:\n        - name: web\n          image: nginx\n';
    const service = '- apiVersion: v1\n  kind: Service\n  metadata: {name: web}\n  spec:\n    type: ClusterIP\n    selector: {app: web}\n    ports:\n    - {port: 80, targetPort: http}\n';
    const read = readResourceList(`${HEAD}${CONFIG_MAP}${deployment}${service}${POLICY}`, { needed: dataNeeded });
    assert.ok(read.ok && read.path === 'fast');
    const [configMap, workload, svc, policy] = read.value.items.map((item) => item.data);
    assert.deepEqual(configMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' } });
    assert.deepEqual(workload, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { template: { metadata: { labels: { app: 'web' } }, spec: { serviceAccountName: 'web' } } } });
    assert.deepEqual(svc, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] } });
    assert.deepEqual(policy, (parse(`items:\n${POLICY}`) as { items: unknown[] }).items[0]);
  });

  it('reads literal block scalars itself; an item whose needed scalar is folded is composed by yaml, the rest stays on the fast path', () => {
    const text = `${HEAD}- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: shop\n    annotations:\n      literal: |\n        two\n\n          lines\n      stripped: |-\n        no break\n      folded: >\n        one\n        line\n${CONFIG_MAP}`;
    const read = readResourceList(text, { needed: dataNeeded });
    assert.ok(read.ok && read.path === 'fast');
    assert.deepEqual((read.value.items[0]?.data as { metadata: unknown }).metadata, { name: 'shop', annotations: { literal: 'two\n\n  lines\n', stripped: 'no break', folded: 'one line\n' } });
    assert.equal(bothPaths(text), 'fast');
  });
});

describe('outline scalars resolve as the yaml package does', () => {
  const plainish = fc.stringMatching(/^[-+.0-9a-fA-FxoeEinfINFNaTtrulsFLU~_: ]{1,12}$/);
  it('plain scalars: null, booleans, integers (decimal, 0o, 0x), floats, .inf, .nan, strings', () => {
    fc.assert(
      fc.property(plainish, (text) => {
        const line = `- k: ${text}\n`;
        const node = outlineBlock(line, 2, 2, line.length);
        if (node === undefined) return;
        let expected: unknown;
        try {
          expected = parse(`k: ${text}\n`);
        } catch {
          assert.fail(`the outline took '${text}', which yaml refuses`);
        }
        assert.deepStrictEqual(outlineValue(line, node), expected, text);
      }),
      params(),
    );
  });

  it('quoted and flow scalars', () => {
    for (const value of [`'it''s'`, `"tab\\there"`, `"\\u00e9t\\u00e9"`, `""`, `''`, `{}`, `[]`, `{a: 1, b: [x, "y"]}`, `"#not a comment"`, `'a: b'`, `plain # comment`, `a#b`]) {
      const line = `- k: ${value}\n`;
      const node = outlineBlock(line, 2, 2, line.length);
      assert.ok(node !== undefined, value);
      assert.deepStrictEqual(outlineValue(line, node), parse(`k: ${value}\n`), value);
    }
  });
});
