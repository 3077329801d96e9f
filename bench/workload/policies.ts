/**
 * ASMEgressTrafficPolicies over the workload's apps. Policy p belongs to gateway p mod G. The
 * first policy of a gateway is named after it (ASM's convention, so the function has nothing
 * to warn about); further policies of the same gateway get `-2`, `-3`, ….
 */
import type { SourceWorkload } from './apps.ts';
import type { PolicyContext } from './destinations.ts';
import { TRAFFIC_MIX, destination } from './destinations.ts';
import { gatewayName } from './gateway-names.ts';
import type { PortAllocator } from './gateway-ports.ts';
import { fixedPortAllocator } from './gateway-ports.ts';
import { uniqueHosts } from './hosts.ts';
import type { Random } from './random.ts';
import type { Source } from './route-claims.ts';
import { overlaps, routeClaims } from './route-claims.ts';
import type { MapEntry, YamlMap } from './yaml-nodes.ts';
import { field, map, seq } from './yaml-nodes.ts';

export const POLICY_NAMESPACE = 'istio-egress';
/** Share of policies whose gateway ports are all left to the function. */
const AUTO_PORT_SHARE = 1 / 3;

export interface PolicyOptions {
  count: number;
  gateways: number;
  rulesPerPolicy: number;
}

export interface Policy {
  name: string;
  document: YamlMap;
}

export function makePolicies(options: PolicyOptions, workloads: readonly SourceWorkload[], random: Random): Policy[] {
  const hosts = uniqueHosts();
  const claims = routeClaims();
  const portsByGateway = new Map<string, PortAllocator>();
  return Array.from({ length: options.count }, (_, p) => {
    const gateway = gatewayName(p % options.gateways);
    const sequence = Math.floor(p / options.gateways);
    const name = sequence === 0 ? gateway : `${gateway}-${sequence + 1}`;
    const auto = random.chance(AUTO_PORT_SHARE);
    let fixedPorts: PortAllocator | undefined;
    if (!auto) {
      fixedPorts = portsByGateway.get(gateway) ?? fixedPortAllocator(gateway);
      portsByGateway.set(gateway, fixedPorts);
    }
    const context: PolicyContext = { random, hosts, claims, wellKnownUsed: new Set(), ...(fixedPorts ? { fixedPorts } : {}) };
    const rules = Array.from({ length: options.rulesPerPolicy }, (_, r) => rule(r, workloads, context));
    return {
      name,
      document: map(
        field('apiVersion', 'istio.alibabacloud.com/v1beta1'),
        field('kind', 'ASMEgressTrafficPolicy'),
        field('metadata', map(field('name', name), field('namespace', POLICY_NAMESPACE))),
        field('spec', map(field('byEgressGateway', map(field('name', gateway))), field('egressRules', seq(...rules)))),
      ),
    };
  });
}

function rule(index: number, workloads: readonly SourceWorkload[], policy: PolicyContext): YamlMap {
  const { random } = policy;
  const sources = pickSources(random.weighted([[7, 1], [3, 2]]), workloads, random);
  const targets = Array.from({ length: random.weighted([[9, 1], [7, 2], [4, 3]]) }, (_, t) =>
    destination(random.weighted(TRAFFIC_MIX), sources, `${index + 1}${t + 1}`, policy));
  const entries: MapEntry[] = [];
  if (random.chance(0.3)) entries.push(field('name', `rule-${index + 1}`));
  entries.push(field('from', seq(...sources.map(fromEntry))), field('to', seq(...targets)));
  return map(...entries);
}

/** Up to `count` sources that select no workload twice; about one in ten is namespace-wide. */
function pickSources(count: number, workloads: readonly SourceWorkload[], random: Random): Source[] {
  const sources: Source[] = [];
  for (let i = 0; i < count; i++) {
    const workload = random.pick(workloads);
    const source: Source = random.chance(0.1) ? { namespace: workload.namespace } : { namespace: workload.namespace, app: workload.app };
    if (!sources.some((other) => overlaps(source, other))) sources.push(source);
  }
  return sources;
}

function fromEntry(source: Source): YamlMap {
  if (source.app === undefined) return map(field('namespace', source.namespace));
  return map(field('namespace', source.namespace), field('workloadSelector', map(field('app', source.app))));
}
