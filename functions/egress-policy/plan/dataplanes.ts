/**
 * Which data plane carries each source's egress. A policy's annotation overrides the
 * functionConfig; `auto` decides per source namespace from the package's Namespace objects. A
 * destination reached from both data planes is split in two: its sidecar sources go through the
 * egress gateway, its ambient sources through the waypoint of the same name.
 */
import type { Dataplane, Destination, FunctionConfig, NormalizedPolicy, Source } from '../policy';
import { DATAPLANE_MODE_LABEL } from '../policy';
import type { PackageFacts } from './types';

export interface DataplaneSplit {
  /** The policies restricted to their sidecar sources; entries with none are left out. */
  sidecar: NormalizedPolicy[];
  /** Entries restricted to their ambient sources, in policy order. */
  ambient: Destination[];
}

export function dataplaneOf(policy: NormalizedPolicy, source: Source, config: FunctionConfig, facts: PackageFacts): Dataplane {
  const choice = policy.dataplane ?? config.dataplane;
  if (choice !== 'auto') return choice;
  const namespace = facts.namespaces.find((n) => n.name === source.namespace);
  return namespace?.labels[DATAPLANE_MODE_LABEL] === 'ambient' ? 'ambient' : 'sidecar';
}

export function splitByDataplane(policies: readonly NormalizedPolicy[], config: FunctionConfig, facts: PackageFacts): DataplaneSplit {
  const sidecar: NormalizedPolicy[] = [];
  const ambient: Destination[] = [];
  for (const policy of policies) {
    const sidecarDestinations: Destination[] = [];
    for (const destination of policy.destinations) {
      const planes = destination.sources.map((s) => dataplaneOf(policy, s, config, facts));
      const sidecarSources = destination.sources.filter((_, i) => planes[i] === 'sidecar');
      const ambientSources = destination.sources.filter((_, i) => planes[i] === 'ambient');
      if (sidecarSources.length > 0) sidecarDestinations.push({ ...destination, sources: sidecarSources });
      if (ambientSources.length > 0) ambient.push({ ...destination, sources: ambientSources });
    }
    sidecar.push({ ...policy, destinations: sidecarDestinations });
  }
  return { sidecar, ambient };
}
