/**
 * `EGRESS_POLICY_OVERRIDES`: how the Argo CD plugin hands its env and parameter settings to the
 * function that `kustomize build` starts (kustomize passes its environment on to exec
 * functions). The function honours it in every mode; it is JSON written by us, read by us.
 */
import type { ConfigOverride } from '../policy';
import { isConfigKey, isRecord } from '../policy';

export const OVERRIDES_VARIABLE = 'EGRESS_POLICY_OVERRIDES';

export function encodeOverrides(overrides: readonly ConfigOverride[]): string {
  return JSON.stringify(overrides);
}

export function decodeOverrides(text: string | undefined): { ok: true; overrides: ConfigOverride[] } | { ok: false; error: string } {
  if (text === undefined || text.trim() === '') return { ok: true, overrides: [] };
  const invalid = { ok: false as const, error: `${OVERRIDES_VARIABLE} must be a JSON array of {"key", "value", "source"} strings` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalid;
  }
  if (!Array.isArray(parsed)) return invalid;
  const overrides: ConfigOverride[] = [];
  for (const entry of parsed) {
    if (!isRecord(entry) || typeof entry.key !== 'string' || typeof entry.value !== 'string' || typeof entry.source !== 'string') return invalid;
    if (!isConfigKey(entry.key)) return { ok: false, error: `${OVERRIDES_VARIABLE}: unknown key '${entry.key}'` };
    overrides.push({ key: entry.key, value: entry.value, source: entry.source });
  }
  return { ok: true, overrides };
}
