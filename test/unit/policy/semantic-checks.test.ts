/**
 * Each semantic check (README "Result codes") fed a minimal package that breaks exactly it:
 * the result's severity, code, object and field path are what a user searches for and fixes.
 * Errors also exit 1 with the items unchanged; warnings and infos exit 0.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { run } from '../../../functions/egress-policy/run.ts';

type Json = Record<string, unknown>;

interface Result {
  severity: string;
  message: string;
  resourceRef?: { kind: string; name: string; namespace?: string };
  field?: { path: string };
  tags: { code: string };
}

const http = (host: string, extra: Json = {}): Json => ({ name: host.split('.')[0], hosts: [host], port: { number: 80, protocol: 'HTTP', name: 'http' }, ...extra });
const tls = (host: string, extra: Json = {}): Json => ({ name: host.split('.')[0], hosts: [host], port: { number: 443, protocol: 'HTTPS', name: 'https' }, ...extra });

function policy(name: string, spec: Json, namespace = 'istio-egress'): Json {
  return { apiVersion: 'istio.alibabacloud.com/v1beta1', kind: 'ASMEgressTrafficPolicy', metadata: { name, namespace }, spec };
}

/** A policy named after its gateway, in istio-egress: nothing to warn about but the case's point. */
function clean(gateway: string, rules: Json[]): Json {
  return policy(gateway, { byEgressGateway: { name: gateway }, egressRules: rules });
}

function deployment(namespace: string, name: string, labels: Record<string, string>): Json {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { serviceAccountName: name, containers: [{ name, image: 'example/app:1' }] } } },
  };
}

function resultsOf(items: Json[]): { exitCode: number; results: Result[] } {
  const out = run(stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items }));
  const list = parse(out.stdout) as { results?: Result[] };
  return { exitCode: out.exitCode, results: list.results ?? [] };
}

interface Case {
  title: string;
  items: Json[];
  severity: 'error' | 'warning' | 'info';
  code: string;
  policy: string;
  path: string;
  /** Words the message must contain (e.g. both policies of a cross-policy conflict). */
  mentions?: string[];
}

const rule = (to: Json[], from: Json[] = [{ namespace: 'shop' }]): Json => ({ from, to });

/** A hand-written Istio object, from the file kpt says it lives in. */
function handWritten(kind: string, name: string, namespace: string, spec: Json): Json {
  return { apiVersion: 'networking.istio.io/v1', kind, metadata: { name, namespace, annotations: { 'config.kubernetes.io/path': 'mesh.yaml', 'internal.config.kubernetes.io/path': 'mesh.yaml' } }, spec };
}

const CASES: Case[] = [
  {
    title: 'a gateway name over 32 characters',
    items: [clean('egressgateway-with-a-very-long-name-1', [rule([http('a.example.com', { byEgressGateway: { port: 8080 } })])])],
    severity: 'error', code: 'GATEWAY_NAME_TOO_LONG', policy: 'egressgateway-with-a-very-long-name-1', path: 'spec.byEgressGateway.name',
  },
  {
    title: 'a policy outside istio-egress',
    items: [policy('gw', { byEgressGateway: { name: 'gw' }, egressRules: [rule([http('a.example.com')])] }, 'shop')],
    severity: 'warning', code: 'POLICY_NOT_IN_EGRESS_NAMESPACE', policy: 'gw', path: 'metadata.namespace',
  },
  {
    title: 'a policy not named after its gateway',
    items: [policy('shop-egress', { byEgressGateway: { name: 'gw' }, egressRules: [rule([http('a.example.com')])] })],
    severity: 'warning', code: 'POLICY_NAME_NOT_GATEWAY_NAME', policy: 'shop-egress', path: 'metadata.name',
  },
  {
    title: 'some entries with gateway ports, others blank',
    items: [clean('gw', [rule([http('a.example.com', { byEgressGateway: { port: 8080 } }), tls('b.example.com')])])],
    severity: 'error', code: 'MIXED_GATEWAY_PORTS', policy: 'gw', path: 'spec.egressRules[0].to[1].byEgressGateway',
  },
  {
    title: 'one gateway port for HTTP and TLS inside one policy',
    items: [clean('gw', [rule([http('a.example.com', { byEgressGateway: { port: 8080 } }), tls('b.example.com', { byEgressGateway: { port: 8080 } })])])],
    severity: 'error', code: 'GATEWAY_PORT_PROTOCOL_CONFLICT', policy: 'gw', path: 'spec.egressRules[0].to[1].byEgressGateway.port',
  },
  {
    title: 'one gateway port for two TLS host:ports across two policies on one gateway (both named)',
    items: [
      clean('gw', [rule([tls('a.example.com', { byEgressGateway: { port: 8443 } })])]),
      policy('gw-b', { byEgressGateway: { name: 'gw' }, egressRules: [rule([tls('b.example.com', { byEgressGateway: { port: 8443 } })])] }),
    ],
    severity: 'error', code: 'GATEWAY_PORT_DESTINATION_CONFLICT', policy: 'gw-b', path: 'spec.egressRules[0].to[0].byEgressGateway.port',
    mentions: ['istio-egress/gw '],
  },
  {
    title: 'one source reaching one host:port through two gateways',
    items: [
      clean('gw', [rule([tls('a.example.com', { byEgressGateway: { port: 8443 } })])]),
      clean('gw2', [rule([tls('a.example.com', { byEgressGateway: { port: 8443 } })])]),
    ],
    severity: 'error', code: 'DUPLICATE_ROUTE', policy: 'gw2', path: 'spec.egressRules[0].from[0]',
    mentions: ["gateway 'gw' port 8443", 'istio-egress/gw '],
  },
  {
    title: 'one source reaching one host:port through two ports of one gateway',
    items: [clean('gw', [rule([http('a.example.com', { byEgressGateway: { port: 8080 } })]), rule([http('a.example.com', { name: 'again', byEgressGateway: { port: 8081 } })])])],
    severity: 'error', code: 'DUPLICATE_ROUTE', policy: 'gw', path: 'spec.egressRules[1].from[0]',
  },
  {
    title: 'a namespace-wide source beside a workload source of that namespace, on different routes',
    items: [clean('gw', [
      rule([http('a.example.com', { byEgressGateway: { port: 8080 } })], [{ namespace: 'shop', workloadSelector: { app: 'cart' } }]),
      rule([http('a.example.com', { name: 'all', byEgressGateway: { port: 8081 } })]),
    ])],
    severity: 'warning', code: 'OVERLAPPING_SOURCE_ROUTES', policy: 'gw', path: 'spec.egressRules[1].from[0]',
  },
  {
    title: 'duplicate to names',
    items: [clean('gw', [rule([http('a.example.com', { name: 'api', byEgressGateway: { port: 8080 } }), http('b.example.com', { name: 'api', byEgressGateway: { port: 8080 } })])])],
    severity: 'error', code: 'DUPLICATE_TO_NAME', policy: 'gw', path: 'spec.egressRules[0].to[1].name',
  },
  {
    title: 'httpsUpgrade on HTTPS',
    items: [clean('gw', [rule([tls('a.example.com', { byEgressGateway: { port: 8443 }, httpsUpgrade: { enabled: true } })])])],
    severity: 'error', code: 'HTTPS_UPGRADE_NOT_HTTP', policy: 'gw', path: 'spec.egressRules[0].to[0].httpsUpgrade.enabled',
  },
  {
    title: 'a host that is neither a DNS name nor an IP',
    items: [clean('gw', [rule([http('Bad_Host.example.com', { byEgressGateway: { port: 8080 } })])])],
    severity: 'error', code: 'INVALID_HOST', policy: 'gw', path: 'spec.egressRules[0].to[0].hosts[0]',
  },
  {
    title: 'a wildcard host',
    items: [clean('gw', [rule([http('*.example.com', { name: 'any', byEgressGateway: { port: 8080 } })])])],
    severity: 'error', code: 'WILDCARD_HOST_UNSUPPORTED', policy: 'gw', path: 'spec.egressRules[0].to[0].hosts[0]',
  },
  {
    title: 'TCP by domain (info: needs the DNS proxy)',
    items: [clean('gw', [rule([{ name: 'db', hosts: ['db.example.com'], port: { number: 5432, protocol: 'TCP' }, byEgressGateway: { port: 15432 } }])])],
    severity: 'info', code: 'TCP_BY_DOMAIN_NEEDS_DNS_PROXY', policy: 'gw', path: 'spec.egressRules[0].to[0].hosts',
  },
  {
    title: 'a port out of range',
    items: [clean('gw', [rule([{ name: 'x', hosts: ['a.example.com'], port: { number: 70000, protocol: 'HTTP' }, byEgressGateway: { port: 8080 } }])])],
    severity: 'error', code: 'SCHEMA_VIOLATION', policy: 'gw', path: 'spec.egressRules[0].to[0].port.number',
  },
  {
    title: 'an unknown field',
    items: [clean('gw', [rule([{ name: 'x', hosts: ['a.example.com'], port: { number: 80, protocol: 'HTTP', nmae: 'http' }, byEgressGateway: { port: 8080 } }])])],
    severity: 'error', code: 'UNKNOWN_FIELD', policy: 'gw', path: 'spec.egressRules[0].to[0].port.nmae',
  },
  {
    title: 'a from namespace that is not a valid name',
    items: [clean('gw', [rule([http('a.example.com', { byEgressGateway: { port: 8080 } })], [{ namespace: 'Shop_Team' }])])],
    severity: 'error', code: 'INVALID_NAMESPACE', policy: 'gw', path: 'spec.egressRules[0].from[0].namespace',
  },
  {
    title: 'a workloadSelector that selects none of the namespace\'s workloads in the package',
    items: [deployment('shop', 'cart', { app: 'cart' }), clean('gw', [rule([http('a.example.com', { byEgressGateway: { port: 8080 } })], [{ namespace: 'shop', workloadSelector: { app: 'kart' } }])])],
    severity: 'warning', code: 'SOURCE_WORKLOADS_NOT_FOUND', policy: 'gw', path: 'spec.egressRules[0].from[0].workloadSelector',
  },
  {
    title: 'a workloadSelector for a namespace the package holds no workloads of (info only)',
    items: [deployment('other', 'cart', { app: 'cart' }), clean('gw', [rule([http('a.example.com', { byEgressGateway: { port: 8080 } })], [{ namespace: 'shop', workloadSelector: { app: 'cart' } }])])],
    severity: 'info', code: 'SOURCE_WORKLOADS_NOT_IN_PACKAGE', policy: 'gw', path: 'spec.egressRules[0].from[0].workloadSelector',
  },
  {
    title: 'a hand-written ServiceEntry for a host and port the policy declares',
    items: [handWritten('ServiceEntry', 'payments', 'shop', { hosts: ['a.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' }), clean('gw', [rule([http('a.example.com', { byEgressGateway: { port: 8080 } })])])],
    severity: 'error', code: 'FOREIGN_SERVICE_ENTRY_CONFLICT', policy: 'gw', path: 'spec.egressRules[0].to[0].hosts',
    mentions: ['ServiceEntry shop/payments (mesh.yaml)', 'a.example.com port 80'],
  },
  {
    title: 'a hand-written VirtualService for the host in the sidecars (no gateways: mesh)',
    items: [handWritten('VirtualService', 'payments', 'shop', { hosts: ['*.example.com'], http: [{ route: [{ destination: { host: 'a.example.com' } }] }] }), clean('gw', [rule([http('a.example.com', { byEgressGateway: { port: 8080 } })])])],
    severity: 'error', code: 'FOREIGN_VIRTUAL_SERVICE_CONFLICT', policy: 'gw', path: 'spec.egressRules[0].to[0].hosts',
    mentions: ['VirtualService shop/payments (mesh.yaml)', 'a.example.com'],
  },
  {
    title: 'a hand-written VirtualService bound to the egress gateway for the host',
    items: [handWritten('VirtualService', 'legacy', 'istio-system', { hosts: ['a.example.com'], gateways: ['gw'], http: [{ route: [{ destination: { host: 'a.example.com' } }] }] }), clean('gw', [rule([http('a.example.com', { byEgressGateway: { port: 8080 } })])])],
    severity: 'error', code: 'FOREIGN_VIRTUAL_SERVICE_CONFLICT', policy: 'gw', path: 'spec.egressRules[0].to[0].hosts',
    mentions: ['VirtualService istio-system/legacy', 'at gateway istio-system/gw'],
  },
  {
    title: 'a hand-written DestinationRule for the gateway Service',
    items: [handWritten('DestinationRule', 'gw', 'istio-system', { host: 'gw', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }), clean('gw', [rule([http('a.example.com', { byEgressGateway: { port: 8080 } })])])],
    severity: 'error', code: 'FOREIGN_DESTINATION_RULE_CONFLICT', policy: 'gw', path: 'spec.byEgressGateway.name',
    mentions: ['DestinationRule istio-system/gw (mesh.yaml)', 'gw.istio-system.svc.cluster.local'],
  },
  {
    title: 'a hand-written DestinationRule for an upgraded host',
    items: [handWritten('DestinationRule', 'payments', 'shop', { host: 'a.example.com', trafficPolicy: { tls: { mode: 'DISABLE' } } }), clean('gw', [rule([http('a.example.com', { byEgressGateway: { port: 8080 }, httpsUpgrade: { enabled: true } })])])],
    severity: 'error', code: 'FOREIGN_DESTINATION_RULE_CONFLICT', policy: 'gw', path: 'spec.egressRules[0].to[0].httpsUpgrade',
    mentions: ['DestinationRule shop/payments (mesh.yaml)'],
  },
  {
    title: 'a hand-written Gateway on the egress gateway\'s pods and one of its ports',
    items: [handWritten('Gateway', 'legacy-egress', 'istio-system', { selector: { istio: 'gw' }, servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] }), clean('gw', [rule([http('a.example.com', { byEgressGateway: { port: 8080 } })])])],
    severity: 'error', code: 'FOREIGN_GATEWAY_PORT_CONFLICT', policy: 'gw', path: 'spec.egressRules[0].to[0].byEgressGateway.port',
    mentions: ['Gateway istio-system/legacy-egress (mesh.yaml)', 'port 8080'],
  },
];

describe('conflicts with hand-written config: what does not conflict', () => {
  const policyItems = [clean('gw', [rule([http('a.example.com', { byEgressGateway: { port: 8080 } })])])];
  const cases: Array<[string, Json]> = [
    ['a ServiceEntry for the host on another port', handWritten('ServiceEntry', 'other', 'shop', { hosts: ['a.example.com'], ports: [{ number: 9090, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' })],
    ['a VirtualService for another host', handWritten('VirtualService', 'other', 'shop', { hosts: ['b.example.com'], http: [{ route: [{ destination: { host: 'b.example.com' } }] }] })],
    ['a VirtualService for the host bound to another gateway only', handWritten('VirtualService', 'other', 'shop', { hosts: ['a.example.com'], gateways: ['shop/ingress'], http: [{ route: [{ destination: { host: 'a.example.com' } }] }] })],
    ['a mesh-wide DestinationRule *.local', handWritten('DestinationRule', 'default', 'istio-system', { host: '*.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } })],
    ['a Gateway on other pods, same port', handWritten('Gateway', 'ingress', 'istio-system', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] })],
  ];
  for (const [title, other] of cases) {
    it(title, () => {
      const { exitCode, results } = resultsOf([other, ...policyItems]);
      assert.equal(exitCode, 0, JSON.stringify(results));
      assert.deepEqual(results.filter((r) => r.tags.code.startsWith('FOREIGN_')), []);
    });
  }
});

describe('semantic checks: one minimal bad package each', () => {
  for (const c of CASES) {
    it(`${c.code}: ${c.title}`, () => {
      const { exitCode, results } = resultsOf(c.items);
      const match = results.find((r) => r.tags.code === c.code);
      assert.ok(match, `no ${c.code} result; got ${results.map((r) => `${r.severity} ${r.tags.code} ${r.field?.path}`).join('; ')}`);
      assert.equal(match.severity, c.severity);
      assert.equal(match.field?.path, c.path);
      assert.equal(match.resourceRef?.kind, 'ASMEgressTrafficPolicy');
      assert.equal(match.resourceRef?.name, c.policy);
      for (const text of c.mentions ?? []) assert.ok(match.message.includes(text), `the message does not name ${text}: ${match.message}`);
      assert.equal(exitCode, c.severity === 'error' ? 1 : 0);
    });
  }

  it('a clean policy gets none of these codes', () => {
    const { exitCode, results } = resultsOf([deployment('shop', 'cart', { app: 'cart' }), clean('gw', [rule([http('a.example.com', { byEgressGateway: { port: 8080 } })], [{ namespace: 'shop', workloadSelector: { app: 'cart' } }])])]);
    assert.equal(exitCode, 0);
    const codes = new Set(CASES.map((c) => c.code));
    assert.deepEqual(results.filter((r) => codes.has(r.tags.code)), []);
  });
});
