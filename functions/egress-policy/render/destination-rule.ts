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

/**
 * The DestinationRule toward an external host: the sidecar-mode `tls-origination` subset when a
 * gateway upgrades the group of which `host` is the primary host, and port-level TLS SIMPLE on the
 * ServiceEntry ports a waypoint upgrades (ambient, seed 001). One object per host: two
 * DestinationRules for one host do not merge.
 */
export function renderExternalDestinationRule(plan: EgressPlan, host: string, group: HostGroupPlan | undefined): Record<string, unknown> | undefined {
  const upgradeRoutes = group?.primaryHost === host ? group.routes.filter((r) => r.upgradePort !== undefined) : [];
  const waypointPorts = plan.serviceEntries.find((e) => e.host === host)?.upgradePorts ?? [];
  const waypointUpgrades = plan.waypointRoutes.filter((r) => r.upgradePort !== undefined && r.istioHosts.includes(host));
  if (upgradeRoutes.length === 0 && waypointPorts.length === 0) return undefined;
  const upgradePorts = [...new Set(upgradeRoutes.map((r) => r.upgradePort as number))].sort((a, b) => a - b);
  const groupHosts = group?.hosts ?? [host];
  return {
    apiVersion: NETWORKING_API,
    kind: 'DestinationRule',
    metadata: objectMeta(externalHostObjectName(host), plan.egressNamespace, sortedUnique([...upgradeRoutes, ...waypointUpgrades].map((r) => r.policy))),
    spec: {
      host,
      ...(waypointPorts.length > 0
        ? { trafficPolicy: { portLevelSettings: waypointPorts.map((number) => ({ port: { number }, tls: { mode: 'SIMPLE', sni: host } })) } }
        : {}),
      ...(upgradeRoutes.length > 0
        ? {
            subsets: [{
              name: TLS_ORIGINATION_SUBSET,
              trafficPolicy: {
                portLevelSettings: upgradePorts.map((number) => ({
                  port: { number },
                  // With one host the SNI is explicit; with several, Envoy's auto-SNI (default since
                  // Istio 1.20) takes each request's own Host, which is what the server expects.
                  tls: groupHosts.length === 1 ? { mode: 'SIMPLE', sni: host } : { mode: 'SIMPLE' },
                })),
              },
            }],
          }
        : {}),
      exportTo: EXPORT_TO_ALL,
    },
  };
}
