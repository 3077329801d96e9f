/**
 * Who a `from[]` source is, in the terms Istio authorization understands. A source narrowed by
 * a workloadSelector is the service accounts of the package's workloads it selects, as
 * principals `<trustDomain>/ns/<namespace>/sa/<serviceAccount>` (the SPIFFE identity Istio
 * issues). A namespace-wide source is its namespace. Principals cannot tell apart pods that share
 * a service account, so sharing is reported, not hidden.
 */
import type { Finding, NormalizedPolicy, Source } from '../policy';
import { mergeAllowed } from './access';
import { sortedUnique } from './order';
import type { AllowedIdentities, WorkloadFact } from './types';

export interface SourceIdentity {
  namespace: string;
  /** Sorted principals; empty when the source is the whole namespace or nothing matched. */
  principals: string[];
  /** The workloads of the package the source selects, in package order. */
  selected: WorkloadFact[];
  /** True when the source names labels but no workload of the package carries them. */
  noWorkloadMatched: boolean;
  /** True when the package holds workloads of the source's namespace at all. */
  namespaceInPackage: boolean;
  /** Selected workloads running as the `default` service account. */
  usingDefaultAccount: WorkloadFact[];
  /** Workloads the source does not select that share a service account with one it does. */
  sharingAccount: WorkloadFact[];
}

/** `cluster.local/ns/mytest/sa/sleep`: the principal Istio derives from a workload's certificate. */
export function principalOf(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

export function resolveSourceIdentity(source: Source, workloads: readonly WorkloadFact[], trustDomain: string): SourceIdentity {
  const inNamespace = workloadsByNamespace(workloads).get(source.namespace) ?? [];
  if (source.workloadLabels.length === 0) {
    return { namespace: source.namespace, principals: [], selected: inNamespace, noWorkloadMatched: false, namespaceInPackage: inNamespace.length > 0, usingDefaultAccount: [], sharingAccount: [] };
  }
  const selected = inNamespace.filter((w) => source.workloadLabels.every(([key, value]) => w.podLabels[key] === value));
  const accounts = new Set(selected.map((w) => w.serviceAccount));
  return {
    namespace: source.namespace,
    principals: sortedUnique([...accounts].map((account) => principalOf(trustDomain, source.namespace, account))),
    selected,
    noWorkloadMatched: selected.length === 0,
    namespaceInPackage: inNamespace.length > 0,
    usingDefaultAccount: selected.filter((w) => w.serviceAccount === 'default'),
    sharingAccount: inNamespace.filter((w) => !selected.includes(w) && accounts.has(w.serviceAccount)),
  };
}

/**
 * The package's workloads by namespace, built once per workload list: every source of every
 * policy looks its namespace up, so a scan of the whole list per source would grow with
 * policies × workloads.
 */
const namespaceIndexes = new WeakMap<readonly WorkloadFact[], Map<string, WorkloadFact[]>>();

function workloadsByNamespace(workloads: readonly WorkloadFact[]): Map<string, WorkloadFact[]> {
  let index = namespaceIndexes.get(workloads);
  if (index === undefined) {
    index = new Map();
    for (const workload of workloads) {
      const list = index.get(workload.namespace);
      if (list === undefined) index.set(workload.namespace, [workload]);
      else list.push(workload);
    }
    namespaceIndexes.set(workloads, index);
  }
  return index;
}

/**
 * The identities an authorization rule allows for these sources: principals where the package's
 * workloads resolve a selector, the namespace where a source is namespace-wide or resolves to
 * nothing (a warning says so, see sourceIdentityFindings).
 */
export function allowedIdentities(sources: readonly Source[], workloads: readonly WorkloadFact[], trustDomain: string): AllowedIdentities {
  const principals: string[] = [];
  const namespaces: string[] = [];
  for (const source of sources) {
    const identity = resolveSourceIdentity(source, workloads, trustDomain);
    if (identity.principals.length > 0) principals.push(...identity.principals);
    else namespaces.push(source.namespace);
  }
  return mergeAllowed([{ principals, namespaces }]);
}

/** Warnings about sources principals cannot express exactly, once per `from[]` entry. */
export function sourceIdentityFindings(
  policy: NormalizedPolicy,
  workloads: readonly WorkloadFact[],
  trustDomain: string,
  resource: Finding['resource'],
): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const source of policy.destinations.flatMap((d) => d.sources)) {
    if (seen.has(source.fieldPath)) continue;
    seen.add(source.fieldPath);
    const identity = resolveSourceIdentity(source, workloads, trustDomain);
    const at = { resource, fieldPath: `${source.fieldPath}.workloadSelector` };
    const labels = source.workloadLabels.map(([k, v]) => `${k}=${v}`).join(',');
    if (identity.noWorkloadMatched) {
      // A package that holds workloads of the namespace but none with these labels has a typo or
      // a stale selector; one that holds none of that namespace is simply another team's package.
      if (identity.namespaceInPackage) {
        findings.push({ severity: 'warning', code: 'SOURCE_WORKLOADS_NOT_FOUND', ...at,
          message: `no workload of the package in namespace ${source.namespace} carries ${labels}, so authorization allows the whole namespace ${source.namespace}; fix the selector, or add the workloads to the package to allow only their service accounts` });
      } else {
        findings.push({ severity: 'info', code: 'SOURCE_WORKLOADS_NOT_IN_PACKAGE', ...at,
          message: `the package holds no workload of namespace ${source.namespace}, so authorization allows the whole namespace ${source.namespace}; add the workloads to the package to allow only their service accounts` });
      }
      continue;
    }
    for (const workload of identity.usingDefaultAccount) {
      findings.push({ severity: 'warning', code: 'SOURCE_DEFAULT_SERVICE_ACCOUNT', ...at,
        message: `${workload.kind} ${source.namespace}/${workload.name} runs as service account 'default', so authorization allows every pod of namespace ${source.namespace} that runs as 'default'; give it a service account of its own` });
    }
    const accounts = sortedUnique(identity.sharingAccount.map((w) => w.serviceAccount));
    for (const account of accounts.filter((a) => a !== 'default')) {
      const others = identity.sharingAccount.filter((w) => w.serviceAccount === account).map((w) => `${w.kind} ${w.name}`);
      findings.push({ severity: 'warning', code: 'SOURCE_SHARED_SERVICE_ACCOUNT', ...at,
        message: `service account ${source.namespace}/${account} is shared with ${others.join(', ')}, which ${labels} does not select; authorization cannot tell them apart, so they are allowed too` });
    }
  }
  return findings;
}
