/**
 * One ServiceEntry per external host, holding every port any entry needs for it (the upgrade
 * target included). Istio keeps only the oldest of two ServiceEntries for one host in one
 * namespace (push_context.go initServiceRegistry), so entries are never split per policy.
 */
import type { Finding, PolicyKey } from '../policy';
import { PROTOCOL_FAMILIES } from '../policy';
import { ipHostName } from './names';
import { compareNumbers, compareStrings, sortedUnique } from './order';
import type { PlannedRoute, ServiceEntryPlan } from './types';

const PORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function planServiceEntries(routes: readonly PlannedRoute[], resourceOf: (policy: PolicyKey) => Finding['resource']): { entries: ServiceEntryPlan[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const byHost = new Map<string, { routes: PlannedRoute[]; ports: Map<number, { name: string; protocol: string; route: PlannedRoute }> }>();
  for (const route of routes) {
    const wanted: Array<{ number: number; name: string; protocol: string; field: string }> = [
      { number: route.portNumber, name: route.portName, protocol: route.protocol, field: `${route.fieldPath}.port.protocol` },
    ];
    if (route.upgradePort !== undefined) {
      wanted.push({ number: route.upgradePort, name: `https-${route.upgradePort}`, protocol: 'HTTPS', field: `${route.fieldPath}.httpsUpgrade.port` });
    }
    for (const host of route.istioHosts) {
      const entry = byHost.get(host) ?? { routes: [] as PlannedRoute[], ports: new Map<number, { name: string; protocol: string; route: PlannedRoute }>() };
      byHost.set(host, entry);
      entry.routes.push(route);
      for (const port of wanted) {
        const existing = entry.ports.get(port.number);
        if (existing === undefined) {
          entry.ports.set(port.number, { name: port.name, protocol: port.protocol, route });
        } else if (PROTOCOL_FAMILIES[existing.protocol] !== PROTOCOL_FAMILIES[port.protocol]) {
          findings.push({
            severity: 'error',
            code: 'SERVICE_PORT_PROTOCOL_CONFLICT',
            resource: resourceOf(route.policy),
            fieldPath: port.field,
            message: `${host}:${port.number} is ${port.protocol} here but ${existing.protocol} at ${existing.route.policy} ${existing.route.fieldPath}; one host port has one protocol`,
          });
        }
      }
    }
  }
  const entries = [...byHost.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([host, entry]): ServiceEntryPlan => {
      const ports = [...entry.ports.entries()].sort(([a], [b]) => compareNumbers(a, b));
      const nameCounts = new Map<string, number>();
      for (const [, p] of ports) nameCounts.set(p.name, (nameCounts.get(p.name) ?? 0) + 1);
      return {
        host,
        addresses: sortedUnique(entry.routes.filter((r) => r.byIp).flatMap((r) => r.hosts.filter((ip) => ipHostName(ip) === host))),
        ports: ports.map(([number, p]) => ({
          number,
          // Port names must be unique DNS-1123 labels (ValidatePortName); fall back when they are not.
          name: PORT_NAME.test(p.name) && nameCounts.get(p.name) === 1 ? p.name : `${p.protocol.toLowerCase()}-${number}`,
          protocol: p.protocol,
        })),
        policies: sortedUnique(entry.routes.map((r) => r.policy)),
        homeGateway: sortedUnique(entry.routes.map((r) => r.gateway.name))[0] as string,
      };
    });
  return { entries, findings };
}
