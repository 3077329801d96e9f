/**
 * One `to` entry of a rule: HTTP, HTTPS, HTTP upgraded to HTTPS at the gateway, or TCP by IP
 * or by domain; with a gateway port when the policy sets ports, without one when the function
 * assigns them.
 */
import type { PortAllocator } from './gateway-ports.ts';
import { HTTP_GATEWAY_PORTS } from './gateway-ports.ts';
import type { TrafficKind, UniqueHosts, WellKnownHosts } from './hosts.ts';
import { WELL_KNOWN } from './hosts.ts';
import type { Random } from './random.ts';
import type { RouteClaims, Source } from './route-claims.ts';
import { SERVICE_PREFIXES, TCP_SERVICES } from './vocabulary.ts';
import type { MapEntry, YamlMap } from './yaml-nodes.ts';
import { field, map, plain, seq } from './yaml-nodes.ts';

export const TRAFFIC_MIX: readonly (readonly [number, TrafficKind])[] = [
  [30, 'http'], [30, 'https'], [15, 'https-upgrade'], [12, 'tcp-ip'], [13, 'tcp-domain'],
];

/** What a destination needs from its policy. */
export interface PolicyContext {
  random: Random;
  hosts: UniqueHosts;
  claims: RouteClaims;
  /** Fixed gateway ports of the policy's gateway; absent when ports are automatic. */
  fixedPorts?: PortAllocator;
  /** Well-known host sets this policy already routes; one policy uses each at most once. */
  wellKnownUsed: Set<string>;
}

export function destination(kind: TrafficKind, sources: readonly Source[], tag: string, policy: PolicyContext): YamlMap {
  const { random } = policy;
  const tcp = random.pick(TCP_SERVICES);
  const target = chooseHosts(kind, sources, tcp[0], policy);
  const port = servicePort(kind, tcp);
  const hosts = target.hosts.map((host, i) => (i === 0 && random.chance(0.1) ? plain(host, 'all names resolve to the same addresses') : plain(host)));
  const entry: MapEntry[] = [
    field('name', `${target.label}-${kind}-${tag}`),
    field('hosts', seq(...hosts)),
    field('port', map(field('name', port.name), field('number', port.number), field('protocol', port.protocol))),
  ];
  if (policy.fixedPorts !== undefined) {
    const gatewayPort = port.protocol === 'HTTP' ? random.weighted([[4, HTTP_GATEWAY_PORTS[0]], [1, HTTP_GATEWAY_PORTS[1]]]) : policy.fixedPorts();
    const written = random.chance(0.1) ? plain(gatewayPort, `sidecar :${port.number} -> gateway :${gatewayPort}`) : plain(gatewayPort);
    entry.push(field('byEgressGateway', map(field('port', written))));
  }
  if (kind === 'https-upgrade') {
    // Well-known upgrade hosts always upgrade, so every policy treats them alike.
    const enabled = target.wellKnown || random.chance(0.85);
    entry.push(field('httpsUpgrade', map(field('enabled', enabled), field('port', 443))));
  }
  return map(...entry);
}

interface Target {
  label: string;
  hosts: readonly string[];
  wellKnown: boolean;
}

function chooseHosts(kind: TrafficKind, sources: readonly Source[], tcpService: string, policy: PolicyContext): Target {
  if (kind === 'http' || kind === 'https' || kind === 'https-upgrade') {
    const known = policy.random.chance(0.3) ? claimWellKnown(policy.random.pick(WELL_KNOWN[kind]), sources, policy) : undefined;
    if (known !== undefined) return { label: known.label, hosts: known.hosts, wellKnown: true };
    const domain = policy.hosts.domain(policy.random.pick(SERVICE_PREFIXES));
    const hosts = policy.random.chance(0.2) ? [domain, `www.${domain}`] : [domain];
    return { label: labelOf(domain), hosts, wellKnown: false };
  }
  if (kind === 'tcp-ip') {
    const ip = policy.hosts.benchmarkIp();
    return { label: `ip-${ip.replaceAll('.', '-')}`, hosts: [ip], wellKnown: false };
  }
  const domain = policy.hosts.domain(tcpService);
  return { label: labelOf(domain), hosts: [domain], wellKnown: false };
}

function claimWellKnown(candidate: WellKnownHosts, sources: readonly Source[], policy: PolicyContext): WellKnownHosts | undefined {
  if (policy.wellKnownUsed.has(candidate.label)) return undefined;
  if (!policy.claims.claim(candidate.label, sources)) return undefined;
  policy.wellKnownUsed.add(candidate.label);
  return candidate;
}

function servicePort(kind: TrafficKind, tcp: readonly [string, number]): { name: string; number: number; protocol: 'HTTP' | 'HTTPS' | 'TCP' } {
  if (kind === 'http' || kind === 'https-upgrade') return { name: 'http', number: 80, protocol: 'HTTP' };
  if (kind === 'https') return { name: 'https', number: 443, protocol: 'HTTPS' };
  return { name: `tcp-${tcp[0]}`, number: tcp[1], protocol: 'TCP' };
}

/** The first label of a domain, e.g. `api-12` of `api-12.contoso.io`. */
function labelOf(domain: string): string {
  return domain.slice(0, domain.indexOf('.'));
}
