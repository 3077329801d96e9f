/** The ASMEgressTrafficPolicy API: types, constants, findings, validation, functionConfig. */
export type { Finding, FindingCode, ResourceId, Result, Severity } from './findings';
export { hasErrors } from './findings';
export type { Destination, NormalizedPolicy, PolicyKey, PolicyManifest, PolicyStatus, Source, TrafficKind } from './types';
export {
  ADDED_PORTS_ANNOTATION,
  DATAPLANE_ANNOTATION,
  DATAPLANE_MODE_LABEL,
  GATEWAY_NAME_LABEL,
  USE_WAYPOINT_LABEL,
  WAYPOINT_FOR_LABEL,
  AUTO_GRPC_PORT,
  AUTO_HTTP_PORT,
  AUTO_RANGE_FIRST,
  AUTO_RANGE_LAST,
  DEFAULT_UPGRADE_PORT,
  FUNCTION_NAME,
  MANAGED_BY_LABEL,
  PURPOSE_ANNOTATION,
  SOURCE_POLICIES_ANNOTATION,
  POLICY_GROUP,
  POLICY_KIND,
  POLICY_VERSIONS,
  PROTOCOL_FAMILIES,
  PROTOCOL_KINDS,
} from './constants';
export type { ConfigOrigin, Dataplane, DataplaneChoice, FunctionConfig, GatewayOverride } from './config';
export { CONFIG_API_VERSION, CONFIG_KIND, DATAPLANE_CHOICES, DEFAULT_CONFIG, isDataplaneChoice, readFunctionConfig } from './config';
export type { ConfigOverride } from './config-overrides';
export { applyConfigOverrides, isConfigKey } from './config-overrides';
export type { ConfigMapKey } from './config';
export { CONFIG_MAP_KEYS } from './config';
export { readPolicy } from './read-policy';
export { isRecord, isStringMap } from './plain-data';
export { POLICY_SPEC_SCHEMA, POLICY_STATUS_SCHEMA } from './schema';
