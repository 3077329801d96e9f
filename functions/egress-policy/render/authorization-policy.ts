/**
 * AuthorizationPolicies that make each path usable only by the policy's sources (ALLOW: a request
 * no rule matches is denied, with 403 for HTTP and a closed connection for TLS and TCP).
 * - On the egress gateway workload: one rule per server, matched on the port the gateway pod
 *   listens on, and per host on HTTP servers shared by several hosts. A last rule allows every
 *   port that is not ours, so the gateway's other servers keep working.
 * - On each ServiceEntry ambient sources use, attached by `targetRefs` (enforced by its waypoint):
 *   one rule per ServiceEntry port.
 */
import type { AccessRule, EgressPlan, GatewayPlan, ServiceEntryPlan } from '../plan';
import { externalHostObjectName, gatewayObjectName } from '../plan';
import { objectMeta } from './meta';

export const SECURITY_API = 'security.istio.io/v1';

export function renderGatewayAuthorizationPolicy(gateway: GatewayPlan): Record<string, unknown> {
  const ownPorts = [...new Set(gateway.access.flatMap((r) => r.ports))].sort((a, b) => a - b);
  return {
    apiVersion: SECURITY_API,
    kind: 'AuthorizationPolicy',
    metadata: objectMeta(gatewayObjectName(gateway.target.name), gateway.target.namespace, gateway.policies,
      `only the sources of the egress policies may use egress gateway ports ${ownPorts.join(', ')} (as the gateway pod receives them); its other ports are left as they are`),
    spec: {
      selector: { matchLabels: gateway.target.selector },
      action: 'ALLOW',
      rules: [...gateway.access.map(renderRule), { to: [{ operation: { notPorts: ownPorts.map(String) } }] }],
    },
  };
}

export function renderServiceEntryAuthorizationPolicy(plan: EgressPlan, entry: ServiceEntryPlan): Record<string, unknown> | undefined {
  if (entry.waypoint === undefined || entry.access.length === 0) return undefined;
  const name = externalHostObjectName(entry.host);
  return {
    apiVersion: SECURITY_API,
    kind: 'AuthorizationPolicy',
    metadata: objectMeta(name, plan.egressNamespace, entry.policies,
      `enforced by waypoint ${entry.waypoint}: only the ambient sources of the egress policies may reach ${entry.host}`),
    spec: {
      targetRefs: [{ group: 'networking.istio.io', kind: 'ServiceEntry', name }],
      action: 'ALLOW',
      rules: entry.access.map(renderRule),
    },
  };
}

function renderRule(rule: AccessRule): Record<string, unknown> {
  const from = [
    ...(rule.allowed.principals.length > 0 ? [{ source: { principals: rule.allowed.principals } }] : []),
    ...(rule.allowed.namespaces.length > 0 ? [{ source: { namespaces: rule.allowed.namespaces } }] : []),
  ];
  return {
    from,
    to: [{ operation: { ...(rule.hosts.length > 0 ? { hosts: rule.hosts } : {}), ports: rule.ports.map(String) } }],
  };
}
