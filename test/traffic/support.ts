/**
 * Helpers for the traffic tests: render an input with the function, send a connection through
 * the simulator, assert where it went, and the sweep that checks every declared host and port
 * against what the policies ask for.
 */
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { run } from '../../functions/egress-policy/run.ts';
import { isGenerated, isPolicy, itemsOf, resultsOf, type PlainItem } from '../support/resource-list.ts';
import { portKind, simulate, type AppProtocol, type Labels, type Outcome } from '../support/traffic-simulator.ts';

export interface Rendered { items: PlainItem[]; results: Array<Record<string, any>>; functionConfig?: Record<string, any> }

export function render(input: string): Rendered {
  const out = run(input);
  assert.equal(out.exitCode, 0, out.stderr);
  return { items: itemsOf(out.stdout), results: resultsOf(out.stdout), functionConfig: (parse(input) as Record<string, any> | null)?.functionConfig ?? undefined };
}
export const pod = (namespace: string, labels: Labels = {}, dataplane: 'sidecar' | 'ambient' = 'sidecar', serviceAccount = 'default') => ({ namespace, labels, dataplane, serviceAccount });
export type Pod = ReturnType<typeof pod>;

export function send(r: Rendered, source: Pod, host: string, port: number, protocol: AppProtocol): Outcome {
  return simulate(r.items, { source, host, port, protocol });
}

export function explain(o: Outcome): string {
  const { trace, ...rest } = o;
  return `${JSON.stringify(rest)}\n  ${trace.join('\n  ')}`;
}

export interface ViaExpectation {
  gateway?: string;
  gatewayNamespace?: string;
  selector?: Labels;
  gatewayPort: number;
  hosts?: string[]; // the upstream host is one of these
  address?: string; // …or the upstream connects to this address
  port: number;
  tls: 'originated' | 'passthrough' | 'none';
}

export function assertVia(o: Outcome, e: ViaExpectation): void {
  assert.equal(o.kind, 'via-gateway', explain(o));
  if (o.kind !== 'via-gateway') return;
  if (e.gateway !== undefined) assert.equal(o.gateway.name, e.gateway, explain(o));
  if (e.gatewayNamespace !== undefined) assert.equal(o.gateway.namespace, e.gatewayNamespace, explain(o));
  if (e.selector !== undefined) assert.deepEqual(o.gateway.selector, e.selector, explain(o));
  assert.equal(o.gatewayPort, e.gatewayPort, explain(o));
  if (e.hosts) assert.ok(e.hosts.includes(o.upstream.host), `upstream host ${o.upstream.host} not in ${e.hosts}\n${explain(o)}`);
  if (e.address) assert.ok(o.upstream.addresses.includes(e.address), `upstream does not connect to ${e.address}\n${explain(o)}`);
  assert.equal(o.upstream.port, e.port, explain(o));
  assert.equal(o.upstream.tls, e.tls, explain(o));
}

export function assertDenied(o: Outcome, how: 'http-403' | 'blackhole'): void {
  assert.equal(o.kind, 'denied', explain(o));
  if (o.kind === 'denied') assert.equal(o.how, how, explain(o));
}

// ------------------------------------------------------------------------ the property sweep

export interface Entry {
  gateway: string;
  from: Array<{ namespace: string; selector: Labels; dataplane: 'sidecar' | 'ambient' }>;
  hosts: string[];
  port: number;
  kind: AppProtocol;
  gatewayPort: number | undefined;
  upstreamPort: number;
  tls: 'originated' | 'passthrough' | 'none';
}

/**
 * The data plane of a policy's source, as the README documents it: the policy's annotation, else
 * the functionConfig's `dataplane`; `auto` reads the package's Namespace label.
 */
export function dataplaneOf(items: PlainItem[], functionConfig: Record<string, any> | undefined, policy: PlainItem | undefined, namespace: string): 'sidecar' | 'ambient' {
  const configured = functionConfig?.kind === 'ConfigMap' ? functionConfig.data?.dataplane : functionConfig?.spec?.dataplane;
  const choice = policy?.metadata?.annotations?.['egress-policy.dev/dataplane'] ?? configured ?? 'sidecar';
  if (choice !== 'auto') return choice;
  const ns = items.find((i) => i.kind === 'Namespace' && i.metadata?.name === namespace);
  return ns?.metadata?.labels?.['istio.io/dataplane-mode'] === 'ambient' ? 'ambient' : 'sidecar';
}

/** What the policies ask for, read from the policies themselves (and their status). */
export function entriesOf(items: PlainItem[], functionConfig?: Record<string, any>): Entry[] {
  return items.filter(isPolicy).flatMap((p) => {
    const pinned: Record<string, number> = p.status?.autoAllocatedGatewayPorts ?? {};
    return (p.spec?.egressRules ?? []).flatMap((rule: any) => (rule.to ?? []).map((to: any): Entry => {
      const kind = portKind(to.port.protocol);
      const upgrade = to.httpsUpgrade?.enabled === true;
      return {
        gateway: p.spec.byEgressGateway.name,
        from: (rule.from ?? []).map((f: any) => ({ namespace: f.namespace, selector: f.workloadSelector ?? {}, dataplane: dataplaneOf(items, functionConfig, p, f.namespace) })),
        hosts: to.hosts,
        port: to.port.number,
        kind,
        // Automatic ports (README): HTTP kinds share 10000, GRPC 50051 (their status key can be
        // shared by an HTTP and a GRPC entry); TLS/TCP host-ports are read from the status.
        gatewayPort: to.byEgressGateway?.port
          ?? (kind === 'http' ? (String(to.port.protocol).toUpperCase() === 'GRPC' ? 50051 : 10000) : pinned[`${to.hosts[0]}-${to.port.number}`]),
        upstreamPort: upgrade ? to.httpsUpgrade.port ?? 443 : to.port.number,
        tls: upgrade ? 'originated' : kind === 'tls' ? 'passthrough' : 'none',
      };
    }));
  });
}

/** The pod templates of the package's workloads: namespace, labels and service account. */
export function packageWorkloads(items: PlainItem[]): Array<{ namespace: string; labels: Labels; account: string }> {
  return items.flatMap((i) => {
    const t = i.kind === 'CronJob' ? i.spec?.jobTemplate?.spec?.template : i.kind === 'Pod' ? i : i.spec?.template;
    return t && ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'].includes(String(i.kind))
      ? [{ namespace: i.metadata?.namespace ?? 'default', labels: (t.metadata?.labels ?? {}) as Labels, account: String(t.spec?.serviceAccountName ?? 'default') }] : [];
  });
}

/**
 * Probe pods: each `from`, with extra labels, without its labels, minus one label; and strangers.
 * A probe runs as the service account of the package's workload its labels select (else `probe`),
 * on the data plane of the first source it falls under (else its namespace's).
 */
function probeSources(entries: Entry[], r: Rendered): Pod[] {
  const { items } = r;
  const workloads = packageWorkloads(items);
  const probe = (namespace: string, labels: Labels): Pod => {
    const plane = entries.flatMap((e) => e.from).find((f) => f.namespace === namespace && subset(f.selector, labels))?.dataplane
      ?? dataplaneOf(items, r.functionConfig, undefined, namespace);
    const account = workloads.find((w) => w.namespace === namespace && Object.keys(labels).length > 0 && subset(w.labels, labels))?.account ?? 'probe';
    return pod(namespace, labels, plane, account);
  };
  const out: Pod[] = [probe('unrelated', { app: 'unrelated' })];
  for (const g of items.filter((i) => i.kind === 'Gateway' && isGenerated(i))) out.push(probe(g.metadata?.namespace ?? 'default', {}));
  for (const f of entries.flatMap((e) => e.from)) {
    out.push(probe(f.namespace, f.selector), probe(f.namespace, { ...f.selector, extra: 'yes' }), probe(f.namespace, {}));
    for (const k of Object.keys(f.selector)) {
      const { [k]: _dropped, ...rest } = f.selector;
      out.push(probe(f.namespace, rest));
    }
  }
  const seen = new Set<string>();
  return out.filter((p) => { const k = JSON.stringify(p); return !seen.has(k) && !!seen.add(k); });
}

const subset = (sel: Labels, labels: Labels) => Object.entries(sel).every(([k, v]) => labels[k] === v);

export function sweep(r: Rendered): number {
  const entries = entriesOf(r.items, r.functionConfig);
  const sources = probeSources(entries, r);
  let probes = 0;
  for (const se of r.items.filter((i) => i.kind === 'ServiceEntry' && isGenerated(i))) {
    const hosts: string[] = se.spec.addresses?.length ? se.spec.addresses : se.spec.hosts;
    for (const sePort of se.spec.ports ?? []) {
      const protocol = portKind(sePort.protocol);
      for (const host of hosts) {
        for (const source of sources) {
          probes++;
          const o = send(r, source, host, sePort.number, protocol);
          const where = `${source.namespace}/${JSON.stringify(source.labels)} → ${host}:${sePort.number} (${protocol})\n${explain(o)}`;
          const allowed = entries.filter((e) => e.kind === protocol && e.port === sePort.number && e.hosts.includes(host)
            && e.from.some((f) => f.namespace === source.namespace && f.dataplane === source.dataplane && subset(f.selector, source.labels)));
          if (source.dataplane === 'ambient') {
            judgeAmbient(r, se, host, source, o, allowed, where);
            continue;
          }
          // A host only ambient sources reach has no sidecar routes: a sidecar pod takes the
          // ServiceEntry's own route, as it would pass through without it (README, "Limits").
          const ambientOnly = se.metadata?.labels?.['istio.io/use-waypoint'] !== undefined
            && !entries.some((e) => e.hosts.includes(host) && e.from.some((f) => f.dataplane === 'sidecar'));
          if (ambientOnly && allowed.length === 0) {
            assert.equal(o.kind, 'direct', where);
            continue;
          }
          assert.notEqual(o.kind, 'direct', where);
          assert.notEqual(o.kind, 'passthrough', where);
          // Never broken: a gateway Service the package holds gets every port the gateway needs.
          assert.notEqual(o.kind, 'broken', where);
          if (allowed.length === 0) {
            assertDenied(o, protocol === 'http' ? 'http-403' : 'blackhole');
            continue;
          }
          assert.equal(o.kind, 'via-gateway', where);
          if (o.kind !== 'via-gateway') continue;
          const fits = allowed.some((e) => o.gateway.name === e.gateway && o.gatewayPort === e.gatewayPort
            && o.upstream.port === e.upstreamPort && o.upstream.tls === e.tls
            // The gateway connects only to what the entry names: one of its hosts, or its IPs.
            && (se.spec.addresses?.length
              ? o.upstream.addresses.includes(host) && o.upstream.addresses.every((a) => e.hosts.includes(a))
              : e.hosts.includes(o.upstream.host)));
          assert.ok(fits, `${where}\nexpected one of ${JSON.stringify(allowed)}`);
        }
      }
    }
  }
  return probes;
}


/**
 * An ambient probe: through the waypoint exactly when a rule selects it, to what the entry names;
 * otherwise denied by the waypoint's authorization or the namespace's NetworkPolicy. A host no
 * ambient source reaches has no waypoint, so ztunnel sends an ambient pod of a namespace without
 * our NetworkPolicy straight to it: outside what the function controls (README, "Limits").
 */
function judgeAmbient(r: Rendered, se: PlainItem, host: string, source: Pod, o: Outcome, allowed: Entry[], where: string): void {
  assert.notEqual(o.kind, 'broken', where);
  if (allowed.length === 0) {
    const bound = se.metadata?.labels?.['istio.io/use-waypoint'] !== undefined;
    const guarded = r.items.some((i) => i.kind === 'NetworkPolicy' && isGenerated(i) && i.metadata?.namespace === source.namespace);
    if (!bound && !guarded) {
      assert.equal(o.kind, 'direct', where);
      return;
    }
    assert.equal(o.kind, 'denied', where);
    if (o.kind === 'denied') assert.ok(o.how === 'rbac' || o.how === 'network-policy', where);
    return;
  }
  assert.equal(o.kind, 'via-waypoint', where);
  if (o.kind !== 'via-waypoint') return;
  const fits = allowed.some((e) => o.waypoint.name === e.gateway && o.upstream.port === e.upstreamPort && o.upstream.tls === e.tls
    && (se.spec.addresses?.length ? o.upstream.addresses.includes(host) : e.hosts.includes(o.upstream.host)));
  assert.ok(fits, `${where}\nexpected one of ${JSON.stringify(allowed)}`);
}
