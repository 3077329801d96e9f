/**
 * fast-check arbitraries that build a KRM ResourceList as TEXT, keeping for every item the
 * exact text written and the data it means:
 * - unrelated items (ConfigMap, Deployment, Service, Namespace, CRD kinds, look-alikes of
 *   policies and of our own output) in varied YAML styles (see yaml-text.ts);
 * - stale output of an earlier run (our label + our annotation), which must be dropped;
 * - 0-3 VALID ASMEgressTrafficPolicies that respect read-policy.ts and gateway-port-conflicts.ts
 *   (unique hosts unless shared on purpose, distinct explicit TLS/TCP gateway ports, HTTP
 *   gateway ports apart from TLS/TCP ones, pinned ports out of the way of explicit ones).
 */
import fc from 'fast-check';
import type { Json, MapEntry, MapNode } from './yaml-text.ts';
import { isOwned } from './support.ts';
import { Stylist, chooser, comment, dataOf, renderItem, seededChooser } from './yaml-text.ts';

// ---------------------------------------------------------------------------------------------
// Scalars and trees for unrelated items

const WORDS = ['alpha', 'beta', 'nginx', 'sleep', 'web', 'api', 'frontend', 'Grüße', 'café', '日本語', 'naïve', 'Ωmega', 'straße', 'v1.2.3', 'image/tag', 'user@example', 'nginx:1.25'];
/** Strings a YAML 1.1 or 1.2 reader would take for something else if they were not quoted. */
export const LOOKALIKES = [
  '0755', 'yes', 'no', 'on', 'off', 'y', 'n', '1_000', 'true', 'False', 'null', '~', '', '1e3', '0x1F', '0o17', '.inf', '-', '- x',
  'a: b', '# not a comment', ' leading space', 'trailing space ', 'a #b', '@at', '`tick', '%pct', '*star', '&amp', '!bang', '|pipe',
  '>gt', '[x]', '{y}', "'q'", '"dq"', 'tab\there', '12:30', '2024-01-01', '3.14', '+1', '007', 'NaN', '=', '?', ',comma', 'ends with colon:',
  'back\\slash', 'emoji 🚀 rocket', '---', '...', 'line\nbreak',
];
const MULTILINE = [
  'line one\nline two\n',
  'first\nsecond',
  '#!/bin/sh\necho "hi: there" # not a comment\nexit 0\n',
  'folded words that go on and on and on, well past forty characters, to be folded over several lines\n',
  'key=value\nother=ünïcödé\n',
  'single line with newline\n',
];
const longString = fc
  .array(fc.constantFrom(...WORDS.filter((w) => !w.includes(':'))), { minLength: 25, maxLength: 40 })
  .map((ws) => ws.join(' '))
  .filter((s) => s.length > 130);

export const stringArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 5 }).map((ws) => ws.join(' ')) },
  { weight: 3, arbitrary: fc.constantFrom(...LOOKALIKES) },
  { weight: 2, arbitrary: fc.constantFrom(...MULTILINE) },
  { weight: 1, arbitrary: longString },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
);
const numberArb: fc.Arbitrary<number> = fc.oneof(fc.integer({ min: -1000, max: 100000 }), fc.constantFrom(0.5, 1.5, -2.25, 3.14));
const leafArb: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: stringArb },
  { weight: 2, arbitrary: numberArb },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);
const KEYS = ['name', 'value', 'app.kubernetes.io/name', 'x-y', 'camelCase', 'with space', 'Grüße', 'on', 'yes', '123', 'true', 'null', 'a: b', '#hash', 'replicas', 'enabled', 'mode', 'nested'];
const keyArb = fc.constantFrom(...KEYS);
const treeArb: fc.Arbitrary<Json> = fc.letrec<{ value: Json; map: Json; seq: Json }>((tie) => ({
  value: fc.oneof({ maxDepth: 3, depthIdentifier: 'tree' }, leafArb, tie('map'), tie('seq')),
  map: fc.uniqueArray(fc.tuple(keyArb, tie('value')), { maxLength: 4, selector: ([k]) => k }).map((es) => Object.fromEntries(es) as Json),
  seq: fc.array(tie('value'), { maxLength: 4, depthIdentifier: 'tree' }),
})).value;

// ---------------------------------------------------------------------------------------------
// Kubernetes-like unrelated objects

const LABEL_KEYS = ['app', 'app.kubernetes.io/name', 'tier', 'istio', 'version'];
const LABEL_VALUES = ['web', 'egressgateway', 'v1', 'sleep', 'a-b_c.d', 'frontend'];
const labelsArb = fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { minKeys: 1, maxKeys: 3 });
const nameArb = fc.constantFrom('web', 'app-config', 'egressgateway', 'frontend', 'db', 'cfg-1', 'x');
const namespaceArb = fc.constantFrom('default', 'istio-system', 'team-a', 'istio-egress');

const KPT_PATHS = ['app/deploy.yaml', 'egress/policy.yaml', 'cm.yaml', 'ünïcödé/dir/file.yaml'];
const annotationsArb: fc.Arbitrary<Record<string, Json>> = fc
  .record(
    {
      kpt: fc.option(fc.tuple(fc.constantFrom(...KPT_PATHS), fc.nat(5), fc.boolean()), { nil: undefined }),
      free: fc.dictionary(fc.constantFrom('description', 'example.com/note', 'kubectl.kubernetes.io/last-applied-configuration', 'x.io/flag'), stringArb, { maxKeys: 2 }),
    },
    { requiredKeys: ['free'] },
  )
  .map(({ kpt, free }) => {
    const out: Record<string, Json> = { ...free };
    if (kpt) {
      const [path, index, legacy] = kpt;
      out['internal.config.kubernetes.io/path'] = path;
      out['internal.config.kubernetes.io/index'] = String(index);
      if (legacy) {
        out['config.kubernetes.io/path'] = path;
        out['config.kubernetes.io/index'] = String(index);
      }
    }
    return out;
  });

function metadataArb(extraLabels?: Record<string, string>, extraAnnotations?: Record<string, string>): fc.Arbitrary<Json> {
  return fc
    .record({ name: nameArb, namespace: fc.option(namespaceArb, { nil: undefined }), labels: fc.option(labelsArb, { nil: undefined }), annotations: fc.option(annotationsArb, { nil: undefined }) })
    .map(({ name, namespace, labels, annotations }) => {
      const meta: Record<string, Json> = { name };
      if (namespace !== undefined) meta.namespace = namespace;
      const l = { ...(labels ?? {}), ...(extraLabels ?? {}) };
      if (Object.keys(l).length > 0) meta.labels = l;
      const a = { ...(annotations ?? {}), ...(extraAnnotations ?? {}) };
      if (Object.keys(a).length > 0) meta.annotations = a;
      return meta;
    });
}

const configMapArb: fc.Arbitrary<Json> = fc
  .record({ metadata: metadataArb(), data: fc.dictionary(fc.constantFrom('app.properties', 'script.sh', 'mode', 'enabled', 'long', 'Grüße', '0755'), stringArb, { maxKeys: 5 }) })
  .map(({ metadata, data }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data }));

const deploymentArb: fc.Arbitrary<Json> = fc
  .record({
    metadata: metadataArb(),
    replicas: fc.nat(5),
    labels: labelsArb,
    image: fc.constantFrom('nginx:1.25', 'curlimages/curl:8.8.0', 'registry.example.com/team/app@sha256:0123abcd', 'busybox'),
    args: fc.option(fc.array(stringArb, { maxLength: 4 }), { nil: undefined }),
    env: fc.option(fc.array(fc.record({ name: fc.constantFrom('MODE', 'LEVEL', 'ON', 'FLAG'), value: stringArb }), { maxLength: 3 }), { nil: undefined }),
    ports: fc.option(fc.array(fc.record({ containerPort: fc.integer({ min: 1, max: 65535 }) }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  })
  .map(({ metadata, replicas, labels, image, args, env, ports }) => {
    const container: Record<string, Json> = { name: 'main', image };
    if (args) container.args = args;
    if (env) container.env = env;
    if (ports) container.ports = ports;
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container] } } },
    };
  });

/** Services matter: one named like a gateway in istio-system changes the gateway's selector and ports. */
const serviceArb: fc.Arbitrary<Json> = fc
  .record({
    metadata: metadataArb(),
    selector: fc.option(labelsArb, { nil: undefined }),
    ports: fc.array(
      fc.record({ name: fc.option(fc.constantFrom('http', 'tls-12000', 'https-10000'), { nil: undefined }), port: fc.integer({ min: 1, max: 65535 }), targetPort: fc.option(fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.constant('http')), { nil: undefined }) }, { requiredKeys: ['port'] }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ metadata, selector, ports }) => {
    const spec: Record<string, Json> = { ports: ports.map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as Json) };
    if (selector) spec.selector = selector;
    return { apiVersion: 'v1', kind: 'Service', metadata, spec };
  });

const namespaceObjArb: fc.Arbitrary<Json> = fc
  .record({ name: namespaceArb, labels: fc.option(labelsArb, { nil: undefined }) })
  .map(({ name, labels }): Json => ({ apiVersion: 'v1', kind: 'Namespace', metadata: labels ? { name, labels } : { name } }));

/** CRD kinds, including look-alikes: our kind under another group or version, Istio kinds not ours. */
const crdArb: fc.Arbitrary<Json> = fc
  .record({
    gv: fc.constantFrom('example.com/v1', 'kafka.strimzi.io/v1beta2', 'cert-manager.io/v1', 'istio.alibabacloud.com/v2', 'example.com/v1beta1', 'networking.istio.io/v1', 'istio.alibabacloud.com/v1beta1'),
    kind: fc.constantFrom('Widget', 'KafkaTopic', 'Certificate', 'ASMEgressTrafficPolicy', 'ServiceEntry', 'VirtualService', 'AsmEgressTrafficPolicy'),
    metadata: metadataArb(),
    spec: treeArb,
    status: fc.option(treeArb, { nil: undefined }),
  })
  // The one real policy group/version/kind is generated as a policy, never as junk.
  .filter(({ gv, kind }) => !(kind === 'ASMEgressTrafficPolicy' && /^istio\.alibabacloud\.com\/(v1beta1|v1)$/.test(gv)))
  .map(({ gv, kind, metadata, spec, status }): Json => (status === undefined ? { apiVersion: gv, kind, metadata, spec } : { apiVersion: gv, kind, metadata, spec, status }));

/** Carries only half of what marks our output (label without annotation, or the reverse): kept. */
const halfOwnedArb: fc.Arbitrary<Json> = fc
  .record({
    which: fc.constantFrom('label-only', 'annotation-only', 'other-manager'),
    kind: fc.constantFrom('ServiceEntry', 'ConfigMap'),
    metadata: metadataArb(),
  })
  .map(({ which, kind, metadata }): Json => {
    const meta = { ...(metadata as Record<string, Json>) };
    const labels = { ...((meta.labels as Record<string, Json>) ?? {}) };
    const annotations = { ...((meta.annotations as Record<string, Json>) ?? {}) };
    if (which === 'label-only') labels['app.kubernetes.io/managed-by'] = 'egress-policy';
    if (which === 'annotation-only') annotations['egress-policy.dev/source-policies'] = 'istio-egress/p';
    if (which === 'other-manager') {
      labels['app.kubernetes.io/managed-by'] = 'helm';
      annotations['egress-policy.dev/source-policies'] = 'istio-egress/p';
    }
    if (Object.keys(labels).length > 0) meta.labels = labels;
    else delete meta.labels;
    if (Object.keys(annotations).length > 0) meta.annotations = annotations;
    else delete meta.annotations;
    return kind === 'ConfigMap'
      ? { apiVersion: 'v1', kind, metadata: meta, data: { k: 'v' } }
      : { apiVersion: 'networking.istio.io/v1', kind, metadata: meta, spec: { hosts: ['mine.example.com'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }], resolution: 'DNS' } };
  });

export const unrelatedDataArb: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: configMapArb },
  { weight: 2, arbitrary: deploymentArb },
  { weight: 2, arbitrary: serviceArb },
  { weight: 1, arbitrary: namespaceObjArb },
  { weight: 3, arbitrary: crdArb },
  { weight: 1, arbitrary: halfOwnedArb },
);

/** Output of an earlier run: our label and our annotation. The function must drop it. */
export const staleDataArb: fc.Arbitrary<Json> = fc
  .record({
    kind: fc.constantFrom('ServiceEntry', 'VirtualService', 'DestinationRule', 'Gateway'),
    version: fc.constantFrom('v1', 'v1beta1', 'v1alpha3'),
    kpt: fc.boolean(),
    spec: treeArb,
  })
  .map(({ kind, version, kpt, spec }) => ({
    apiVersion: `networking.istio.io/${version}`,
    kind,
    metadata: {
      name: 'egress-old.example.com',
      namespace: 'istio-egress',
      labels: { 'app.kubernetes.io/managed-by': 'egress-policy' },
      annotations: { 'egress-policy.dev/source-policies': 'istio-egress/removed', ...(kpt ? { 'internal.config.kubernetes.io/path': 'egress/egressgateway.yaml', 'internal.config.kubernetes.io/index': '3' } : {}) },
    },
    spec,
  }));

// ---------------------------------------------------------------------------------------------
// Valid policies

export type EntryKind = 'HTTP' | 'HTTP2' | 'GRPC' | 'HTTPS' | 'TLS' | 'TCP-IP' | 'TCP-DNS' | 'MONGO';
const KIND_CLASS: Record<EntryKind, 'http' | 'tls' | 'tcp'> = { HTTP: 'http', HTTP2: 'http', GRPC: 'http', HTTPS: 'tls', TLS: 'tls', 'TCP-IP': 'tcp', 'TCP-DNS': 'tcp', MONGO: 'tcp' };
const PORTS: Record<EntryKind, number[]> = { HTTP: [80, 8080, 8000], HTTP2: [80, 8080], GRPC: [8000, 9090], HTTPS: [443, 8443, 9443], TLS: [443, 9443], 'TCP-IP': [3306, 5432, 9000], 'TCP-DNS': [3306, 5432, 9000], MONGO: [27017] };
/** Explicit gateway ports for HTTP-family entries; all HTTP, so they may be shared. */
const HTTP_EXPLICIT = [8080, 8081, 10000, 15080];
const DOMAINS = ['example.com', 'svc.example.org', 'xn--bcher-kva.example', 'a-b.example.net'];
const GATEWAYS = ['egressgateway', 'egw-b'];

interface AbstractTo {
  kind: EntryKind;
  hostCount: number;
  label: string;
  domain: number;
  port: number;
  protoCase: number;
  named: boolean;
  portName: number;
  upgrade: number;
  blank: number;
  share: number;
  shareFrom: number;
}
interface AbstractRule {
  named: boolean;
  from: Array<{ ns: string; selector?: Record<string, string> }>;
  to: AbstractTo[];
}
export interface AbstractPolicy {
  version: 'v1beta1' | 'v1';
  namespace?: string;
  label: string;
  gateway: string;
  explicit: boolean;
  localConfig: boolean;
  kpt: boolean;
  rules: AbstractRule[];
  status: number;
  aliasFrom: boolean;
}

const hostLabelArb = fc.constantFrom('api', 'db', 'files', 'x', 'pay-gw', 'a1');
export const abstractToArb = (kinds: readonly EntryKind[] = Object.keys(KIND_CLASS) as EntryKind[]): fc.Arbitrary<AbstractTo> =>
  fc.record({
    kind: fc.constantFrom(...kinds),
    hostCount: fc.oneof({ weight: 6, arbitrary: fc.constant(1) }, { weight: 3, arbitrary: fc.constant(2) }, { weight: 1, arbitrary: fc.constant(3) }),
    label: hostLabelArb,
    domain: fc.nat(DOMAINS.length - 1),
    port: fc.nat(10),
    protoCase: fc.nat(5),
    named: fc.boolean(),
    portName: fc.nat(4),
    upgrade: fc.nat(5),
    blank: fc.nat(5),
    share: fc.nat(7),
    shareFrom: fc.nat(20),
  });
const fromArb = fc.uniqueArray(
  fc.record({ ns: fc.constantFrom('default', 'app-ns', 'team-a', 'sleep'), selector: fc.option(fc.dictionary(fc.constantFrom('app', 'version', 'tier'), fc.constantFrom('sleep', 'v1', 'web', 'curl'), { minKeys: 1, maxKeys: 2 }), { nil: undefined }) }, { requiredKeys: ['ns'] }),
  { minLength: 1, maxLength: 3, selector: (f) => `${f.ns}/${JSON.stringify(f.selector ?? {})}` },
);
const abstractRuleArb = (toArb: fc.Arbitrary<AbstractTo>, minTo: number, maxTo: number): fc.Arbitrary<AbstractRule> =>
  fc.record({ named: fc.boolean(), from: fromArb, to: fc.array(toArb, { minLength: minTo, maxLength: maxTo }) });

export const abstractPolicyArb = (options: { toArb?: fc.Arbitrary<AbstractTo>; explicit?: boolean; maxRules?: number; minTo?: number; maxTo?: number } = {}): fc.Arbitrary<AbstractPolicy> =>
  fc.record({
    version: fc.constantFrom('v1beta1' as const, 'v1' as const),
    namespace: fc.option(fc.constantFrom('istio-egress', 'default', 'team-a'), { nil: undefined }),
    label: fc.constantFrom('egress', 'allow-api', 'db', 'x'),
    gateway: fc.constantFrom(...GATEWAYS),
    explicit: options.explicit === undefined ? fc.boolean() : fc.constant(options.explicit),
    localConfig: fc.boolean(),
    kpt: fc.boolean(),
    rules: fc.array(abstractRuleArb(options.toArb ?? abstractToArb(), options.minTo ?? 1, options.maxTo ?? 2), { minLength: 1, maxLength: options.maxRules ?? 2 }),
    status: fc.nat(9),
    aliasFrom: fc.boolean(),
  }, { requiredKeys: ['version', 'label', 'gateway', 'explicit', 'localConfig', 'kpt', 'rules', 'status', 'aliasFrom'] });

/** What the tests need to know about a concrete policy. */
export interface PolicyFacts {
  key: string;
  name: string;
  namespace?: string;
  gateway: string;
  explicit: boolean;
  entries: Array<{ path: string; statusKey: string; protocol: string; kind: 'http' | 'tls' | 'tcp'; explicitPort?: number }>;
  /** Pins written in the input status that must be honoured (valid, in range, not shared). */
  honouredPins: Record<string, number>;
  /** The input status pins something that will be reported PINNED_PORT_IGNORED. */
  badPin: boolean;
}

interface ConcreteEntry {
  kind: EntryKind;
  hosts: string[];
  portNumber: number;
  protocol: string;
  upgrade?: { enabled: boolean; port?: number };
  policy: number;
  gateway: string;
  explicit: boolean;
  /** Namespaces of the entry's sources. */
  namespaces: string[];
}

/**
 * Makes concrete, valid policies from abstract ones: unique names, hosts unique unless shared on
 * purpose, explicit TLS/TCP gateway ports all distinct, pins distinct and out of the explicit range.
 */
export function concretePolicies(abstract: readonly AbstractPolicy[], explicitBase = 20001): Array<{ data: Json; facts: PolicyFacts; aliasFrom: boolean }> {
  let hostCounter = 0;
  let ipCounter = 0;
  let explicitCounter = 0;
  let pinCounter = 0;
  const previous: ConcreteEntry[] = [];
  const concrete = abstract.map((p, pi) => {
    const name = `p${pi}-${p.label}`;
    const key = `${p.namespace ?? 'default'}/${name}`;
    const facts: PolicyFacts = { key, name, gateway: p.gateway, explicit: p.explicit, entries: [], honouredPins: {}, badPin: false, ...(p.namespace ? { namespace: p.namespace } : {}) };
    const rules = p.rules.map((rule, ri) => {
      const from = (p.aliasFrom && ri > 0 ? (p.rules[0] as AbstractRule).from : rule.from).map((f): Json => (f.selector ? { namespace: f.ns, workloadSelector: f.selector } : { namespace: f.ns }));
      const to = rule.to.map((t, ti) => {
        let kind = t.kind;
        let hosts: string[];
        let portNumber = PORTS[kind][t.port % PORTS[kind].length] as number;
        let upgrade: ConcreteEntry['upgrade'];
        if (kind === 'HTTP') {
          upgrade = [undefined, { enabled: true }, { enabled: true, port: 8443 }, { enabled: false, port: 443 }, { enabled: false }, undefined][t.upgrade % 6];
        }
        // Sharing another policy's exact entry is valid when the route is the same (same gateway,
        // automatic ports on both sides), or when no source namespace is in both: otherwise one
        // source reaches one host:port by two routes (DUPLICATE_ROUTE).
        const namespaces = from.map((f) => (f as { namespace: string }).namespace);
        const sameRoute = (e: ConcreteEntry): boolean => e.gateway === p.gateway && !e.explicit && !p.explicit;
        const compatible = (e: ConcreteEntry): boolean => sameRoute(e) || !e.namespaces.some((n) => namespaces.includes(n));
        // Every entry already naming that host:port (this policy's included) must be compatible.
        const shareable = (c: ConcreteEntry): boolean => previous.filter((e) => e.hosts[0] === c.hosts[0] && e.portNumber === c.portNumber).every(compatible);
        const others = previous.filter((e) => e.policy !== pi && shareable(e));
        const exact = t.share === 1 ? others[t.shareFrom % Math.max(others.length, 1)] : undefined;
        // A host may serve several classes (HTTP on 80, TLS on 443), but within one class every
        // entry naming it must be the same destination, so reuse a host not yet in this class.
        const inClass = new Set(previous.filter((e) => KIND_CLASS[e.kind] === KIND_CLASS[kind]).flatMap((e) => e.hosts));
        const reusable = kind === 'TCP-IP' ? [] : previous.filter((e) => e.kind !== 'TCP-IP' && !inClass.has(e.hosts[0] as string));
        const reuse = t.share === 2 ? reusable[t.shareFrom % Math.max(reusable.length, 1)] : undefined;
        if (exact !== undefined) {
          kind = exact.kind;
          hosts = [...exact.hosts];
          portNumber = exact.portNumber;
          upgrade = exact.upgrade;
        } else if (kind === 'TCP-IP') {
          // One IP per entry: several distinct IPs in one entry are an error (SEVERAL_IPS_IN_ENTRY).
          hosts = Array.from({ length: 1 }, () => {
            const n = ipCounter++;
            return t.domain === 0 ? `2001:db8::${(n + 1).toString(16)}` : `198.18.${Math.floor(n / 250)}.${(n % 250) + 1}`;
          });
        } else {
          hosts = Array.from({ length: t.hostCount }, () => `${t.label}-${hostCounter++}.${DOMAINS[t.domain] as string}`);
          if (reuse !== undefined) hosts[0] = reuse.hosts[0] as string;
        }
        const canonical = kind === 'TCP-IP' || kind === 'TCP-DNS' ? 'TCP' : kind;
        const protocol = [canonical, canonical, canonical, canonical.toLowerCase(), canonical.charAt(0) + canonical.slice(1).toLowerCase()][t.protoCase % 5] as string;
        const port: Record<string, Json> = { number: portNumber, protocol };
        if (t.portName === 1) port.name = `${canonical.toLowerCase()}-${portNumber}`;
        if (t.portName === 2) port.name = `p-${ti}`;
        if (t.portName === 3) port.name = 'Not_A_DNS_Label';
        const entry: Record<string, Json> = {};
        if (t.named) entry.name = `t${ri}-${ti}-${t.label}`;
        entry.hosts = hosts;
        entry.port = port;
        let explicitPort: number | undefined;
        if (p.explicit) {
          explicitPort = KIND_CLASS[kind] === 'http' ? (HTTP_EXPLICIT[t.port % HTTP_EXPLICIT.length] as number) : explicitBase + explicitCounter++;
          entry.byEgressGateway = t.blank === 1 ? { port: explicitPort, name: 'ignored' } : { port: explicitPort };
        } else if (t.blank === 1) entry.byEgressGateway = {};
        else if (t.blank === 2) entry.byEgressGateway = { name: p.gateway };
        if (upgrade !== undefined) entry.httpsUpgrade = upgrade;
        previous.push({ kind, hosts, portNumber, protocol, policy: pi, gateway: p.gateway, explicit: p.explicit, namespaces, ...(upgrade ? { upgrade } : {}) });
        facts.entries.push({
          path: `spec.egressRules[${ri}].to[${ti}]`,
          statusKey: `${hosts[0] as string}-${portNumber}`,
          protocol: canonical,
          kind: KIND_CLASS[kind],
          ...(explicitPort !== undefined ? { explicitPort } : {}),
        });
        return entry;
      });
      const r: Record<string, Json> = {};
      if (rule.named) r.name = `rule-${ri}`;
      r.from = from;
      r.to = to;
      return r;
    });
    const metadata: Record<string, Json> = { name };
    if (p.namespace) metadata.namespace = p.namespace;
    const annotations: Record<string, Json> = {};
    if (p.localConfig) annotations['config.kubernetes.io/local-config'] = 'true';
    if (p.kpt) {
      annotations['internal.config.kubernetes.io/path'] = `egress/${name}.yaml`;
      annotations['config.kubernetes.io/index'] = '0';
    }
    if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
    const data: Record<string, Json> = {
      apiVersion: `istio.alibabacloud.com/${p.version}`,
      kind: 'ASMEgressTrafficPolicy',
      metadata,
      spec: { byEgressGateway: { name: p.gateway }, egressRules: rules },
    };
    // Status: none, pins for some TLS/TCP entries, a pin for a removed entry, other status fields,
    // or (rarely) a pin that cannot be kept.
    const pinnable = facts.entries.filter((e) => e.kind !== 'http');
    const pins: Record<string, Json> = {};
    if (p.status === 1 || p.status === 2 || p.status === 3) {
      pinnable.forEach((e, i) => {
        if (i % 2 === 0 || p.status === 3) pins[e.statusKey] = 17001 + pinCounter++;
      });
    }
    if (p.status === 2 || p.status === 3) pins[`gone-${pi}.example.com-443`] = 17001 + pinCounter++;
    if (p.status === 5 && pinnable.length > 0) {
      pins[(pinnable[0] as PolicyFacts['entries'][number]).statusKey] = 8080;
      facts.badPin = !p.explicit;
    }
    if (Object.keys(pins).length > 0) data.status = { autoAllocatedGatewayPorts: pins };
    if (p.status === 4) data.status = { status: 'Ready', message: 'rendered earlier' };
    if (!p.explicit) {
      for (const e of pinnable) {
        const pin = pins[e.statusKey];
        if (typeof pin === 'number' && pin >= 10001 && pin <= 20000) facts.honouredPins[e.statusKey] = pin;
      }
    }
    return { data, facts, aliasFrom: p.aliasFrom && p.rules.length > 1 };
  });
  // A host-port that several auto-port policies of one gateway list shares one port: the first
  // policy's pin wins, so only unshared pins are certain to be kept.
  for (const c of concrete) {
    for (const key of Object.keys(c.facts.honouredPins)) {
      const shared = concrete.some((o) => o !== c && !o.facts.explicit && o.facts.gateway === c.facts.gateway && o.facts.entries.some((e) => e.kind !== 'http' && e.statusKey === key));
      if (shared) delete c.facts.honouredPins[key];
    }
  }
  return concrete;
}

// ---------------------------------------------------------------------------------------------
// Items as text

export interface ItemCase {
  role: 'other' | 'policy' | 'stale';
  /** What the item means. */
  data: Json;
  /** Blank lines and full-line comments written above the item's dash (LF line ends). */
  head: string;
  /** From the item's `-` line through its last line (LF line ends). */
  body: string;
  policy?: PolicyFacts;
}

export interface ItemStyle {
  /** Seed of the item's style choices; undefined means the plainest style (every choice 0). */
  styleSeed: number | undefined;
  blankBefore: boolean;
  headComments: number;
  headColumnZero: boolean;
}
export const itemStyleArb: fc.Arbitrary<ItemStyle> = fc.record({
  // A seed rather than an array of choices: shrinking then tries the plainest style in one step
  // instead of walking hundreds of numbers down to zero.
  styleSeed: fc.option(fc.integer(), { freq: 8, nil: undefined }),
  blankBefore: fc.boolean(),
  headComments: fc.nat(2),
  headColumnZero: fc.boolean(),
});

/** Renders `data` as one item at `indent`, in the style that `style` chooses. */
export function renderCase(role: ItemCase['role'], data: Json, style: ItemStyle, indent: number, index: number, options: { aliases: boolean; aliasFrom?: boolean }): Omit<ItemCase, 'policy'> {
  const choose = style.styleSeed === undefined ? chooser([]) : seededChooser(style.styleSeed);
  const stylist = new Stylist(choose, { aliases: options.aliases, comments: true }, `i${index}x`);
  const node = stylist.node(data) as MapNode;
  if (options.aliasFrom) aliasRuleSources(node, stylist);
  const body = renderItem(node, indent);
  let head = style.blankBefore ? '\n' : '';
  for (let i = 0; i < style.headComments; i++) head += `${style.headColumnZero ? '' : ' '.repeat(indent)}# ${comment(choose)}\n`;
  const meaning = dataOf(node);
  // An alias can change what an item means; classify it by what it finally says.
  const finalRole = role === 'policy' ? role : isOwned(meaning) ? 'stale' : 'other';
  return { role: finalRole, data: meaning, head, body };
}

/** `egressRules[1+].from: *x` pointing at `egressRules[0].from: &x`, when the styles allow it. */
function aliasRuleSources(item: MapNode, stylist: Stylist): void {
  const spec = item.entries.find((e) => e.key === 'spec')?.value;
  if (spec?.k !== 'map' || spec.flow) return;
  const rules = spec.entries.find((e) => e.key === 'egressRules')?.value;
  if (rules?.k !== 'seq' || rules.flow) return;
  const ruleMaps = rules.items.map((i) => i.value);
  const first = ruleMaps[0];
  if (first?.k !== 'map' || first.flow) return;
  const source = first.entries.find((e) => e.key === 'from')?.value;
  if (source === undefined || source.k === 'alias') return;
  for (const rule of ruleMaps.slice(1)) {
    if (rule.k !== 'map' || rule.flow) continue;
    const target = rule.entries.find((e) => e.key === 'from') as MapEntry | undefined;
    if (target) stylist.alias(source, target);
  }
}

// ---------------------------------------------------------------------------------------------
// Whole ResourceLists

export interface Scenario {
  items: ItemCase[];
  crlf: boolean;
  itemIndent: number;
  /** The input text. */
  text: string;
  /** Converts LF text of this scenario to the line ends of its input. */
  eol(text: string): string;
  /** What `options.mutation` did, when it applied. */
  mutated?: MutationResult;
}

/** Breaks one policy; returns what was broken, or undefined when it could not apply. */
export interface PolicyMutation {
  describe: string;
  apply(policies: Array<{ data: Json; facts: PolicyFacts; aliasFrom: boolean }>): MutationResult | undefined;
}
export interface MutationResult {
  /** The broken policy's facts (from before the mutation). */
  policy: PolicyFacts;
  description: string;
  /** An error result must point at or below this path. */
  pathPrefix: string;
}

export interface ScenarioOptions {
  minOthers?: number;
  maxOthers?: number;
  minPolicies?: number;
  maxPolicies?: number;
  maxStale?: number;
  /** Applied to the concrete policies before they are rendered (invalid-policy tests). */
  mutation?: fc.Arbitrary<PolicyMutation>;
  crlf?: 'never' | 'sometimes' | 'always';
  policyArb?: fc.Arbitrary<AbstractPolicy>;
}

interface Slot {
  role: ItemCase['role'];
  data?: Json;
  style: ItemStyle;
}

/** A count in [min, max], weighted 3:4:2:1 over 0, 1, 2, 3 (and 1 beyond). */
function countArb(min: number, max: number): fc.Arbitrary<number> {
  const weights = [3, 4, 2, 1];
  return fc.oneof(...Array.from({ length: max - min + 1 }, (_, i) => ({ weight: weights[min + i] ?? 1, arbitrary: fc.constant(min + i) })));
}

export function scenarioArb(options: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  // LF unless asked: CRLF has properties of its own (nothing-lost.test.ts), so that a CRLF-only
  // defect shows up there by name instead of in every property.
  const crlf = options.crlf === 'always' ? fc.constant(true) : options.crlf === 'sometimes' ? fc.nat(6).map((n) => n === 0) : fc.constant(false);
  return fc
    .record({
      others: fc.array(fc.record({ data: unrelatedDataArb, style: itemStyleArb }), { minLength: options.minOthers ?? 1, maxLength: options.maxOthers ?? 5 }),
      stale: fc.array(fc.record({ data: staleDataArb, style: itemStyleArb }), { maxLength: options.maxStale ?? 2 }),
      // 0-3 policies, mostly 1 or 0: generated output is what makes a case expensive to check.
      policies: fc
        .tuple(
          fc.array(fc.record({ abstract: options.policyArb ?? abstractPolicyArb(), style: itemStyleArb }), { minLength: options.maxPolicies ?? 3, maxLength: options.maxPolicies ?? 3 }),
          countArb(options.minPolicies ?? 0, options.maxPolicies ?? 3),
        )
        .map(([all, n]) => all.slice(0, n)),
      mutation: options.mutation ? options.mutation.map((m): PolicyMutation | undefined => m) : fc.constant(undefined),
      explicitBase: fc.constantFrom(12000, 20001, 30000),
      order: fc.array(fc.nat(1000), { minLength: 12, maxLength: 12 }),
      itemIndent: fc.constantFrom(0, 2),
      crlf,
      envelope: fc.record({
        docStart: fc.boolean(),
        headComment: fc.boolean(),
        functionConfig: fc.constantFrom('none', 'before', 'after'),
        egressNamespace: fc.constantFrom('istio-egress', 'egress'),
        trailer: fc.constantFrom('', '# trailing comment\n', '\n# after a blank line\n'),
      }),
    })
    .map(({ others, stale, policies, mutation, explicitBase, order, itemIndent, crlf: useCrlf, envelope }) => {
      const concrete = concretePolicies(policies.map((p) => p.abstract), explicitBase);
      const mutated = mutation?.apply(concrete);
      const slots: Array<Slot & { policy?: (typeof concrete)[number] }> = [
        ...others.map((o) => ({ role: 'other' as const, data: o.data, style: o.style })),
        ...stale.map((s) => ({ role: 'stale' as const, data: s.data, style: s.style })),
        ...policies.map((p, i) => ({ role: 'policy' as const, style: p.style, policy: concrete[i] })),
      ];
      // Interleave by a random permutation (Fisher-Yates driven by `order`).
      for (let i = slots.length - 1; i > 0; i--) {
        const j = (order[i % order.length] as number) % (i + 1);
        [slots[i], slots[j]] = [slots[j] as (typeof slots)[number], slots[i] as (typeof slots)[number]];
      }
      const items: ItemCase[] = slots.map((slot, index) => {
        if (slot.role === 'policy' && slot.policy) {
          const rendered = renderCase('policy', slot.policy.data, slot.style, itemIndent, index, { aliases: false, aliasFrom: slot.policy.aliasFrom });
          return { ...rendered, policy: slot.policy.facts };
        }
        return renderCase(slot.role, slot.data as Json, slot.style, itemIndent, index, { aliases: true });
      });
      const functionConfig = `functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: egress-config # the function's settings\n  data:\n    egressNamespace: ${envelope.egressNamespace}\n`;
      let text = '';
      if (envelope.docStart) text += '---\n';
      if (envelope.headComment) text += '# a ResourceList, as kpt sends it\n';
      text += 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
      if (envelope.functionConfig === 'before') text += functionConfig;
      text += items.length === 0 ? 'items: []\n' : `items:\n${items.map((i) => i.head + i.body).join('')}`;
      if (envelope.functionConfig === 'after') text += functionConfig;
      text += envelope.trailer;
      const eol = (s: string): string => (useCrlf ? s.replace(/\n/g, '\r\n') : s);
      const input = eol(text);
      return {
        items,
        crlf: useCrlf,
        itemIndent,
        text: input,
        eol,
        ...(mutated ? { mutated } : {}),
        // How fast-check prints a counterexample: the input exactly (JSON) and as it reads.
        [fc.toStringMethod]: () =>
          `\n--- input, JSON-escaped ---\n${JSON.stringify(input)}\n--- input ---\n${input}--- end of input ---${mutated ? `\nbroken: ${mutated.policy.key} (${mutated.description})` : ''}\n`,
      };
    });
}
