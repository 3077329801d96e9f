/**
 * The NetworkPolicy denying a source namespace's pods direct egress (seed 001: "deny the
 * application pod from accessing any IP addresses outside the cluster"): DNS (port 53, any
 * resolver, node-local caches included), every pod of the cluster (gateways and waypoints among
 * them, HBONE included) and the configured cluster CIDRs stay reachable; everything else must go
 * through the egress gateway or waypoint. Gateway and waypoint pods living in the namespace are
 * left out of its podSelector, since they are the ones that must reach the outside.
 */
import type { NamespacePlan } from '../plan';
import { objectMeta } from './meta';

export const NETWORK_POLICY_NAME = 'egress-policy-deny-direct-egress';

export function renderDenyDirectEgress(namespace: NamespacePlan): Record<string, unknown> | undefined {
  const deny = namespace.denyDirectEgress;
  if (deny === undefined) return undefined;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: objectMeta(NETWORK_POLICY_NAME, namespace.namespace, namespace.policies,
      'pods of this namespace may reach DNS, the cluster and its CIDRs; external hosts only through the egress gateway or waypoint'),
    spec: {
      podSelector: deny.exclude.length === 0 ? {} : { matchExpressions: deny.exclude.map(({ key, values }) => ({ key, operator: 'NotIn', values })) },
      policyTypes: ['Egress'],
      egress: [
        { ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
        { to: [{ namespaceSelector: {} }] },
        { to: deny.cidrs.map((cidr) => ({ ipBlock: { cidr } })) },
      ],
    },
  };
}
