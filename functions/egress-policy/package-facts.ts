/**
 * Facts the planner needs from items we do not own, read from their plain data: gateway
 * Services, the pod templates of workloads (for their labels and service accounts), Namespaces
 * (for their data-plane label), Istio Sidecars, and hand-written Istio routing objects (for
 * conflicts with what we generate).
 */
import type { InputItem } from './expand';
import type { ForeignIstioFact, NamespaceFact, PackageFacts, ServiceFact, SidecarFact, WorkloadFact } from './plan';
import { addedPortsOf, fileOfItem } from './krm';
import { POLICY_KIND, isRecord, isStringMap } from './policy';

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

/**
 * What the facts below read of an item (beyond apiVersion, kind and metadata), so the fast reader
 * resolves only that: policies and Istio objects whole, a Service's selector and ports, a
 * workload's pod labels and service account. Keep it in step with the readers in this file.
 */
export function dataNeeded(apiVersion: unknown, kind: unknown): 'all' | readonly (readonly string[])[] {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || kind === POLICY_KIND || apiVersion.startsWith('networking.istio.io/')) return 'all';
  if (kind === 'Service' && apiVersion === 'v1') return [['spec', 'selector'], ['spec', 'ports']];
  const template = POD_TEMPLATE_PATHS[kind];
  if (template === undefined) return [];
  return [[...template, 'metadata'], [...template, 'spec', 'serviceAccountName'], [...template, 'spec', 'serviceAccount']];
}

export function readPackageFacts(items: readonly InputItem[]): PackageFacts {
  const services: ServiceFact[] = [];
  const workloads: WorkloadFact[] = [];
  const namespaces: NamespaceFact[] = [];
  const sidecars: SidecarFact[] = [];
  const istio: ForeignIstioFact[] = [];
  for (const item of items) {
    const { kind, apiVersion, name, namespace } = item.identity.id;
    const data = isRecord(item.data) ? item.data : {};
    if (kind === 'Service' && apiVersion === 'v1') services.push(serviceFact(item));
    else if (kind === 'Namespace' && apiVersion === 'v1') namespaces.push({ name, labels: labelsOf(data) });
    else if (kind === 'Sidecar' && apiVersion.startsWith('networking.istio.io/')) {
      const spec = isRecord(data.spec) ? data.spec : {};
      sidecars.push({ name, namespace: namespace ?? 'default', namespaceWide: spec.workloadSelector === undefined || spec.workloadSelector === null });
    } else if (apiVersion.startsWith('networking.istio.io/') && ROUTING_KINDS.includes(kind as ForeignIstioFact['kind'])) {
      istio.push(istioFact(item, kind as ForeignIstioFact['kind'], data));
    }
    const workload = workloadFact(item);
    if (workload) workloads.push(workload);
  }
  return { services, workloads, namespaces, sidecars, istio };
}

const ROUTING_KINDS: readonly ForeignIstioFact['kind'][] = ['ServiceEntry', 'VirtualService', 'DestinationRule', 'Gateway'];

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const records = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);

function istioFact(item: InputItem, kind: ForeignIstioFact['kind'], data: Record<string, unknown>): ForeignIstioFact {
  const spec = isRecord(data.spec) ? data.spec : {};
  const file = fileOfItem(item.identity)?.path;
  const fact: ForeignIstioFact = {
    kind,
    name: item.identity.id.name,
    namespace: item.identity.id.namespace ?? 'default',
    ...(file !== undefined ? { file } : {}),
    hosts: [],
    ports: [],
    gateways: [],
    selector: {},
  };
  if (kind === 'ServiceEntry') {
    fact.hosts = strings(spec.hosts);
    fact.ports = records(spec.ports).map((p) => p.number).filter((n): n is number => typeof n === 'number');
  } else if (kind === 'VirtualService') {
    fact.hosts = strings(spec.hosts);
    fact.gateways = strings(spec.gateways);
  } else if (kind === 'DestinationRule') {
    fact.hosts = typeof spec.host === 'string' ? [spec.host] : [];
  } else {
    const servers = records(spec.servers);
    fact.hosts = servers.flatMap((s) => strings(s.hosts));
    fact.ports = servers.map((s) => (isRecord(s.port) ? s.port.number : undefined)).filter((n): n is number => typeof n === 'number');
    fact.selector = isStringMap(spec.selector) ? spec.selector : {};
  }
  return fact;
}

function labelsOf(data: Record<string, unknown>): Record<string, string> {
  const labels = isRecord(data.metadata) ? data.metadata.labels : undefined;
  return isStringMap(labels) ? labels : {};
}

function serviceFact(item: InputItem): ServiceFact {
  const data = isRecord(item.data) ? item.data : {};
  const spec = isRecord(data.spec) ? data.spec : {};
  const entries = (Array.isArray(spec.ports) ? spec.ports : []).filter((p: unknown): p is Record<string, unknown> => isRecord(p) && typeof p.port === 'number');
  const ports = entries.map((p) => p.port as number);
  const targetPorts: Record<number, number | string> = {};
  for (const p of entries) if (typeof p.targetPort === 'number' || typeof p.targetPort === 'string') targetPorts[p.port as number] = p.targetPort;
  const addedPorts = addedPortsOf(item.identity.annotations);
  return {
    name: item.identity.id.name,
    namespace: item.identity.id.namespace ?? 'default',
    selector: isStringMap(spec.selector) ? spec.selector : {},
    ports: ports.filter((p) => !addedPorts.includes(p)),
    addedPorts,
    targetPorts,
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
