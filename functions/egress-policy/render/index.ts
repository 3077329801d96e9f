/**
 * Rendering: the plan becomes plain Istio objects, keys in manifest order, each tagged with the
 * file it belongs to. Objects keyed by gateway or host live in one file per gateway, next to the
 * gateway's first policy; a host used through several gateways goes with the first by name.
 */
import type { EgressPlan, PolicyKey } from '../plan';
import { renderBlackholeServiceEntry } from './blackhole';
import { renderExternalDestinationRule, renderGatewayDestinationRule } from './destination-rule';
import { renderGateway } from './gateway';
import { renderServiceEntry } from './service-entry';
import { renderVirtualService } from './virtual-service';

export interface GeneratedObject {
  manifest: Record<string, unknown>;
  /** File name, relative to the anchor policy's directory. */
  fileName: string;
  /** The policy next to which the file is written. */
  anchorPolicy: PolicyKey;
}

/** `egress-gateway.<gateway>.yaml`: the prefix keeps it apart from any per-policy file. */
export function gatewayFileName(gateway: string): string {
  return `egress-gateway.${gateway}.yaml`;
}

/** Renders every object of the plan, in file order, then reading order within a file. */
export function renderEgress(plan: EgressPlan): GeneratedObject[] {
  const byGateway = new Map<string, Array<Record<string, unknown>>>();
  const add = (gateway: string, manifest: Record<string, unknown> | undefined): void => {
    if (manifest === undefined) return;
    byGateway.set(gateway, [...(byGateway.get(gateway) ?? []), manifest]);
  };
  for (const gateway of plan.gateways) {
    add(gateway.target.name, renderGateway(plan, gateway));
    add(gateway.target.name, renderGatewayDestinationRule(gateway));
  }
  for (const group of plan.hostGroups) {
    for (const entry of plan.serviceEntries.filter((e) => group.hosts.includes(e.host))) add(group.homeGateway, renderServiceEntry(plan, entry));
    add(group.homeGateway, renderVirtualService(plan, group));
    add(group.homeGateway, renderExternalDestinationRule(plan, group));
  }
  if (plan.blackhole !== undefined) add(plan.blackhole.homeGateway, renderBlackholeServiceEntry(plan));
  return plan.gateways.flatMap((gateway) =>
    (byGateway.get(gateway.target.name) ?? []).map((manifest) => ({
      manifest,
      fileName: gatewayFileName(gateway.target.name),
      anchorPolicy: gateway.policies[0] as PolicyKey,
    })),
  );
}
