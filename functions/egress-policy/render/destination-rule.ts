/**
 * DestinationRules.
 * - Toward each gateway Service: one subset per SNI host, originating Istio mutual TLS with that
 *   SNI on each gateway port it is used on (the gateway accepts the hop only when the SNI
 *   matches a server's hosts). It lives in the Service's namespace: a DestinationRule is looked
 *   up in the client's namespace, then the Service's, then the root namespace.
 * - Toward an external host reached by httpsUpgrade: a `tls-origination` subset with TLS SIMPLE
 *   on the upgrade port, used only by the gateway's upgrade route, so TLS passing through to the
 *   same host:port is never wrapped twice.
 */
import type { EgressPlan, GatewayPlan, HostGroupPlan } from '../plan';
import { externalHostObjectName, gatewayObjectName, sniSubsetName, sortedUnique } from '../plan';
import { EXPORT_TO_ALL, NETWORKING_API, objectMeta } from './meta';

export const TLS_ORIGINATION_SUBSET = 'tls-origination';

export function renderGatewayDestinationRule(gateway: GatewayPlan): Record<string, unknown> {
  return {
    apiVersion: NETWORKING_API,
    kind: 'DestinationRule',
    metadata: objectMeta(gatewayObjectName(gateway.target.name), gateway.target.serviceNamespace, gateway.policies),
    spec: {
      host: gateway.target.serviceHost,
      subsets: gateway.sniHosts.map(({ host, ports }) => ({
        name: sniSubsetName(host),
        trafficPolicy: {
          portLevelSettings: ports.map((number) => ({ port: { number }, tls: { mode: 'ISTIO_MUTUAL', sni: host } })),
        },
      })),
      exportTo: EXPORT_TO_ALL,
    },
  };
}

export function renderExternalDestinationRule(plan: EgressPlan, group: HostGroupPlan): Record<string, unknown> | undefined {
  const upgradeRoutes = group.routes.filter((r) => r.upgradePort !== undefined);
  if (upgradeRoutes.length === 0) return undefined;
  const upgradePorts = sortedUnique(upgradeRoutes.map((r) => String(r.upgradePort))).map(Number).sort((a, b) => a - b);
  return {
    apiVersion: NETWORKING_API,
    kind: 'DestinationRule',
    metadata: objectMeta(externalHostObjectName(group.primaryHost), plan.egressNamespace, sortedUnique(upgradeRoutes.map((r) => r.policy))),
    spec: {
      host: group.primaryHost,
      subsets: [{
        name: TLS_ORIGINATION_SUBSET,
        trafficPolicy: {
          portLevelSettings: upgradePorts.map((number) => ({
            port: { number },
            // With one host the SNI is explicit; with several, Envoy's auto-SNI (default since
            // Istio 1.20) takes each request's own Host, which is what the server expects.
            tls: group.hosts.length === 1 ? { mode: 'SIMPLE', sni: group.primaryHost } : { mode: 'SIMPLE' },
          })),
        },
      }],
      exportTo: EXPORT_TO_ALL,
    },
  };
}
