/**
 * Rendering: the plan becomes plain objects, keys in manifest order, each tagged with the file it
 * belongs to (plan/files.ts). Files come in a fixed order: egress gateways, waypoints, then source
 * namespaces, each by name; within a file, objects come in reading order.
 */
import type { EgressPlan, FileHome, PolicyKey } from '../plan';
import { renderGatewayAuthorizationPolicy, renderServiceEntryAuthorizationPolicy } from './authorization-policy';
import { renderBlackholeServiceEntry } from './blackhole';
import { renderExternalDestinationRule, renderGatewayDestinationRule } from './destination-rule';
import { renderGateway } from './gateway';
import { renderDenyDirectEgress } from './network-policy';
import { renderServiceEntry } from './service-entry';
import { renderRegistryOnlySidecar } from './sidecar';
import { renderVirtualService } from './virtual-service';
import { renderWaypoint } from './waypoint';

export interface GeneratedObject {
  manifest: Record<string, unknown>;
  /** File name, relative to the anchor policy's directory. */
  fileName: string;
  /** The policy next to which the file is written. */
  anchorPolicy: PolicyKey;
}

/** Renders every object of the plan, in file order, then reading order within a file. */
export function renderEgress(plan: EgressPlan): GeneratedObject[] {
  const files = new Map<string, { home: FileHome; manifests: Array<Record<string, unknown>> }>();
  const add = (home: FileHome, manifest: Record<string, unknown> | undefined): void => {
    if (manifest === undefined) return;
    const file = files.get(home.file) ?? { home, manifests: [] };
    file.manifests.push(manifest);
    files.set(home.file, file);
  };
  // Reserve each file's place first, so that the order of files does not depend on their content.
  for (const home of [...plan.gateways.map((g) => g.home), ...plan.waypoints.map((w) => w.home), ...plan.namespaces.map((n) => n.home)]) {
    if (!files.has(home.file)) files.set(home.file, { home, manifests: [] });
  }
  for (const gateway of plan.gateways) {
    add(gateway.home, renderGateway(plan, gateway));
    add(gateway.home, renderGatewayDestinationRule(gateway));
    add(gateway.home, renderGatewayAuthorizationPolicy(gateway));
  }
  for (const waypoint of plan.waypoints) add(waypoint.home, renderWaypoint(plan, waypoint));
  const grouped = new Set<string>();
  const positionOfHost = new Map(plan.serviceEntries.map((entry, position) => [entry.host, position]));
  for (const group of plan.hostGroups) {
    // The group's entries in the plan's order.
    const positions = new Set(group.hosts.flatMap((host) => positionOfHost.get(host) ?? []));
    const entries = [...positions].sort((a, b) => a - b).map((position) => plan.serviceEntries[position] as (typeof plan.serviceEntries)[number]);
    for (const entry of entries) add(group.home, renderServiceEntry(plan, entry));
    add(group.home, renderVirtualService(group));
    for (const entry of entries) {
      add(group.home, renderExternalDestinationRule(plan, entry.host, group));
      add(group.home, renderServiceEntryAuthorizationPolicy(plan, entry));
      grouped.add(entry.host);
    }
  }
  // Hosts only ambient sources reach: no VirtualService, the waypoint routes by ServiceEntry.
  for (const entry of plan.serviceEntries.filter((e) => !grouped.has(e.host))) {
    add(entry.home, renderServiceEntry(plan, entry));
    add(entry.home, renderExternalDestinationRule(plan, entry.host, undefined));
    add(entry.home, renderServiceEntryAuthorizationPolicy(plan, entry));
  }
  if (plan.blackhole !== undefined) add(plan.blackhole.home, renderBlackholeServiceEntry(plan));
  for (const namespace of plan.namespaces) {
    add(namespace.home, renderRegistryOnlySidecar(namespace));
    add(namespace.home, renderDenyDirectEgress(namespace));
  }
  return [...files.entries()].flatMap(([fileName, file]) => file.manifests.map((manifest) => ({ manifest, fileName, anchorPolicy: file.home.anchor })));
}
