/**
 * The planner: typed policies in, an EgressPlan out. Pure and deterministic: no I/O, no clock,
 * no randomness; every list is sorted by a comparator from order.ts.
 */
import type { Finding, FunctionConfig, NormalizedPolicy, PolicyKey, Result } from '../policy';
import { hasErrors } from '../policy';
import { findGatewayPortConflicts } from './gateway-port-conflicts';
import { resolveGatewayTarget } from './gateway-targets';
import { compareRoutes, groupHosts } from './host-groups';
import { ipHostName } from './names';
import { compareNumbers, compareStrings, sortedUnique } from './order';
import { assignGatewayPorts, destinationKey } from './ports';
import { planServiceEntries } from './service-entries';
import type { EgressPlan, GatewayPlan, GatewayTarget, PackageFacts, PlannedRoute, ServerPlan } from './types';

/** `resourceOf` maps a policy key to its resource id, for findings. Never throws on bad input. */
export function planEgress(
  policies: readonly NormalizedPolicy[],
  config: FunctionConfig,
  facts: PackageFacts,
  resourceOf: (policy: PolicyKey) => Finding['resource'],
): Result<EgressPlan> {
  const sortedPolicies = [...policies].sort((a, b) => compareStrings(a.key, b.key));
  const ports = assignGatewayPorts(sortedPolicies, resourceOf);
  if (!ports.ok) return ports;
  const findings: Finding[] = [...ports.findings];

  const targets = new Map<string, GatewayTarget>();
  const targetOf = (name: string): GatewayTarget => {
    let target = targets.get(name);
    if (target === undefined) {
      target = resolveGatewayTarget(name, config, facts);
      targets.set(name, target);
    }
    return target;
  };
  const routes: PlannedRoute[] = [];
  for (const policy of sortedPolicies) {
    for (const destination of policy.destinations) {
      const gatewayPort = ports.value.gatewayPorts.get(destinationKey(destination));
      if (gatewayPort === undefined) continue;
      // Every IP gets a stand-in host of its own, so an address belongs to exactly one ServiceEntry.
      const istioHosts = sortedUnique(destination.byIp ? destination.hosts.map(ipHostName) : destination.hosts);
      routes.push({ ...destination, gateway: targetOf(policy.gateway), gatewayPort, istioHosts, primaryHost: istioHosts[0] as string });
    }
  }
  routes.sort(compareRoutes);

  findings.push(...findGatewayPortConflicts(routes, resourceOf));
  const serviceEntries = planServiceEntries(routes, resourceOf);
  findings.push(...serviceEntries.findings);
  if (hasErrors(findings)) return { ok: false, findings };

  const gateways = [...targets.values()]
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((target) => planGateway(target, routes.filter((r) => r.gateway.name === target.name)));
  for (const gateway of gateways) findings.push(...describeGatewayService(gateway, routes, resourceOf));

  const blackholeRoutes = routes.filter((r) => r.kind !== 'http' || r.upgradePort !== undefined);
  const plan: EgressPlan = {
    egressNamespace: config.egressNamespace,
    routes,
    gateways,
    hostGroups: groupHosts(routes),
    serviceEntries: serviceEntries.entries,
    allocatedByPolicy: ports.value.allocatedByPolicy,
    ...(blackholeRoutes.length > 0
      ? { blackhole: { policies: sortedUnique(blackholeRoutes.map((r) => r.policy)), homeGateway: sortedUnique(blackholeRoutes.map((r) => r.gateway.name))[0] as string } }
      : {}),
  };
  return { ok: true, value: plan, findings };
}

function planGateway(target: GatewayTarget, routes: readonly PlannedRoute[]): GatewayPlan {
  const servers = new Map<number, ServerPlan>();
  const sni = new Map<string, Set<number>>();
  for (const route of routes) {
    const server = servers.get(route.gatewayPort) ?? { port: route.gatewayPort, kind: route.kind, hosts: [] };
    server.hosts = sortedUnique([...server.hosts, ...route.istioHosts]);
    servers.set(route.gatewayPort, server);
    sni.set(route.primaryHost, new Set([...(sni.get(route.primaryHost) ?? []), route.gatewayPort]));
  }
  const sortedServers = [...servers.values()].sort((a, b) => compareNumbers(a.port, b.port));
  return {
    target,
    servers: sortedServers,
    missingServicePorts: target.servicePorts === undefined ? [] : sortedServers.filter((s) => !target.servicePorts?.includes(s.port)),
    sniHosts: [...sni.entries()]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([host, p]) => ({ host, ports: [...p].sort(compareNumbers) })),
    policies: sortedUnique(routes.map((r) => r.policy)),
  };
}

/**
 * Tells the reviewer which Service the sidecars are sent to and which ports it needs: the
 * sidecar has a cluster for a gateway port only when the Service exposes it.
 */
function describeGatewayService(gateway: GatewayPlan, routes: readonly PlannedRoute[], resourceOf: (policy: PolicyKey) => Finding['resource']): Finding[] {
  const { target } = gateway;
  const first = routes.find((r) => r.gateway.name === target.name);
  if (first === undefined) return [];
  const portList = gateway.servers.map((s) => `${s.port} (${serverPortName(s)})`).join(', ');
  const selector = Object.entries(target.selector).map(([k, v]) => `${k}=${v}`).join(',');
  const at = { resource: resourceOf(first.policy), fieldPath: 'spec.byEgressGateway.name' };
  // A Service the package holds gets the missing ports from expand.ts, which reports them.
  if (target.packageService !== undefined) return [];
  if (target.definedBy === 'config') return [];
  return [{
    severity: 'info',
    code: 'GATEWAY_SERVICE_ASSUMED',
    ...at,
    message: `egress gateway '${target.name}' is assumed to be the pods labelled ${selector} in namespace ${target.namespace}, behind Service ${target.serviceHost}, which must expose port(s) ${portList}${privilegedNote(gateway)}; set gatewaySelector and gatewayService in the functionConfig if yours differ`,
  }];
}

/** Ports below 1024 cannot be bound by a gateway that runs as non-root, as Istio's charts do. */
function privilegedNote(gateway: GatewayPlan): string {
  const low = gateway.servers.filter((s) => s.port < 1024).map((s) => s.port);
  return low.length === 0 ? '' : ` (a gateway running as non-root needs port(s) ${low.join(', ')} mapped to a targetPort of 1024 or more, as Istio's gateway chart maps 80 to 8080)`;
}

/** Gateway server port name: `https-<port>` for HTTP over mutual TLS, `tls-<port>` otherwise. */
export function serverPortName(server: ServerPlan): string {
  return `${server.kind === 'http' ? 'https' : 'tls'}-${server.port}`;
}
