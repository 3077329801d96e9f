/**
 * Hand-written Istio objects in the package that claim what a policy's expansion claims. Istio
 * accepts all of these silently and picks one side: two ServiceEntries for one host merge or
 * drop each other's ports; sidecars apply one VirtualService per host; one DestinationRule per
 * host is found (the client namespace's first), shadowing our TLS settings; two Gateways on one
 * port of one workload fight over the listener. Each is an error naming both objects and files.
 */
import type { Finding, PolicyKey } from '../policy';
import type { EgressPlan, ForeignIstioFact, PlannedRoute, WaypointRoute } from './types';

type Plan = Pick<EgressPlan, 'routes' | 'waypointRoutes' | 'gateways' | 'hostGroups' | 'serviceEntries'>;

/** `*.example.com` covers `api.example.com`; `*` covers everything. */
function covers(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : pattern === host;
}

/** A short DestinationRule host is relative to the rule's namespace. */
function fullHost(host: string, namespace: string): string {
  return host.includes('.') || host.includes('*') ? host : `${host}.${namespace}.svc.cluster.local`;
}

const described = (f: ForeignIstioFact): string => `${f.kind} ${f.namespace}/${f.name}${f.file ? ` (${f.file})` : ''}`;

export function findForeignConflicts(plan: Plan, foreign: readonly ForeignIstioFact[], resourceOf: (policy: PolicyKey) => Finding['resource']): Finding[] {
  if (foreign.length === 0) return [];
  const findings: Finding[] = [];
  const blame = (route: PlannedRoute | WaypointRoute, fieldPath: string, code: Finding['code'], message: string): void => {
    findings.push({ severity: 'error', code, resource: resourceOf(route.policy), fieldPath, message });
  };
  const firstRouteTo = (host: string): PlannedRoute | WaypointRoute | undefined =>
    plan.routes.find((r) => r.istioHosts.includes(host)) ?? plan.waypointRoutes.find((r) => r.istioHosts.includes(host));

  for (const other of foreign) {
    if (other.kind === 'ServiceEntry') {
      for (const entry of plan.serviceEntries) {
        const shared = entry.ports.map((p) => p.number).filter((n) => other.ports.includes(n));
        const route = firstRouteTo(entry.host);
        if (route === undefined || shared.length === 0 || !other.hosts.some((h) => covers(h, entry.host))) continue;
        blame(route, `${route.fieldPath}.hosts`, 'FOREIGN_SERVICE_ENTRY_CONFLICT',
          `${described(other)} also declares ${entry.host} port ${shared.join(', ')}, as the ServiceEntry this policy generates does; Istio keeps one of them per host, so delete it (this policy now declares the host) or drop the host from the policy`);
      }
    } else if (other.kind === 'VirtualService') {
      const meshWide = other.gateways.length === 0 || other.gateways.includes('mesh');
      for (const group of plan.hostGroups) {
        const host = group.hosts.find((h) => other.hosts.some((p) => covers(p, h)));
        if (host === undefined) continue;
        const route = group.routes[0] as PlannedRoute;
        const gatewayClash = group.routes.find((r) => other.gateways.some((g) => g === `${r.gateway.namespace}/${r.gateway.name}` || (g === r.gateway.name && other.namespace === r.gateway.namespace)));
        if (!meshWide && gatewayClash === undefined) continue;
        const where = meshWide ? 'in every sidecar (gateway mesh)' : `at gateway ${gatewayClash?.gateway.namespace}/${gatewayClash?.gateway.name}`;
        blame(route, `${route.fieldPath}.hosts`, 'FOREIGN_VIRTUAL_SERVICE_CONFLICT',
          `${described(other)} also routes ${host} ${where}, as the VirtualService this policy generates does; Istio applies one of them, so traffic may bypass the egress gateway. Delete it, or drop the host from the policy`);
      }
    } else if (other.kind === 'DestinationRule') {
      for (const rawHost of other.hosts) {
        const host = fullHost(rawHost, other.namespace);
        const gateway = plan.gateways.find((g) => g.target.serviceHost === host);
        if (gateway !== undefined) {
          const route = plan.routes.find((r) => r.gateway.name === gateway.target.name) as PlannedRoute;
          blame(route, 'spec.byEgressGateway.name', 'FOREIGN_DESTINATION_RULE_CONFLICT',
            `${described(other)} is a DestinationRule for ${host}, the egress gateway's Service, like the one this policy generates (mutual TLS and SNI toward the gateway); one of them shadows the other, so merge its settings into the generated one and delete it`);
          continue;
        }
        const upgraded = plan.routes.find((r) => r.upgradePort !== undefined && r.primaryHost === host) ?? plan.waypointRoutes.find((r) => r.upgradePort !== undefined && r.istioHosts.includes(host));
        if (upgraded !== undefined) {
          blame(upgraded, `${upgraded.fieldPath}.httpsUpgrade`, 'FOREIGN_DESTINATION_RULE_CONFLICT',
            `${described(other)} is a DestinationRule for ${host}, like the one this policy generates for its HTTPS upgrade (TLS origination); where it is found first the upgrade is lost, so delete it or move its settings into the policy`);
        }
      }
    } else {
      for (const gateway of plan.gateways) {
        const selects = Object.keys(other.selector).length > 0 && Object.entries(other.selector).every(([k, v]) => gateway.target.selector[k] === v);
        if (!selects) continue;
        for (const server of gateway.servers.filter((s) => other.ports.includes(s.port))) {
          const route = plan.routes.find((r) => r.gateway.name === gateway.target.name && r.gatewayPort === server.port) as PlannedRoute;
          blame(route, route.explicitGatewayPort !== undefined ? `${route.fieldPath}.byEgressGateway.port` : 'spec.byEgressGateway.name', 'FOREIGN_GATEWAY_PORT_CONFLICT',
            `${described(other)} selects the pods of egress gateway '${gateway.target.name}' and has a server on port ${server.port}, which this policy's generated Gateway uses too; the two servers fight over one listener, so move one of them to another port`);
        }
      }
    }
  }
  return findings;
}
