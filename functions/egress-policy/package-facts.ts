/**
 * Facts the planner needs from items we do not own, read from their plain data: gateway
 * Services and the pod templates of workloads (for their labels and service accounts).
 */
import type { InputItem } from './expand';
import type { PackageFacts, ServiceFact, WorkloadFact } from './plan';
import { addedPortsOf } from './krm';
import { isRecord, isStringMap } from './policy';

/** Where each workload kind keeps its pod template (apps/v1, batch/v1, v1). */
const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Pod: [],
};

export function readPackageFacts(items: readonly InputItem[]): PackageFacts {
  const services: ServiceFact[] = [];
  const workloads: WorkloadFact[] = [];
  for (const item of items) {
    const { kind, apiVersion } = item.identity.id;
    if (kind === 'Service' && apiVersion === 'v1') services.push(serviceFact(item));
    const workload = workloadFact(item);
    if (workload) workloads.push(workload);
  }
  return { services, workloads };
}

function serviceFact(item: InputItem): ServiceFact {
  const data = isRecord(item.data) ? item.data : {};
  const spec = isRecord(data.spec) ? data.spec : {};
  const ports: number[] = (Array.isArray(spec.ports) ? spec.ports : []).flatMap((p: unknown) => (isRecord(p) && typeof p.port === 'number' ? [p.port] : []));
  const addedPorts = addedPortsOf(item.identity.annotations);
  return {
    name: item.identity.id.name,
    namespace: item.identity.id.namespace ?? 'default',
    selector: isStringMap(spec.selector) ? spec.selector : {},
    ports: ports.filter((p) => !addedPorts.includes(p)),
    addedPorts,
  };
}

function workloadFact(item: InputItem): WorkloadFact | undefined {
  const path = POD_TEMPLATE_PATHS[item.identity.id.kind];
  if (path === undefined) return undefined;
  let template: unknown = item.data;
  for (const key of path) template = isRecord(template) ? template[key] : undefined;
  if (!isRecord(template)) return undefined;
  const metadata = isRecord(template.metadata) ? template.metadata : {};
  const spec = isRecord(template.spec) ? template.spec : {};
  // `serviceAccount` is the deprecated alias of `serviceAccountName`.
  const account = typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : typeof spec.serviceAccount === 'string' ? spec.serviceAccount : '';
  return {
    kind: item.identity.id.kind,
    name: item.identity.id.name,
    namespace: item.identity.id.namespace ?? 'default',
    podLabels: isStringMap(metadata.labels) ? metadata.labels : {},
    serviceAccount: account === '' ? 'default' : account,
  };
}
