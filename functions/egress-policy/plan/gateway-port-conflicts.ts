/**
 * A gateway port must mean one thing. After the mutual-TLS hop the gateway knows only the port:
 * an HTTP port routes by Host, so it may carry several hosts but one destination per host; a
 * TLS/TCP port forwards bytes, so it carries exactly one destination. Istio accepts conflicting
 * config silently (the first route wins), so conflicts are errors that name both entries.
 */
import type { Finding, PolicyKey } from '../policy';
import type { PlannedRoute } from './types';

export function findGatewayPortConflicts(routes: readonly PlannedRoute[], resourceOf: (policy: PolicyKey) => Finding['resource']): Finding[] {
  const findings: Finding[] = [];
  const firstOnPort = new Map<string, PlannedRoute>();
  const httpDestinationOfHost = new Map<string, PlannedRoute>();
  const conflict = (route: PlannedRoute, code: Finding['code'], message: string): void => {
    findings.push({ severity: 'error', code, resource: resourceOf(route.policy), fieldPath: gatewayPortField(route), message });
  };
  for (const route of routes) {
    const portKey = `${route.gateway.name}:${route.gatewayPort}`;
    const first = firstOnPort.get(portKey);
    if (first === undefined) {
      firstOnPort.set(portKey, route);
    } else if ((first.kind === 'http') !== (route.kind === 'http')) {
      conflict(route, 'GATEWAY_PORT_PROTOCOL_CONFLICT',
        `gateway '${route.gateway.name}' port ${route.gatewayPort} carries ${route.protocol} here and ${first.protocol} at ${describe(first)}; HTTP and TLS/TCP entries need different gateway ports`);
      continue;
    } else if (route.kind !== 'http' && destinationOf(first) !== destinationOf(route)) {
      conflict(route, 'GATEWAY_PORT_DESTINATION_CONFLICT',
        `gateway '${route.gateway.name}' port ${route.gatewayPort} already forwards to ${destinationOf(first)} for ${describe(first)}; each ${route.protocol} destination needs a gateway port of its own`);
      continue;
    }
    if (route.kind !== 'http') continue;
    for (const host of route.istioHosts) {
      const hostKey = `${portKey}/${host}`;
      const other = httpDestinationOfHost.get(hostKey);
      if (other === undefined) {
        httpDestinationOfHost.set(hostKey, route);
      } else if (other.portNumber === route.portNumber && other.upgradePort !== route.upgradePort) {
        conflict(route, 'GATEWAY_PORT_UPGRADE_CONFLICT',
          `${host}:${route.portNumber} through gateway '${route.gateway.name}' port ${route.gatewayPort} is ${route.upgradePort ? 'upgraded to HTTPS' : 'plain HTTP'} here but ${other.upgradePort ? 'upgraded to HTTPS' : 'plain HTTP'} at ${describe(other)}; the gateway routes by host, so both must agree`);
      } else if (other.portNumber !== route.portNumber) {
        conflict(route, 'GATEWAY_PORT_DESTINATION_CONFLICT',
          `${host} through gateway '${route.gateway.name}' port ${route.gatewayPort} goes to port ${route.portNumber} here but to port ${other.portNumber} at ${describe(other)}; use a different gateway port for one of them`);
      }
    }
  }
  return findings;
}

function destinationOf(route: PlannedRoute): string {
  return `${route.istioHosts.join(',')}:${route.portNumber}`;
}

function describe(route: PlannedRoute): string {
  return `${route.policy} ${route.fieldPath}`;
}

function gatewayPortField(route: PlannedRoute): string {
  return route.explicitGatewayPort !== undefined ? `${route.fieldPath}.byEgressGateway.port` : route.fieldPath;
}
