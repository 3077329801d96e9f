/**
 * Every AuthorizationPolicy the golden cases generate, judged on its rules by an independent
 * model of Istio's authorization (test/support/authorization-evaluator.ts): for each entry of
 * each policy behind it, a selected source is allowed on the port and host it uses, and a source
 * from elsewhere is denied; on shared HTTP gateway ports, a source is denied for hosts its
 * namespace is not named for.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { decide, policiesForServiceEntry, policiesForWorkload, type AuthzRequest } from '../support/authorization-evaluator.ts';
import { isGenerated, isPolicy, type PlainItem } from '../support/resource-list.ts';
import { portKind } from '../support/traffic-simulator.ts';
import { dataplaneOf, entriesOf, packageWorkloads, render, type Entry } from './support.ts';

const goldenDir = join(__dirname, '..', 'golden');
const cases = readdirSync(goldenDir).filter((name) => existsSync(join(goldenDir, name, 'input.yaml')) && !existsSync(join(goldenDir, name, 'exit-code')));

type Obj = Record<string, any>;

interface Caller { namespace: string; principal: string }

/** Identities of a selected source: the service accounts of the package's workloads it selects, or any in its namespace. */
function callersOf(items: PlainItem[], from: Entry['from'][number]): Caller[] {
  const selected = packageWorkloads(items).filter((t) => t.namespace === from.namespace && Object.entries(from.selector).every(([k, v]) => t.labels[k] === v));
  const accounts = selected.length > 0 && Object.keys(from.selector).length > 0 ? selected.map((t) => t.account) : ['some-workload'];
  return accounts.map((sa) => ({ namespace: from.namespace, principal: `cluster.local/ns/${from.namespace}/sa/${sa}` }));
}

const stranger: Caller = { namespace: 'intruder', principal: 'cluster.local/ns/intruder/sa/default' };

function requestsFor(caller: Caller, entry: Entry, port: number): AuthzRequest[] {
  const base = { principal: caller.principal, namespace: caller.namespace, port };
  if (entry.kind !== 'http') return [{ ...base, protocol: 'tcp' }];
  return entry.hosts.flatMap((host) => [{ ...base, protocol: 'http' as const, host }, { ...base, protocol: 'http' as const, host: `${host}:${entry.port}` }]);
}

/** The port the gateway pod receives a gateway port on: the package Service's targetPort, else the port. */
function podPort(items: Obj[], gatewayAp: Obj, gatewayPort: number): number {
  const selector: Record<string, string> = gatewayAp.spec.selector.matchLabels;
  const service = items.find((i) => i.kind === 'Service' && i.metadata?.namespace === gatewayAp.metadata.namespace
    && Object.entries(selector).every(([k, v]) => i.spec?.selector?.[k] === v));
  const mapped = (service?.spec?.ports ?? []).find((p: Obj) => p.port === gatewayPort)?.targetPort;
  return typeof mapped === 'number' ? mapped : gatewayPort;
}

describe('every generated AuthorizationPolicy allows its sources and denies the rest', () => {
  for (const name of cases) {
    it(name, () => {
      const text = readFileSync(join(goldenDir, name, 'input.yaml'), 'utf8');
      const input = parse(text) as Obj;
      const items = render(text).items as Obj[];
      const aps = items.filter((i) => i.kind === 'AuthorizationPolicy' && isGenerated(i));
      const policies = items.filter(isPolicy);
      let judged = 0;
      for (const ap of aps) {
        const sources = String(ap.metadata.annotations['egress-policy.dev/source-policies']).split(',');
        const owners = policies.filter((p) => sources.includes(`${p.metadata?.namespace}/${p.metadata?.name}`));
        assert.ok(owners.length > 0, `${ap.metadata.name}: no source policy found`);
        const attachedTo = ap.spec.targetRefs?.[0]?.name;
        const se = items.find((i) => i.kind === 'ServiceEntry' && i.metadata?.name === attachedTo && i.metadata?.namespace === ap.metadata.namespace);
        const applying = (callerAps: Obj[]) => (se ? policiesForServiceEntry(callerAps, se) : policiesForWorkload(callerAps, ap.metadata.namespace, ap.spec.selector.matchLabels));
        assert.ok(applying([ap]).length === 1, `${ap.metadata.name} applies to what it was generated for`);
        const ambient = se !== undefined;
        for (const owner of owners) {
          for (const entry of entriesOf([owner as PlainItem])) {
            const seHosts: string[] = se ? (se.spec.addresses ?? se.spec.hosts) : [];
            if (ambient && !entry.hosts.some((h) => seHosts.includes(h))) continue;
            if (!ambient && ap.metadata.name !== entry.gateway) continue;
            const froms = entry.from.filter((f) => dataplaneOf(items as PlainItem[], input.functionConfig, owner as PlainItem, f.namespace) === (ambient ? 'ambient' : 'sidecar'));
            if (froms.length === 0) continue;
            const port = ambient ? entry.port : podPort(items, ap, entry.gatewayPort as number);
            for (const from of froms) {
              for (const caller of callersOf(items as PlainItem[], from)) {
                for (const req of requestsFor(caller, entry, port)) {
                  assert.equal(decide(applying([ap]), req), 'allow', `${name}: ${ap.metadata.name} must allow ${JSON.stringify(req)}`);
                  judged++;
                }
              }
            }
            for (const req of requestsFor(stranger, entry, port)) {
              assert.equal(decide(applying([ap]), req), 'deny', `${name}: ${ap.metadata.name} must deny ${JSON.stringify(req)}`);
              judged++;
            }
            // A caller allowed elsewhere on this shared HTTP port, but not named for this entry's hosts.
            if (!ambient && entry.kind === 'http') {
              const others = policies.flatMap((p) => entriesOf([p as PlainItem]))
                .filter((o) => o.gateway === entry.gateway && o.gatewayPort === entry.gatewayPort && o.kind === 'http')
                .flatMap((o) => o.from)
                .filter((f) => !entry.from.some((g) => g.namespace === f.namespace));
              for (const other of others) {
                for (const caller of callersOf(items as PlainItem[], other)) {
                  for (const req of requestsFor(caller, entry, port).filter((r) => !policies.flatMap((p) => entriesOf([p as PlainItem])).some((o) => o.hosts.includes(String(r.host).split(':')[0] as string) && o.from.some((g) => g.namespace === caller.namespace)))) {
                    assert.equal(decide(applying([ap]), req), 'deny', `${name}: ${ap.metadata.name} must deny ${JSON.stringify(req)} (its namespace is not named for this host)`);
                    judged++;
                  }
                }
              }
            }
          }
        }
      }
      // The gateway's other ports stay open: its AuthorizationPolicy governs only ours.
      for (const ap of aps.filter((a) => a.spec.selector !== undefined)) {
        assert.equal(decide([ap], { ...stranger, port: 15443, protocol: 'tcp' }), 'allow', `${ap.metadata.name} leaves other ports alone`);
      }
      assert.ok(aps.length === 0 || judged > 0, `${name}: no request judged`);
    });
  }
});

describe('the authorization model itself', () => {
  it('denies what no ALLOW rule matches, and ignores HTTP-only fields for TCP only in DENY', () => {
    const allow = { spec: { action: 'ALLOW', rules: [{ from: [{ source: { namespaces: ['a'] } }], to: [{ operation: { ports: ['80'], hosts: ['x.com'] } }] }] } };
    assert.equal(decide([allow], { namespace: 'a', port: 80, protocol: 'http', host: 'X.com' }), 'allow');
    assert.equal(decide([allow], { namespace: 'a', port: 80, protocol: 'http', host: 'y.com' }), 'deny');
    assert.equal(decide([allow], { namespace: 'a', port: 80, protocol: 'tcp' }), 'deny');
    assert.equal(decide([allow], { namespace: 'b', port: 80, protocol: 'http', host: 'x.com' }), 'deny');
    const deny = { spec: { action: 'DENY', rules: [{ to: [{ operation: { ports: ['80'], hosts: ['x.com'] } }] }] } };
    assert.equal(decide([deny], { namespace: 'a', port: 80, protocol: 'tcp' }), 'deny');
    assert.equal(decide([], { namespace: 'a', port: 80, protocol: 'tcp' }), 'allow');
    assert.equal(portKind('HTTPS'), 'tls');
  });
});
