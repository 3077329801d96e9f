/**
 * A small, independent model of where Istio 1.24 (sidecar mode) sends one outbound connection,
 * given a set of `networking.istio.io` objects. Tests use it to judge generated config by the
 * paths traffic takes, not by object names.
 *
 * It does not import anything from the function. Each step names the pilot rule it implements
 * (istio/istio `pilot/pkg/networking/core`: `route/route.go`, `tls.go`, `gateway.go`;
 * `pilot/pkg/model/push_context.go`), as summarised in docs/sidecar-expansion.md.
 *
 * Ambient sources (`source.dataplane: 'ambient'`, Istio 1.24+) go through ztunnel: to the
 * waypoint a ServiceEntry is bound to (`istio.io/use-waypoint`), where AuthorizationPolicies
 * attached to it decide, else straight out unless a NetworkPolicy of the source namespace stops
 * it. AuthorizationPolicies are judged by test/support/authorization-evaluator.ts, at the gateway
 * on the port its pod receives and at the waypoint on the ServiceEntry port.
 *
 * What it does not model: Sidecar resources, HTTP matches on uri/headers, weighted splits,
 * redirects, rewrites, delegates, destinationSubnets, EnvoyFilters and REGISTRY_ONLY. Config
 * that uses them comes out as `broken` ("not modelled"), never guessed.
 * It assumes DNS proxying with address auto-allocation (one listener per service), and that a
 * gateway Service port forwards to the Gateway server of the same number.
 */
import { decide, policiesForServiceEntry, policiesForWorkload } from './authorization-evaluator';

export type AppProtocol = 'http' | 'tls' | 'tcp';
export type Labels = Record<string, string>;

export interface TrafficRequest {
  /** `dataplane` defaults to sidecar; `serviceAccount` (for authorization) to `default`. */
  source: { namespace: string; labels: Labels; dataplane?: 'sidecar' | 'ambient'; serviceAccount?: string };
  /** DNS name (Host header / SNI), or an IP address for TCP. */
  host: string;
  port: number;
  /** What the app sends: plain HTTP, its own TLS with SNI = host, or raw TCP. */
  protocol: AppProtocol;
}

export type Outcome = (
  | {
      kind: 'via-gateway';
      gateway: { namespace: string; name: string; selector: Labels };
      gatewayPort: number;
      upstream: { host: string; port: number; tls: 'originated' | 'passthrough' | 'none'; addresses: string[] };
    }
  | {
      kind: 'via-waypoint';
      waypoint: { namespace: string; name: string };
      upstream: { host: string; port: number; tls: 'originated' | 'passthrough' | 'none'; addresses: string[] };
    }
  | { kind: 'denied'; how: 'http-403' | 'blackhole' | 'rbac' | 'network-policy'; at: 'sidecar' | 'gateway' | 'waypoint' | 'ztunnel' }
  | { kind: 'direct'; host: string; port: number }
  | { kind: 'passthrough' }
  | { kind: 'broken'; reason: string }
) & { trace: string[] };

export interface SimulateOptions {
  /** Istio's config root namespace, the last place a DestinationRule is looked up. */
  rootNamespace?: string;
  /** Trust domain of principals (default cluster.local). */
  trustDomain?: string;
  /** Pods behind a gateway Service host, when neither the config's Service nor the Gateways tell. */
  gatewayWorkloads?: Record<string, { namespace: string; labels: Labels }>;
}

type Obj = { kind?: string; apiVersion?: string; metadata?: { name?: string; namespace?: string; creationTimestamp?: string }; spec?: any };

// ---------------------------------------------------------------- small rules shared by all steps

const nsOf = (o: Obj) => o.metadata?.namespace ?? 'default';
const nameOf = (o: Obj) => o.metadata?.name ?? '';
const ref = (o: Obj) => `${nsOf(o)}/${nameOf(o)}`;

/** `sortConfigByCreationTime`: oldest first, then name, then namespace. */
function byAge(a: Obj, b: Obj): number {
  const ta = a.metadata?.creationTimestamp ?? '';
  const tb = b.metadata?.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (nameOf(a) !== nameOf(b)) return nameOf(a) < nameOf(b) ? -1 : 1;
  return nsOf(a) < nsOf(b) ? -1 : nsOf(a) > nsOf(b) ? 1 : 0;
}

/** `labels.Instance.SubsetOf`: every selector label is on the workload. */
const subsetOf = (selector: Labels | undefined, labels: Labels) =>
  Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);

/** exportTo: absent = the mesh default `*`; `.` = own namespace; `~` = nobody; else a list. */
function exportedTo(o: Obj, ns: string): boolean {
  const to: string[] | undefined = o.spec?.exportTo;
  if (!to || to.length === 0) return true;
  return to.includes('*') || to.includes(ns) || (to.includes('.') && nsOf(o) === ns);
}

/** `host.Name.Matches`, enough for exact names and `*.suffix` wildcards on either side. */
function hostMatches(a: string, b: string): boolean {
  if (a === b || a === '*' || b === '*') return true;
  if (a.startsWith('*.') && b.endsWith(a.slice(1))) return true;
  return b.startsWith('*.') && a.endsWith(b.slice(1));
}

/** A short name in a VirtualService or DestinationRule is qualified with the object's namespace. */
const qualify = (h: string, ns: string) => (h.includes('.') || h === '*' ? h : `${h}.${ns}.svc.cluster.local`);

/** `resolveGatewayName`: `name` means `<vs namespace>/name`; `mesh` stays. */
const gatewayRef = (g: string, vsNs: string) => (g === 'mesh' || g.includes('/') ? g : `${vsNs}/${g}`);
const vsGateways = (vs: Obj): string[] =>
  vs.spec?.gateways?.length ? vs.spec.gateways.map((g: string) => gatewayRef(g, nsOf(vs))) : ['mesh'];

/** Listener kind of a ServiceEntry port: which VirtualService section (http/tls/tcp) applies. */
export function portKind(protocol: string | undefined): AppProtocol {
  const p = (protocol ?? '').toUpperCase();
  if (['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB', 'HTTP_PROXY'].includes(p)) return 'http';
  if (p === 'HTTPS' || p === 'TLS') return 'tls';
  return 'tcp';
}

/** A NetworkPolicy podSelector: matchLabels and In/NotIn/Exists/DoesNotExist expressions. */
function matchesPodSelector(selector: any, labels: Labels): boolean {
  const exact = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  return exact && (selector.matchExpressions ?? []).every((e: any) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    if (e.operator === 'In') return has && e.values.includes(labels[e.key]);
    if (e.operator === 'NotIn') return !has || !e.values.includes(labels[e.key]);
    if (e.operator === 'Exists') return has;
    if (e.operator === 'DoesNotExist') return !has;
    throw new Error(`podSelector operator ${e.operator} is not modelled`);
  });
}

const isIP = (h: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(h) || h.includes(':');
function ipIn(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  if (bits === undefined || !isIP(ip) || ip.includes(':')) return ip === base;
  const n = (s: string) => s.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(n(ip) / size) === Math.floor(n(base ?? '') / size);
}

/** A STATIC ServiceEntry with no endpoints: pilot builds a cluster with no member; Envoy refuses. */
const isBlackhole = (se: Obj) =>
  se.spec?.resolution === 'STATIC' && !(se.spec?.endpoints?.length) && !se.spec?.workloadSelector;

const SVC_HOST = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/;

/** HTTP match fields evaluated by Envoy at request time; we only model build-time ones. */
const RUNTIME_HTTP = ['uri', 'scheme', 'method', 'authority', 'headers', 'queryParams', 'withoutHeaders', 'sourceIp'];

// ---------------------------------------------------------------- the simulator

export function simulate(config: readonly object[], request: TrafficRequest, options: SimulateOptions = {}): Outcome {
  return new Simulation(config as Obj[], request, options).run();
}

type Step = Outcome | { dest: any; kind: 'route' };

class Simulation {
  private readonly trace: string[] = [];
  private readonly se: Obj[];
  private readonly vs: Obj[];
  private readonly dr: Obj[];
  private readonly gw: Obj[];
  private readonly svc: Obj[];
  private readonly authz: Obj[];
  private readonly waypoints: Obj[];
  private readonly netpol: Obj[];
  private readonly root: string;

  constructor(config: Obj[], private readonly req: TrafficRequest, private readonly opts: SimulateOptions) {
    const istio = (kind: string) =>
      config.filter((o) => o.kind === kind && String(o.apiVersion).startsWith('networking.istio.io/')).sort(byAge);
    this.se = istio('ServiceEntry');
    this.vs = istio('VirtualService');
    this.dr = istio('DestinationRule');
    this.gw = istio('Gateway');
    this.svc = config.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1');
    this.authz = config.filter((o) => o.kind === 'AuthorizationPolicy' && String(o.apiVersion).startsWith('security.istio.io/'));
    this.waypoints = config.filter((o) => o.kind === 'Gateway' && String(o.apiVersion).startsWith('gateway.networking.k8s.io/'));
    this.netpol = config.filter((o) => o.kind === 'NetworkPolicy');
    this.root = opts.rootNamespace ?? 'istio-system';
  }

  private note(s: string) { this.trace.push(s); }
  private out(o: Record<string, unknown>): Outcome { return { ...o, trace: this.trace } as Outcome; }
  private broken(reason: string): Outcome { this.note(`BROKEN: ${reason}`); return this.out({ kind: 'broken', reason }); }
  private denied(how: 'http-403' | 'blackhole' | 'rbac' | 'network-policy', at: 'sidecar' | 'gateway' | 'waypoint' | 'ztunnel') { return this.out({ kind: 'denied', how, at }); }

  private principal(): string {
    const { source } = this.req;
    return `${this.opts.trustDomain ?? 'cluster.local'}/ns/${source.namespace}/sa/${source.serviceAccount ?? 'default'}`;
  }

  run(): Outcome {
    if (this.req.source.dataplane === 'ambient') return this.ambient();
    const { source, host, port, protocol } = this.req;

    // Rule 1. The sidecar captures host:port only for a visible ServiceEntry declaring that
    // port (the IP of a STATIC entry's `addresses`, or the host's auto-allocated VIP).
    // Otherwise the connection leaves through PassthroughCluster (outboundTrafficPolicy ALLOW_ANY).
    // Listeners are keyed by address and port, so an IP picks its entry by both; a name picks
    // the entry of that hostname (`ServiceIndex.HostnameAndNamespace`), then needs the port.
    const visible = this.se.filter((se) => exportedTo(se, source.namespace));
    let candidates = isIP(host)
      ? visible.filter((se) => (se.spec?.addresses ?? []).some((a: string) => ipIn(host, a)) && (se.spec?.ports ?? []).some((p: any) => p.number === port))
      : visible.filter((se) => (se.spec?.hosts ?? []).includes(host));
    if (!isIP(host) && candidates.length === 0) {
      candidates = visible.filter((se) => (se.spec?.hosts ?? []).some((h: string) => hostMatches(h, host)));
    }
    if (candidates.length > 1) {
      const local = candidates.filter((se) => nsOf(se) === source.namespace);
      if (local.length === 1) candidates = local;
      // Two services on one address:port (or one hostname): the sidecar has one listener for it and
      // keeps one service's routes, by age then hostname; Istio 1.24 before istio/istio#54207 even
      // NACKs partially overlapping addresses. Either way one of the entries does not apply.
      else return this.broken(`ServiceEntries ${candidates.map(ref).join(', ')} all declare ${host}${isIP(host) ? `:${port}` : ''}; the sidecar keeps one of them`);
    }
    const entry = candidates[0];
    if (!entry) { this.note(`sidecar: no visible ServiceEntry for ${host}`); return this.out({ kind: 'passthrough' }); }
    const hostname: string = isIP(host)
      ? entry.spec.hosts[0]
      : (entry.spec.hosts as string[]).find((h) => h === host) ?? (entry.spec.hosts as string[]).find((h) => hostMatches(h, host))!;
    const sePort = (entry.spec.ports ?? []).find((p: any) => p.number === port);
    if (!sePort) { this.note(`sidecar: ServiceEntry ${ref(entry)} does not declare port ${port}`); return this.out({ kind: 'passthrough' }); }
    const kind = portKind(sePort.protocol);
    this.note(`sidecar ${source.namespace}/${JSON.stringify(source.labels)}: ${host}:${port} is ServiceEntry ${ref(entry)} (${hostname}, ${sePort.protocol}: ${kind} listener)`);
    if (kind === 'http' && protocol !== 'http') return this.broken(`the app sends ${protocol} to ${hostname}:${port}, declared ${sePort.protocol}: the HTTP listener cannot parse it`);
    if (kind === 'tls' && protocol !== 'tls') return this.broken(`the app sends ${protocol} to ${hostname}:${port}, declared ${sePort.protocol}: a TLS listener matches by SNI and finds none`);

    // Rule 2. VirtualServices for the host that apply to sidecars (`gateways` absent or with
    // `mesh`), visible to the source namespace. Sidecars never merge two of them for one host.
    const vss = this.vs.filter((vs) => exportedTo(vs, source.namespace) && vsGateways(vs).includes('mesh')
      && (vs.spec?.hosts ?? []).some((h: string) => hostMatches(qualify(h, nsOf(vs)), hostname)));
    if (vss.length > 1) return this.broken(`VirtualServices ${vss.map(ref).join(', ')} all claim ${hostname} in sidecars; only one applies`);
    const vs = vss[0];
    if (!vs) { this.note('sidecar: no VirtualService for the host'); return this.defaultRoute(entry, hostname, port); }

    const step = kind === 'http' ? this.sidecarHttp(vs) : kind === 'tls' ? this.sidecarTls(vs, host) : this.sidecarTcp(vs);
    if (step === null) return this.defaultRoute(entry, hostname, port);
    if (!('dest' in step) || step.kind !== 'route') return step as Outcome;
    return this.meshDestination(step.dest, port, kind);
  }

  /**
   * Ambient: ztunnel captures a ServiceEntry's address (auto-allocated for names) and sends it to
   * the entry's waypoint, or straight to its endpoints when it has none. The waypoint enforces the
   * AuthorizationPolicies attached to the entry, applies no sidecar VirtualService (a mesh one in
   * its or the entry's namespace would judge sourceNamespace by the waypoint's own: `broken`), and
   * connects to the entry's targetPort, with TLS when the DestinationRule's port setting says so.
   */
  private ambient(): Outcome {
    const { source, host, port, protocol } = this.req;
    const visible = this.se.filter((se) => exportedTo(se, source.namespace));
    const entry = isIP(host)
      ? visible.find((se) => (se.spec?.addresses ?? []).some((a: string) => ipIn(host, a)))
      : visible.find((se) => (se.spec?.hosts ?? []).includes(host));
    const sePort = entry && (entry.spec.ports ?? []).find((p: any) => p.number === port);
    const waypointName: string | undefined = (entry?.metadata as any)?.labels?.['istio.io/use-waypoint'];
    if (!entry || !sePort || waypointName === undefined) {
      this.note(`ztunnel ${source.namespace}: ${host}:${port} is ${entry ? `ServiceEntry ${ref(entry)} without a waypoint` : 'in no ServiceEntry'}; sent directly`);
      const blocking = this.netpol.filter((n) => nsOf(n) === source.namespace && (n.spec?.policyTypes ?? []).includes('Egress')
        && matchesPodSelector(n.spec?.podSelector ?? {}, source.labels));
      const addresses: string[] = entry ? (entry.spec.endpoints ?? []).map((e: any) => e.address) : [host];
      const external = addresses.length === 0 || addresses.some((a) => !blocking.some((n) => (n.spec?.egress ?? []).some((rule: any) => (rule.to ?? []).some((t: any) => t.ipBlock && ipIn(a, t.ipBlock.cidr)))));
      if (blocking.length > 0 && external) { this.note(`ztunnel: NetworkPolicy ${blocking.map(ref).join(', ')} denies egress outside the cluster`); return this.denied('network-policy', 'ztunnel'); }
      return this.out({ kind: 'direct', host, port });
    }
    const waypointNs = (entry.metadata as any)?.labels?.['istio.io/use-waypoint-namespace'] ?? nsOf(entry);
    const waypoint = this.waypoints.find((g) => nameOf(g) === waypointName && nsOf(g) === waypointNs);
    if (!waypoint) return this.broken(`ServiceEntry ${ref(entry)} names waypoint ${waypointNs}/${waypointName}, which does not exist`);
    const hbone = waypoint.spec?.gatewayClassName === 'istio-waypoint' && (waypoint.spec?.listeners ?? []).some((l: any) => l.port === 15008 && l.protocol === 'HBONE');
    if (!hbone) return this.broken(`${ref(waypoint)} is not a waypoint (class istio-waypoint, HBONE listener on 15008)`);
    const kind = portKind(sePort.protocol);
    const hostname: string = entry.spec.hosts[0];
    this.note(`ztunnel ${source.namespace}: ${host}:${port} is ServiceEntry ${ref(entry)}, sent over HBONE to waypoint ${ref(waypoint)}`);
    if (kind === 'http' && protocol !== 'http') return this.broken(`the app sends ${protocol} to ${hostname}:${port}, declared ${sePort.protocol}`);
    if (kind === 'tls' && protocol !== 'tls') return this.broken(`the app sends ${protocol} to ${hostname}:${port}, declared ${sePort.protocol}`);
    const applying = policiesForServiceEntry(this.authz, entry);
    const verdict = decide(applying, { principal: this.principal(), namespace: source.namespace, port, protocol: kind === 'http' ? 'http' : 'tcp', ...(kind === 'http' ? { host } : {}) });
    if (verdict === 'deny') { this.note(`waypoint: AuthorizationPolicy ${applying.map(ref).join(', ') || '(none)'} denies ${this.principal()}`); return this.denied('rbac', 'waypoint'); }
    const meshVs = this.vs.filter((vs) => [nsOf(entry), waypointNs].includes(nsOf(vs)) && vsGateways(vs).includes('mesh')
      && (vs.spec?.hosts ?? []).some((h: string) => hostMatches(qualify(h, nsOf(vs)), hostname)));
    if (meshVs.length > 0) return this.broken(`waypoint ${ref(waypoint)} applies VirtualService ${meshVs.map(ref).join(', ')}, judging its sourceNamespace by the waypoint's own namespace`);
    const targetPort: number = sePort.targetPort ?? sePort.number;
    const dr = this.destinationRule(waypointNs, hostname, nsOf(entry));
    const tls = this.effectiveTls(dr, undefined, port);
    const originated = ['SIMPLE', 'MUTUAL'].includes(String(tls?.mode ?? 'DISABLE'));
    if (originated && protocol === 'tls') return this.broken(`the waypoint wraps the app's own TLS to ${hostname}:${port} in TLS again`);
    const upstreamTls = originated ? 'originated' : protocol === 'tls' ? 'passthrough' : 'none';
    const addresses: string[] = (entry.spec.endpoints ?? []).map((e: any) => e.address);
    this.note(`waypoint → ${hostname}:${targetPort} (${upstreamTls})`);
    return this.out({ kind: 'via-waypoint', waypoint: { namespace: nsOf(waypoint), name: nameOf(waypoint) }, upstream: { host: hostname, port: targetPort, tls: upstreamTls, addresses: addresses.length ? addresses : [hostname] } });
  }

  /** The ServiceEntry's own route: straight to the host (or refused, for an empty STATIC entry). */
  private defaultRoute(entry: Obj, hostname: string, port: number): Outcome {
    if (isBlackhole(entry)) { this.note(`sidecar: default route to ${hostname}, which has no endpoints`); return this.denied('blackhole', 'sidecar'); }
    this.note(`sidecar: default route, straight to ${hostname}:${port}`);
    return this.out({ kind: 'direct', host: hostname, port });
  }

  /**
   * `BuildHTTPRoutesForVirtualService` + `translateRoute`: a match survives when its `port` is
   * absent or the listener port, and `sourceMatchHTTP` holds (a non-empty `gateways` list must
   * name `mesh`, and then sourceLabels/sourceNamespace are ignored). No survivor: the VirtualService
   * yields no virtual host, and the service's default route applies. With only static predicates,
   * the first survivor is what Envoy matches.
   */
  private sidecarHttp(vs: Obj): Step | null {
    const { source, port } = this.req;
    const r = this.firstHttpRoute(vs, port, new Set(['mesh']), source.labels, source.namespace);
    if (r === null) { this.note(`sidecar: every http route of ${ref(vs)} is filtered out for this pod on port ${port}`); return null; }
    if ('trace' in r) return r;
    this.note(`sidecar: http route ${r.name ?? '(unnamed)'} of ${ref(vs)}`);
    return this.httpAction(r, 'sidecar');
  }

  private firstHttpRoute(vs: Obj, listenPort: number, gatewayNames: Set<string>, labels: Labels, namespace: string): any | Outcome | null {
    for (const route of vs.spec?.http ?? []) {
      const matches: any[] = route.match?.length ? route.match : [null];
      for (const m of matches) {
        if (m && m.port && m.port !== listenPort) continue;
        const sourceOk = !m ? true : m.gateways?.length
          ? m.gateways.some((g: string) => gatewayNames.has(gatewayRef(g, nsOf(vs))))
          : subsetOf(m.sourceLabels, labels) && (!m.sourceNamespace || m.sourceNamespace === namespace);
        if (!sourceOk) continue;
        if (m && RUNTIME_HTTP.some((k) => m[k] !== undefined)) return this.broken(`http route ${route.name ?? ''} of ${ref(vs)} matches on request fields (not modelled)`);
        return route;
      }
    }
    return null;
  }

  /** Rule 3 for HTTP: `directResponse` answers locally; otherwise exactly one destination. */
  private httpAction(route: any, at: 'sidecar' | 'gateway'): Step {
    if (route.directResponse) {
      this.note(`${at}: directResponse ${route.directResponse.status}`);
      return route.directResponse.status === 403 ? this.denied('http-403', at) : this.broken(`directResponse ${route.directResponse.status} (not modelled)`);
    }
    if (route.redirect || route.delegate || route.rewrite) return this.broken(`http route ${route.name ?? ''} uses redirect/rewrite/delegate (not modelled)`);
    const dests = (route.route ?? []).filter((d: any) => (route.route.length === 1 || (d.weight ?? 0) > 0));
    if (dests.length !== 1) return this.broken(`http route ${route.name ?? ''} has ${dests.length} destinations (weighted splits not modelled)`);
    return { kind: 'route', dest: dests[0].destination };
  }

  /**
   * `buildSidecarOutboundTLSFilterChainOpts`: every `tls` match passing `matchTLS` (gateways,
   * sourceLabels, sourceNamespace, port) becomes a filter chain on its sniHosts; a later match
   * with the same sniHosts (in the same order) is dropped. No chain at all: the default chain
   * to the service. Envoy then picks the chain by the SNI the app sent.
   */
  private sidecarTls(vs: Obj, sni: string): Step | null {
    const { source, port } = this.req;
    const chains: Array<{ sniHosts: string[]; route: any }> = [];
    const seen = new Set<string>();
    for (const route of vs.spec?.tls ?? []) {
      for (const m of route.match ?? []) {
        if (!this.l4Match(m, vs, new Set(['mesh']), source.labels, source.namespace, port)) continue;
        if (m.destinationSubnets?.length) return this.broken(`tls match with destinationSubnets in ${ref(vs)} (not modelled)`);
        const key = `${(m.sniHosts ?? []).join(',')}|`;
        if (seen.has(key)) continue;
        seen.add(key);
        chains.push({ sniHosts: m.sniHosts ?? [], route });
      }
    }
    if (chains.length === 0) { this.note(`sidecar: no tls route of ${ref(vs)} applies to this pod on port ${port}`); return null; }
    // Envoy's server_names match: exact name, then the longest wildcard, then a chain without names.
    const rank = (c: { sniHosts: string[] }) => {
      if (c.sniHosts.length === 0) return 0;
      if (c.sniHosts.includes(sni)) return 10_000;
      const w = c.sniHosts.filter((h) => h.startsWith('*') && hostMatches(h, sni)).map((h) => h.length);
      return w.length ? Math.max(...w) : -1;
    };
    const best = Math.max(...chains.map(rank));
    const winners = chains.filter((c) => rank(c) === best);
    if (best < 0) return this.broken(`sidecar: tls routes exist for this pod, but no filter chain matches SNI ${sni}`);
    if (winners.length > 1) return this.broken(`sidecar: two filter chains match SNI ${sni} (${winners.map((c) => c.sniHosts.join(',')).join(' / ')}); Envoy rejects the listener`);
    this.note(`sidecar: tls route with sniHosts [${winners[0]!.sniHosts.join(', ')}] of ${ref(vs)}`);
    return this.l4Action(winners[0]!.route);
  }

  /** `buildSidecarOutboundTCPFilterChainOpts`: the first `tcp` route whose match passes `matchTCP` (or that has no match). */
  private sidecarTcp(vs: Obj): Step | null {
    const { source, port } = this.req;
    for (const route of vs.spec?.tcp ?? []) {
      const hit = !route.match?.length || route.match.some((m: any) => this.l4Match(m, vs, new Set(['mesh']), source.labels, source.namespace, port));
      if (!hit) continue;
      if ((route.match ?? []).some((m: any) => m.destinationSubnets?.length)) return this.broken(`tcp match with destinationSubnets in ${ref(vs)} (not modelled)`);
      this.note(`sidecar: tcp route of ${ref(vs)} (match ${JSON.stringify(route.match ?? [])})`);
      return this.l4Action(route);
    }
    this.note(`sidecar: no tcp route of ${ref(vs)} applies to this pod on port ${port}`);
    return null;
  }

  /** `matchTLS` / `matchTCP`: gateways (empty = any), sourceLabels ⊆ pod, port, sourceNamespace. */
  private l4Match(m: any, vs: Obj, gatewayNames: Set<string>, labels: Labels, namespace: string, port: number): boolean {
    const gatewayOk = !m.gateways?.length || m.gateways.some((g: string) => gatewayNames.has(gatewayRef(g, nsOf(vs))));
    return gatewayOk && subsetOf(m.sourceLabels, labels) && (!m.port || m.port === port)
      && (!m.sourceNamespace || m.sourceNamespace === namespace);
  }

  private l4Action(route: any): Step {
    const dests = route.route ?? [];
    if (dests.length !== 1) return this.broken(`l4 route with ${dests.length} destinations (weighted splits not modelled)`);
    return { kind: 'route', dest: dests[0].destination };
  }

  /** Where the sidecar's chosen route sends the connection. */
  private meshDestination(dest: any, listenPort: number, kind: AppProtocol): Outcome {
    const ns = this.req.source.namespace;
    const target = this.serviceEntryFor(dest.host, ns);
    if (target) {
      const port = dest.port?.number ?? (target.spec.ports?.length === 1 ? target.spec.ports[0].number : listenPort);
      if (!(target.spec.ports ?? []).some((p: any) => p.number === port)) return this.broken(`sidecar route to ${dest.host}:${port}, a port ServiceEntry ${ref(target)} does not declare`);
      if (dest.subset && !this.subset(this.destinationRule(ns, dest.host, nsOf(target)), dest.subset)) return this.broken(`subset ${dest.subset} of ${dest.host} is defined by no DestinationRule visible to ${ns}`);
      // Rule 3: an empty STATIC entry is a black hole.
      if (isBlackhole(target)) { this.note(`sidecar: route to ${dest.host}:${port}, which has no endpoints`); return this.denied('blackhole', 'sidecar'); }
      this.note(`sidecar: route straight to ${dest.host}:${port}`);
      return this.out({ kind: 'direct', host: dest.host, port });
    }
    if (SVC_HOST.test(dest.host)) return this.viaGateway(dest, listenPort);
    // No service at all: a tcp_proxy to an unknown service gets BlackHoleCluster; HTTP gets 503 NC.
    if (kind === 'http') return this.broken(`sidecar route to ${dest.host}, which no ServiceEntry or Service defines (503 cluster not found)`);
    this.note(`sidecar: route to ${dest.host}, unknown: Istio uses BlackHoleCluster`);
    return this.denied('blackhole', 'sidecar');
  }

  private serviceEntryFor(host: string, ns: string): Obj | undefined {
    return this.se.find((se) => exportedTo(se, ns) && (se.spec?.hosts ?? []).includes(host));
  }

  /**
   * Rule 4, `PushContext.destinationRule`: the client namespace first (any DR defined there),
   * then the service's namespace, then the root namespace (DRs exported to the client). Within
   * one namespace the most specific host wins and DRs for the same host merge their subsets.
   */
  private destinationRule(clientNs: string, host: string, serviceNs: string): { trafficPolicy?: any; subsets: any[]; from: string } | undefined {
    const lookIn = (ns: string, exportedOnly: boolean) => {
      const here = this.dr.filter((d) => nsOf(d) === ns && (!exportedOnly || exportedTo(d, clientNs)));
      const drHost = (d: Obj) => qualify(d.spec?.host ?? '', ns);
      const exact = here.filter((d) => drHost(d) === host);
      const wild = here.filter((d) => drHost(d).startsWith('*') && hostMatches(drHost(d), host));
      const longest = Math.max(0, ...wild.map((d) => drHost(d).length));
      const chosen = exact.length ? exact : wild.filter((d) => drHost(d).length === longest);
      if (!chosen.length) return undefined;
      const subsets: any[] = [];
      for (const d of chosen) for (const s of d.spec?.subsets ?? []) if (!subsets.some((x) => x.name === s.name)) subsets.push(s);
      return { trafficPolicy: chosen[0]!.spec?.trafficPolicy, subsets, from: chosen.map(ref).join(',') };
    };
    return lookIn(clientNs, false) ?? lookIn(serviceNs, true) ?? lookIn(this.root, true);
  }

  private subset(dr: { subsets: any[] } | undefined, name: string): any | undefined {
    return dr?.subsets.find((s) => s.name === name);
  }

  /** `MergeTrafficPolicy`: port-level settings replace the policy's tls; the subset overrides the top level. */
  private effectiveTls(dr: { trafficPolicy?: any } | undefined, subset: any | undefined, port: number): any | undefined {
    const pick = (tp: any, inherited: any) => {
      if (!tp) return inherited;
      let tls = tp.tls ?? inherited;
      const pl = (tp.portLevelSettings ?? []).find((p: any) => p.port?.number === port);
      if (pl) tls = pl.tls;
      return tls;
    };
    return pick(subset?.trafficPolicy, pick(dr?.trafficPolicy, undefined));
  }

  /** Rules 4 and 5: the hop to the egress gateway and what the gateway does with it. */
  private viaGateway(dest: any, listenPort: number): Outcome {
    const { source, host: requestHost, protocol } = this.req;
    const svcHost: string = dest.host;
    const [, svcName, svcNs] = SVC_HOST.exec(svcHost)!;
    const pods = this.gatewayPods(svcHost, svcName!, svcNs!, dest.port?.number ?? listenPort);
    if ('trace' in pods) return pods;
    const port: number = dest.port?.number ?? (pods.ports?.length === 1 ? pods.ports[0]! : listenPort);
    if (pods.ports && !pods.ports.includes(port)) return this.broken(`Service ${svcHost} does not expose port ${port}: the sidecar has no cluster for it`);

    // The mesh leg's cluster: Istio mTLS with an explicit SNI, from the gateway DestinationRule.
    const dr = this.destinationRule(source.namespace, svcHost, svcNs!);
    if (dest.subset && !this.subset(dr, dest.subset)) return this.broken(`subset ${dest.subset} of ${svcHost} is defined by no DestinationRule visible to ${source.namespace}`);
    const tls = this.effectiveTls(dr, this.subset(dr, dest.subset), port);
    if (tls?.mode !== 'ISTIO_MUTUAL') return this.broken(`the hop to ${svcHost}:${port} uses tls mode ${tls?.mode ?? '(none: auto mTLS with the cluster name as SNI)'}, not ISTIO_MUTUAL`);
    if (!tls.sni) return this.broken(`the hop to ${svcHost}:${port} has no sni: the client sends the cluster name, which no server matches`);
    const sni: string = tls.sni;
    this.note(`sidecar → ${svcHost}:${port} (subset ${dest.subset ?? '-'}, DR ${dr?.from}), ISTIO_MUTUAL, SNI ${sni}`);

    // The gateway pods' servers: every Gateway whose selector they match, on this port.
    const gateways = this.gw.filter((g) => subsetOf(g.spec?.selector, pods.labels));
    const onPort = gateways.flatMap((g) => (g.spec?.servers ?? []).filter((s: any) => s.port?.number === port).map((s: any) => ({ g, s })));
    if (onPort.length === 0) return this.broken(`no Gateway server on port ${port} for the pods ${JSON.stringify(pods.labels)} of ${svcHost}`);
    const dnsPart = (h: string) => (h.includes('/') ? h.slice(h.indexOf('/') + 1) : h);
    const accepts = onPort.filter(({ s }) => (s.hosts ?? []).some((h: string) => dnsPart(h) === sni))
      .concat(onPort.filter(({ s }) => !(s.hosts ?? []).some((h: string) => dnsPart(h) === sni) && (s.hosts ?? []).some((h: string) => hostMatches(dnsPart(h), sni))));
    const chosen = accepts[0];
    if (!chosen) return this.broken(`no server on gateway port ${port} accepts SNI ${sni}`);
    const { g, s } = chosen;
    if (s.tls?.mode !== 'ISTIO_MUTUAL') return this.broken(`server ${s.port?.name} of ${ref(g)} has tls mode ${s.tls?.mode ?? '(none)'}; the sidecar sends Istio mTLS`);
    const gwName = ref(g);
    const serverProtocol = String(s.port?.protocol ?? '').toUpperCase();
    this.note(`gateway ${gwName} (pods ${pods.namespace}/${JSON.stringify(pods.labels)}): server ${s.port?.name} ${serverProtocol} accepts SNI ${sni}`);

    // Rule 4b. Authorization on the gateway workload, on the port its pod receives (targetPort).
    const service = this.svc.find((x) => nsOf(x) === pods.namespace && subsetOf(x.spec?.selector, pods.labels) && (x.spec?.ports ?? []).some((p: any) => p.port === port));
    const mapped = (service?.spec?.ports ?? []).find((p: any) => p.port === port)?.targetPort;
    const podPort = typeof mapped === 'number' ? mapped : port;
    const applying = policiesForWorkload(this.authz, pods.namespace, pods.labels, this.root);
    const verdict = decide(applying, { principal: this.principal(), namespace: this.req.source.namespace, port: podPort, protocol: serverProtocol === 'HTTPS' ? 'http' : 'tcp', host: requestHost });
    if (verdict === 'deny') { this.note(`gateway: AuthorizationPolicy ${applying.map(ref).join(', ')} denies ${this.principal()} on pod port ${podPort}`); return this.denied('rbac', 'gateway'); }

    // Rule 5. VirtualServices bound to this Gateway and visible to the gateway pods' namespace
    // (`VirtualServicesForGateway`: private, then exported to the namespace, then public), whose
    // hosts meet the server's hosts (`ns/host`: only VirtualServices of `ns`, `*` any, `.` the Gateway's).
    const tier = (vs: Obj) => {
      const to: string[] = vs.spec?.exportTo ?? [];
      if (to.length === 1 && to[0] === '.') return 0;
      return to.includes('*') || to.length === 0 ? 2 : 1;
    };
    const bound = this.vs.filter((vs) => vsGateways(vs).includes(gwName) && exportedTo(vs, pods.namespace))
      .sort((a, b) => tier(a) - tier(b) || byAge(a, b));
    const serverHostsFor = (vs: Obj): string[] => (s.hosts ?? []).flatMap((h: string) => {
      const [hns, hname] = h.includes('/') ? [h.slice(0, h.indexOf('/')), dnsPart(h)] : ['*', h];
      const owner = hns === '.' ? nsOf(g) : hns;
      return owner === '*' || owner === nsOf(vs) ? [hname] : [];
    });
    const meets = (vs: Obj, h?: string) => serverHostsFor(vs).some((sh) => (vs.spec?.hosts ?? []).some((vh: string) =>
      hostMatches(sh, vh) && (h === undefined || (hostMatches(sh, h) && hostMatches(vh, h)))));

    let step: Step | null = null;
    if (serverProtocol === 'HTTPS') {
      // TLS terminated, then an HTTP connection manager: `http` routes for the request's Host.
      if (protocol !== 'http') return this.broken(`gateway server ${s.port?.name} terminates mTLS and expects HTTP, but the app sent ${protocol}`);
      for (const vs of bound.filter((v) => meets(v, requestHost))) {
        const r = this.firstHttpRoute(vs, port, new Set([gwName]), pods.labels, pods.namespace);
        if (r === null) continue;
        if ('trace' in r) return r;
        this.note(`gateway: http route ${r.name ?? '(unnamed)'} of ${ref(vs)} for Host ${requestHost}`);
        step = this.httpAction(r, 'gateway');
        break;
      }
      if (!step) return this.broken(`gateway ${gwName}: no http route for Host ${requestHost} on port ${port} (404)`);
    } else if (serverProtocol === 'TLS') {
      // `buildGatewayNetworkFiltersFromTCPRoutes`: the first bound VirtualService meeting the server's
      // hosts with a `tcp` route whose matches pass `l4SingleMatch` (port and gateway only).
      outer: for (const vs of bound.filter((v) => meets(v))) {
        for (const route of vs.spec?.tcp ?? []) {
          const hit = !route.match?.length || route.match.some((m: any) => (!m.port || m.port === port)
            && (!m.gateways?.length || m.gateways.some((x: string) => gatewayRef(x, nsOf(vs)) === gwName)));
          if (!hit) continue;
          this.note(`gateway: tcp route of ${ref(vs)} (match ${JSON.stringify(route.match ?? [])})`);
          step = this.l4Action(route);
          break outer;
        }
      }
      if (!step) return this.broken(`gateway ${gwName}: no tcp route for server port ${port}; pilot builds no filter chain`);
    } else {
      return this.broken(`gateway server ${s.port?.name} has protocol ${serverProtocol}; an ISTIO_MUTUAL hop needs HTTPS or TLS`);
    }
    if (!('dest' in step) || step.kind !== 'route') return step as Outcome;
    return this.gatewayDestination(step.dest, port, svcHost, pods.namespace, { namespace: nsOf(g), name: nameOf(g), selector: g.spec?.selector ?? {} });
  }

  /** The gateway leg's destination: a declared ServiceEntry port, TLS from its DestinationRule. */
  private gatewayDestination(dest: any, serverPort: number, svcHost: string, podNs: string, gateway: { namespace: string; name: string; selector: Labels }): Outcome {
    const { protocol } = this.req;
    if (dest.host === svcHost) return this.broken(`the gateway leg routes back to the gateway Service ${svcHost} (loop)`);
    const se = this.serviceEntryFor(dest.host, podNs);
    if (!se) return this.broken(`the gateway leg's destination ${dest.host} is in no ServiceEntry visible to ${podNs}`);
    const port: number = dest.port?.number ?? (se.spec.ports?.length === 1 ? se.spec.ports[0].number : serverPort);
    const sePort = (se.spec.ports ?? []).find((p: any) => p.number === port);
    if (!sePort) return this.broken(`the gateway leg goes to ${dest.host}:${port}, a port ServiceEntry ${ref(se)} does not declare`);
    if (isBlackhole(se)) return this.broken(`the gateway leg goes to ${dest.host}, which has no endpoints`);
    const dr = this.destinationRule(podNs, dest.host, nsOf(se));
    const subset = dest.subset ? this.subset(dr, dest.subset) : undefined;
    if (dest.subset && !subset) return this.broken(`subset ${dest.subset} of ${dest.host} is defined by no DestinationRule visible to the gateway (${podNs})`);
    const tls = this.effectiveTls(dr, subset, port);
    const mode = String(tls?.mode ?? 'DISABLE');
    if (mode === 'ISTIO_MUTUAL') return this.broken(`the gateway leg to external ${dest.host}:${port} uses ISTIO_MUTUAL`);
    const originated = mode === 'SIMPLE' || mode === 'MUTUAL';
    const upstreamTls = originated ? 'originated' : protocol === 'tls' ? 'passthrough' : 'none';
    if (originated && protocol === 'tls') return this.broken(`the gateway wraps the app's own TLS to ${dest.host}:${port} in TLS again`);
    if (upstreamTls === 'none' && protocol === 'http' && portKind(sePort.protocol) === 'tls') return this.broken(`the gateway sends plain HTTP to ${dest.host}:${port}, declared ${sePort.protocol}`);
    if (upstreamTls === 'passthrough' && portKind(sePort.protocol) === 'http') return this.broken(`the gateway sends the app's TLS to ${dest.host}:${port}, declared ${sePort.protocol}`);
    const addresses: string[] = (se.spec.endpoints ?? []).map((e: any) => e.address);
    this.note(`gateway → ${dest.host}:${port} (${upstreamTls}${dest.subset ? `, subset ${dest.subset}` : ''})`);
    return this.out({
      kind: 'via-gateway', gateway, gatewayPort: serverPort,
      upstream: { host: dest.host, port, tls: upstreamTls, addresses: addresses.length ? addresses : [dest.host] },
    });
  }

  /**
   * The pods behind a gateway Service host: the option, else the Service object in the config
   * (its selector and ports), else an assumption: the Service selects the pods of the Gateway
   * named like it (`<name>`, or `<prefix>-<name>`), preferring its namespace; failing a name,
   * the Gateway with a server on the port.
   */
  private gatewayPods(svcHost: string, svcName: string, svcNs: string, port: number): { namespace: string; labels: Labels; ports?: number[] } | Outcome {
    const given = this.opts.gatewayWorkloads?.[svcHost];
    if (given) return { ...given };
    const service = this.svc.find((s) => nameOf(s) === svcName && nsOf(s) === svcNs);
    if (service) {
      if (!service.spec?.selector) return this.broken(`Service ${svcHost} has no selector`);
      return { namespace: svcNs, labels: service.spec.selector, ports: (service.spec.ports ?? []).map((p: any) => p.port) };
    }
    const local = this.gw.filter((g) => nsOf(g) === svcNs);
    const pool = local.length ? local : this.gw;
    const score = (g: Obj) => nameOf(g) === svcName ? 2 : svcName.endsWith(`-${nameOf(g)}`) || svcName.startsWith(`${nameOf(g)}-`) ? 1 : 0;
    const top = Math.max(0, ...pool.map(score));
    const named = top > 0 ? pool.filter((g) => score(g) === top)
      : pool.filter((g) => (g.spec?.servers ?? []).some((s: any) => s.port?.number === port));
    const selectors = [...new Set(named.map((g) => JSON.stringify(g.spec?.selector ?? {})))];
    if (selectors.length === 0) return this.broken(`no Gateway tells which pods serve ${svcHost}`);
    if (selectors.length > 1) return this.broken(`Gateways ${named.map(ref).join(', ')} could all be behind ${svcHost}; pass gatewayWorkloads`);
    return { namespace: svcNs, labels: JSON.parse(selectors[0]!) };
  }
}
