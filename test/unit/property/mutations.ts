/**
 * Ways to break one valid policy, each against a rule of policy/schema.ts or
 * policy/read-policy.ts, with the field path an error must point at (or below).
 */
import fc from 'fast-check';
import type { MutationResult, PolicyFacts, PolicyMutation } from './arbitraries.ts';
import type { Json } from './yaml-text.ts';

type Obj = { [key: string]: Json };
interface Target {
  spec: Obj;
  entry: Obj;
  rule: Obj;
  ruleIndex: number;
  toIndex: number;
  path: string;
  all: Array<{ entry: Obj; path: string }>;
}

const ENTRY_MUTATIONS = [
  'unknown-protocol',
  'missing-protocol',
  'ip-host-not-tcp',
  'wildcard-host',
  'upper-case-host',
  'https-upgrade-not-http',
  'unknown-entry-field',
  'port-out-of-range',
  'port-number-as-string',
  'empty-hosts',
  'hosts-not-a-list',
  'mixed-ip-and-dns',
  'mixed-gateway-ports',
  'duplicate-to-name',
  'bad-from-namespace',
] as const;
const SPEC_MUTATIONS = ['bad-gateway-name', 'empty-gateway-name', 'unknown-spec-field', 'no-egress-rules', 'missing-from'] as const;
export type MutationKind = (typeof ENTRY_MUTATIONS)[number] | (typeof SPEC_MUTATIONS)[number];

export const mutationArb: fc.Arbitrary<PolicyMutation> = fc
  .record({ kind: fc.constantFrom<MutationKind>(...ENTRY_MUTATIONS, ...SPEC_MUTATIONS), policy: fc.nat(10), entry: fc.nat(20), variant: fc.nat(10) })
  .map(({ kind, policy, entry, variant }) => ({
    describe: kind,
    apply: (policies) => (policies.length === 0 ? undefined : mutate(policies, kind, policy % policies.length, entry, variant)),
  }));

function mutate(policies: Array<{ data: Json; facts: PolicyFacts; aliasFrom: boolean }>, kind: MutationKind, pi: number, ei: number, variant: number): MutationResult | undefined {
  const target = policies[pi] as { data: Json; facts: PolicyFacts; aliasFrom: boolean };
  target.aliasFrom = false; // each rule's `from` is written out, so a mutation of one stays in that one
  const data = target.data as Obj;
  const spec = data.spec as Obj;
  const rules = spec.egressRules as Obj[];
  const all = rules.flatMap((rule, r) => (rule.to as Obj[]).map((entry, t) => ({ entry, rule, ruleIndex: r, toIndex: t, path: `spec.egressRules[${r}].to[${t}]` })));
  const pick = all[ei % all.length] as (typeof all)[number];
  const t: Target = { spec, entry: pick.entry, rule: pick.rule, ruleIndex: pick.ruleIndex, toIndex: pick.toIndex, path: pick.path, all };
  const result = (pathPrefix: string, description: string): MutationResult => ({ policy: target.facts, pathPrefix, description: `${kind}: ${description}` });
  const port = t.entry.port as Obj;
  const choose = <T>(options: readonly T[]): T => options[variant % options.length] as T;
  switch (kind) {
    case 'unknown-protocol': {
      const p = choose(['UDP', 'SCTP', 'HTTP3', 'TCPX', 'h2c', '']);
      port.protocol = p;
      return result(`${t.path}.port.protocol`, `protocol '${p}'`);
    }
    case 'missing-protocol':
      delete port.protocol;
      return result(`${t.path}.port.protocol`, 'no port.protocol');
    case 'ip-host-not-tcp': {
      const p = choose(['HTTP', 'HTTPS', 'TLS', 'HTTP2', 'GRPC']);
      port.protocol = p;
      delete t.entry.httpsUpgrade;
      t.entry.hosts = ['198.51.100.7'];
      return result(`${t.path}.hosts`, `IP host with ${p}`);
    }
    case 'wildcard-host': {
      const h = choose(['*.example.com', '*', 'api.*.example.com', '*.svc.example.org']);
      (t.entry.hosts as Json[])[0] = h;
      return result(`${t.path}.hosts[0]`, `host '${h}'`);
    }
    case 'upper-case-host': {
      const h = choose(['Api.Example.com', 'API.EXAMPLE.COM', 'bad_host.example.com', 'trailing-.example.com', 'ünï.example.com']);
      if (typeof port.protocol === 'string' && port.protocol.toUpperCase() === 'TCP') port.protocol = 'TLS';
      t.entry.hosts = [h];
      return result(`${t.path}.hosts[0]`, `host '${h}'`);
    }
    case 'https-upgrade-not-http': {
      const p = choose(['HTTPS', 'TCP', 'TLS', 'HTTP2', 'GRPC']);
      port.protocol = p;
      if (p === 'TCP' || p === 'TLS' || p === 'HTTPS') t.entry.hosts = [`upgrade-${pi}.example.com`];
      t.entry.httpsUpgrade = { enabled: true };
      return result(`${t.path}.httpsUpgrade`, `httpsUpgrade on ${p}`);
    }
    case 'unknown-entry-field': {
      const [field, where] = choose([['hostz', ''], ['protocl', '.port'], ['timeout', '.httpsUpgrade'], ['weight', '.byEgressGateway']] as const);
      const holder = where === '' ? t.entry : ((t.entry[where.slice(1)] as Obj | undefined) ?? (t.entry[where.slice(1)] = {}));
      holder[field] = 'x';
      if (where === '.byEgressGateway' && !target.facts.explicit) delete (holder as Obj).port;
      return result(`${t.path}${where}.${field}`, `unknown field ${where}.${field}`);
    }
    case 'port-out-of-range': {
      const n = choose([0, 65536, 70000, -1]);
      port.number = n;
      return result(`${t.path}.port.number`, `port.number ${n}`);
    }
    case 'port-number-as-string':
      port.number = String(port.number);
      return result(`${t.path}.port.number`, 'port.number is a string');
    case 'empty-hosts':
      t.entry.hosts = [];
      return result(`${t.path}.hosts`, 'hosts: []');
    case 'hosts-not-a-list':
      t.entry.hosts = choose(['api.example.com', null, 7] as Json[]);
      return result(`${t.path}.hosts`, `hosts: ${JSON.stringify(t.entry.hosts)}`);
    case 'mixed-ip-and-dns':
      port.protocol = 'TCP';
      delete t.entry.httpsUpgrade;
      t.entry.hosts = ['198.51.100.9', `mixed-${pi}.example.com`];
      return result(`${t.path}.hosts`, 'an IP and a DNS name in one entry');
    case 'mixed-gateway-ports': {
      // Make sure there are two entries, then give exactly one a port (auto policy) or take it from one (explicit).
      if (t.all.length === 1) {
        (t.rule.to as Obj[]).push({ hosts: [`second-${pi}.example.com`], port: { number: 443, protocol: 'TLS' }, ...(target.facts.explicit ? { byEgressGateway: { port: 41000 + pi } } : {}) });
      }
      const entries = (spec.egressRules as Obj[]).flatMap((rule) => rule.to as Obj[]);
      const one = entries[ei % entries.length] as Obj;
      if (target.facts.explicit) {
        if (variant % 2 === 0) delete one.byEgressGateway;
        else delete (one.byEgressGateway as Obj).port;
      } else {
        one.byEgressGateway = { ...((one.byEgressGateway as Obj | undefined) ?? {}), port: 42000 + pi };
      }
      return result('spec.egressRules', target.facts.explicit ? 'one entry without a gateway port' : 'one entry with a gateway port');
    }
    case 'duplicate-to-name': {
      if (t.all.length === 1) (t.rule.to as Obj[]).push({ hosts: [`dup-${pi}.example.com`], port: { number: 443, protocol: 'TLS' }, ...(target.facts.explicit ? { byEgressGateway: { port: 43000 + pi } } : {}) });
      const entries = (spec.egressRules as Obj[]).flatMap((rule) => rule.to as Obj[]);
      const a = entries[ei % entries.length] as Obj;
      const b = entries[(ei + 1) % entries.length] as Obj;
      a.name = 'same-name';
      b.name = 'same-name';
      return result('spec.egressRules', "two entries named 'same-name'");
    }
    case 'bad-from-namespace': {
      const ns = choose(['Bad_NS', 'UPPER', '-lead', 'x'.repeat(64), 'dots.not.allowed']);
      const from = t.rule.from as Obj[];
      (from[0] as Obj).namespace = ns;
      return result(`spec.egressRules[${t.ruleIndex}].from[0].namespace`, `from namespace '${ns}'`);
    }
    case 'bad-gateway-name': {
      const g = choose(['Egress_GW', 'UPPER', 'gw.with.dots', '-gw']);
      (spec.byEgressGateway as Obj).name = g;
      return result('spec.byEgressGateway.name', `gateway name '${g}'`);
    }
    case 'empty-gateway-name':
      if (variant % 2 === 0) (spec.byEgressGateway as Obj).name = '';
      else spec.byEgressGateway = {};
      return result('spec.byEgressGateway', 'no gateway name');
    case 'unknown-spec-field': {
      const f = choose(['egressRule', 'byEgressGateways', 'hosts']);
      spec[f] = [];
      return result(`spec.${f}`, `unknown field spec.${f}`);
    }
    case 'no-egress-rules':
      spec.egressRules = [];
      return result('spec.egressRules', 'egressRules: []');
    case 'missing-from':
      if (variant % 2 === 0) delete t.rule.from;
      else t.rule.from = [];
      return result(`spec.egressRules[${t.ruleIndex}].from`, 'no from');
  }
}
