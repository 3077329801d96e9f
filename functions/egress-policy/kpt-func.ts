/**
 * The transformer as a `KptFunc` of the kpt TypeScript SDK (kpt-functions), for teams that
 * compose functions with it. The SDK is used for its types only: its runtime reads YAML with
 * js-yaml 3 (comments dropped), keeps one object per id and sorts items, which is why the CLI
 * does its own I/O (README, "Why the function does its own I/O").
 */
import type { Configs, KptFunc, KubernetesObject, Result as SdkResult } from 'kpt-functions';
import { expand } from './expand';
import type { ServicePortToAdd } from './krm';
import { LOCAL_CONFIG_ANNOTATION, addedPortsOf, identifyItem, servicePortEntry } from './krm';
import type { Finding } from './policy';
import { ADDED_PORTS_ANNOTATION, readFunctionConfig } from './policy';
import { USAGE } from './usage';

export const egressPolicy: KptFunc = async (configs: Configs): Promise<void> => {
  const config = readFunctionConfig(configs.getFunctionConfig());
  if (!config.ok) {
    configs.addResults(...config.findings.map(toSdkResult));
    return;
  }
  const objects = configs.getAll();
  const expansion = expand(objects.map((data) => ({ identity: identifyItem(data), data })), config.value);
  configs.addResults(...expansion.findings.map(toSdkResult));
  if (!expansion.ok) return;
  configs.delete(...objects.filter((_, index) => expansion.owned.has(index)));
  for (const [index, allocation] of expansion.allocations) {
    const policy = objects[index] as KubernetesObject & { status?: Record<string, unknown> };
    policy.metadata.annotations = { ...policy.metadata.annotations, [LOCAL_CONFIG_ANNOTATION]: 'true' };
    if (allocation !== undefined) policy.status = { ...policy.status, autoAllocatedGatewayPorts: allocation };
  }
  for (const [index, wanted] of expansion.servicePorts) setAddedServicePorts(objects[index] as KubernetesObject & { spec?: Record<string, unknown> }, wanted);
  configs.insert(...expansion.generated.map((object) => object.manifest as unknown as KubernetesObject));
};
egressPolicy.usage = USAGE;

/** The plain-data twin of krm/service-item.ts: takes back the ports we added, adds `wanted`. */
function setAddedServicePorts(service: KubernetesObject & { spec?: Record<string, unknown> }, wanted: readonly ServicePortToAdd[]): void {
  const recorded = addedPortsOf((service.metadata.annotations ?? {}) as Record<string, string>);
  const spec = (service.spec ??= {});
  const ports = (Array.isArray(spec.ports) ? spec.ports : []).filter((p: { port?: number }) => !recorded.includes(Number(p.port)));
  const takenNames = new Set(ports.flatMap((p: { name?: unknown }) => (typeof p.name === 'string' ? [p.name] : [])));
  spec.ports = [...ports, ...wanted.map((p) => servicePortEntry(p, takenNames))];
  const { [ADDED_PORTS_ANNOTATION]: _previous, ...annotations } = (service.metadata.annotations ?? {}) as Record<string, string>;
  service.metadata.annotations = wanted.length > 0 ? { ...annotations, [ADDED_PORTS_ANNOTATION]: wanted.map((p) => p.port).join(',') } : annotations;
}

function toSdkResult(finding: Finding): SdkResult {
  return {
    severity: finding.severity === 'warning' ? 'warn' : finding.severity,
    message: finding.message,
    tags: { code: finding.code },
    ...(finding.resource
      ? { resourceRef: { apiVersion: finding.resource.apiVersion, kind: finding.resource.kind, name: finding.resource.name, namespace: finding.resource.namespace ?? '' } }
      : {}),
    ...(finding.fieldPath ? { field: { path: finding.fieldPath } } : {}),
  };
}
