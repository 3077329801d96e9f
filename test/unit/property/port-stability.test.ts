/**
 * Property tests: auto-allocated gateway ports are stable. After a run has pinned them in
 * status.autoAllocatedGatewayPorts, adding or removing a TLS/TCP entry moves no other entry's
 * port. Sizes and seeds: see nothing-lost.test.ts (PROPERTY_RUNS, PROPERTY_SEED).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { run } from '../../../functions/egress-policy/run.ts';
import type { PolicyFacts, Scenario } from './arbitraries.ts';
import { abstractPolicyArb, abstractToArb, renderCase, scenarioArb } from './arbitraries.ts';
import { isOwned, isPolicyData, itemLineRanges, params } from './support.ts';
import type { Json } from './yaml-text.ts';

/** Auto-port policies whose every rule has at least two TLS/TCP entries. */
const tlsTcpScenario = scenarioArb({
  minPolicies: 1,
  maxPolicies: 2,
  maxOthers: 2,
  policyArb: abstractPolicyArb({ explicit: false, toArb: abstractToArb(['HTTPS', 'TLS', 'TCP-DNS', 'TCP-IP', 'MONGO']), minTo: 2, maxTo: 3 }),
});

type Ports = Record<string, number>;
interface Outcome {
  /** Status ports per policy key, in item order. */
  ports: Map<string, Ports>;
  gatewayOf: Map<string, string>;
}

/** The policies of an output, parsed one item at a time (the generated objects are skipped unparsed). */
function policiesOf(text: string, indent: number): Array<{ range: { start: number; end: number }; data: Json }> {
  return itemLineRanges(text, indent).flatMap((range) => {
    const itemText = text.slice(range.start, range.end);
    if (!itemText.includes('ASMEgressTrafficPolicy')) return [];
    const data = (parse(itemText) as Json[])[0] as Json;
    return isPolicyData(data) && !isOwned(data) ? [{ range, data }] : [];
  });
}

function outcome(text: string, indent: number): Outcome {
  const ports = new Map<string, Ports>();
  const gatewayOf = new Map<string, string>();
  for (const { data } of policiesOf(text, indent)) {
    const p = data as { metadata: { name: string; namespace?: string }; spec: { byEgressGateway: { name: string } }; status?: { autoAllocatedGatewayPorts?: Ports } };
    const key = `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;
    ports.set(key, p.status?.autoAllocatedGatewayPorts ?? {});
    gatewayOf.set(key, p.spec.byEgressGateway.name);
  }
  return { ports, gatewayOf };
}

type Obj = { [key: string]: Json };
type Rules = Array<{ to: Obj[] }>;

/**
 * Runs the scenario, then edits the spec of its first policy as it came out of the run (status
 * pinned) and runs the edited output again. The edited policy is written back in place of the
 * old one as text; everything else in the first output stays byte for byte.
 */
function runEditRun(s: Scenario, edit: (rules: Rules, policy: PolicyFacts) => void): { before: Outcome; after: Outcome; policy: PolicyFacts } {
  const first = run(s.text);
  assert.equal(first.exitCode, 0, first.stderr);
  const { range, data } = policiesOf(first.stdout, s.itemIndent)[0] as { range: { start: number; end: number }; data: Obj };
  const policy = s.items.filter((i) => i.role === 'policy')[0]?.policy as PolicyFacts;
  assert.equal(`${(data.metadata as Obj).namespace ?? 'default'}/${(data.metadata as Obj).name}`, policy.key, 'test bug: not the first policy');
  edit((data.spec as { egressRules: Rules }).egressRules, policy);
  const style = { styleSeed: undefined, blankBefore: false, headComments: 0, headColumnZero: false };
  const text = first.stdout.slice(0, range.start) + s.eol(renderCase('policy', data, style, s.itemIndent, 0, { aliases: false }).body) + first.stdout.slice(range.end);
  const second = run(text);
  assert.equal(second.exitCode, 0, second.stderr);
  return { before: outcome(first.stdout, s.itemIndent), after: outcome(second.stdout, s.itemIndent), policy };
}

describe('property: port stability', () => {
  it('adding a TLS/TCP entry to a pinned policy moves no other port', () => {
    fc.assert(
      fc.property(tlsTcpScenario, fc.constantFrom('TLS', 'HTTPS', 'TCP'), fc.nat(3), (s, protocol, rule) => {
        const added = `added-entry.example.com`;
        const { before, after, policy } = runEditRun(s, (rules) => {
          (rules[rule % rules.length] as { to: Obj[] }).to.push({ hosts: [added], port: { number: 443, protocol } });
        });
        for (const [key, ports] of before.ports) {
          const now = after.ports.get(key) as Ports;
          const expected = key === policy.key ? [...Object.keys(ports), `${added}-443`].sort() : Object.keys(ports).sort();
          assert.deepEqual(Object.keys(now).sort(), expected, `${key}: status keys`);
          for (const [k, port] of Object.entries(ports)) assert.equal(now[k], port, `${key}: port of ${k} moved from ${port} to ${now[k]}`);
        }
        const fresh = (after.ports.get(policy.key) as Ports)[`${added}-443`] as number;
        assert.ok(fresh >= 10001 && fresh <= 20000, `new port ${fresh}`);
        for (const [key, ports] of after.ports) {
          if (after.gatewayOf.get(key) !== policy.gateway) continue;
          for (const [k, port] of Object.entries(ports)) if (k !== `${added}-443`) assert.notEqual(port, fresh, `new entry got ${k}'s port ${port}`);
        }
      }),
      params(),
    );
  });

  it('removing a TLS/TCP entry from a pinned policy moves no other port', () => {
    fc.assert(
      fc.property(tlsTcpScenario, fc.nat(20), (s, pick) => {
        let removedKey = '';
        const { before, after, policy } = runEditRun(s, (rules, facts) => {
          const removable = facts.entries.filter((e) => e.kind !== 'http');
          const entry = removable[pick % removable.length] as PolicyFacts['entries'][number];
          const [, r, t] = /\[(\d+)\]\.to\[(\d+)\]/.exec(entry.path) as unknown as [string, string, string];
          (rules[Number(r)] as { to: Obj[] }).to.splice(Number(t), 1);
          removedKey = entry.statusKey;
        });
        for (const [key, ports] of before.ports) {
          const now = after.ports.get(key) as Ports;
          const stillListed = key !== policy.key || policy.entries.filter((e) => e.statusKey === removedKey).length > 1;
          const expected = Object.keys(ports).filter((k) => stillListed || k !== removedKey).sort();
          assert.deepEqual(Object.keys(now).sort(), expected, `${key}: status keys`);
          for (const k of expected) assert.equal(now[k], ports[k], `${key}: port of ${k} moved from ${ports[k]} to ${now[k]}`);
        }
      }),
      params(),
    );
  });
});

