/**
 * The black hole for TLS and TCP traffic of workloads no rule selects. Istio has no "drop" action
 * for TCP/TLS routes, so they are routed to a ServiceEntry without endpoints: the proxy has a
 * cluster for it with no member, and every connection is refused (Envoy flag UH). Its port is
 * declared TLS so that its wildcard listener matches only its own SNI and captures nothing else.
 */
import type { EgressPlan } from '../plan';
import { BLACKHOLE_HOST } from '../plan';
import { EXPORT_TO_ALL, NETWORKING_API, objectMeta } from './meta';

export { BLACKHOLE_HOST };
export const BLACKHOLE_PORT = 1;
export const BLACKHOLE_NAME = 'egress-blackhole';

export function renderBlackholeServiceEntry(plan: EgressPlan): Record<string, unknown> | undefined {
  if (plan.blackhole === undefined) return undefined;
  return {
    apiVersion: NETWORKING_API,
    kind: 'ServiceEntry',
    metadata: objectMeta(BLACKHOLE_NAME, plan.egressNamespace, plan.blackhole.policies,
      'TLS and TCP connections of workloads that no egress rule selects are routed here; it has no endpoints, so they are refused'),
    spec: {
      hosts: [BLACKHOLE_HOST],
      ports: [{ number: BLACKHOLE_PORT, name: 'tls-blackhole', protocol: 'TLS' }],
      location: 'MESH_EXTERNAL',
      resolution: 'STATIC',
      exportTo: EXPORT_TO_ALL,
    },
  };
}
