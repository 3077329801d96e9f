/**
 * Who may use each path, as the rules of ALLOW AuthorizationPolicies:
 * - at the egress gateway, per server (matched on the port the gateway pod listens on); on an
 *   HTTP server shared by several hosts also per host, so a source allowed to one host cannot
 *   reach another by sending its Host header;
 * - at the waypoint, per ServiceEntry port (the policy is attached to the ServiceEntry).
 * Rules that allow the same identities are merged, so the policy reads as a short list.
 */
import { compareNumbers, compareStrings, sortedUnique } from './order';
import type { AccessRule, AllowedIdentities, PlannedRoute, ServerPlan, WaypointRoute } from './types';

/** The union of several identity sets; a namespace allowed as a whole makes its principals redundant. */
export function mergeAllowed(list: readonly AllowedIdentities[]): AllowedIdentities {
  const namespaces = sortedUnique(list.flatMap((a) => a.namespaces));
  const whole = new Set(namespaces);
  return {
    principals: sortedUnique(list.flatMap((a) => a.principals)).filter((p) => !whole.has(p.split('/')[2] as string)),
    namespaces,
  };
}

/** `routes` are the gateway's routes; each server's rules cover the routes on its port. */
export function gatewayAccess(servers: readonly ServerPlan[], routes: readonly PlannedRoute[]): AccessRule[] {
  const rules: AccessRule[] = [];
  for (const server of servers) {
    const onPort = routes.filter((r) => r.gatewayPort === server.port);
    if (server.kind !== 'http' || server.hosts.length < 2) {
      rules.push({ ports: [server.targetPort], hosts: [], allowed: mergeAllowed(onPort.map((r) => r.allowed)) });
      continue;
    }
    const perHost = server.hosts.map((host) => {
      const using = onPort.filter((r) => r.istioHosts.includes(host));
      // Clients send `host` or `host:port` in the Host header; both must match.
      const values = sortedUnique([host, ...using.map((r) => `${host}:${r.portNumber}`)]);
      return { values, allowed: mergeAllowed(using.map((r) => r.allowed)) };
    });
    for (const group of groupByAllowed(perHost)) {
      rules.push({ ports: [server.targetPort], hosts: sortedUnique(group.flatMap((g) => g.values)), allowed: (group[0] as { allowed: AllowedIdentities }).allowed });
    }
  }
  return mergePortsOfEqualRules(rules);
}

/** Rules for the ServiceEntry of `host`: per port, the ambient sources of every entry naming it. */
export function serviceEntryAccess(host: string, routes: readonly WaypointRoute[]): AccessRule[] {
  const using = routes.filter((r) => r.istioHosts.includes(host));
  const ports = [...new Set(using.map((r) => r.portNumber))].sort(compareNumbers);
  return mergePortsOfEqualRules(ports.map((port) => ({ ports: [port], hosts: [], allowed: mergeAllowed(using.filter((r) => r.portNumber === port).map((r) => r.allowed)) })));
}

function groupByAllowed<T extends { allowed: AllowedIdentities }>(items: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = allowedKey(item.allowed);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()];
}

/** Host-free rules with equal identities become one rule over their ports. */
function mergePortsOfEqualRules(rules: readonly AccessRule[]): AccessRule[] {
  const merged: AccessRule[] = [];
  for (const rule of rules) {
    const same = rule.hosts.length === 0 ? merged.find((m) => m.hosts.length === 0 && allowedKey(m.allowed) === allowedKey(rule.allowed)) : undefined;
    if (same) same.ports = [...new Set([...same.ports, ...rule.ports])].sort(compareNumbers);
    else merged.push({ ...rule, ports: [...rule.ports] });
  }
  return merged.sort((a, b) => compareNumbers(a.ports[0] as number, b.ports[0] as number) || compareStrings(a.hosts.join(','), b.hosts.join(',')));
}

function allowedKey(allowed: AllowedIdentities): string {
  return `${allowed.principals.join(',')}|${allowed.namespaces.join(',')}`;
}
