/**
 * The REGISTRY_ONLY Sidecar of a sidecar-mode source namespace (seed 000, step 2, without the
 * mesh-wide switch): its proxies reach in-cluster services and the external hosts the policies
 * import, and nothing outside the registry. Named `default`, the name Istio recommends for the one
 * namespace-wide Sidecar a namespace may have.
 */
import type { NamespacePlan } from '../plan';
import { NETWORKING_API, objectMeta } from './meta';

/** Every Kubernetes Service of every namespace (cluster domain `cluster.local`). */
const IN_CLUSTER_HOSTS = '*/*.svc.cluster.local';

export function renderRegistryOnlySidecar(namespace: NamespacePlan): Record<string, unknown> | undefined {
  if (namespace.registryOnlyHosts === undefined) return undefined;
  return {
    apiVersion: NETWORKING_API,
    kind: 'Sidecar',
    metadata: objectMeta('default', namespace.namespace, namespace.policies,
      'proxies of this namespace reach in-cluster services and the external hosts listed here, and nothing else outside the mesh registry'),
    spec: {
      egress: [{ hosts: [IN_CLUSTER_HOSTS, ...namespace.registryOnlyHosts] }],
      outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
    },
  };
}
