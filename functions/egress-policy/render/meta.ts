/** Provenance stamped on every generated object: who manages it and which policies asked for it. */
import type { PolicyKey } from '../plan';
import { FUNCTION_NAME, MANAGED_BY_LABEL, PURPOSE_ANNOTATION, SOURCE_POLICIES_ANNOTATION } from '../plan';

/** Istio API versions written; networking v1 is served since Istio 1.22. */
export const NETWORKING_API = 'networking.istio.io/v1';

export function objectMeta(name: string, namespace: string, policies: readonly PolicyKey[], purpose?: string, labels: Record<string, string> = {}): Record<string, unknown> {
  return {
    name,
    namespace,
    labels: { [MANAGED_BY_LABEL]: FUNCTION_NAME, ...labels },
    annotations: {
      ...(purpose !== undefined ? { [PURPOSE_ANNOTATION]: purpose } : {}),
      [SOURCE_POLICIES_ANNOTATION]: policies.join(','),
    },
  };
}

/** Objects are visible to every namespace's proxies, whatever the mesh's default exportTo is. */
export const EXPORT_TO_ALL = ['*'];
