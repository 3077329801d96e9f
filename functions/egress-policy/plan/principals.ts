/**
 * Who a `from[]` source is, in the terms Istio authorization understands. A source narrowed by
 * a workloadSelector is the service accounts of the package's workloads it selects, as
 * principals `<trustDomain>/ns/<namespace>/sa/<serviceAccount>` (the SPIFFE identity Istio
 * issues). A namespace-wide source is its namespace. Principals cannot tell apart pods that share
 * a service account, so sharing is reported, not hidden.
 */
import type { Source } from '../policy';
import { sortedUnique } from './order';
import type { WorkloadFact } from './types';

export interface SourceIdentity {
  namespace: string;
  /** Sorted principals; empty when the source is the whole namespace or nothing matched. */
  principals: string[];
  /** The workloads of the package the source selects, in package order. */
  selected: WorkloadFact[];
  /** True when the source names labels but no workload of the package carries them. */
  noWorkloadMatched: boolean;
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
  const inNamespace = workloads.filter((w) => w.namespace === source.namespace);
  if (source.workloadLabels.length === 0) {
    return { namespace: source.namespace, principals: [], selected: inNamespace, noWorkloadMatched: false, usingDefaultAccount: [], sharingAccount: [] };
  }
  const selected = inNamespace.filter((w) => source.workloadLabels.every(([key, value]) => w.podLabels[key] === value));
  const accounts = new Set(selected.map((w) => w.serviceAccount));
  return {
    namespace: source.namespace,
    principals: sortedUnique([...accounts].map((account) => principalOf(trustDomain, source.namespace, account))),
    selected,
    noWorkloadMatched: selected.length === 0,
    usingDefaultAccount: selected.filter((w) => w.serviceAccount === 'default'),
    sharingAccount: inNamespace.filter((w) => !selected.includes(w) && accounts.has(w.serviceAccount)),
  };
}
