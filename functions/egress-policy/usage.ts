/** The text of `egress-policy --help`. */
export const USAGE = `Usage:
  egress-policy                  KRM function: ResourceList on stdin and stdout (kpt, kustomize)
  egress-policy CONFIG_FILE      kustomize legacy exec plugin: YAML stream on stdin and stdout
  egress-policy generate         Argo CD plugin: print the manifests of the app in the current directory
  egress-policy discover         Argo CD plugin: print the file that makes this app ours, if any
  egress-policy --help | --version

Expands every ASMEgressTrafficPolicy (istio.alibabacloud.com/v1beta1 or v1) into Istio
ServiceEntry, Gateway, VirtualService, DestinationRule and AuthorizationPolicy objects (in
ambient mode a waypoint), and marks the policy local-config.

kpt:
  kpt fn eval DIR --exec egress-policy -- egressNamespace=istio-egress
  kpt fn render DIR --allow-exec            (Kptfile: mutators: [{exec: egress-policy}])
  kpt fn render DIR                         (Kptfile: mutators: [{image: ghcr.io/egress-policy/egress-policy:v0.1.0}])
kustomize:
  kustomize build --enable-alpha-plugins --enable-exec DIR
                                            (transformers: EgressPolicyConfig with config.kubernetes.io/function exec)
  KUSTOMIZE_PLUGIN_HOME=PLUGINS kubectl kustomize --enable-alpha-plugins DIR
                                            (PLUGINS/fn.egress-policy.dev/v1alpha1/egresspolicyconfig/EgressPolicyConfig)
Argo CD: examples/argocd/plugin/plugin.yaml; settings from ARGOCD_ENV_<KEY> and parameters.

functionConfig (ConfigMap data, or fn.egress-policy.dev/v1alpha1 EgressPolicyConfig spec):
  dataplane          sidecar, ambient or auto                 (default sidecar)
  gatewayNamespace   namespace of the egress gateways         (default istio-system)
  gatewaySelector    pod labels of a gateway, k=v[,k=v]       (default istio={gateway})
  gatewayService     Service host of a gateway                (default {gateway}.{namespace}.svc.cluster.local)
  egressNamespace    namespace of generated ServiceEntries,
                     VirtualServices, DestinationRules        (default istio-egress)
  trustDomain        trust domain of mesh identities          (default cluster.local)
  registryOnly       REGISTRY_ONLY Sidecar per source ns      (default false)
  denyDirectEgress   NetworkPolicy per source namespace       (default: on for ambient sources)
  clusterCIDRs       pod and Service CIDRs, comma-separated   (needed by denyDirectEgress)

Exit codes: 0 ok, 1 policy errors, 2 unreadable input, 3 invalid functionConfig or settings,
64 usage, 69 a needed tool is missing (kustomize), 70 internal error.
Environment: EGRESS_POLICY_DEBUG=1 prints stack traces of internal errors;
  EGRESS_POLICY_READER=full reads the input with the yaml package only (debug; same output).
`;
