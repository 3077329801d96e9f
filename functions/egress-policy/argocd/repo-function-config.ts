/**
 * Which functionConfig an Argo CD app carries in Git, so the plugin renders what `kpt fn render`
 * renders from the same directory:
 * 1. the root `Kptfile`'s mutator that runs egress-policy (`exec:` or `image:`): its `configMap:`
 *    or the object its `configPath:` names;
 * 2. otherwise the one `EgressPolicyConfig` object in the app, if any.
 */
import { yamlPackage } from '../yaml-package';
import { CONFIG_KIND, isRecord } from '../policy';
import type { StreamObject } from '../stream/plain-stream';

export type RepoConfig = { ok: true; functionConfig?: unknown } | { ok: false; error: string };

export function repoFunctionConfig(kptfileText: string | undefined, objects: readonly StreamObject[]): RepoConfig {
  if (kptfileText !== undefined) {
    const fromKptfile = kptfileMutatorConfig(kptfileText, objects);
    if (fromKptfile !== undefined) return fromKptfile;
  }
  const typed = objects.filter((o) => o.data.kind === CONFIG_KIND);
  if (typed.length > 1) return { ok: false, error: `found ${typed.length} ${CONFIG_KIND} objects (${typed.map((o) => o.path).join(', ')}); keep one per app` };
  return { ok: true, ...(typed[0] ? { functionConfig: typed[0].data } : {}) };
}

function kptfileMutatorConfig(text: string, objects: readonly StreamObject[]): RepoConfig | undefined {
  let kptfile: unknown;
  try {
    kptfile = yamlPackage().parse(text);
  } catch {
    return undefined; // reported as a manifest error when the Kptfile is read as an object
  }
  const pipeline = isRecord(kptfile) && isRecord(kptfile.pipeline) ? kptfile.pipeline : {};
  const mutators = Array.isArray(pipeline.mutators) ? pipeline.mutators.filter(isRecord) : [];
  const ours = mutators.find((m) => [m.exec, m.image].some((runner) => typeof runner === 'string' && runner.includes('egress-policy')));
  if (ours === undefined) return undefined;
  if (isRecord(ours.configMap)) {
    // kpt reads `configMap:` as strings: `registryOnly: true` arrives as "true".
    const data = Object.fromEntries(Object.entries(ours.configMap).map(([key, value]) => [key, typeof value === 'string' ? value : String(value)]));
    return { ok: true, functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data } };
  }
  if (typeof ours.configPath === 'string') {
    const path = ours.configPath.replace(/^\.\//, '');
    const target = objects.find((o) => o.path === path);
    if (target === undefined) return { ok: false, error: `Kptfile: configPath '${ours.configPath}' names no object in the app` };
    return { ok: true, functionConfig: target.data };
  }
  return { ok: true };
}
