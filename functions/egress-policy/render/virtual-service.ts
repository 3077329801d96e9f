/**
 * One VirtualService per external host group, holding every route for those hosts. Each entry
 * has two legs (Istio's egress-gateway tasks, seed 000):
 * - the mesh leg, in sidecars: traffic from the entry's sources (sourceNamespace + sourceLabels)
 *   to the external port goes to the gateway Service on the gateway port, mutual TLS, SNI subset;
 * - the gateway leg, at the egress gateway: traffic arriving on the gateway port goes to the
 *   external host (TLS originated on the upgrade port for httpsUpgrade).
 * Rules that decide where traffic goes:
 * - gateway legs come first: at the gateway, an unscoped mesh leg on the same port would
 *   otherwise send traffic back to the gateway, and only the first matching TCP route is used;
 * - in an HTTP match, `gateways` makes Istio ignore sourceLabels/sourceNamespace, so mesh legs
 *   name no gateway (the VirtualService's top-level `gateways` includes `mesh`);
 * - when all routes are filtered out for a sidecar, Istio falls back to the ServiceEntry's
 *   default route straight to the host, so each port ends with a `mesh` route for everyone
 *   else: 403 for HTTP, the black hole for TLS and TCP (ASM black-holes them too).
 */
import type { HostGroupPlan, PlannedRoute, Source } from '../plan';
import { externalHostObjectName, sniSubsetName, sortedUnique } from '../plan';
import { BLACKHOLE_HOST, BLACKHOLE_PORT } from './blackhole';
import { TLS_ORIGINATION_SUBSET } from './destination-rule';
import { gatewayReference } from './gateway';
import { EXPORT_TO_ALL, NETWORKING_API, objectMeta } from './meta';

const MESH = 'mesh';
/** Status of the HTTP answer to workloads no rule selects. */
const DENIED_STATUS = 403;

export function renderVirtualService(group: HostGroupPlan): Record<string, unknown> {
  const { routes } = group;
  const httpRoutes = routes.filter((r) => r.kind === 'http');
  const tlsRoutes = routes.filter((r) => r.kind === 'tls');
  const tcpRoutes = routes.filter((r) => r.kind === 'tcp');
  const gatewayRefs = sortedUnique(routes.map((r) => gatewayReference(r.gateway)));
  const httpPorts = uniquePorts(httpRoutes.map((r) => r.portNumber));
  const tlsPorts = uniquePorts([...tlsRoutes.map((r) => r.portNumber), ...routes.flatMap((r) => (r.upgradePort !== undefined ? [r.upgradePort] : []))]);
  const tcpPorts = uniquePorts(tcpRoutes.map((r) => r.portNumber));

  const http = [
    ...gatewayLegs(httpRoutes).map((r) => ({
      name: `gateway.${r.gateway.name}.${r.gatewayPort}`,
      match: [{ gateways: [gatewayReference(r.gateway)], port: r.gatewayPort }],
      route: [{
        destination: {
          host: group.primaryHost,
          ...(r.upgradePort !== undefined ? { subset: TLS_ORIGINATION_SUBSET } : {}),
          port: { number: r.upgradePort ?? r.portNumber },
        },
      }],
    })),
    ...httpRoutes.map((r) => ({
      name: [policyName(r), r.ruleName, r.name].filter(Boolean).join('.'),
      match: r.sources.map((s) => ({ port: r.portNumber, ...sourceMatch(s) })),
      route: [toGateway(r)],
    })),
    ...httpPorts.map((port) => ({
      name: `deny-unselected.${port}`,
      match: [{ gateways: [MESH], port }],
      directResponse: { status: DENIED_STATUS, body: { string: `egress to ${group.hosts.join(', ')} port ${port} is not allowed for this workload by ASMEgressTrafficPolicy\n` } },
    })),
  ];
  const tls = [
    ...tlsRoutes.map((r) => ({
      match: r.sources.map((s) => ({ port: r.portNumber, sniHosts: r.istioHosts.filter((h) => group.hosts.includes(h)), ...sourceMatch(s) })),
      route: [toGateway(r)],
    })),
    ...tlsPorts.map((port) => ({
      match: [{ port, sniHosts: group.hosts, gateways: [MESH] }],
      route: [toBlackhole()],
    })),
  ];
  // At the gateway, TLS and TCP arrive inside the mutual-TLS hop and are forwarded by port. The
  // leg is written once, in the group of the route's primary host, its destination.
  const forwarded = [...tlsRoutes, ...tcpRoutes].filter((r) => group.hosts.includes(r.primaryHost));
  const tcp = [
    ...gatewayLegs(forwarded).map((r) => ({
      match: [{ gateways: [gatewayReference(r.gateway)], port: r.gatewayPort }],
      route: [{ destination: { host: r.primaryHost, port: { number: r.portNumber } } }],
    })),
    ...tcpRoutes.map((r) => ({
      match: r.sources.map((s) => ({ port: r.portNumber, ...sourceMatch(s) })),
      route: [toGateway(r)],
    })),
    ...tcpPorts.map((port) => ({
      match: [{ port, gateways: [MESH] }],
      route: [toBlackhole()],
    })),
  ];
  return {
    apiVersion: NETWORKING_API,
    kind: 'VirtualService',
    metadata: objectMeta(externalHostObjectName(group.primaryHost), group.virtualServiceNamespace, group.policies),
    spec: {
      hosts: group.hosts,
      gateways: [MESH, ...gatewayRefs],
      ...(http.length > 0 ? { http } : {}),
      ...(tls.length > 0 ? { tls } : {}),
      ...(tcp.length > 0 ? { tcp } : {}),
      exportTo: EXPORT_TO_ALL,
    },
  };
}

function sourceMatch(source: Source): Record<string, unknown> {
  return {
    sourceNamespace: source.namespace,
    ...(source.workloadLabels.length > 0 ? { sourceLabels: Object.fromEntries(source.workloadLabels) } : {}),
  };
}

function toGateway(route: PlannedRoute): Record<string, unknown> {
  return {
    destination: { host: route.gateway.serviceHost, subset: sniSubsetName(route.primaryHost), port: { number: route.gatewayPort } },
  };
}

function toBlackhole(): Record<string, unknown> {
  return { destination: { host: BLACKHOLE_HOST, port: { number: BLACKHOLE_PORT } } };
}

function policyName(route: PlannedRoute): string {
  return route.policy.slice(route.policy.indexOf('/') + 1);
}

function uniquePorts(ports: number[]): number[] {
  return [...new Set(ports)].sort((a, b) => a - b);
}

/**
 * One route per gateway port, sorted by gateway and port. Routes sharing a gateway port share
 * its destination (plan/gateway-port-conflicts.ts rejects anything else), so the first stands
 * for all.
 */
function gatewayLegs(routes: readonly PlannedRoute[]): PlannedRoute[] {
  const byPort = new Map<string, PlannedRoute>();
  for (const route of routes) {
    const key = `${route.gateway.name}\u0000${String(route.gatewayPort).padStart(5, '0')}`;
    if (!byPort.has(key)) byPort.set(key, route);
  }
  return [...byPort.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, route]) => route);
}
