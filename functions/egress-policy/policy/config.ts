/**
 * The functionConfig: a ConfigMap (`data:` strings, what `kpt fn eval -- k=v` and a Kptfile's
 * `configMap:` send) or our typed `EgressPolicyConfig`. Defaults are applied here, in code.
 */
import type { Finding, ResourceId, Result } from './findings';
import { isRecord, isStringMap } from './plain-data';

export const CONFIG_API_VERSION = 'fn.egress-policy.dev/v1alpha1';
export const CONFIG_KIND = 'EgressPolicyConfig';

/** Per-gateway override; any field left out falls back to the package, then the globals. */
export interface GatewayOverride {
  name: string;
  namespace?: string;
  selector?: Record<string, string>;
  service?: string;
}

/** Which data plane carries a source's egress: sidecars to an egress gateway, or ambient to a waypoint. */
export type Dataplane = 'sidecar' | 'ambient';
/** `auto` picks per source namespace: ambient when the package labels it `istio.io/dataplane-mode: ambient`. */
export type DataplaneChoice = Dataplane | 'auto';
export const DATAPLANE_CHOICES: readonly DataplaneChoice[] = ['sidecar', 'ambient', 'auto'];

/** Where a functionConfig key is written, so findings can point at it. */
export interface ConfigOrigin {
  resource: ResourceId;
  /** `data` for a ConfigMap, `spec` for the typed config. */
  section: 'data' | 'spec';
}

export interface FunctionConfig {
  /** Namespace of the egress gateway workloads and Services (ASM and Istio: istio-system). */
  gatewayNamespace: string;
  /** Pod labels of a gateway; `{gateway}` stands for its name. Default `istio: {gateway}`. */
  gatewaySelector: Record<string, string>;
  /** Service host; `{gateway}` and `{namespace}` are replaced. */
  gatewayService: string;
  /** Where ServiceEntries, VirtualServices and external DestinationRules are written. */
  egressNamespace: string;
  gateways: GatewayOverride[];
  /** Default data plane of every policy; a policy's `egress-policy.dev/dataplane` annotation overrides it. */
  dataplane: DataplaneChoice;
  /** Trust domain of the mesh's SPIFFE identities, the first part of every principal. */
  trustDomain: string;
  /** Write a REGISTRY_ONLY Sidecar per sidecar-mode source namespace. */
  registryOnly: boolean;
  /** NetworkPolicy denying direct egress per source namespace; unset means on for ambient sources only. */
  denyDirectEgress?: boolean;
  /** Pod and Service CIDRs the NetworkPolicy keeps reachable. */
  clusterCIDRs: string[];
  /** The functionConfig object, when there is one. */
  origin?: ConfigOrigin;
}

export const DEFAULT_CONFIG: FunctionConfig = {
  gatewayNamespace: 'istio-system',
  gatewaySelector: { istio: '{gateway}' },
  gatewayService: '{gateway}.{namespace}.svc.cluster.local',
  egressNamespace: 'istio-egress',
  gateways: [],
  dataplane: 'sidecar',
  trustDomain: 'cluster.local',
  registryOnly: false,
  clusterCIDRs: [],
};

/** String-valued keys shared by the ConfigMap and the typed spec. */
const STRING_KEYS = ['gatewayNamespace', 'gatewayService', 'egressNamespace', 'trustDomain'] as const;
/** Documented keys; anything else in a ConfigMap is reported, so typos do not pass silently. */
export const CONFIG_MAP_KEYS = [...STRING_KEYS, 'gatewaySelector', 'dataplane', 'registryOnly', 'denyDirectEgress', 'clusterCIDRs'] as const;
export type ConfigMapKey = (typeof CONFIG_MAP_KEYS)[number];
const TYPED_KEYS = [...CONFIG_MAP_KEYS, 'gateways'] as const;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Reads the functionConfig object (plain data) into a FunctionConfig.
 * Returns findings with code INVALID_FUNCTION_CONFIG and the offending field; never throws.
 */
export function readFunctionConfig(raw: unknown): Result<FunctionConfig> {
  if (raw === undefined || raw === null) return { ok: true, value: DEFAULT_CONFIG, findings: [] };
  const findings: Finding[] = [];
  const fail = (fieldPath: string, message: string): void => {
    findings.push({ severity: 'error', code: 'INVALID_FUNCTION_CONFIG', message, fieldPath, resource: configRef(raw) });
  };
  if (!isRecord(raw)) {
    fail('', 'functionConfig must be an object');
    return { ok: false, findings };
  }
  const config: FunctionConfig = { ...DEFAULT_CONFIG, gatewaySelector: { ...DEFAULT_CONFIG.gatewaySelector }, gateways: [] };
  if (raw.kind === 'ConfigMap') {
    const data = raw.data ?? {};
    if (!isRecord(data)) {
      fail('data', 'ConfigMap data must be a map of strings');
      return { ok: false, findings };
    }
    for (const [key, value] of Object.entries(data)) {
      if (!(CONFIG_MAP_KEYS as readonly string[]).includes(key)) {
        fail(`data.${key}`, `unknown key '${key}'; known keys: ${CONFIG_MAP_KEYS.join(', ')}`);
        continue;
      }
      if (typeof value !== 'string') {
        fail(`data.${key}`, `'${key}' must be a string`);
        continue;
      }
      if (key === 'gatewaySelector') {
        const selector = parseSelector(value);
        if (selector === undefined) fail(`data.${key}`, `'${value}' is not a selector; write key=value[,key=value]`);
        else config.gatewaySelector = selector;
      } else if (key === 'registryOnly' || key === 'denyDirectEgress') {
        if (value === 'true' || value === 'false') config[key] = value === 'true';
        else fail(`data.${key}`, `'${key}' must be "true" or "false"`);
      } else if (key === 'clusterCIDRs') {
        config.clusterCIDRs = value.split(',').map((cidr) => cidr.trim()).filter((cidr) => cidr !== '');
      } else if (key === 'dataplane') {
        readDataplane(value, config, `data.${key}`, fail);
      } else {
        config[key as (typeof STRING_KEYS)[number]] = value;
      }
    }
  } else if (raw.kind === CONFIG_KIND) {
    if (raw.apiVersion !== CONFIG_API_VERSION) fail('apiVersion', `${CONFIG_KIND} must have apiVersion ${CONFIG_API_VERSION}`);
    readTypedSpec(raw.spec ?? {}, config, fail);
  } else {
    fail('kind', `functionConfig kind '${String(raw.kind)}' is not supported; use a ConfigMap or ${CONFIG_API_VERSION} ${CONFIG_KIND}`);
  }
  for (const key of ['gatewayNamespace', 'egressNamespace'] as const) {
    if (!DNS1123_LABEL.test(config[key])) fail(fieldOf(raw, key), `'${config[key]}' is not a valid namespace name`);
  }
  if (!TRUST_DOMAIN.test(config.trustDomain)) fail(fieldOf(raw, 'trustDomain'), `'${config.trustDomain}' is not a trust domain; write a DNS name such as cluster.local`);
  config.clusterCIDRs.forEach((cidr, i) => {
    if (!isCidr(cidr)) fail(raw.kind === 'ConfigMap' ? 'data.clusterCIDRs' : `spec.clusterCIDRs[${i}]`, `'${cidr}' is not a CIDR such as 10.0.0.0/8 or fd00::/8`);
  });
  const resource = configRef(raw);
  if (resource !== undefined) config.origin = { resource, section: raw.kind === 'ConfigMap' ? 'data' : 'spec' };
  return findings.length > 0 ? { ok: false, findings } : { ok: true, value: config, findings };
}

function readTypedSpec(spec: unknown, config: FunctionConfig, fail: (path: string, message: string) => void): void {
  if (!isRecord(spec)) {
    fail('spec', 'spec must be an object');
    return;
  }
  for (const key of Object.keys(spec)) {
    if (!(TYPED_KEYS as readonly string[]).includes(key)) fail(`spec.${key}`, `unknown field '${key}'; known fields: ${TYPED_KEYS.join(', ')}`);
  }
  for (const key of STRING_KEYS) {
    const value = spec[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') fail(`spec.${key}`, `'${key}' must be a string`);
    else config[key] = value;
  }
  for (const key of ['registryOnly', 'denyDirectEgress'] as const) {
    const value = spec[key];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') fail(`spec.${key}`, `'${key}' must be true or false`);
    else config[key] = value;
  }
  if (spec.dataplane !== undefined) readDataplane(spec.dataplane, config, 'spec.dataplane', fail);
  if (spec.clusterCIDRs !== undefined) {
    if (Array.isArray(spec.clusterCIDRs) && spec.clusterCIDRs.every((c: unknown) => typeof c === 'string')) config.clusterCIDRs = [...(spec.clusterCIDRs as string[])];
    else fail('spec.clusterCIDRs', 'clusterCIDRs must be a list of CIDR strings');
  }
  if (spec.gatewaySelector !== undefined) {
    if (isStringMap(spec.gatewaySelector)) config.gatewaySelector = { ...spec.gatewaySelector };
    else fail('spec.gatewaySelector', 'gatewaySelector must be a map of label keys to string values');
  }
  if (spec.gateways !== undefined) {
    if (!Array.isArray(spec.gateways)) {
      fail('spec.gateways', 'gateways must be a list');
      return;
    }
    spec.gateways.forEach((entry: unknown, i: number) => {
      const at = `spec.gateways[${i}]`;
      if (!isRecord(entry) || typeof entry.name !== 'string' || entry.name === '') {
        fail(at, 'each gateway needs a name');
        return;
      }
      const override: GatewayOverride = { name: entry.name };
      for (const key of Object.keys(entry)) {
        if (!['name', 'namespace', 'selector', 'service'].includes(key)) fail(`${at}.${key}`, `unknown field '${key}'; known fields: name, namespace, selector, service`);
      }
      if (entry.namespace !== undefined) {
        if (typeof entry.namespace === 'string' && DNS1123_LABEL.test(entry.namespace)) override.namespace = entry.namespace;
        else fail(`${at}.namespace`, 'namespace must be a valid namespace name');
      }
      if (entry.selector !== undefined) {
        if (isStringMap(entry.selector) && Object.keys(entry.selector).length > 0) override.selector = { ...entry.selector };
        else fail(`${at}.selector`, 'selector must be a non-empty map of label keys to string values');
      }
      if (entry.service !== undefined) {
        if (typeof entry.service === 'string' && entry.service !== '') override.service = entry.service;
        else fail(`${at}.service`, 'service must be a host name such as egress.istio-system.svc.cluster.local');
      }
      if (config.gateways.some((g) => g.name === override.name)) fail(`${at}.name`, `gateway '${override.name}' is listed twice`);
      config.gateways.push(override);
    });
  }
}

function readDataplane(value: unknown, config: FunctionConfig, fieldPath: string, fail: (path: string, message: string) => void): void {
  if (isDataplaneChoice(value)) config.dataplane = value;
  else fail(fieldPath, `dataplane '${String(value)}' is not one of ${DATAPLANE_CHOICES.join(', ')}`);
}

export function isDataplaneChoice(value: unknown): value is DataplaneChoice {
  return (DATAPLANE_CHOICES as readonly unknown[]).includes(value);
}

const TRUST_DOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\/(3[0-2]|[12]?\d)$/;

function isCidr(text: string): boolean {
  if (IPV4_CIDR.test(text)) return true;
  const slash = text.lastIndexOf('/');
  if (slash < 0 || !/^(12[0-8]|1[01]\d|[1-9]?\d)$/.test(text.slice(slash + 1))) return false;
  const address = text.slice(0, slash);
  // IPv6: hex groups separated by ':', at most one '::'.
  return /^[0-9a-fA-F:]+$/.test(address) && address.includes(':') && address.split('::').length <= 2 && address.split(':').every((g) => g.length <= 4);
}

/** Parses `k=v,k2=v2`; undefined when malformed. */
function parseSelector(text: string): Record<string, string> | undefined {
  const selector: Record<string, string> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    selector[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return selector;
}

function fieldOf(raw: Record<string, unknown>, key: string): string {
  return raw.kind === 'ConfigMap' ? `data.${key}` : `spec.${key}`;
}

function configRef(raw: unknown): Finding['resource'] {
  if (!isRecord(raw)) return undefined;
  const meta = isRecord(raw.metadata) ? raw.metadata : {};
  return {
    apiVersion: String(raw.apiVersion ?? ''),
    kind: String(raw.kind ?? ''),
    name: String(meta.name ?? ''),
    ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}),
  };
}
