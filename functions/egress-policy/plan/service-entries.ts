/**
 * One ServiceEntry per external host, holding every port any entry needs for it (the upgrade
 * target included). Istio keeps only the oldest of two ServiceEntries for one host in one
 * namespace (push_context.go initServiceRegistry), so entries are never split per policy or per
 * data plane. A host ambient sources reach is bound to their waypoint (`istio.io/use-waypoint`);
 * sidecars ignore that label and keep their own routes.
 */
import type { Finding, PolicyKey } from '../policy';
import { PROTOCOL_FAMILIES } from '../policy';
import { serviceEntryAccess } from './access';
import { ipHostName } from './names';
import { compareNumbers, compareStrings, sortedUnique } from './order';
import type { FileHome, PlannedRoute, ServiceEntryPlan, WaypointRoute } from './types';

const PORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

type AnyRoute = PlannedRoute | WaypointRoute;

interface WantedPort {
  number: number;
  name: string;
  protocol: string;
  field: string;
  /** Ambient httpsUpgrade: the waypoint sends this port's requests to `targetPort`, over TLS. */
  targetPort?: number;
}

interface HostEntry {
  routes: AnyRoute[];
  ports: Map<number, WantedPort & { route: AnyRoute }>;
}

export interface ServiceEntryHomes {
  gateway: (name: string) => FileHome;
  waypoint: (name: string) => FileHome;
}

export function planServiceEntries(
  routes: readonly PlannedRoute[],
  waypointRoutes: readonly WaypointRoute[],
  homes: ServiceEntryHomes,
  resourceOf: (policy: PolicyKey) => Finding['resource'],
): { entries: ServiceEntryPlan[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const byHost = new Map<string, HostEntry>();
  for (const route of [...routes, ...waypointRoutes]) {
    for (const host of route.istioHosts) {
      const entry: HostEntry = byHost.get(host) ?? { routes: [], ports: new Map() };
      byHost.set(host, entry);
      entry.routes.push(route);
      for (const port of wantedPorts(route)) {
        const existing = entry.ports.get(port.number);
        if (existing === undefined) {
          entry.ports.set(port.number, { ...port, route });
          continue;
        }
        if (PROTOCOL_FAMILIES[existing.protocol] !== PROTOCOL_FAMILIES[port.protocol]) {
          findings.push({
            severity: 'error',
            code: 'SERVICE_PORT_PROTOCOL_CONFLICT',
            resource: resourceOf(route.policy),
            fieldPath: port.field,
            message: `${host}:${port.number} is ${port.protocol} here but ${existing.protocol} at ${existing.route.policy} ${existing.route.fieldPath}; one host port has one protocol`,
          });
        } else if (existing.targetPort !== port.targetPort) {
          findings.push({
            severity: 'error',
            code: 'TARGET_PORT_CONFLICT',
            resource: resourceOf(route.policy),
            fieldPath: port.field,
            message: `${host}:${port.number} ${describeTarget(port.targetPort)} here but ${describeTarget(existing.targetPort)} at ${existing.route.policy} ${existing.route.fieldPath}; in ambient mode the ServiceEntry's targetPort applies to every client of the host port, so all entries must agree on httpsUpgrade`,
          });
        }
      }
    }
  }
  const entries = [...byHost.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([host, entry]) => serviceEntryPlan(host, entry, homes, resourceOf, findings));
  return { entries, findings };
}

/** The ServiceEntry ports a route needs. */
function wantedPorts(route: AnyRoute): WantedPort[] {
  const main: WantedPort = { number: route.portNumber, name: route.portName, protocol: route.protocol, field: `${route.fieldPath}.port.protocol` };
  if (route.upgradePort === undefined) return [main];
  if ('waypoint' in route) return [{ ...main, targetPort: route.upgradePort, field: `${route.fieldPath}.httpsUpgrade` }];
  // Sidecar mode: the gateway originates TLS to the upgrade port, which the ServiceEntry must list.
  return [main, { number: route.upgradePort, name: `https-${route.upgradePort}`, protocol: 'HTTPS', field: `${route.fieldPath}.httpsUpgrade.port` }];
}

function describeTarget(targetPort: number | undefined): string {
  return targetPort === undefined ? 'is sent to as it is' : `is upgraded to HTTPS on ${targetPort}`;
}

function serviceEntryPlan(host: string, entry: HostEntry, homes: ServiceEntryHomes, resourceOf: (policy: PolicyKey) => Finding['resource'], findings: Finding[]): ServiceEntryPlan {
  const ports = [...entry.ports.entries()].sort(([a], [b]) => compareNumbers(a, b));
  const nameCounts = new Map<string, number>();
  for (const [, p] of ports) nameCounts.set(p.name, (nameCounts.get(p.name) ?? 0) + 1);
  const sidecarRoutes = entry.routes.filter((r): r is PlannedRoute => !('waypoint' in r));
  const ambientRoutes = entry.routes.filter((r): r is WaypointRoute => 'waypoint' in r);
  const waypoints = sortedUnique(ambientRoutes.map((r) => r.waypoint));
  if (waypoints.length > 1) {
    const second = ambientRoutes.find((r) => r.waypoint === waypoints[1]) as WaypointRoute;
    findings.push({
      severity: 'error',
      code: 'WAYPOINT_CONFLICT',
      resource: resourceOf(second.policy),
      fieldPath: 'spec.byEgressGateway.name',
      message: `${host} is reached by ambient sources through waypoints ${waypoints.join(' and ')}; a ServiceEntry is bound to one waypoint, so every policy naming ${host} for ambient sources must name the same one`,
    });
  }
  const lowestGateway = sortedUnique(sidecarRoutes.map((r) => r.gateway.name))[0];
  return {
    host,
    addresses: sortedUnique(entry.routes.filter((r) => r.byIp).flatMap((r) => r.hosts.filter((ip) => ipHostName(ip) === host))),
    ports: ports.map(([number, p]) => ({
      number,
      // Port names must be unique DNS-1123 labels (ValidatePortName); fall back when they are not.
      name: PORT_NAME.test(p.name) && nameCounts.get(p.name) === 1 ? p.name : `${p.protocol.toLowerCase()}-${number}`,
      protocol: p.protocol,
      ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}),
    })),
    policies: sortedUnique(entry.routes.map((r) => r.policy)),
    home: lowestGateway !== undefined ? homes.gateway(lowestGateway) : homes.waypoint(waypoints[0] as string),
    ...(waypoints.length > 0 ? { waypoint: waypoints[0] as string } : {}),
    access: serviceEntryAccess(host, ambientRoutes),
    upgradePorts: ports.filter(([, p]) => p.targetPort !== undefined).map(([number]) => number),
  };
}
