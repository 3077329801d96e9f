/** Planning: ports, names, route grouping. Pure functions over typed policies. */
export type { EgressPlan, GatewayPlan, GatewayTarget, HostGroupPlan, PackageFacts, PlannedRoute, ServerPlan, ServiceEntryPlan, ServiceFact, WorkloadFact } from './types';
export type { SourceIdentity } from './principals';
export { principalOf, resolveSourceIdentity } from './principals';
export { planEgress, serverPortName } from './plan-egress';
export { destinationKey, statusKey } from './ports';
export { externalHostObjectName, gatewayObjectName, sniSubsetName, ipHostName, dns1123 } from './names';
export { compareStrings, compareNumbers, sortedUnique } from './order';
// Re-exported so that render/ depends on plan/ alone.
export type { PolicyKey, Source } from '../policy';
export { FUNCTION_NAME, MANAGED_BY_LABEL, PURPOSE_ANNOTATION, SOURCE_POLICIES_ANNOTATION } from '../policy';
