/**
 * The planner: typed policies in, an EgressPlan out. Pure and deterministic: no I/O, no clock,
 * no randomness; every list is sorted by a comparator from order.ts.
 */
import type { Destination, Finding, FunctionConfig, NormalizedPolicy, PolicyKey, Result } from '../policy';
import { hasErrors } from '../policy';
import { gatewayAccess } from './access';
import { splitByDataplane } from './dataplanes';
import { gatewayFileName, homeOf, waypointFileName } from './files';
import { findDuplicateRoutes } from './duplicate-routes';
import { findForeignConflicts } from './foreign-conflicts';
import { findGatewayPortConflicts } from './gateway-port-conflicts';
import { resolveGatewayTarget } from './gateway-targets';
import { compareRoutes, groupHosts, virtualServiceNamespaceOf } from './host-groups';
import { ipHostName } from './names';
import { planNamespaces } from './namespaces';
import { compareNumbers, compareStrings, sortedUnique } from './order';
import { assignGatewayPorts, destinationKey } from './ports';
import { allowedIdentities, sourceIdentityFindings } from './principals';
import { planServiceEntries } from './service-entries';
import type { EgressPlan, FileHome, GatewayPlan, GatewayTarget, PackageFacts, PlannedRoute, ServerPlan, WaypointPlan, WaypointRoute } from './types';

type ResourceOf = (policy: PolicyKey) => Finding['resource'];

/** `resourceOf` maps a policy key to its resource id, for findings. Never throws on bad input. */
export function planEgress(policies: readonly NormalizedPolicy[], config: FunctionConfig, facts: PackageFacts, resourceOf: ResourceOf): Result<EgressPlan> {
  const sortedPolicies = [...policies].sort((a, b) => compareStrings(a.key, b.key));
  const split = splitByDataplane(sortedPolicies, config, facts);
  const ports = assignGatewayPorts(split.sidecar, resourceOf);
  if (!ports.ok) return ports;
  const findings: Finding[] = [...ports.findings];
  for (const policy of sortedPolicies) findings.push(...sourceIdentityFindings(policy, facts.workloads, config.trustDomain, resourceOf(policy.key)));
  const allowedOf = (destination: Destination) => allowedIdentities(destination.sources, facts.workloads, config.trustDomain);

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
  for (const policy of split.sidecar) {
    for (const destination of policy.destinations) {
      const gatewayPort = ports.value.gatewayPorts.get(destinationKey(destination));
      if (gatewayPort === undefined) continue;
      const istioHosts = istioHostsOf(destination);
      routes.push({ ...destination, gateway: targetOf(policy.gateway), gatewayPort, istioHosts, primaryHost: istioHosts[0] as string, allowed: allowedOf(destination) });
    }
  }
  routes.sort(compareRoutes);
  const gatewayOfPolicy = new Map(sortedPolicies.map((p) => [p.key, p.gateway]));
  const waypointRoutes: WaypointRoute[] = split.ambient
    .map((destination) => {
      const istioHosts = istioHostsOf(destination);
      return { ...destination, waypoint: gatewayOfPolicy.get(destination.policy) as string, istioHosts, primaryHost: istioHosts[0] as string, allowed: allowedOf(destination) };
    })
    .sort(compareRoutes);
  findings.push(...ambientIgnoredPorts(waypointRoutes, routes, resourceOf));

  findings.push(...findGatewayPortConflicts(routes, resourceOf));
  findings.push(...findDuplicateRoutes(routes, resourceOf));
  // Every service entry asks for its gateway's home: computed once per gateway, not per entry.
  const gatewayHome = onePerName((name) => homeOf(gatewayFileName(name), routes.filter((r) => r.gateway.name === name).map((r) => r.policy)));
  const waypointHome = onePerName((name) => homeOf(waypointFileName(name), waypointRoutes.filter((r) => r.waypoint === name).map((r) => r.policy)));
  const serviceEntries = planServiceEntries(routes, waypointRoutes, { gateway: gatewayHome, waypoint: waypointHome }, resourceOf);
  findings.push(...serviceEntries.findings);
  if (hasErrors(findings)) return { ok: false, findings };

  const gateways = [...targets.values()]
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((target) => planGateway(target, routes.filter((r) => r.gateway.name === target.name), gatewayHome(target.name)));
  for (const gateway of gateways) findings.push(...describeGatewayService(gateway, routes, resourceOf));
  const waypoints: WaypointPlan[] = sortedUnique(waypointRoutes.map((r) => r.waypoint)).map((name) => ({
    name,
    policies: sortedUnique(waypointRoutes.filter((r) => r.waypoint === name).map((r) => r.policy)),
    home: waypointHome(name),
  }));

  // A waypoint applies the VirtualServices of its own and its ServiceEntry's namespace, judging
  // sourceNamespace by its own: a host ambient sources reach keeps its sidecar routes elsewhere.
  const boundHosts = new Set(serviceEntries.entries.filter((e) => e.waypoint !== undefined).map((e) => e.host));
  const hostGroups = groupHosts(routes, (hosts, homeGateway) => ({
    home: gatewayHome(homeGateway),
    virtualServiceNamespace: hosts.some((h) => boundHosts.has(h)) ? targetOf(homeGateway).namespace : config.egressNamespace,
  }));

  const blackholeRoutes = routes.filter((r) => r.kind !== 'http' || r.upgradePort !== undefined);
  const namespaces = planNamespaces(
    routes,
    waypointRoutes,
    {
      config,
      facts,
      gateways: gateways.map((g) => g.target),
      waypoints: waypoints.map((w) => w.name),
      blackhole: blackholeRoutes.length > 0,
      hostNamespaces: (host) => sortedUnique([config.egressNamespace, virtualServiceNamespaceOf(hostGroups, host, config.egressNamespace)]),
    },
    resourceOf,
  );
  findings.push(...namespaces.findings);
  findings.push(...findForeignConflicts({ routes, waypointRoutes, gateways, hostGroups, serviceEntries: serviceEntries.entries }, facts.istio, resourceOf));
  if (hasErrors(findings)) return { ok: false, findings };
  const plan: EgressPlan = {
    egressNamespace: config.egressNamespace,
    routes,
    gateways,
    hostGroups,
    serviceEntries: serviceEntries.entries,
    waypointRoutes,
    waypoints,
    namespaces: namespaces.namespaces,
    allocatedByPolicy: ports.value.allocatedByPolicy,
    ...(blackholeRoutes.length > 0
      ? { blackhole: { policies: sortedUnique(blackholeRoutes.map((r) => r.policy)), home: gatewayHome(sortedUnique(blackholeRoutes.map((r) => r.gateway.name))[0] as string) } }
      : {}),
  };
  return { ok: true, value: plan, findings };
}

/** Every IP gets a stand-in host of its own, so an address belongs to exactly one ServiceEntry. */
function istioHostsOf(destination: Destination): string[] {
  return sortedUnique(destination.byIp ? destination.hosts.map(ipHostName) : destination.hosts);
}

function planGateway(target: GatewayTarget, routes: readonly PlannedRoute[], home: FileHome): GatewayPlan {
  const servers = new Map<number, ServerPlan>();
  const sni = new Map<string, Set<number>>();
  for (const route of routes) {
    const server = servers.get(route.gatewayPort) ?? { port: route.gatewayPort, targetPort: targetPortOf(target, route.gatewayPort), kind: route.kind, hosts: [] };
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
    home,
    access: gatewayAccess(sortedServers, routes),
  };
}

/**
 * The port the gateway pod receives a Service port's traffic on, which is what authorization
 * matches: the package's Service's numeric targetPort, else the port itself (ports we add map to
 * themselves). A named targetPort cannot be resolved here and is reported.
 */
function targetPortOf(target: GatewayTarget, port: number): number {
  const mapped = target.targetPorts?.[port];
  return typeof mapped === 'number' ? mapped : port;
}

/** `byEgressGateway.port` has no meaning for sources reached through a waypoint: say so. */
function ambientIgnoredPorts(waypointRoutes: readonly WaypointRoute[], routes: readonly PlannedRoute[], resourceOf: ResourceOf): Finding[] {
  return waypointRoutes
    .filter((r) => r.explicitGatewayPort !== undefined)
    .map((r) => {
      const alsoSidecar = routes.some((s) => s.policy === r.policy && s.fieldPath === r.fieldPath);
      return {
        severity: 'info' as const,
        code: 'NOT_USED_IN_AMBIENT' as const,
        resource: resourceOf(r.policy),
        fieldPath: `${r.fieldPath}.byEgressGateway.port`,
        message: `gateway port ${r.explicitGatewayPort} has no meaning for the ambient source namespace(s) ${sortedUnique(r.sources.map((s) => s.namespace)).join(', ')}, whose traffic goes through waypoint '${r.waypoint}' on the ServiceEntry's own port ${r.portNumber}${alsoSidecar ? '; it still applies to the sidecar sources' : ''}`,
      };
    });
}

/**
 * Tells the reviewer which Service the sidecars are sent to and which ports it needs: the
 * sidecar has a cluster for a gateway port only when the Service exposes it.
 */
function describeGatewayService(gateway: GatewayPlan, routes: readonly PlannedRoute[], resourceOf: ResourceOf): Finding[] {
  const { target } = gateway;
  const first = routes.find((r) => r.gateway.name === target.name);
  if (first === undefined) return [];
  const at = { resource: resourceOf(first.policy), fieldPath: 'spec.byEgressGateway.name' };
  const findings: Finding[] = [];
  for (const server of gateway.servers) {
    const mapped = target.targetPorts?.[server.port];
    if (typeof mapped === 'string') {
      findings.push({ severity: 'warning', code: 'GATEWAY_TARGET_PORT_UNKNOWN', ...at,
        message: `Service ${target.packageService ?? target.serviceHost} maps port ${server.port} to the named targetPort '${mapped}', which cannot be resolved here; the gateway's AuthorizationPolicy matches port ${server.port}, so give the Service a numeric targetPort or the gateway pod's container port the same number` });
    }
  }
  // A Service the package holds gets the missing ports from expand.ts, which reports them.
  if (target.packageService !== undefined || target.definedBy === 'config') return findings;
  const portList = gateway.servers.map((s) => `${s.port} (${serverPortName(s)})`).join(', ');
  const selector = Object.entries(target.selector).map(([k, v]) => `${k}=${v}`).join(',');
  findings.push({
    severity: 'info',
    code: 'GATEWAY_SERVICE_ASSUMED',
    ...at,
    message: `egress gateway '${target.name}' is assumed to be the pods labelled ${selector} in namespace ${target.namespace}, behind Service ${target.serviceHost}, which must expose port(s) ${portList}${privilegedNote(gateway)}; set gatewaySelector and gatewayService in the functionConfig if yours differ`,
  });
  return findings;
}

/** Ports below 1024 cannot be bound by a gateway that runs as non-root, as Istio's charts do. */
function privilegedNote(gateway: GatewayPlan): string {
  const low = gateway.servers.filter((s) => s.port < 1024).map((s) => s.port);
  return low.length === 0
    ? ''
    : ` (a gateway running as non-root needs port(s) ${low.join(', ')} mapped to a targetPort of 1024 or more, as Istio's gateway chart maps 80 to 8080; the AuthorizationPolicy on the gateway matches the port the pod listens on, so keep targetPort equal to port or put the Service in the package)`;
}

/** Gateway server port name: `https-<port>` for HTTP over mutual TLS, `tls-<port>` otherwise. */
export function serverPortName(server: ServerPlan): string {
  return `${server.kind === 'http' ? 'https' : 'tls'}-${server.port}`;
}

function onePerName<T>(compute: (name: string) => T): (name: string) => T {
  const known = new Map<string, T>();
  return (name) => {
    if (!known.has(name)) known.set(name, compute(name));
    return known.get(name) as T;
  };
}
