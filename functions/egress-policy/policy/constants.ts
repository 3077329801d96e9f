/** Facts about the ASMEgressTrafficPolicy API and the gateway conventions it relies on. */

/** API group of the CRD; both versions are served (asm-egress-api.md §1, A6). */
export const POLICY_GROUP = 'istio.alibabacloud.com';
export const POLICY_VERSIONS = ['v1beta1', 'v1'] as const;
export const POLICY_KIND = 'ASMEgressTrafficPolicy';

/** ASM's allocator (A5 comment): HTTP entries share 10000, each TLS/TCP host-port gets its own. */
export const AUTO_HTTP_PORT = 10000;
/** ASM's allocator gives gRPC its own shared port (A5 comment). */
export const AUTO_GRPC_PORT = 50051;
export const AUTO_RANGE_FIRST = 10001;
export const AUTO_RANGE_LAST = 20000;

/** Default upgrade target when `httpsUpgrade.port` is unset (seed 002: "typically 443"). */
export const DEFAULT_UPGRADE_PORT = 443;

/**
 * Istio port protocols (networking.istio.io Port) and how each is routed. HTTP-family traffic
 * is routed by Host; HTTPS/TLS by SNI at the sidecar and by port at the gateway; the rest by port.
 */
export const PROTOCOL_KINDS: Readonly<Record<string, 'http' | 'tls' | 'tcp'>> = {
  HTTP: 'http',
  HTTP2: 'http',
  GRPC: 'http',
  'GRPC-WEB': 'http',
  HTTPS: 'tls',
  TLS: 'tls',
  TCP: 'tcp',
  MONGO: 'tcp',
};

/**
 * Protocols that may share one host port: the proxy treats each family alike (HTTP/1.1, HTTP/2,
 * TLS bytes, raw TCP). Two entries naming one host port must be of one family.
 */
export const PROTOCOL_FAMILIES: Readonly<Record<string, 'http1' | 'http2' | 'tls' | 'tcp'>> = {
  HTTP: 'http1',
  HTTP2: 'http2',
  GRPC: 'http2',
  'GRPC-WEB': 'http2',
  HTTPS: 'tls',
  TLS: 'tls',
  TCP: 'tcp',
  MONGO: 'tcp',
};

/** Provenance on every generated object (design.md "Owned output"); the label marks what we prune. */
export const FUNCTION_NAME = 'egress-policy';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const SOURCE_POLICIES_ANNOTATION = 'egress-policy.dev/source-policies';
export const PURPOSE_ANNOTATION = 'egress-policy.dev/purpose';
/** On a package's gateway Service: the ports this function added, so a later run can take them back. */
export const ADDED_PORTS_ANNOTATION = 'egress-policy.dev/added-ports';
/** On a policy: `sidecar`, `ambient` or `auto`, overriding the functionConfig's `dataplane`. */
export const DATAPLANE_ANNOTATION = 'egress-policy.dev/dataplane';
/** Pod labels Istio's ambient mode reads (istio.io/ambient docs). */
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';
export const WAYPOINT_FOR_LABEL = 'istio.io/waypoint-for';
/** Set by Istio on the pods of a Gateway API gateway, waypoints included. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
