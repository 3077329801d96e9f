/**
 * Behaviour: where does traffic go with the generated config? Each test runs the function on an
 * input and asks test/support/traffic-simulator.ts (an independent model of Istio 1.24's
 * routing) what happens to a connection from a given pod: through which gateway and port, to
 * which upstream, with whose TLS, or denied. Object names are never asserted.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../functions/egress-policy/run.ts';
import { isPolicy, resourceList, resultsOf } from '../support/resource-list.ts';
import { simulate, type Labels, type Outcome } from '../support/traffic-simulator.ts';
import { assertDenied, assertVia, explain, pod, render, send, sweep, type Rendered } from './support.ts';

const goldenDir = join(__dirname, '..', 'golden');

const golden = (name: string) => render(readFileSync(join(goldenDir, name, 'input.yaml'), 'utf8'));

/** A policy as YAML list items (ASMEgressTrafficPolicy, v1beta1, in istio-egress). */
function policy(name: string, gateway: string, rules: string): string {
  return `- apiVersion: istio.alibabacloud.com/v1beta1
  kind: ASMEgressTrafficPolicy
  metadata: {name: ${name}, namespace: istio-egress}
  spec:
    byEgressGateway: {name: ${gateway}}
    egressRules:
${rules.replace(/^/gm, '    ')}
`;
}

const autoPorts = (r: Rendered): Record<string, number> =>
  Object.assign({}, ...r.items.filter(isPolicy).map((p) => p.status?.autoAllocatedGatewayPorts ?? {}));

// ------------------------------------------------------------------------------------ seed cases

describe('traffic paths: seed-http', () => {
  const r = golden('seed-http');
  const sleepA = pod('mytest', { app: 'sleep-a' });
  const group = ['httpbin.org', 'www.httpbin.org'];

  for (const host of group) {
    it(`sleep-a → ${host}:80 goes through egressgateway-a:80 to port 80, plain HTTP`, () => {
      assertVia(send(r, sleepA, host, 80, 'http'), { gateway: 'egressgateway-a', gatewayNamespace: 'istio-system', selector: { istio: 'egressgateway-a' }, gatewayPort: 80, hosts: group, port: 80, tls: 'none' });
    });
    it(`other pods → ${host}:80 get 403 from their sidecar`, () => {
      assertDenied(send(r, pod('mytest', { app: 'sleep-b' }), host, 80, 'http'), 'http-403');
      assertDenied(send(r, pod('other', { app: 'sleep-a' }), host, 80, 'http'), 'http-403');
      assertDenied(send(r, pod('mytest'), host, 80, 'http'), 'http-403');
    });
  }

  it('nothing is ever sent straight to the host', () => {
    for (const source of [sleepA, pod('mytest', { app: 'sleep-b' }), pod('other', { app: 'sleep-a' }), pod('istio-system')]) {
      for (const host of group) {
        for (const [port, protocol] of [[80, 'http'], [443, 'tls'], [8080, 'tcp']] as const) {
          const o = send(r, source, host, port, protocol);
          assert.notEqual(o.kind, 'direct', explain(o));
          assert.notEqual(o.kind, 'broken', explain(o));
        }
      }
    }
  });
});

describe('traffic paths: seed-https-upgrade', () => {
  const r = golden('seed-https-upgrade');
  const sleepA = pod('mytest', { app: 'sleep-a' });
  const sleepB = pod('mytest', { app: 'sleep-b' });

  it('sleep-a HTTP → httpbin.org:80 goes through gateway port 80 and leaves as TLS to :443', () => {
    for (const host of ['httpbin.org', 'www.httpbin.org']) {
      assertVia(send(r, sleepA, host, 80, 'http'), { gateway: 'egressgateway-a', gatewayPort: 80, hosts: ['httpbin.org', 'www.httpbin.org'], port: 443, tls: 'originated' });
    }
  });
  it("sleep-a's own TLS → httpbin.org:443 goes through gateway port 444, passed through", () => {
    assertVia(send(r, sleepA, 'httpbin.org', 443, 'tls'), { gateway: 'egressgateway-a', gatewayPort: 444, hosts: ['httpbin.org', 'www.httpbin.org'], port: 443, tls: 'passthrough' });
  });
  it("sleep-b's own TLS → www.aliyun.com:443 goes through gateway port 445, passed through", () => {
    assertVia(send(r, sleepB, 'www.aliyun.com', 443, 'tls'), { gateway: 'egressgateway-a', gatewayPort: 445, hosts: ['www.aliyun.com'], port: 443, tls: 'passthrough' });
  });
  it('crossed pairs are black-holed: sleep-b → httpbin.org:443, sleep-a → www.aliyun.com:443', () => {
    assertDenied(send(r, sleepB, 'httpbin.org', 443, 'tls'), 'blackhole');
    assertDenied(send(r, sleepB, 'www.httpbin.org', 443, 'tls'), 'blackhole');
    assertDenied(send(r, sleepA, 'www.aliyun.com', 443, 'tls'), 'blackhole');
    assertDenied(send(r, sleepB, 'httpbin.org', 80, 'http'), 'http-403');
  });
  it('pods of another namespace are denied, whatever their labels', () => {
    for (const labels of [{ app: 'sleep-a' }, { app: 'sleep-b' }, {}] as Labels[]) {
      assertDenied(send(r, pod('other', labels), 'httpbin.org', 443, 'tls'), 'blackhole');
      assertDenied(send(r, pod('other', labels), 'www.aliyun.com', 443, 'tls'), 'blackhole');
      assertDenied(send(r, pod('other', labels), 'httpbin.org', 80, 'http'), 'http-403');
    }
  });
});

describe('traffic paths: seed-auto-ports', () => {
  const r = golden('seed-auto-ports');
  const ports = autoPorts(r);
  const sleep = pod('default', { app: 'sleep' });

  it('records every automatic port in the policy status', () => {
    for (const key of ['aliyun.com-80', 'aliyun.com-443', 'taobao.com-80', '1.1.1.1-44', 'test-tcp.com-444']) {
      assert.equal(typeof ports[key], 'number', `status lacks ${key}: ${JSON.stringify(ports)}`);
    }
  });
  it('HTTP aliyun.com:80 → shared port 10000 → aliyun.com:80', () => {
    assertVia(send(r, sleep, 'aliyun.com', 80, 'http'), { gateway: 'egressgateway-a', gatewayPort: 10000, hosts: ['aliyun.com'], port: 80, tls: 'none' });
  });
  it('TLS aliyun.com:443 → its own automatic port, passed through', () => {
    assertVia(send(r, sleep, 'aliyun.com', 443, 'tls'), { gateway: 'egressgateway-a', gatewayPort: ports['aliyun.com-443']!, hosts: ['aliyun.com'], port: 443, tls: 'passthrough' });
  });
  it('HTTP taobao.com:80 → shared port 10000 → taobao.com:443 with TLS originated', () => {
    assertVia(send(r, sleep, 'taobao.com', 80, 'http'), { gateway: 'egressgateway-a', gatewayPort: 10000, hosts: ['taobao.com'], port: 443, tls: 'originated' });
  });
  it('TCP 1.1.1.1:44 → its automatic port → 1.1.1.1:44', () => {
    assertVia(send(r, sleep, '1.1.1.1', 44, 'tcp'), { gateway: 'egressgateway-a', gatewayPort: ports['1.1.1.1-44']!, address: '1.1.1.1', port: 44, tls: 'none' });
  });
  it('TCP test-tcp.com:444 → its automatic port → test-tcp.com:444', () => {
    assertVia(send(r, sleep, 'test-tcp.com', 444, 'tcp'), { gateway: 'egressgateway-a', gatewayPort: ports['test-tcp.com-444']!, hosts: ['test-tcp.com'], port: 444, tls: 'none' });
  });
  it('a pod without the label is denied on every entry', () => {
    for (const other of [pod('default'), pod('default', { app: 'web' }), pod('other', { app: 'sleep' })]) {
      assertDenied(send(r, other, 'aliyun.com', 80, 'http'), 'http-403');
      assertDenied(send(r, other, 'taobao.com', 80, 'http'), 'http-403');
      assertDenied(send(r, other, 'aliyun.com', 443, 'tls'), 'blackhole');
      assertDenied(send(r, other, '1.1.1.1', 44, 'tcp'), 'blackhole');
      assertDenied(send(r, other, 'test-tcp.com', 444, 'tcp'), 'blackhole');
    }
  });
  it("the upgrade target taobao.com:443 is not itself allowed: the app's own TLS is black-holed", () => {
    assertDenied(send(r, sleep, 'taobao.com', 443, 'tls'), 'blackhole');
  });
});

// ---------------------------------------------------------------------------- other golden cases

describe('traffic paths: api-v1-namespace-wide-source', () => {
  const r = golden('api-v1-namespace-wide-source');
  const ports = autoPorts(r);
  const stripe = (o: Outcome) => assertVia(o, { gateway: 'egressgateway-b', gatewayPort: ports['api.stripe.com-443']!, hosts: ['api.stripe.com'], port: 443, tls: 'passthrough' });
  const postgres = (o: Outcome) => assertVia(o, { gateway: 'egressgateway-b', gatewayPort: ports['203.0.113.10-5432']!, address: '203.0.113.10', port: 5432, tls: 'none' });

  it('every pod of payments goes through the gateway, whatever its labels', () => {
    for (const labels of [{}, { app: 'api' }, { app: 'invoicer', tier: 'frontend' }] as Labels[]) {
      stripe(send(r, pod('payments', labels), 'api.stripe.com', 443, 'tls'));
      postgres(send(r, pod('payments', labels), '203.0.113.10', 5432, 'tcp'));
    }
  });
  it('in billing only app=invoicer,tier=backend (extra labels allowed) goes through', () => {
    for (const labels of [{ app: 'invoicer', tier: 'backend' }, { app: 'invoicer', tier: 'backend', version: 'v2' }] as Labels[]) {
      stripe(send(r, pod('billing', labels), 'api.stripe.com', 443, 'tls'));
      postgres(send(r, pod('billing', labels), '203.0.113.10', 5432, 'tcp'));
    }
  });
  it('a partial match of the selector, or another namespace, is denied', () => {
    for (const source of [pod('billing', { app: 'invoicer' }), pod('billing'), pod('billing', { tier: 'backend' }), pod('shop', { app: 'invoicer', tier: 'backend' })]) {
      assertDenied(send(r, source, 'api.stripe.com', 443, 'tls'), 'blackhole');
      assertDenied(send(r, source, '203.0.113.10', 5432, 'tcp'), 'blackhole');
    }
  });
});

describe('traffic paths: http-shared-port', () => {
  const r = golden('http-shared-port');
  const web = pod('team-a', { app: 'web' });
  const worker = pod('team-b', { app: 'worker' });

  it('team-a web reaches httpbin.org and example.com through port 80, each to its own host', () => {
    assertVia(send(r, web, 'httpbin.org', 80, 'http'), { gateway: 'egressgateway-a', gatewayPort: 80, hosts: ['httpbin.org'], port: 80, tls: 'none' });
    assertVia(send(r, web, 'example.com', 80, 'http'), { gateway: 'egressgateway-a', gatewayPort: 80, hosts: ['example.com'], port: 80, tls: 'none' });
  });
  it('team-b worker reaches httpbin.org through port 80, but not example.com', () => {
    assertVia(send(r, worker, 'httpbin.org', 80, 'http'), { gateway: 'egressgateway-a', gatewayPort: 80, hosts: ['httpbin.org'], port: 80, tls: 'none' });
    assertDenied(send(r, worker, 'example.com', 80, 'http'), 'http-403');
  });
  it('swapped labels or namespaces are denied', () => {
    assertDenied(send(r, pod('team-a', { app: 'worker' }), 'httpbin.org', 80, 'http'), 'http-403');
    assertDenied(send(r, pod('team-b', { app: 'web' }), 'httpbin.org', 80, 'http'), 'http-403');
    assertDenied(send(r, pod('team-b', { app: 'web' }), 'example.com', 80, 'http'), 'http-403');
  });
});

describe('traffic paths: split-host-groups', () => {
  const r = golden('split-host-groups');
  const sleepA = pod('mytest', { app: 'sleep-a' });
  const sleepB = pod('mytest', { app: 'sleep-b' });

  it("sleep-a's TLS to either host goes through port 444, passed through to :443", () => {
    for (const host of ['httpbin.org', 'www.httpbin.org']) {
      assertVia(send(r, sleepA, host, 443, 'tls'), { gateway: 'egressgateway-a', gatewayPort: 444, hosts: ['httpbin.org', 'www.httpbin.org'], port: 443, tls: 'passthrough' });
    }
  });
  it('sleep-b HTTP to httpbin.org goes through port 80 to httpbin.org:80; its TLS is black-holed', () => {
    assertVia(send(r, sleepB, 'httpbin.org', 80, 'http'), { gateway: 'egressgateway-a', gatewayPort: 80, hosts: ['httpbin.org'], port: 80, tls: 'none' });
    assertDenied(send(r, sleepB, 'httpbin.org', 443, 'tls'), 'blackhole');
    assertDenied(send(r, sleepB, 'www.httpbin.org', 443, 'tls'), 'blackhole');
  });
  it('sleep-a HTTP to httpbin.org gets 403; www.httpbin.org:80 is no declared port, so not captured', () => {
    assertDenied(send(r, sleepA, 'httpbin.org', 80, 'http'), 'http-403');
    assert.equal(send(r, sleepB, 'www.httpbin.org', 80, 'http').kind, 'passthrough');
  });
});

describe('traffic paths: host-through-two-gateways', () => {
  const r = golden('host-through-two-gateways');
  it("team-b's TLS to api.example.com:443 goes through gw-b:8443, passed through", () => {
    assertVia(send(r, pod('team-b', { app: 'x' }), 'api.example.com', 443, 'tls'), { gateway: 'gw-b', selector: { istio: 'gw-b' }, gatewayPort: 8443, hosts: ['api.example.com'], port: 443, tls: 'passthrough' });
  });
  it("team-a's HTTP to api.example.com:80 goes through gw-a:8080 to port 80", () => {
    assertVia(send(r, pod('team-a'), 'api.example.com', 80, 'http'), { gateway: 'gw-a', selector: { istio: 'gw-a' }, gatewayPort: 8080, hosts: ['api.example.com'], port: 80, tls: 'none' });
  });
  it('each team is denied the other port', () => {
    assertDenied(send(r, pod('team-a'), 'api.example.com', 443, 'tls'), 'blackhole');
    assertDenied(send(r, pod('team-b'), 'api.example.com', 80, 'http'), 'http-403');
  });
});

describe('traffic paths: typed-function-config', () => {
  const r = golden('typed-function-config');
  it('shop/checkout HTTP → payments.example.com goes through egress-a (pods app=egress-a in gateways) :8080, TLS originated to :443', () => {
    assertVia(send(r, pod('shop', { app: 'checkout' }), 'payments.example.com', 80, 'http'), {
      gateway: 'egress-a', gatewayNamespace: 'gateways', selector: { app: 'egress-a' }, gatewayPort: 8080, hosts: ['payments.example.com'], port: 443, tls: 'originated',
    });
  });
  it('the same route holds when the gateway pods are given explicitly', () => {
    const o = simulate(r.items, { source: pod('shop', { app: 'checkout' }), host: 'payments.example.com', port: 80, protocol: 'http' },
      { gatewayWorkloads: { 'egress-a.gateways.svc.cluster.local': { namespace: 'gateways', labels: { app: 'egress-a', 'pod-template-hash': 'abc' } } } });
    assertVia(o, { gateway: 'egress-a', gatewayPort: 8080, hosts: ['payments.example.com'], port: 443, tls: 'originated' });
  });
  it('other shop pods get 403; TLS to :443 is black-holed', () => {
    assertDenied(send(r, pod('shop', { app: 'cart' }), 'payments.example.com', 80, 'http'), 'http-403');
    assertDenied(send(r, pod('shop', { app: 'checkout' }), 'payments.example.com', 443, 'tls'), 'blackhole');
  });
});

describe('traffic paths: config-map-function-config', () => {
  const r = golden('config-map-function-config');
  const expected = { gateway: 'egressgateway-a', gatewayNamespace: 'istio-egress', selector: { app: 'istio-egressgateway', istio: 'egressgateway-a' }, gatewayPort: 7017, hosts: ['mongo.example.net'], port: 27017, tls: 'none' as const };
  it('every mytest pod reaches mongo.example.net:27017 through the gateway in istio-egress :7017', () => {
    for (const labels of [{}, { app: 'api' }] as Labels[]) assertVia(send(r, pod('mytest', labels), 'mongo.example.net', 27017, 'tcp'), expected);
  });
  it('with the gateway pods given explicitly, the path is the same', () => {
    const o = simulate(r.items, { source: pod('mytest'), host: 'mongo.example.net', port: 27017, protocol: 'tcp' },
      { gatewayWorkloads: { 'istio-egressgateway-a.istio-egress.svc.cluster.local': { namespace: 'istio-egress', labels: { app: 'istio-egressgateway', istio: 'egressgateway-a' } } } });
    assertVia(o, expected);
  });
  it('other namespaces are black-holed', () => {
    assertDenied(send(r, pod('other'), 'mongo.example.net', 27017, 'tcp'), 'blackhole');
  });
});

describe('traffic paths: package-gateway-service', () => {
  const r = golden('package-gateway-service');
  it('api.github.com:443 goes through the package Service port 444', () => {
    assertVia(send(r, pod('mytest', { app: 'sleep' }), 'api.github.com', 443, 'tls'), { gateway: 'egressgateway-a', selector: { app: 'egressgateway-a', istio: 'egressgateway' }, gatewayPort: 444, hosts: ['api.github.com'], port: 443, tls: 'passthrough' });
  });
  it('github.com:22 reaches the gateway on 2222, which the function adds to the package\'s Service', () => {
    assertVia(send(r, pod('mytest', { app: 'sleep' }), 'github.com', 22, 'tcp'), { gateway: 'egressgateway-a', selector: { app: 'egressgateway-a', istio: 'egressgateway' }, gatewayPort: 2222, hosts: ['github.com'], port: 22, tls: 'none' });
    assert.ok(r.results.some((x) => x.tags?.code === 'GATEWAY_SERVICE_PORT_ADDED' && /\b2222\b/.test(x.message)));
  });
});

describe('traffic paths: several IPs in one entry are rejected', () => {
  // After the mutual-TLS hop the gateway tells destinations apart only by port, so one entry
  // (one gateway port) cannot send 192.0.2.10 to .10 and 192.0.2.11 to .11.
  const output = run(resourceList(policy('team-a', 'egressgateway-a', `- from: [{namespace: team-a}]
  to:
  - name: pg-replicas
    hosts: [192.0.2.10, 192.0.2.11]
    port: {number: 5432, protocol: TCP, name: tcp}
    byEgressGateway: {port: 15432}`)));

  it('fails with SEVERAL_IPS_IN_ENTRY on the entry\'s hosts', () => {
    assert.equal(output.exitCode, 1);
    const errors = resultsOf(output.stdout).filter((r) => r.severity === 'error');
    assert.deepEqual(errors.map((r) => [r.tags?.code, r.field?.path]), [['SEVERAL_IPS_IN_ENTRY', 'spec.egressRules[0].to[0].hosts']]);
  });
});

describe('traffic paths: one IP named by entries of two policies', () => {
  // Every IP has a ServiceEntry of its own, so 192.0.2.11:5432 is declared once and its one
  // VirtualService holds both teams' routes, each to its own gateway port.
  const r = render(resourceList(policy('team-a', 'egressgateway-a', `- from: [{namespace: team-a}]
  to:
  - name: pg-10
    hosts: [192.0.2.10]
    port: {number: 5432, protocol: TCP, name: tcp}
    byEgressGateway: {port: 15432}
  - name: pg-11
    hosts: [192.0.2.11]
    port: {number: 5432, protocol: TCP, name: tcp}
    byEgressGateway: {port: 15434}`) + policy('team-b', 'egressgateway-a', `- from: [{namespace: team-b}]
  to:
  - name: pg-11
    hosts: [192.0.2.11]
    port: {number: 5432, protocol: TCP, name: tcp}
    byEgressGateway: {port: 15433}`)));

  it('192.0.2.11:5432 is declared by exactly one ServiceEntry', () => {
    const owners = r.items.filter((i) => i.kind === 'ServiceEntry' && (i.spec?.addresses ?? []).includes('192.0.2.11') && i.spec.ports.some((p: any) => p.number === 5432));
    assert.equal(owners.length, 1, `declared by ${owners.map((o) => o.metadata?.name).join(', ')}`);
  });
  it('each team reaches each IP it names through its own gateway port, to that IP only', () => {
    assertVia(send(r, pod('team-a'), '192.0.2.10', 5432, 'tcp'), { gatewayPort: 15432, address: '192.0.2.10', port: 5432, tls: 'none' });
    assertVia(send(r, pod('team-a'), '192.0.2.11', 5432, 'tcp'), { gatewayPort: 15434, address: '192.0.2.11', port: 5432, tls: 'none' });
    assertVia(send(r, pod('team-b'), '192.0.2.11', 5432, 'tcp'), { gatewayPort: 15433, address: '192.0.2.11', port: 5432, tls: 'none' });
  });
  it('team-b cannot reach 192.0.2.10, which only team-a names', () => {
    const o = send(r, pod('team-b'), '192.0.2.10', 5432, 'tcp');
    assert.equal(o.kind, 'denied', explain(o));
  });
});

describe('traffic paths: one IP on two ports, a second IP on one of them', () => {
  const r = render(resourceList(policy('shop', 'egressgateway-a', `- from: [{namespace: shop}]
  to:
  - name: web-10
    hosts: [192.0.2.10]
    port: {number: 80, protocol: TCP, name: tcp-80}
    byEgressGateway: {port: 15080}
  - name: web-11
    hosts: [192.0.2.11]
    port: {number: 80, protocol: TCP, name: tcp-80}
    byEgressGateway: {port: 15081}
  - name: db-10
    hosts: [192.0.2.10]
    port: {number: 5432, protocol: TCP, name: tcp-5432}
    byEgressGateway: {port: 15432}`)));

  it('each IP is reached on port 80 through its own gateway port', () => {
    assertVia(send(r, pod('shop'), '192.0.2.10', 80, 'tcp'), { gatewayPort: 15080, address: '192.0.2.10', port: 80, tls: 'none' });
    assertVia(send(r, pod('shop'), '192.0.2.11', 80, 'tcp'), { gatewayPort: 15081, address: '192.0.2.11', port: 80, tls: 'none' });
  });
  it('192.0.2.10:5432 goes through gateway port 15432 to 192.0.2.10 only', () => {
    const o = send(r, pod('shop'), '192.0.2.10', 5432, 'tcp');
    assertVia(o, { gatewayPort: 15432, address: '192.0.2.10', port: 5432, tls: 'none' });
    assert.deepEqual(o.kind === 'via-gateway' && o.upstream.addresses, ['192.0.2.10'], explain(o));
  });
  it('192.0.2.11:5432, which no entry names, is not routed through the gateway', () => {
    const o = send(r, pod('shop'), '192.0.2.11', 5432, 'tcp');
    assert.notEqual(o.kind, 'via-gateway', explain(o));
  });
});

// ------------------------------------------------------------------------------ inline inputs

const inline = {
  /** Sources in the gateway's own namespace, on ports equal to the gateway ports. */
  gatewayNamespaceSources: render(resourceList(policy('own-ns', 'egressgateway-a', `- from:
  - namespace: istio-system
  to:
  - name: web
    hosts: [example.com]
    port: {number: 80, protocol: HTTP, name: http}
    byEgressGateway: {port: 80}
  - name: db
    hosts: [db.example.com]
    port: {number: 5432, protocol: TCP, name: tcp}
    byEgressGateway: {port: 5432}
  - name: tls
    hosts: [api.example.com]
    port: {number: 443, protocol: HTTPS, name: https}
    byEgressGateway: {port: 443}`))),
  /** One host reached by two teams through two gateways on the same port number. */
  twoGatewaysSamePort: render(resourceList(policy('a', 'gw-a', `- from: [{namespace: team-a}]
  to:
  - name: web
    hosts: [httpbin.org]
    port: {number: 80, protocol: HTTP, name: http}
    byEgressGateway: {port: 80}
  - name: tls
    hosts: [httpbin.org]
    port: {number: 443, protocol: HTTPS, name: https}
    byEgressGateway: {port: 8443}`) + policy('b', 'gw-b', `- from: [{namespace: team-b}]
  to:
  - name: web
    hosts: [httpbin.org]
    port: {number: 80, protocol: HTTP, name: http}
    byEgressGateway: {port: 80}
  - name: tls
    hosts: [httpbin.org]
    port: {number: 443, protocol: HTTPS, name: https}
    byEgressGateway: {port: 8443}`))),
  /** A namespace-wide rule and a labelled rule for one host, on different gateway ports. */
  overlappingSources: render(resourceList(policy('wide', 'egressgateway-a', `- from: [{namespace: shop}]
  to:
  - name: api
    hosts: [api.example.com]
    port: {number: 443, protocol: HTTPS, name: https}
    byEgressGateway: {port: 9443}`) + policy('narrow', 'egressgateway-a', `- from: [{namespace: shop, workloadSelector: {app: special}}, {namespace: ops}]
  to:
  - name: api
    hosts: [api.example.com]
    port: {number: 443, protocol: HTTPS, name: https}
    byEgressGateway: {port: 9444}
  - name: web
    hosts: [api.example.com, www.example.com]
    port: {number: 80, protocol: HTTP, name: http}
    byEgressGateway: {port: 8080}
    httpsUpgrade: {enabled: true, port: 8443}`))),
};

describe('traffic paths: inline inputs', () => {
  it("pods in the gateway's namespace, on ports equal to the gateway ports, still go out through the gateway", () => {
    const r = inline.gatewayNamespaceSources;
    assertVia(send(r, pod('istio-system', { app: 'x' }), 'example.com', 80, 'http'), { gateway: 'egressgateway-a', gatewayPort: 80, hosts: ['example.com'], port: 80, tls: 'none' });
    assertVia(send(r, pod('istio-system'), 'db.example.com', 5432, 'tcp'), { gateway: 'egressgateway-a', gatewayPort: 5432, hosts: ['db.example.com'], port: 5432, tls: 'none' });
    assertVia(send(r, pod('istio-system'), 'api.example.com', 443, 'tls'), { gateway: 'egressgateway-a', gatewayPort: 443, hosts: ['api.example.com'], port: 443, tls: 'passthrough' });
    assertDenied(send(r, pod('default'), 'db.example.com', 5432, 'tcp'), 'blackhole');
  });
  it('two gateways on the same port number each send their own team to the host', () => {
    const r = inline.twoGatewaysSamePort;
    assertVia(send(r, pod('team-a'), 'httpbin.org', 80, 'http'), { gateway: 'gw-a', selector: { istio: 'gw-a' }, gatewayPort: 80, hosts: ['httpbin.org'], port: 80, tls: 'none' });
    assertVia(send(r, pod('team-b'), 'httpbin.org', 80, 'http'), { gateway: 'gw-b', selector: { istio: 'gw-b' }, gatewayPort: 80, hosts: ['httpbin.org'], port: 80, tls: 'none' });
    assertVia(send(r, pod('team-a'), 'httpbin.org', 443, 'tls'), { gateway: 'gw-a', gatewayPort: 8443, hosts: ['httpbin.org'], port: 443, tls: 'passthrough' });
    assertVia(send(r, pod('team-b'), 'httpbin.org', 443, 'tls'), { gateway: 'gw-b', gatewayPort: 8443, hosts: ['httpbin.org'], port: 443, tls: 'passthrough' });
    assertDenied(send(r, pod('team-c'), 'httpbin.org', 443, 'tls'), 'blackhole');
  });
  it('a pod matched by a namespace-wide and a labelled rule goes out through one of their ports', () => {
    const r = inline.overlappingSources;
    assertVia(send(r, pod('shop'), 'api.example.com', 443, 'tls'), { gatewayPort: 9443, hosts: ['api.example.com'], port: 443, tls: 'passthrough' });
    const special = send(r, pod('shop', { app: 'special' }), 'api.example.com', 443, 'tls');
    assert.ok(special.kind === 'via-gateway' && [9443, 9444].includes(special.gatewayPort), explain(special));
    assertVia(send(r, pod('ops'), 'api.example.com', 443, 'tls'), { gatewayPort: 9444, hosts: ['api.example.com'], port: 443, tls: 'passthrough' });
    for (const host of ['api.example.com', 'www.example.com']) {
      assertVia(send(r, pod('ops'), host, 80, 'http'), { gatewayPort: 8080, hosts: ['api.example.com', 'www.example.com'], port: 8443, tls: 'originated' });
      assertDenied(send(r, pod('shop'), host, 80, 'http'), 'http-403');
    }
  });
});

describe('traffic paths: every declared host and port, from every kind of source', () => {
  const cases = readdirSync(goldenDir).filter((n) => statSync(join(goldenDir, n)).isDirectory()).sort();
  const succeeding = cases.filter((n) => !existsSync(join(goldenDir, n, 'exit-code')) || readFileSync(join(goldenDir, n, 'exit-code'), 'utf8').trim() === '0');
  it('covers the succeeding golden cases', () => assert.ok(succeeding.length >= 10, String(succeeding)));
  for (const name of succeeding) {
    it(`${name}: via the policy's gateway and port exactly when a rule selects the pod, else denied`, () => {
      sweep(golden(name));
    });
  }
  for (const [name, r] of Object.entries(inline)) {
    it(`inline ${name}: same property`, () => {
      assert.ok(sweep(r) > 0);
    });
  }
});
