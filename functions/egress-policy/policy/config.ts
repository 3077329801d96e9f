/**
 * The functionConfig: a ConfigMap (`data:` strings, what `kpt fn eval -- k=v` and a Kptfile's
 * `configMap:` send) or our typed `EgressPolicyConfig`. Defaults are applied here, in code.
 */
import type { Finding, Result } from './findings';
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
}

export const DEFAULT_CONFIG: FunctionConfig = {
  gatewayNamespace: 'istio-system',
  gatewaySelector: { istio: '{gateway}' },
  gatewayService: '{gateway}.{namespace}.svc.cluster.local',
  egressNamespace: 'istio-egress',
  gateways: [],
};

/** Documented keys; anything else in a ConfigMap is reported, so typos do not pass silently. */
const CONFIG_MAP_KEYS = ['gatewayNamespace', 'gatewaySelector', 'gatewayService', 'egressNamespace'] as const;

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
      } else {
        config[key as Exclude<(typeof CONFIG_MAP_KEYS)[number], 'gatewaySelector'>] = value;
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
  return findings.length > 0 ? { ok: false, findings } : { ok: true, value: config, findings };
}

function readTypedSpec(spec: unknown, config: FunctionConfig, fail: (path: string, message: string) => void): void {
  if (!isRecord(spec)) {
    fail('spec', 'spec must be an object');
    return;
  }
  const known = ['gatewayNamespace', 'gatewaySelector', 'gatewayService', 'egressNamespace', 'gateways'];
  for (const key of Object.keys(spec)) if (!known.includes(key)) fail(`spec.${key}`, `unknown field '${key}'; known fields: ${known.join(', ')}`);
  for (const key of ['gatewayNamespace', 'gatewayService', 'egressNamespace'] as const) {
    const value = spec[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') fail(`spec.${key}`, `'${key}' must be a string`);
    else config[key] = value;
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
