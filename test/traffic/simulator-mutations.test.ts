/**
 * The traffic simulator must not be vacuous: each test breaks the function's real output in
 * one way that Istio would route differently, and checks the simulator notices. If one of
 * these passes with the mutation removed, traffic-paths.test.ts proves less than it claims.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../functions/egress-policy/run.ts';
import { itemsOf, resourceList, type PlainItem } from '../support/resource-list.ts';
import { simulate, type AppProtocol, type Outcome } from '../support/traffic-simulator.ts';

const base = (() => {
  const out = run(readFileSync(join(__dirname, '..', 'golden', 'seed-https-upgrade', 'input.yaml'), 'utf8'));
  assert.equal(out.exitCode, 0, out.stderr);
  return itemsOf(out.stdout);
})();

const sleepA = { namespace: 'mytest', labels: { app: 'sleep-a' } };
const sleepB = { namespace: 'mytest', labels: { app: 'sleep-b' } };
const httpA = { source: sleepA, host: 'httpbin.org', port: 80, protocol: 'http' as AppProtocol };
const tlsA = { source: sleepA, host: 'httpbin.org', port: 443, protocol: 'tls' as AppProtocol };

function mutate(change: (items: PlainItem[]) => void, items: PlainItem[] = base): PlainItem[] {
  const copy = structuredClone(items);
  change(copy);
  return copy;
}
const find = (items: PlainItem[], kind: string, name: string) => {
  const found = items.find((i) => i.kind === kind && i.metadata?.name === name);
  assert.ok(found, `${kind} ${name} not in the output`);
  return found;
};
const explain = (o: Outcome) => `${o.kind} ${JSON.stringify(o)}`;
function assertKind(o: Outcome, kind: Outcome['kind'], reason?: RegExp): void {
  assert.equal(o.kind, kind, explain(o));
  if (reason && o.kind === 'broken') assert.match(o.reason, reason);
}

describe('traffic simulator notices broken config', () => {
  it('baseline: the unmodified output routes through the gateway', () => {
    assertKind(simulate(base, httpA), 'via-gateway');
    assertKind(simulate(base, tlsA), 'via-gateway');
  });

  it('without the HTTP drop route, an unselected pod goes straight to the host', () => {
    const items = mutate((i) => { const vs = find(i, 'VirtualService', 'egress-httpbin.org'); vs.spec.http = vs.spec.http.filter((r: any) => !r.directResponse); });
    const o = simulate(items, { ...httpA, source: sleepB });
    assert.deepEqual([o.kind, o.kind === 'direct' && o.host], ['direct', 'httpbin.org'], explain(o));
  });
  it('without the TLS drop route, an unselected pod goes straight to the host', () => {
    const items = mutate((i) => { const vs = find(i, 'VirtualService', 'egress-httpbin.org'); vs.spec.tls = vs.spec.tls.slice(0, 1); });
    assertKind(simulate(items, { ...tlsA, source: sleepB }), 'direct');
  });
  it('a drop route limited to another port lets the pod through directly', () => {
    const items = mutate((i) => { const vs = find(i, 'VirtualService', 'egress-httpbin.org'); vs.spec.http.at(-1).match[0].port = 8080; });
    assertKind(simulate(items, { ...httpA, source: sleepB }), 'direct');
  });
  it('a mesh leg to a subset that no DestinationRule defines', () => {
    const items = mutate((i) => { find(i, 'VirtualService', 'egress-httpbin.org').spec.http[1].route[0].destination.subset = 'sni-nope'; });
    assertKind(simulate(items, httpA), 'broken', /subset sni-nope/);
  });
  it('a mesh leg whose subset does not originate ISTIO_MUTUAL, or has no SNI', () => {
    const simple = mutate((i) => { find(i, 'DestinationRule', 'egressgateway-a').spec.subsets[0].trafficPolicy.portLevelSettings[0].tls.mode = 'SIMPLE'; });
    assertKind(simulate(simple, httpA), 'broken', /not ISTIO_MUTUAL/);
    const noSni = mutate((i) => { delete find(i, 'DestinationRule', 'egressgateway-a').spec.subsets[0].trafficPolicy.portLevelSettings[1].tls.sni; });
    assertKind(simulate(noSni, tlsA), 'broken', /no sni/);
    const otherPort = mutate((i) => { find(i, 'DestinationRule', 'egressgateway-a').spec.subsets[0].trafficPolicy.portLevelSettings[0].port.number = 81; });
    assertKind(simulate(otherPort, httpA), 'broken', /ISTIO_MUTUAL/);
  });
  it('a DestinationRule in the client namespace shadows the gateway one', () => {
    const items = mutate((i) => i.push({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'local', namespace: 'mytest' }, spec: { host: '*.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } }));
    assertKind(simulate(items, httpA), 'broken', /subset/);
  });
  it('a missing gateway server, an SNI the server does not accept, a non-mTLS server', () => {
    const noServer = mutate((i) => { const g = find(i, 'Gateway', 'egressgateway-a'); g.spec.servers = g.spec.servers.filter((s: any) => s.port.number !== 444); });
    assertKind(simulate(noServer, tlsA), 'broken', /no Gateway server on port 444/);
    const otherSni = mutate((i) => { find(i, 'DestinationRule', 'egressgateway-a').spec.subsets[0].trafficPolicy.portLevelSettings[1].tls.sni = 'example.com'; });
    assertKind(simulate(otherSni, tlsA), 'broken', /accepts SNI example.com/);
    const simpleServer = mutate((i) => { find(i, 'Gateway', 'egressgateway-a').spec.servers[1].tls = { mode: 'PASSTHROUGH' }; });
    assertKind(simulate(simpleServer, tlsA), 'broken', /tls mode PASSTHROUGH/);
  });
  it('a Gateway selecting other pods than the Service', () => {
    const items = mutate((i) => { find(i, 'Gateway', 'egressgateway-a').spec.selector = { istio: 'ingressgateway' }; });
    const withPods = simulate(items, httpA, { gatewayWorkloads: { 'egressgateway-a.istio-system.svc.cluster.local': { namespace: 'istio-system', labels: { istio: 'egressgateway-a' } } } });
    assertKind(withPods, 'broken', /no Gateway server/);
  });
  it('server hosts of another namespace do not bind the VirtualService', () => {
    const items = mutate((i) => { find(i, 'Gateway', 'egressgateway-a').spec.servers[1].hosts = ['other/httpbin.org']; });
    assertKind(simulate(items, tlsA), 'broken', /no tcp route/);
    const http = mutate((i) => { find(i, 'Gateway', 'egressgateway-a').spec.servers[0].hosts = ['other/httpbin.org', 'other/www.httpbin.org']; });
    assertKind(simulate(http, httpA), 'broken', /no http route/);
  });
  it('a VirtualService not bound to the Gateway, or not exported to it', () => {
    const unbound = mutate((i) => { find(i, 'VirtualService', 'egress-httpbin.org').spec.gateways = ['mesh']; });
    assertKind(simulate(unbound, httpA), 'broken', /no http route/);
    const privateVs = mutate((i) => { find(i, 'VirtualService', 'egress-httpbin.org').spec.exportTo = ['.']; });
    assertKind(simulate(privateVs, httpA), 'direct'); // invisible to mytest: the ServiceEntry's default route
    const exportedToClients = mutate((i) => { find(i, 'VirtualService', 'egress-httpbin.org').spec.exportTo = ['mytest']; });
    assertKind(simulate(exportedToClients, httpA), 'broken', /no http route/);
  });
  it('a gateway leg to an undeclared port, to no ServiceEntry, back to the gateway, or without its subset', () => {
    const leg = (i: PlainItem[]) => find(i, 'VirtualService', 'egress-httpbin.org').spec.http[0].route[0].destination;
    assertKind(simulate(mutate((i) => { leg(i).port.number = 8443; }), httpA), 'broken', /does not declare/);
    assertKind(simulate(mutate((i) => { leg(i).host = 'nowhere.example'; }), httpA), 'broken', /in no ServiceEntry/);
    assertKind(simulate(mutate((i) => { Object.assign(leg(i), { host: 'egressgateway-a.istio-system.svc.cluster.local', port: { number: 80 } }); }), httpA), 'broken', /loop/);
    assertKind(simulate(mutate((i) => { find(i, 'DestinationRule', 'egress-httpbin.org').spec.subsets = []; }), httpA), 'broken', /tls-origination/);
    const noUpgrade = mutate((i) => { delete leg(i).subset; });
    assertKind(simulate(noUpgrade, httpA), 'broken', /plain HTTP to httpbin.org:443/);
  });
  it('TLS origination on the passthrough leg wraps the app TLS twice', () => {
    const items = mutate((i) => { find(i, 'DestinationRule', 'egress-httpbin.org').spec.trafficPolicy = { tls: { mode: 'SIMPLE' } }; });
    assertKind(simulate(items, tlsA), 'broken', /again/);
  });
  it('a second VirtualService for the host', () => {
    const items = mutate((i) => i.push({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'mine', namespace: 'mytest' }, spec: { hosts: ['httpbin.org'], http: [{ route: [{ destination: { host: 'httpbin.org' } }] }] } }));
    assertKind(simulate(items, httpA), 'broken', /claim httpbin.org/);
  });
  it('a ServiceEntry not exported to the client is not captured', () => {
    const items = mutate((i) => { find(i, 'ServiceEntry', 'egress-httpbin.org').spec.exportTo = ['.']; });
    assertKind(simulate(items, httpA), 'passthrough');
  });
  it('gateway legs after the mesh legs loop traffic from the gateway namespace back to the gateway', () => {
    const out = run(resourceList(`- apiVersion: istio.alibabacloud.com/v1beta1
  kind: ASMEgressTrafficPolicy
  metadata: {name: own-ns, namespace: istio-egress}
  spec:
    byEgressGateway: {name: egressgateway-a}
    egressRules:
    - from: [{namespace: istio-system}]
      to:
      - name: web
        hosts: [example.com]
        port: {number: 80, protocol: HTTP, name: http}
        byEgressGateway: {port: 80}
      - name: db
        hosts: [db.example.com]
        port: {number: 5432, protocol: TCP, name: tcp}
        byEgressGateway: {port: 5432}
`));
    assert.equal(out.exitCode, 0, out.stderr);
    const items = itemsOf(out.stdout);
    const source = { namespace: 'istio-system', labels: {} };
    assertKind(simulate(items, { source, host: 'example.com', port: 80, protocol: 'http' }), 'via-gateway');
    assertKind(simulate(items, { source, host: 'db.example.com', port: 5432, protocol: 'tcp' }), 'via-gateway');
    const swapped = mutate((i) => {
      for (const vs of i.filter((x) => x.kind === 'VirtualService')) {
        if (vs.spec.http) vs.spec.http = [vs.spec.http[1], vs.spec.http[0], ...vs.spec.http.slice(2)];
        if (vs.spec.tcp) vs.spec.tcp = [vs.spec.tcp[1], vs.spec.tcp[0], ...vs.spec.tcp.slice(2)];
      }
    }, items);
    assertKind(simulate(swapped, { source, host: 'example.com', port: 80, protocol: 'http' }), 'broken', /loop/);
    assertKind(simulate(swapped, { source, host: 'db.example.com', port: 5432, protocol: 'tcp' }), 'broken', /loop/);
  });
});
