/**
 * The Istio Gateway on an egress gateway workload: one server per gateway port, each terminating
 * the sidecars' Istio mutual TLS (ASM always uses mTLS on this hop). HTTP ports are `HTTPS`
 * servers, so the gateway routes the plain HTTP inside by Host; TLS/TCP ports are `TLS`
 * servers, which serve `tcp` routes matched by port (tls routes bind only to PASSTHROUGH).
 * Hosts carry the VirtualServices' namespace, so only our VirtualServices bind to them.
 */
import type { EgressPlan, GatewayPlan } from '../plan';
import { gatewayObjectName, serverPortName, virtualServiceNamespaceOf } from '../plan';
import { NETWORKING_API, objectMeta } from './meta';

export function renderGateway(plan: EgressPlan, gateway: GatewayPlan): Record<string, unknown> {
  return {
    apiVersion: NETWORKING_API,
    kind: 'Gateway',
    metadata: objectMeta(gatewayObjectName(gateway.target.name), gateway.target.namespace, gateway.policies),
    spec: {
      selector: gateway.target.selector,
      servers: gateway.servers.map((server) => ({
        port: { number: server.port, name: serverPortName(server), protocol: server.kind === 'http' ? 'HTTPS' : 'TLS' },
        hosts: server.hosts.map((host) => `${virtualServiceNamespaceOf(plan.hostGroups, host, plan.egressNamespace)}/${host}`),
        tls: { mode: 'ISTIO_MUTUAL' },
      })),
    },
  };
}

/** How VirtualServices name this Gateway in `gateways:` (namespace/name). */
export function gatewayReference(gateway: GatewayPlan['target']): string {
  return `${gateway.namespace}/${gatewayObjectName(gateway.name)}`;
}

