/**
 * One source should reach one host:port by one route. When the same source is given two (two
 * gateways, or two ports of one gateway), the sidecar's VirtualService keeps the first match and
 * the other route is dead config; Istio says nothing. When a namespace-wide source and a
 * workload source of the same namespace take different routes, which one a pod's traffic takes
 * depends on route order: a warning.
 */
import type { Finding, PolicyKey, Source } from '../policy';
import type { PlannedRoute } from './types';

interface Reach {
  route: PlannedRoute;
  source: Source;
}

const routeOf = (route: PlannedRoute): string => `gateway '${route.gateway.name}' port ${route.gatewayPort}`;
const where = (reach: Reach): string => `${reach.route.policy} ${reach.source.fieldPath}`;
const selectorOf = (source: Source): string => source.workloadLabels.map(([k, v]) => `${k}=${v}`).join(',');

export function findDuplicateRoutes(routes: readonly PlannedRoute[], resourceOf: (policy: PolicyKey) => Finding['resource']): Finding[] {
  const findings: Finding[] = [];
  const reachesOf = new Map<string, Reach[]>();
  for (const route of routes) {
    for (const source of route.sources) {
      for (const host of route.hosts) {
        const key = `${source.namespace}\n${host}:${route.portNumber}`;
        const reaches = reachesOf.get(key) ?? [];
        reaches.push({ route, source });
        reachesOf.set(key, reaches);
      }
    }
  }
  const reported = new Set<string>();
  const report = (severity: Finding['severity'], code: Finding['code'], later: Reach, message: string): void => {
    const id = `${code}\n${later.route.policy}\n${later.source.fieldPath}\n${later.route.fieldPath}`;
    if (reported.has(id)) return;
    reported.add(id);
    findings.push({ severity, code, resource: resourceOf(later.route.policy), fieldPath: later.source.fieldPath, message });
  };
  for (const [key, reaches] of reachesOf) {
    const hostPort = key.slice(key.indexOf('\n') + 1);
    reaches.forEach((later, i) => {
      for (const earlier of reaches.slice(0, i)) {
        if (routeOf(earlier.route) === routeOf(later.route)) continue;
        const laterSelector = selectorOf(later.source);
        const earlierSelector = selectorOf(earlier.source);
        const who = laterSelector === '' ? `namespace ${later.source.namespace}` : `${laterSelector} in ${later.source.namespace}`;
        if (laterSelector === earlierSelector) {
          report('error', 'DUPLICATE_ROUTE', later,
            `${who} reaches ${hostPort} through ${routeOf(later.route)} here and through ${routeOf(earlier.route)} at ${where(earlier)}; a sidecar keeps only one of them, so keep one route per source and host:port`);
        } else if (laterSelector === '' || earlierSelector === '') {
          report('warning', 'OVERLAPPING_SOURCE_ROUTES', later,
            `${who} reaches ${hostPort} through ${routeOf(later.route)} here, and ${earlierSelector === '' ? `namespace ${earlier.source.namespace}` : `${earlierSelector} in ${earlier.source.namespace}`} through ${routeOf(earlier.route)} at ${where(earlier)}; the pods both select take whichever route matches first, so use one route`);
        }
      }
    });
  }
  return findings;
}
