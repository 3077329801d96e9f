/**
 * ServiceEntries: one per external host (see plan/service-entries.ts). Names resolve by DNS;
 * IP destinations get a stand-in host with the IPs as `addresses` and `endpoints`, resolved
 * STATIC, because Istio rejects IP literals as hosts.
 */
import type { EgressPlan, ServiceEntryPlan } from '../plan';
import { externalHostObjectName } from '../plan';
import { EXPORT_TO_ALL, NETWORKING_API, objectMeta } from './meta';

export function renderServiceEntry(plan: EgressPlan, entry: ServiceEntryPlan): Record<string, unknown> {
  const byIp = entry.addresses.length > 0;
  return {
    apiVersion: NETWORKING_API,
    kind: 'ServiceEntry',
    metadata: objectMeta(externalHostObjectName(entry.host), plan.egressNamespace, entry.policies),
    spec: {
      hosts: [entry.host],
      ...(byIp ? { addresses: entry.addresses } : {}),
      ports: entry.ports.map((p) => ({ number: p.number, name: p.name, protocol: p.protocol })),
      location: 'MESH_EXTERNAL',
      resolution: byIp ? 'STATIC' : 'DNS',
      ...(byIp ? { endpoints: entry.addresses.map((address) => ({ address })) } : {}),
      exportTo: EXPORT_TO_ALL,
    },
  };
}
