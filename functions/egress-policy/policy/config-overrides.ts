/**
 * Settings that come from outside the package (Argo CD plugin env and parameters) and override
 * the package's functionConfig key by key. Each keeps its source, so a bad value is reported as
 * `ARGOCD_ENV_DATAPLANE: …` rather than at a field of a file the user never wrote.
 */
import type { ConfigMapKey, FunctionConfig } from './config';
import { CONFIG_MAP_KEYS, readFunctionConfig } from './config';
import type { Finding, Result } from './findings';

export interface ConfigOverride {
  key: ConfigMapKey;
  /** Written as in a ConfigMap's `data` (`true`, `10.0.0.0/8,fd00::/8`, `k=v,k2=v2`). */
  value: string;
  /** Where the value came from, e.g. `ARGOCD_ENV_DATAPLANE` or `parameter dataplane`. */
  source: string;
}

export function isConfigKey(key: string): key is ConfigMapKey {
  return (CONFIG_MAP_KEYS as readonly string[]).includes(key);
}

/**
 * Applies overrides in order (a later one wins). Each value is parsed exactly as a ConfigMap
 * value would be, so the two ways of writing a setting cannot drift apart.
 */
export function applyConfigOverrides(config: FunctionConfig, overrides: readonly ConfigOverride[]): Result<FunctionConfig> {
  const findings: Finding[] = [];
  let next: FunctionConfig = config;
  for (const override of overrides) {
    const parsed = readFunctionConfig({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: override.source }, data: { [override.key]: override.value } });
    if (!parsed.ok) {
      for (const finding of parsed.findings.filter((f) => f.severity === 'error')) {
        findings.push({ severity: 'error', code: 'INVALID_FUNCTION_CONFIG', message: `${override.source}: ${finding.message}` });
      }
      continue;
    }
    next = { ...next, [override.key]: parsed.value[override.key] };
  }
  return findings.length > 0 ? { ok: false, findings } : { ok: true, value: next, findings: [] };
}
