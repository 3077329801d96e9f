/**
 * What each source namespace gets besides routes, both opt-in or data-plane dependent:
 * - a REGISTRY_ONLY Sidecar (sidecar namespaces, `registryOnly`): hosts outside the registry are
 *   blocked without a mesh-wide switch, in-cluster services stay reachable, and the external
 *   hosts the namespace's sources may use are imported;
 * - a NetworkPolicy denying direct egress (`denyDirectEgress`, on by default for ambient
 *   namespaces): DNS and the cluster's own CIDRs stay reachable, the rest must go through the
 *   gateway or waypoint, whose pods are never selected.
 */
import type { Finding, FunctionConfig, PolicyKey } from '../policy';
import { GATEWAY_NAME_LABEL } from '../policy';
import { homeOf, namespaceFileName } from './files';
import { BLACKHOLE_HOST } from './names';
import { compareStrings, sortedUnique } from './order';
import type { GatewayTarget, NamespacePlan, PackageFacts, PlannedRoute, WaypointRoute } from './types';

export function planNamespaces(
  routes: readonly PlannedRoute[],
  waypointRoutes: readonly WaypointRoute[],
  context: {
    config: FunctionConfig;
    facts: PackageFacts;
    gateways: readonly GatewayTarget[];
    waypoints: readonly string[];
    blackhole: boolean;
    /** Namespaces holding a host's ServiceEntry and routes, which a Sidecar must import. */
    hostNamespaces: (host: string) => string[];
  },
  resourceOf: (policy: PolicyKey) => Finding['resource'],
): { namespaces: NamespacePlan[]; findings: Finding[] } {
  const { config, facts } = context;
  const findings: Finding[] = [];
  const sidecarNamespaces = new Set(routes.flatMap((r) => r.sources.map((s) => s.namespace)));
  const ambientNamespaces = new Set(waypointRoutes.flatMap((r) => r.sources.map((s) => s.namespace)));
  const all = sortedUnique([...sidecarNamespaces, ...ambientNamespaces]);
  const denies = (ns: string): boolean => config.denyDirectEgress ?? ambientNamespaces.has(ns);

  const denying = all.filter(denies);
  if (denying.length > 0 && config.clusterCIDRs.length === 0) {
    const first = [...routes, ...waypointRoutes].filter((r) => r.sources.some((s) => denying.includes(s.namespace))).map((r) => r.policy).sort(compareStrings)[0] as PolicyKey;
    const origin = config.origin;
    findings.push({
      severity: 'error',
      code: 'CLUSTER_CIDRS_REQUIRED',
      ...(origin ? { resource: origin.resource, fieldPath: `${origin.section}.clusterCIDRs` } : { resource: resourceOf(first) }),
      message: `denyDirectEgress is on${config.denyDirectEgress === undefined ? ' (the default for ambient sources)' : ''} for namespace(s) ${denying.join(', ')}, but clusterCIDRs is empty; set clusterCIDRs in the functionConfig to the cluster's pod and Service CIDRs, or set denyDirectEgress to "false"`,
    });
    return { namespaces: [], findings };
  }

  const namespaces: NamespacePlan[] = [];
  for (const namespace of all) {
    const using = [...routes, ...waypointRoutes].filter((r) => r.sources.some((s) => s.namespace === namespace));
    const policies = sortedUnique(using.map((r) => r.policy));
    const home = homeOf(namespaceFileName(namespace), policies);
    const plan: NamespacePlan = { namespace, policies, home };
    if (config.registryOnly && sidecarNamespaces.has(namespace)) {
      const hosts = sortedUnique([
        ...routes.filter((r) => r.sources.some((s) => s.namespace === namespace)).flatMap((r) => r.istioHosts.flatMap((h) => context.hostNamespaces(h).map((ns) => `${ns}/${h}`))),
        ...(context.blackhole ? [`${config.egressNamespace}/${BLACKHOLE_HOST}`] : []),
        // The gateway Services, unless `*.svc.cluster.local` covers them already.
        ...context.gateways.filter((g) => !g.serviceHost.endsWith('.svc.cluster.local')).map((g) => `${g.serviceNamespace}/${g.serviceHost}`),
      ]);
      const existing = facts.sidecars.find((s) => s.namespace === namespace && s.namespaceWide);
      if (existing === undefined) {
        plan.registryOnlyHosts = hosts;
      } else {
        findings.push({
          severity: 'warning',
          code: 'SIDECAR_ALREADY_DEFINED',
          resource: { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', name: existing.name, namespace },
          fieldPath: 'spec.egress',
          message: `namespace ${namespace} already has the namespace-wide Sidecar ${existing.name}, so no REGISTRY_ONLY Sidecar is generated for it; for the egress policies to work under REGISTRY_ONLY its egress hosts must include ${hosts.join(', ')}`,
        });
      }
    }
    if (denies(namespace)) plan.denyDirectEgress = { cidrs: [...config.clusterCIDRs], exclude: proxyPodsIn(namespace, context) };
    if (plan.registryOnlyHosts !== undefined || plan.denyDirectEgress !== undefined) namespaces.push(plan);
  }
  return { namespaces, findings };
}

/** Gateway and waypoint pods living in `namespace`, as label exclusions for the NetworkPolicy. */
function proxyPodsIn(namespace: string, context: { config: FunctionConfig; gateways: readonly GatewayTarget[]; waypoints: readonly string[] }): Array<{ key: string; values: string[] }> {
  const exclude = new Map<string, Set<string>>();
  const add = (key: string, value: string): void => {
    exclude.set(key, new Set([...(exclude.get(key) ?? []), value]));
  };
  if (namespace === context.config.egressNamespace) for (const name of context.waypoints) add(GATEWAY_NAME_LABEL, name);
  for (const gateway of context.gateways.filter((g) => g.namespace === namespace)) {
    for (const [key, value] of Object.entries(gateway.selector)) add(key, value);
  }
  return [...exclude.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([key, values]) => ({ key, values: sortedUnique(values) }));
}
