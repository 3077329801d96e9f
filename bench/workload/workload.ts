/**
 * A whole workload: app bundles and policies as package files, in the order a ResourceList
 * lists them. Pure and deterministic: the same spec gives the same workload.
 */
import { appBundle } from './app-bundle.ts';
import { planApps, sourceWorkloads } from './apps.ts';
import { POLICY_NAMESPACE, makePolicies } from './policies.ts';
import { seededRandom } from './random.ts';
import type { YamlMap } from './yaml-nodes.ts';

export const DEFAULT_SEED = 'egress-policy-bench';
/** Share of files whose items carry kpt's annotations in the ResourceList form. */
const KPT_ANNOTATED_SHARE = 0.2;

export interface WorkloadSpec {
  resources: number;
  policies: number;
  /** Defaults to one gateway per policy, so every policy can be named after its gateway. */
  gateways?: number;
  rulesPerPolicy?: number;
  seed?: string;
}

export interface WorkloadFile {
  path: string;
  documents: YamlMap[];
  /** Whether kpt's annotations are added to this file's items in the ResourceList form. */
  kptAnnotated: boolean;
}

export interface Workload {
  spec: Required<WorkloadSpec>;
  files: WorkloadFile[];
}

export function resolveSpec(spec: WorkloadSpec): Required<WorkloadSpec> {
  const resolved = {
    resources: spec.resources,
    policies: spec.policies,
    gateways: spec.gateways ?? Math.max(1, spec.policies),
    rulesPerPolicy: spec.rulesPerPolicy ?? 3,
    seed: spec.seed ?? DEFAULT_SEED,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (typeof value === 'number' && (!Number.isInteger(value) || value < 0)) throw new Error(`${name} must be a whole number, not ${value}`);
  }
  if (resolved.gateways < 1 || resolved.rulesPerPolicy < 1) throw new Error('gateways and rulesPerPolicy must be at least 1');
  if (resolved.policies > 0 && resolved.resources === 0) throw new Error('policies need resources: their sources are the workload\'s apps');
  return resolved;
}

export function buildWorkload(input: WorkloadSpec): Workload {
  const spec = resolveSpec(input);
  const appRandom = seededRandom(`${spec.seed}/apps`);
  const kptRandom = seededRandom(`${spec.seed}/kpt-annotations`);
  const apps = planApps(spec.resources, appRandom);
  const appFiles = apps.map((app): WorkloadFile => ({
    path: app.file,
    documents: appBundle(app, appRandom),
    kptAnnotated: kptRandom.chance(KPT_ANNOTATED_SHARE),
  }));
  const policies = makePolicies({ count: spec.policies, gateways: spec.gateways, rulesPerPolicy: spec.rulesPerPolicy }, sourceWorkloads(apps), seededRandom(`${spec.seed}/policies`));
  const policyFiles = policies.map((policy): WorkloadFile => ({
    path: `${POLICY_NAMESPACE}/${policy.name}.yaml`,
    documents: [policy.document],
    kptAnnotated: kptRandom.chance(KPT_ANNOTATED_SHARE),
  }));
  return { spec, files: spreadEvenly(appFiles, policyFiles) };
}

/** `inserts` spread at even intervals through `base`, as policies sit among apps in real repos. */
export function spreadEvenly<T>(base: readonly T[], inserts: readonly T[]): T[] {
  const result: T[] = [];
  let next = 0;
  for (let b = 0; b <= base.length; b++) {
    // insert i goes before base element round((i + 1) * |base| / (|inserts| + 1))
    while (next < inserts.length && Math.round(((next + 1) * base.length) / (inserts.length + 1)) <= b) result.push(inserts[next++] as T);
    if (b < base.length) result.push(base[b] as T);
  }
  return result;
}
