/**
 * The transformer as a `KptFunc` of the kpt TypeScript SDK (kpt-functions), for teams that
 * compose functions with it. The SDK is used for its types only: its runtime reads YAML with
 * js-yaml 3 (comments dropped), keeps one object per id and sorts items, which is why the CLI
 * does its own I/O (README, "Why the function does its own I/O").
 */
import type { Configs, KptFunc, KubernetesObject, Result as SdkResult } from 'kpt-functions';
import { expand } from './expand';
import { LOCAL_CONFIG_ANNOTATION, identifyItem } from './krm';
import type { Finding } from './policy';
import { readFunctionConfig } from './policy';
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
  configs.insert(...expansion.generated.map((object) => object.manifest as unknown as KubernetesObject));
};
egressPolicy.usage = USAGE;

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
