/**
 * ServiceEntries: one per external host (see plan/service-entries.ts). Names resolve by DNS;
 * IP destinations get a stand-in host with the IPs as `addresses` and `endpoints`, resolved
 * STATIC, because Istio rejects IP literals as hosts. A host ambient sources reach is bound to
 * their waypoint by the `istio.io/use-waypoint` label (sidecars ignore it); an ambient
 * httpsUpgrade port sends to its `targetPort`, where the DestinationRule originates TLS.
 */
import type { EgressPlan, ServiceEntryPlan } from '../plan';
import { USE_WAYPOINT_LABEL, externalHostObjectName } from '../plan';
import { EXPORT_TO_ALL, NETWORKING_API, objectMeta } from './meta';

export function renderServiceEntry(plan: EgressPlan, entry: ServiceEntryPlan): Record<string, unknown> {
  const byIp = entry.addresses.length > 0;
  return {
    apiVersion: NETWORKING_API,
    kind: 'ServiceEntry',
    metadata: objectMeta(externalHostObjectName(entry.host), plan.egressNamespace, entry.policies, undefined,
      entry.waypoint !== undefined ? { [USE_WAYPOINT_LABEL]: entry.waypoint } : {}),
    spec: {
      hosts: [entry.host],
      ...(byIp ? { addresses: entry.addresses } : {}),
      ports: entry.ports.map((p) => ({ number: p.number, name: p.name, protocol: p.protocol, ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}) })),
      location: 'MESH_EXTERNAL',
      resolution: byIp ? 'STATIC' : 'DNS',
      ...(byIp ? { endpoints: entry.addresses.map((address) => ({ address })) } : {}),
      exportTo: EXPORT_TO_ALL,
    },
  };
}
