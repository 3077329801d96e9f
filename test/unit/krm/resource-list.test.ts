import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readResourceList } from '../../../functions/egress-policy/krm/index.ts';
import { run } from '../../../functions/egress-policy/run.ts';
import { yaml } from '../../support/dedent.ts';

describe('readResourceList', () => {
  it('keeps each item as its exact source text, head comments and blank lines included', () => {
    const source = yaml`
      apiVersion: config.kubernetes.io/v1
      kind: ResourceList
      items:
        # wide sequence, comment before the first item
        - apiVersion: v1   # odd spacing
          kind: ConfigMap
          metadata: {name: a}

        # comment between items
        -   # comment after the dash
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: b
      functionConfig: {}
    `;
    const read = readResourceList(source);
    assert.ok(read.ok);
    const { head, items, tail } = read.value;
    assert.equal(items.length, 2);
    assert.equal(head + items.map((i) => i.text).join('') + tail, source);
    assert.equal(read.value.itemIndent, 2);
    assert.match(items[1]?.text ?? '', /^\n  # comment between items\n  -   # comment after the dash\n/);
  });

  it('reports malformed YAML with line and column', () => {
    const read = readResourceList('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- a: 1\n   b: 2\n');
    assert.equal(read.ok, false);
    if (!read.ok) {
      assert.equal(read.error.line, 4);
      assert.ok(read.error.column !== undefined);
    }
  });

  it('rejects what is not a ResourceList, saying what it found', () => {
    for (const [source, pattern] of [
      ['', /empty/],
      ['   \n', /empty/],
      ['apiVersion: v1\nkind: List\nitems: []\n', /found kind: List/],
      ['- a\n- b\n', /ResourceList/],
      ['kind: ResourceList\n---\nkind: ResourceList\n', /one YAML document/],
      ['{"kind": "ResourceList", "items": []}', /JSON and flow style/],
      ['apiVersion: config.kubernetes.io/v2\nkind: ResourceList\nitems: []\n', /not supported/],
      ['apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {a: 1}\n', /must be a list/],
    ] as const) {
      const read = readResourceList(source);
      assert.equal(read.ok, false, source);
      if (!read.ok) assert.match(read.error.message, pattern, source);
    }
  });
});

describe('run: what reaches the user', () => {
  it('echoes an empty list byte for byte', () => {
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n';
    assert.deepEqual(run(input), { stdout: input, stderr: '', exitCode: 0 });
  });

  it('starts a block when it adds items to a list that had none', () => {
    const input = yaml`
      apiVersion: config.kubernetes.io/v1
      kind: ResourceList
      items: []
      functionConfig: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}, data: {}}
    `;
    assert.equal(run(input).stdout, input);
  });

  it('keeps CRLF line endings, in untouched items and in what it writes', () => {
    const input = yaml`
      apiVersion: config.kubernetes.io/v1
      kind: ResourceList
      items:
      - apiVersion: v1
        kind: Namespace
        metadata: {name: mytest}
      - apiVersion: istio.alibabacloud.com/v1beta1
        kind: ASMEgressTrafficPolicy
        metadata: {name: p, namespace: istio-egress}
        spec:
          byEgressGateway: {name: gw}
          egressRules:
          - from: [{namespace: mytest}]
            to: [{name: web, hosts: [example.com], port: {number: 80, protocol: HTTP}}]
    `.replace(/\n/g, '\r\n');
    const output = run(input);
    assert.equal(output.exitCode, 0, output.stderr);
    assert.equal(output.stdout.replace(/\r\n/g, '').includes('\n'), false, 'a bare LF was written');
    assert.ok(output.stdout.startsWith(input.slice(0, input.indexOf('- apiVersion: istio'))));
  });

  it('writes input errors to stderr only, with a position, and nothing to stdout', () => {
    const output = run('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- "unterminated\n');
    assert.equal(output.exitCode, 2);
    assert.equal(output.stdout, '');
    assert.match(output.stderr, /^egress-policy: stdin:\d+:\d+: malformed YAML: .+\n$/);
  });

  it('keeps comments written above an item when the item before it is pruned', () => {
    const input = yaml`
      apiVersion: config.kubernetes.io/v1
      kind: ResourceList
      items:
      - apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: stale
          labels: {app.kubernetes.io/managed-by: egress-policy}
          annotations: {egress-policy.dev/source-policies: istio-egress/removed}
        spec:
          hosts: [old.example.com]
          # the stale item's own comment

      # about the ConfigMap below
      - apiVersion: v1
        kind: ConfigMap
        metadata: {name: kept}
      # a comment above the results
      results:
      - {message: from an earlier run, severity: info}
    `;
    const output = run(input);
    assert.equal(output.exitCode, 0, output.stderr);
    assert.equal(output.stdout, yaml`
      apiVersion: config.kubernetes.io/v1
      kind: ResourceList
      items:

      # about the ConfigMap below
      - apiVersion: v1
        kind: ConfigMap
        metadata: {name: kept}
      # a comment above the results
    `);
  });

  it('edits a CRLF policy without stray carriage returns, keeping its comments', () => {
    const input = yaml`
      apiVersion: config.kubernetes.io/v1
      kind: ResourceList
      items:
      - apiVersion: istio.alibabacloud.com/v1
        kind: ASMEgressTrafficPolicy
        metadata:
          name: p
        spec:
          byEgressGateway:
            name: gw
            # a

          # b
          egressRules:
          - from: [{namespace: default}]
            to: [{hosts: [a.example.com], port: {number: 80, protocol: HTTP}}]
    `.replace(/\n/g, '\r\n');
    const output = run(input);
    assert.equal(output.exitCode, 0, output.stderr);
    assert.doesNotMatch(output.stdout, /\r\r|\r(?!\n)/);
    assert.match(output.stdout, /# a\r\n\r\n *# b\r\n/);
    assert.equal(run(output.stdout).stdout, output.stdout);
  });

  it('reports an alias to an anchor in another item as an input error, not a crash', () => {
    const output = run('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- {kind: ConfigMap, metadata: {name: a}, data: &d {x: "1"}}\n- {kind: ConfigMap, metadata: {name: b}, data: *d}\n');
    assert.equal(output.exitCode, 2);
    assert.match(output.stderr, /^egress-policy: stdin:5:\d+: an alias refers to an anchor outside its own item/);
  });
});


describe('run: the package\'s gateway Service', () => {
  const policy = yaml`
    - apiVersion: istio.alibabacloud.com/v1beta1
      kind: ASMEgressTrafficPolicy
      metadata: {name: p, namespace: istio-egress}
      spec:
        byEgressGateway: {name: gw}
        egressRules:
        - from: [{namespace: mytest}]
          to: [{name: db, hosts: [db.example.com], port: {number: 5432, protocol: TCP}, byEgressGateway: {port: 15432}}]
  `;

  it('gets the missing gateway port, recorded so that a rerun is byte-identical', () => {
    const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: gw, namespace: istio-system}\n  spec:\n    selector: {istio: gw}\n    ports:\n    - {name: http2, port: 80, targetPort: 8080}\n${policy}`;
    const output = run(input);
    assert.equal(output.exitCode, 0, output.stderr);
    assert.match(output.stdout, /egress-policy\.dev\/added-ports: "15432"/);
    assert.match(output.stdout, /- name: tls-15432\n {6}port: 15432\n {6}protocol: TCP\n {6}targetPort: 15432\n/);
    assert.equal(run(output.stdout).stdout, output.stdout);
  });

  it('is left as it is when its spec is an alias, with a warning listing the ports', () => {
    const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: &m {name: gw, namespace: istio-system}\n  spec: *m\n${policy}`;
    const output = run(input);
    assert.equal(output.exitCode, 0, output.stderr);
    assert.ok(output.stdout.includes('  metadata: &m {name: gw, namespace: istio-system}\n  spec: *m\n'));
    assert.match(output.stderr, /warning GATEWAY_SERVICE_PORTS_MISSING .*15432 \(tls-15432\)/);
  });

  it('is left as it is when its annotations are an alias of a scalar (found by the nothing-lost property)', () => {
    const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: gw\n    namespace: &ns istio-system\n    annotations: *ns\n  spec:\n    ports:\n    - {port: 1}\n${policy}`;
    const output = run(input);
    assert.equal(output.exitCode, 0, output.stderr);
    assert.ok(output.stdout.includes('    namespace: &ns istio-system\n    annotations: *ns\n  spec:\n    ports:\n    - {port: 1}\n'));
    assert.match(output.stderr, /warning GATEWAY_SERVICE_PORTS_MISSING .*15432 \(tls-15432\)/);
  });
});

describe('run: regressions found by the property tests', () => {
  it('keeps a comment above a pruned last item, and reads it back as text, not as an item', () => {
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: web}}\n  # note\n  - apiVersion: networking.istio.io/v1\n    kind: ServiceEntry\n    metadata:\n      name: stale\n      labels: {app.kubernetes.io/managed-by: egress-policy}\n      annotations: {egress-policy.dev/source-policies: istio-egress/removed}\n';
    const first = run(input);
    assert.equal(first.exitCode, 0, first.stderr);
    assert.equal(first.stdout, 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: web}}\n  # note\n');
    assert.deepEqual(run(first.stdout), { stdout: first.stdout, stderr: '', exitCode: 0 });
  });

  it('edits policies and Services whose maps are aliases or null without touching the anchored node', () => {
    const input = yaml`
      apiVersion: config.kubernetes.io/v1
      kind: ResourceList
      items:
      - apiVersion: istio.alibabacloud.com/v1beta1
        kind: ASMEgressTrafficPolicy
        metadata:
          name: p
          namespace: istio-egress
          labels: &shared {team: x}
          annotations: *shared
        spec:
          byEgressGateway: {name: gw}
          egressRules:
          - from: [{namespace: mytest}]
            to: [{name: db, hosts: [db.example.com], port: {number: 5432, protocol: TCP}}]
        status: ~
    `;
    const output = run(input);
    assert.equal(output.exitCode, 0, output.stderr);
    assert.match(output.stdout, /labels: &shared \{team: x\}\n    annotations:\n      team: x\n      config\.kubernetes\.io\/local-config: "true"\n/);
    assert.equal(run(output.stdout).stdout, output.stdout);
  });
});

describe('run: two Services with one identity (found by the nothing-lost property at 1,000 runs)', () => {
  it('edits the first, the one the gateway was resolved to, and leaves the second as written', () => {
    const second = '- apiVersion: v1\n  kind: Service\n  metadata:\n    name: db\n    namespace: istio-system\n  spec:\n    ports:\n    - port: 1\n';
    const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: db, namespace: istio-system}\n  spec:\n    ports: [{port: 1}]\n    selector: {istio: gw}\n- apiVersion: istio.alibabacloud.com/v1beta1\n  kind: ASMEgressTrafficPolicy\n  metadata: {name: gw, namespace: istio-egress}\n  spec:\n    byEgressGateway: {name: gw}\n    egressRules:\n    - from: [{namespace: shop}]\n      to: [{name: db, hosts: [db.example.com], port: {number: 5432, protocol: TCP}, byEgressGateway: {port: 15432}}]\n${second}`;
    const output = run(input);
    assert.equal(output.exitCode, 0, output.stderr);
    assert.ok(output.stdout.includes(second), 'the second Service was edited');
    assert.match(output.stdout, /egress-policy\.dev\/added-ports: "15432"/);
  });
});
