/**
 * Gateway ports. Explicit `to[].byEgressGateway.port` values are used as given. When every
 * entry of a policy leaves them blank, ports are assigned like ASM's allocator (A5 comment):
 * HTTP entries share 10000, gRPC entries share 50051, each TLS/HTTPS/TCP host-port gets its own
 * port in 10001–20000, recorded under `<hosts[0]>-<port>` in `status.autoAllocatedGatewayPorts`.
 *
 * Ports belong to a gateway, so allocation runs over all policies of one gateway at once and
 * never takes a port that an explicit entry uses. Stability, in order of strength:
 * 1. a port pinned in a policy's status is kept as long as it is valid;
 * 2. an unpinned host-port starts at a slot derived from a hash of gateway and key, and probes
 *    upward from there, so adding or removing another entry moves nothing that did not collide;
 * 3. same input, same output: keys are processed in sorted order.
 */
import type { Finding, Result } from '../policy';
import { AUTO_GRPC_PORT, AUTO_HTTP_PORT, AUTO_RANGE_FIRST, AUTO_RANGE_LAST } from '../policy';
import type { Destination, NormalizedPolicy, PolicyKey } from '../policy';
import { stableHash } from './names';
import { compareStrings } from './order';

export interface PortAssignment {
  /** Gateway port of each destination, keyed by `destinationKey`. */
  gatewayPorts: Map<string, number>;
  /** The status map to write into each auto-port policy. */
  allocatedByPolicy: Map<PolicyKey, Record<string, number>>;
}

/** Identifies a destination across the run: `<policy>#<field path>`. */
export function destinationKey(destination: Destination): string {
  return `${destination.policy}#${destination.fieldPath}`;
}

/** ASM's status key for an entry: first host as written, then the external port. */
export function statusKey(destination: Destination): string {
  return `${destination.hosts[0]}-${destination.portNumber}`;
}

const RANGE_SIZE = AUTO_RANGE_LAST - AUTO_RANGE_FIRST + 1;

/** Assigns a gateway port to every destination; never throws. */
export function assignGatewayPorts(policies: readonly NormalizedPolicy[], resourceOf: (policy: PolicyKey) => Finding['resource']): Result<PortAssignment> {
  const findings: Finding[] = [];
  const gatewayPorts = new Map<string, number>();
  const allocatedByPolicy = new Map<PolicyKey, Record<string, number>>();
  const byGateway = new Map<string, NormalizedPolicy[]>();
  for (const policy of policies) byGateway.set(policy.gateway, [...(byGateway.get(policy.gateway) ?? []), policy]);

  for (const gateway of [...byGateway.keys()].sort(compareStrings)) {
    const gatewayPolicies = (byGateway.get(gateway) ?? []).slice().sort((a, b) => compareStrings(a.key, b.key));
    const explicitPorts = new Set<number>();
    for (const policy of gatewayPolicies) {
      if (policy.autoPorts) continue;
      for (const d of policy.destinations) {
        if (d.explicitGatewayPort !== undefined) {
          explicitPorts.add(d.explicitGatewayPort);
          gatewayPorts.set(destinationKey(d), d.explicitGatewayPort);
        }
      }
    }
    const autoPolicies = gatewayPolicies.filter((p) => p.autoPorts);
    /** Host-port key → port, and the reverse, for the TLS/TCP range of this gateway. */
    const portOfKey = new Map<string, number>();
    const keyOfPort = new Map<number, string>();

    // 1. Pinned ports first, policy by policy in sorted order.
    for (const policy of autoPolicies) {
      for (const key of Object.keys(policy.pinnedPorts).sort(compareStrings)) {
        const pinned = policy.pinnedPorts[key] as number;
        const destination = policy.destinations.find((d) => statusKey(d) === key && d.kind !== 'http');
        if (destination === undefined) continue; // an entry removed since the last render, or an HTTP entry (fixed port)
        const taken = keyOfPort.get(pinned);
        const inRange = pinned >= AUTO_RANGE_FIRST && pinned <= AUTO_RANGE_LAST;
        const known = portOfKey.get(key);
        if (known !== undefined && known !== pinned) continue; // another policy pinned this host-port already: share it
        if (!inRange || explicitPorts.has(pinned) || (taken !== undefined && taken !== key)) {
          findings.push({
            severity: 'warning',
            code: 'PINNED_PORT_IGNORED',
            resource: resourceOf(policy.key),
            fieldPath: `status.autoAllocatedGatewayPorts["${key}"]`,
            message: `pinned gateway port ${pinned} for '${key}' cannot be kept (${!inRange ? `outside ${AUTO_RANGE_FIRST}-${AUTO_RANGE_LAST}` : explicitPorts.has(pinned) ? 'an explicit entry of this gateway uses it' : `'${taken}' holds it`}); a new port is assigned`,
          });
          continue;
        }
        portOfKey.set(key, pinned);
        keyOfPort.set(pinned, key);
      }
    }

    // 2. Everything else, in sorted key order, from its hash slot upward.
    const unpinned = new Set<string>();
    for (const policy of autoPolicies) for (const d of policy.destinations) if (d.kind !== 'http' && !portOfKey.has(statusKey(d))) unpinned.add(statusKey(d));
    for (const key of [...unpinned].sort(compareStrings)) {
      const start = Number.parseInt(stableHash(`${gateway}/${key}`).slice(0, 8), 16) % RANGE_SIZE;
      let port: number | undefined;
      for (let probe = 0; probe < RANGE_SIZE; probe++) {
        const candidate = AUTO_RANGE_FIRST + ((start + probe) % RANGE_SIZE);
        if (!explicitPorts.has(candidate) && !keyOfPort.has(candidate)) {
          port = candidate;
          break;
        }
      }
      if (port === undefined) {
        const owner = autoPolicies.find((p) => p.destinations.some((d) => statusKey(d) === key));
        findings.push({
          severity: 'error',
          code: 'AUTO_PORT_RANGE_EXHAUSTED',
          resource: owner ? resourceOf(owner.key) : undefined,
          fieldPath: 'spec.egressRules',
          message: `gateway '${gateway}' has no free port left in ${AUTO_RANGE_FIRST}-${AUTO_RANGE_LAST} for '${key}'`,
        });
        continue;
      }
      portOfKey.set(key, port);
      keyOfPort.set(port, key);
    }

    // 3. Assign and record, per policy.
    for (const policy of autoPolicies) {
      const status: Record<string, number> = {};
      for (const d of policy.destinations) {
        const port = d.kind === 'http' ? (d.protocol === 'GRPC' ? AUTO_GRPC_PORT : AUTO_HTTP_PORT) : portOfKey.get(statusKey(d));
        if (port === undefined) continue;
        gatewayPorts.set(destinationKey(d), port);
        status[statusKey(d)] = port;
      }
      allocatedByPolicy.set(policy.key, Object.fromEntries(Object.entries(status).sort(([a], [b]) => compareStrings(a, b))));
    }
  }
  if (findings.some((f) => f.severity === 'error')) return { ok: false, findings };
  return { ok: true, value: { gatewayPorts, allocatedByPolicy }, findings };
}
