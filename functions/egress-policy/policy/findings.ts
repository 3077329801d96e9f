/**
 * Findings are the core's way of reporting problems: plain data, never thrown.
 * Only `krm/results.ts` turns them into a ResourceList's `results`.
 */

/** Searchable codes, one per kind of problem. Tests assert codes and paths, not wording. */
export type FindingCode =
  // schema and shape of a policy
  | 'SCHEMA_VIOLATION'
  | 'UNKNOWN_FIELD'
  | 'MISSING_FIELD'
  // semantics of one policy
  | 'UNSUPPORTED_PROTOCOL'
  | 'MISSING_PORT_NUMBER'
  | 'MISSING_GATEWAY_NAME'
  | 'MIXED_GATEWAY_PORTS'
  | 'HTTPS_UPGRADE_NOT_HTTP'
  | 'IP_HOST_NOT_TCP'
  | 'MIXED_IP_AND_DNS_HOSTS'
  | 'SEVERAL_IPS_IN_ENTRY'
  | 'WILDCARD_HOST_UNSUPPORTED'
  | 'INVALID_HOST'
  | 'INVALID_NAMESPACE'
  | 'IGNORED_FIELD'
  | 'DUPLICATE_TO_NAME'
  | 'GATEWAY_NAME_TOO_LONG'
  | 'POLICY_NOT_IN_EGRESS_NAMESPACE'
  | 'POLICY_NAME_NOT_GATEWAY_NAME'
  | 'INVALID_DATAPLANE'
  // gateway ports across policies
  | 'GATEWAY_PORT_PROTOCOL_CONFLICT'
  | 'GATEWAY_PORT_DESTINATION_CONFLICT'
  | 'GATEWAY_PORT_UPGRADE_CONFLICT'
  | 'AUTO_PORT_RANGE_EXHAUSTED'
  | 'PINNED_PORT_IGNORED'
  | 'SERVICE_PORT_PROTOCOL_CONFLICT'
  | 'DUPLICATE_ROUTE'
  // hand-written Istio config in the package
  | 'FOREIGN_SERVICE_ENTRY_CONFLICT'
  | 'FOREIGN_VIRTUAL_SERVICE_CONFLICT'
  | 'FOREIGN_DESTINATION_RULE_CONFLICT'
  | 'FOREIGN_GATEWAY_PORT_CONFLICT'
  | 'OVERLAPPING_SOURCE_ROUTES'
  | 'GATEWAY_SERVICE_PORT_ADDED'
  | 'GATEWAY_SERVICE_PORTS_MISSING'
  // data planes and enforcement
  | 'WAYPOINT_CONFLICT'
  | 'TARGET_PORT_CONFLICT'
  | 'CLUSTER_CIDRS_REQUIRED'
  | 'SIDECAR_ALREADY_DEFINED'
  | 'SOURCE_WORKLOADS_NOT_FOUND'
  | 'SOURCE_WORKLOADS_NOT_IN_PACKAGE'
  | 'SOURCE_DEFAULT_SERVICE_ACCOUNT'
  | 'SOURCE_SHARED_SERVICE_ACCOUNT'
  | 'GATEWAY_TARGET_PORT_UNKNOWN'
  | 'NOT_USED_IN_AMBIENT'
  // information for the reviewer
  | 'TCP_BY_DOMAIN_NEEDS_DNS_PROXY'
  | 'GATEWAY_SERVICE_ASSUMED'
  // functionConfig
  | 'INVALID_FUNCTION_CONFIG';

export type Severity = 'error' | 'warning' | 'info';

/** Identifies the object a finding is about, as KRM `resourceRef` does. */
export interface ResourceId {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface Finding {
  severity: Severity;
  code: FindingCode;
  message: string;
  /** The object the finding is about; absent for findings about the whole input. */
  resource?: ResourceId;
  /** Dotted path with indexes, e.g. `spec.egressRules[0].to[1].port.protocol`. */
  fieldPath?: string;
}

/** Success carries a value and may carry warnings; failure carries at least one error. */
export type Result<T> =
  | { ok: true; value: T; findings: Finding[] }
  | { ok: false; findings: Finding[] };

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
