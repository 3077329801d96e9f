/** The text of `egress-policy --help`. */
export const USAGE = `Usage: egress-policy < resource-list.yaml > out.yaml

A KRM function: reads a ResourceList on stdin, expands every ASMEgressTrafficPolicy
(istio.alibabacloud.com/v1beta1 or v1) into Istio ServiceEntry, Gateway, VirtualService and
DestinationRule objects, and writes the ResourceList on stdout.

  kpt fn eval DIR --exec egress-policy
  kpt fn eval DIR --exec "node dist/egress-policy.cjs" -- egressNamespace=istio-egress
  kpt fn render DIR --allow-exec          (Kptfile pipeline: - exec: egress-policy)

functionConfig (ConfigMap data, or fn.egress-policy.dev/v1alpha1 EgressPolicyConfig spec):
  gatewayNamespace   namespace of the egress gateways        (default istio-system)
  gatewaySelector    pod labels of a gateway, k=v[,k=v]      (default istio={gateway})
  gatewayService     Service host of a gateway               (default {gateway}.{namespace}.svc.cluster.local)
  egressNamespace    namespace of generated ServiceEntries,
                     VirtualServices, DestinationRules       (default istio-egress)

Exit codes: 0 ok, 1 policy errors, 2 unreadable input, 3 invalid functionConfig,
64 usage, 70 internal error. Options: --help, --version.
`;
