/**
 * Groups external hosts into VirtualServices. Istio merges VirtualServices for one host only at
 * gateways, not in sidecars, so every route for a host must live in one VirtualService. Several
 * hosts share one only when every entry naming any of them names exactly that set; otherwise
 * each host gets its own, holding every route that names it.
 */
import type { Destination } from '../policy';
import type { FileHome, HostGroupPlan, PlannedRoute } from './types';
import { compareStrings, compareTuples, sortedUnique } from './order';

/** Canonical route order: policy, then position in the policy. */
export function compareRoutes(a: Destination, b: Destination): number {
  return compareTuples([a.policy, a.ruleIndex, a.toIndex], [b.policy, b.ruleIndex, b.toIndex]);
}

/** `place` decides the file and the VirtualService's namespace of a group, from its hosts and lowest gateway. */
export function groupHosts(
  routes: readonly PlannedRoute[],
  place: (hosts: readonly string[], homeGateway: string) => { home: FileHome; virtualServiceNamespace: string },
): HostGroupPlan[] {
  const routesOfHost = new Map<string, PlannedRoute[]>();
  for (const route of routes) {
    for (const host of route.istioHosts) {
      const list = routesOfHost.get(host);
      if (list === undefined) routesOfHost.set(host, [route]);
      else list.push(route);
    }
  }
  const setKey = (route: PlannedRoute): string => route.istioHosts.join(',');
  const groups = new Map<string, string[]>();
  for (const [host, hostRoutes] of routesOfHost) {
    const candidate = hostRoutes[0] as PlannedRoute;
    const key = setKey(candidate);
    const groupable =
      candidate.istioHosts.length > 1 &&
      candidate.istioHosts.every((h) => (routesOfHost.get(h) ?? []).every((r) => setKey(r) === key));
    groups.set(groupable ? key : host, groupable ? candidate.istioHosts : [host]);
  }
  return [...groups.values()]
    .map((hosts): HostGroupPlan => {
      const groupRoutes = [...new Set(hosts.flatMap((h) => routesOfHost.get(h) ?? []))].sort(compareRoutes);
      return {
        hosts,
        primaryHost: hosts[0] as string,
        routes: groupRoutes,
        policies: sortedUnique(groupRoutes.map((r) => r.policy)),
        ...place(hosts, sortedUnique(groupRoutes.map((r) => r.gateway.name))[0] as string),
      };
    })
    .sort((a, b) => compareStrings(a.primaryHost, b.primaryHost));
}

/**
 * Namespace of the VirtualService routing `host` (see HostGroupPlan.virtualServiceNamespace), or
 * `fallback` for a host no group routes. The groups are indexed by host once per list: every
 * gateway server and every Sidecar host looks one up.
 */
export function virtualServiceNamespaceOf(hostGroups: readonly HostGroupPlan[], host: string, fallback: string): string {
  let groups = groupOfHost.get(hostGroups);
  if (groups === undefined) {
    groups = new Map();
    // The first group naming a host is the one that routes it.
    for (const group of hostGroups) for (const h of group.hosts) if (!groups.has(h)) groups.set(h, group);
    groupOfHost.set(hostGroups, groups);
  }
  return groups.get(host)?.virtualServiceNamespace ?? fallback;
}

const groupOfHost = new WeakMap<readonly HostGroupPlan[], Map<string, HostGroupPlan>>();
