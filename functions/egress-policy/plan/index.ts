/** Planning: ports, names, route grouping. Pure functions over typed policies. */
export type {
  AccessRule,
  AllowedIdentities,
  EgressPlan,
  FileHome,
  GatewayPlan,
  GatewayTarget,
  HostGroupPlan,
  NamespaceFact,
  NamespacePlan,
  ForeignIstioFact,
  PackageFacts,
  PlannedRoute,
  ServerPlan,
  ServiceEntryPlan,
  ServiceFact,
  SidecarFact,
  WaypointPlan,
  WaypointRoute,
  WorkloadFact,
} from './types';
export type { SourceIdentity } from './principals';
export { allowedIdentities, principalOf, resolveSourceIdentity } from './principals';
export { gatewayFileName, namespaceFileName, waypointFileName } from './files';
export { planEgress, serverPortName } from './plan-egress';
export { virtualServiceNamespaceOf } from './host-groups';
export { destinationKey, statusKey } from './ports';
export { BLACKHOLE_HOST, externalHostObjectName, gatewayObjectName, sniSubsetName, ipHostName, dns1123 } from './names';
export { compareStrings, compareNumbers, sortedUnique } from './order';
// Re-exported so that render/ depends on plan/ alone.
export type { PolicyKey, Source } from '../policy';
export { FUNCTION_NAME, GATEWAY_NAME_LABEL, MANAGED_BY_LABEL, PURPOSE_ANNOTATION, SOURCE_POLICIES_ANNOTATION, USE_WAYPOINT_LABEL, WAYPOINT_FOR_LABEL } from '../policy';
