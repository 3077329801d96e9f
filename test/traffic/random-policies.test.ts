/**
 * The sweep of traffic-paths.test.ts over random policies: hosts shared between entries, rules
 * and policies, two gateways, every protocol, explicit and automatic ports, HTTPS upgrades,
 * namespace-wide and labelled sources, sources in the gateway's own namespace. Inputs the
 * function rejects are skipped; for every accepted one, each declared host and port must go
 * through the policy's gateway and port exactly for the pods a rule selects, and be denied to
 * every other pod. PROPERTY_RUNS sets the number of inputs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { run } from '../../functions/egress-policy/run.ts';
import { isPolicy, itemsOf, resultsOf } from '../support/resource-list.ts';
import { sweep } from './support.ts';

const runs = Number(process.env.PROPERTY_RUNS ?? 60);

const dnsHosts = ['api.example.com', 'www.example.com', 'example.org', 'db.example.net'];
const ipHosts = ['192.0.2.10', '192.0.2.11'];
const namespaces = ['shop', 'ops', 'istio-system', 'istio-egress'];
const selectors: Array<Record<string, string> | undefined> = [undefined, { app: 'web' }, { app: 'worker' }, { app: 'web', tier: 'backend' }];

const arbHosts = (ip: boolean) =>
  fc.subarray(ip ? ipHosts : dnsHosts, { minLength: 1, maxLength: ip ? 1 : Math.min(2, dnsHosts.length) });

// Port numbers come from per-family pools that overlap a little, so most inputs are accepted
// and some still meet the function's conflict checks.
const numbers: Record<string, number[]> = { http: [80, 8080], tls: [443, 8443], tcp: [5432, 27017, 80] };
const gatewayPorts: Record<string, number[]> = { http: [80, 8080, 9000], tls: [9443, 9444, 443], tcp: [15432, 15433, 9000] };
const family = (protocol: string) => (['HTTPS', 'TLS'].includes(protocol) ? 'tls' : ['TCP', 'MONGO'].includes(protocol) ? 'tcp' : 'http');

const arbTo = (explicit: boolean) => fc.constantFrom('HTTP', 'HTTPS', 'TCP', 'GRPC', 'HTTP2', 'TLS', 'MONGO', 'http').chain((protocol) => fc.record({
  number: fc.constantFrom(...numbers[family(protocol)]!),
  ip: fc.boolean(),
  gatewayPort: fc.constantFrom(...gatewayPorts[family(protocol)]!),
  upgrade: fc.constantFrom(undefined, 443, 8443),
}).chain((t) => arbHosts(family(protocol) === 'tcp' && t.ip).map((hosts) => ({
  hosts,
  port: { number: t.number, protocol, name: `p-${t.number}` },
  ...(explicit ? { byEgressGateway: { port: t.gatewayPort } } : {}),
  ...(t.upgrade && protocol.toUpperCase() === 'HTTP' ? { httpsUpgrade: { enabled: true, port: t.upgrade } } : {}),
}))));

const arbPolicy = fc.record({
  gateway: fc.constantFrom('egressgateway-a', 'egressgateway-b'),
  explicit: fc.boolean(),
}).chain(({ gateway, explicit }) => fc.array(fc.record({
  from: fc.array(fc.record({ namespace: fc.constantFrom(...namespaces), selector: fc.constantFrom(...selectors) }), { minLength: 1, maxLength: 2 }),
  to: fc.array(arbTo(explicit), { minLength: 1, maxLength: 3 }),
}), { minLength: 1, maxLength: 2 }).map((rules) => ({ gateway, rules })));

const arbInput = fc.record({
  policies: fc.array(arbPolicy, { minLength: 1, maxLength: 3 }),
  config: fc.constantFrom('default', 'gateway-in-egress-namespace'),
}).map(({ policies, config }) => {
  const items = policies.map((p, i) => ({
    apiVersion: 'istio.alibabacloud.com/v1beta1',
    kind: 'ASMEgressTrafficPolicy',
    metadata: { name: `p${i}`, namespace: 'istio-egress' },
    spec: {
      byEgressGateway: { name: p.gateway },
      egressRules: p.rules.map((r, j) => ({
        name: `r${j}`,
        from: r.from.map((f) => (f.selector ? { namespace: f.namespace, workloadSelector: f.selector } : { namespace: f.namespace })),
        to: r.to.map((t, k) => ({ name: `r${j}-t${k}`, ...t })),
      })),
    },
  }));
  const functionConfig = config === 'default' ? undefined : {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' },
    data: { gatewayNamespace: 'istio-egress', gatewaySelector: 'app=istio-egressgateway,istio={gateway}', gatewayService: 'istio-{gateway}.{namespace}.svc.cluster.local' },
  };
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, ...(functionConfig ? { functionConfig } : {}) }, { aliasDuplicateObjects: false });
});


describe('traffic paths: random policies', () => {
  it(`every accepted input routes exactly the selected pods through the gateway (${runs} inputs)`, (t) => {
    let accepted = 0;
    fc.assert(fc.property(arbInput, (input) => {
      const out = run(input);
      if (out.exitCode !== 0) return;
      const items = itemsOf(out.stdout);
      accepted++;
      sweep({ items, results: resultsOf(out.stdout) });
    }), { numRuns: runs, includeErrorInReport: true });
    t.diagnostic(`${accepted} of ${runs} random inputs accepted and swept`);
    assert.ok(accepted > runs / 10, `only ${accepted} of ${runs} random inputs were accepted`);
  });
});
