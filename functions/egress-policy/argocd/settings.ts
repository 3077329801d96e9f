/**
 * Argo CD hands a config management plugin its settings through the environment:
 * - Application `spec.source.plugin.env` entries as `ARGOCD_ENV_<NAME>`;
 * - `spec.source.plugin.parameters` as `ARGOCD_APP_PARAMETERS` (JSON) and as `PARAM_<NAME>`.
 * Precedence (lowest first): the repo's functionConfig, `ARGOCD_ENV_*`, parameters.
 *
 * Env names are the config keys in upper snake case (`gatewayNamespace` → `ARGOCD_ENV_GATEWAY_NAMESPACE`);
 * parameter names are the keys as written (`gatewayNamespace`).
 */
import type { ConfigMapKey, ConfigOverride } from '../policy';
import { CONFIG_MAP_KEYS, isConfigKey, isRecord } from '../policy';
import type { RunOutput } from '../run';
import { EXIT_BAD_CONFIG, failures } from '../run';

export const ENV_PREFIX = 'ARGOCD_ENV_';

export type Environment = Readonly<Record<string, string | undefined>>;

export function envNameOf(key: ConfigMapKey): string {
  return ENV_PREFIX + key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** Argo CD's escaping of parameter names in `PARAM_<NAME>`. */
function paramNameOf(key: string): string {
  return `PARAM_${key.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}

export function overridesFromArgoEnvironment(env: Environment): { ok: true; overrides: ConfigOverride[] } | { ok: false; errors: string[] } {
  const overrides: ConfigOverride[] = [];
  for (const key of CONFIG_MAP_KEYS) {
    const name = envNameOf(key);
    const value = env[name];
    if (value !== undefined && value !== '') overrides.push({ key, value, source: name });
  }
  const parameters = readParameters(env);
  if (!parameters.ok) return parameters;
  return { ok: true, overrides: [...overrides, ...parameters.overrides] };
}

function readParameters(env: Environment): { ok: true; overrides: ConfigOverride[] } | { ok: false; errors: string[] } {
  const json = env.ARGOCD_APP_PARAMETERS;
  if (json === undefined || json.trim() === '') return { ok: true, overrides: fromParamVariables(env) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, errors: ['ARGOCD_APP_PARAMETERS is not JSON; expected [{"name": …, "string" | "array" | "map": …}]'] };
  }
  if (!Array.isArray(parsed)) return { ok: false, errors: ['ARGOCD_APP_PARAMETERS must be a JSON array of parameters'] };
  const overrides: ConfigOverride[] = [];
  const errors: string[] = [];
  for (const parameter of parsed) {
    const name = isRecord(parameter) && typeof parameter.name === 'string' ? parameter.name : undefined;
    if (name === undefined || !isRecord(parameter)) {
      errors.push(`ARGOCD_APP_PARAMETERS: every parameter needs a name, got ${JSON.stringify(parameter)}`);
      continue;
    }
    if (!isConfigKey(name)) {
      errors.push(`parameter ${name}: unknown; known parameters: ${CONFIG_MAP_KEYS.join(', ')}`);
      continue;
    }
    const value = parameterValue(parameter);
    if (value === undefined) errors.push(`parameter ${name}: give a string, an array of strings or a map of strings`);
    else overrides.push({ key: name, value, source: `parameter ${name}` });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, overrides };
}

/** Arrays become comma lists (clusterCIDRs) and maps `k=v` lists (gatewaySelector), as in a ConfigMap. */
function parameterValue(parameter: Record<string, unknown>): string | undefined {
  if (typeof parameter.string === 'string') return parameter.string;
  if (Array.isArray(parameter.array) && parameter.array.every((v) => typeof v === 'string')) return parameter.array.join(',');
  if (isRecord(parameter.map) && Object.values(parameter.map).every((v) => typeof v === 'string')) {
    return Object.entries(parameter.map).map(([k, v]) => `${k}=${String(v)}`).join(',');
  }
  return undefined;
}

/** Without ARGOCD_APP_PARAMETERS (older Argo CD, or a hand run), the `PARAM_*` variables; strings only. */
function fromParamVariables(env: Environment): ConfigOverride[] {
  return CONFIG_MAP_KEYS.flatMap((key): ConfigOverride[] => {
    const value = env[paramNameOf(key)];
    return value === undefined || value === '' ? [] : [{ key, value, source: `parameter ${key}` }];
  });
}

/** Bad settings read like any other functionConfig error: the searchable code, exit 3. */
export function invalidSettings(errors: readonly string[]): RunOutput {
  return failures(errors.map((error) => `error INVALID_FUNCTION_CONFIG: ${error}`), EXIT_BAD_CONFIG);
}
