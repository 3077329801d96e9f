/**
 * Which file each generated object is written to, next to a policy: objects keyed by a gateway
 * or host go in one file per egress gateway or waypoint, per-namespace objects in one file per
 * namespace. The prefixes keep them apart from any file of the user's.
 */
import { compareStrings } from './order';
import type { FileHome } from './types';
import type { PolicyKey } from '../policy';

export function gatewayFileName(gateway: string): string {
  return `egress-gateway.${gateway}.yaml`;
}

export function waypointFileName(waypoint: string): string {
  return `egress-waypoint.${waypoint}.yaml`;
}

export function namespaceFileName(namespace: string): string {
  return `egress-namespace.${namespace}.yaml`;
}

/** The file, written next to the first (by key) of the policies that need its objects. */
export function homeOf(file: string, policies: Iterable<PolicyKey>): FileHome {
  return { file, anchor: [...policies].sort(compareStrings)[0] as PolicyKey };
}
