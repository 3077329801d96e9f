/** The plan: everything rendering needs, decided. Plain data, sorted, no YAML. */
import type { Destination, PolicyKey, TrafficKind } from '../policy';

/** What the package says about Services, read by krm/ for the planner. */
export interface ServiceFact {
  name: string;
  namespace: string;
  selector: Record<string, string>;
  /** Ports the package's authors declared (ports an earlier run added are not counted). */
  ports: number[];
  /** Ports an earlier run added, recorded in the Service's `egress-policy.dev/added-ports`. */
  addedPorts: number[];
  /** `spec.ports[].targetPort` by port, where the Service sets one (a number or a port name). */
  targetPorts: Record<number, number | string>;
}

/** A Namespace object of the package, for its `istio.io/dataplane-mode` label. */
export interface NamespaceFact {
  name: string;
  labels: Record<string, string>;
}

/** A networking.istio.io Sidecar of the package. */
export interface SidecarFact {
  name: string;
  namespace: string;
  /** True when it has no workloadSelector: the namespace's default, of which there can be one. */
  namespaceWide: boolean;
}

/** A pod template the package defines (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod). */
export interface WorkloadFact {
  kind: string;
  name: string;
  namespace: string;
  podLabels: Record<string, string>;
  /** `spec.serviceAccountName` of the pod template; `default` when none is named. */
  serviceAccount: string;
}

export interface PackageFacts {
  services: ServiceFact[];
  workloads: WorkloadFact[];
  namespaces: NamespaceFact[];
  sidecars: SidecarFact[];
  /** Istio routing objects the package holds and this function does not own. */
  istio: ForeignIstioFact[];
}

/** A hand-written ServiceEntry, VirtualService, DestinationRule or Gateway of the package. */
export interface ForeignIstioFact {
  kind: 'ServiceEntry' | 'VirtualService' | 'DestinationRule' | 'Gateway';
  name: string;
  namespace: string;
  /** The file it was read from, when the pipeline says. */
  file?: string;
  /** ServiceEntry and VirtualService hosts, a DestinationRule's host, a Gateway's server hosts. */
  hosts: string[];
  /** ServiceEntry port numbers, Gateway server port numbers. */
  ports: number[];
  /** A VirtualService's gateways; empty means `mesh`. */
  gateways: string[];
  /** A Gateway's workload selector. */
  selector: Record<string, string>;
}

/** Who may use a path, as Istio authorization names them: SPIFFE principals, or whole namespaces. */
export interface AllowedIdentities {
  principals: string[];
  namespaces: string[];
}

/** A generated file and the policy next to which it is written. */
export interface FileHome {
  file: string;
  anchor: PolicyKey;
}

/** The egress gateway a policy names, resolved to a workload selector and a Service. */
export interface GatewayTarget {
  name: string;
  /** Namespace of the gateway workload; the Istio Gateway object is written there. */
  namespace: string;
  selector: Record<string, string>;
  serviceHost: string;
  /** Namespace of the Service; the DestinationRule toward it must live there (DR lookup order). */
  serviceNamespace: string;
  /** Where selector and Service came from, for the reviewer. */
  definedBy: 'config' | 'package' | 'default';
  /** Ports the package's Service exposes of its own, when the package holds it. */
  servicePorts?: number[];
  /** The package's Service, when it holds one: `<namespace>/<name>`. */
  packageService?: string;
  /** The package's Service's targetPorts, by Service port. */
  targetPorts?: Record<number, number | string>;
}

/** A destination with its gateway and gateway port decided. */
export interface PlannedRoute extends Destination {
  gateway: GatewayTarget;
  gatewayPort: number;
  /** Hosts as Istio sees them (IP destinations get a stand-in name), sorted. */
  istioHosts: string[];
  /** The host traffic is sent to after the gateway, and the SNI on the mutual-TLS hop. */
  primaryHost: string;
  allowed: AllowedIdentities;
}

/** A destination reached by ambient sources, through the waypoint named by the policy. */
export interface WaypointRoute extends Destination {
  waypoint: string;
  istioHosts: string[];
  primaryHost: string;
  allowed: AllowedIdentities;
}

/** The waypoint (Gateway API Gateway, class istio-waypoint) of one name, in the egress namespace. */
export interface WaypointPlan {
  name: string;
  policies: PolicyKey[];
  home: FileHome;
}

/** One server of the Istio Gateway: mutual TLS from the sidecars, HTTP or TCP inside. */
export interface ServerPlan {
  port: number;
  /** The port the gateway pod listens on (its Service's targetPort), which authorization matches. */
  targetPort: number;
  kind: TrafficKind;
  hosts: string[];
}

export interface GatewayPlan {
  target: GatewayTarget;
  servers: ServerPlan[];
  /** Servers whose port the package's gateway Service lacks: the function adds them to it. */
  missingServicePorts: ServerPlan[];
  /** SNI hosts the sidecars send, each with the gateway ports it is sent to. */
  sniHosts: Array<{ host: string; ports: number[] }>;
  policies: PolicyKey[];
  home: FileHome;
  /** Who may use each server, for the AuthorizationPolicy on the gateway workload. */
  access: AccessRule[];
}

/** One rule of an ALLOW AuthorizationPolicy: these identities, to these ports (and hosts). */
export interface AccessRule {
  ports: number[];
  /** Host header values; empty means any host. */
  hosts: string[];
  allowed: AllowedIdentities;
}

/**
 * External hosts that share one VirtualService and DestinationRule: a single host, or a set
 * that every entry naming any of its hosts names exactly (Istio merges VirtualServices for
 * one host only at gateways, never in sidecars).
 */
export interface HostGroupPlan {
  hosts: string[];
  primaryHost: string;
  /** Every route that names one of these hosts, in canonical order. */
  routes: PlannedRoute[];
  policies: PolicyKey[];
  /** The file of the lowest gateway name among the routes. */
  home: FileHome;
  /** Namespace of the VirtualService: the egress namespace, unless a waypoint there would apply it too. */
  virtualServiceNamespace: string;
}

/** One ServiceEntry per external host (Istio keeps only the oldest of two for one host). */
export interface ServiceEntryPlan {
  host: string;
  /** For IP destinations: the addresses behind the stand-in host. */
  addresses: string[];
  ports: Array<{ number: number; name: string; protocol: string; targetPort?: number }>;
  policies: PolicyKey[];
  home: FileHome;
  /** The waypoint ambient sources reach this host through (`istio.io/use-waypoint`). */
  waypoint?: string;
  /** Ambient sources' access, for the AuthorizationPolicy attached to this ServiceEntry. */
  access: AccessRule[];
  /** Ports on which the waypoint originates TLS (httpsUpgrade in ambient). */
  upgradePorts: number[];
}

/** Objects written per source namespace: a REGISTRY_ONLY Sidecar and a NetworkPolicy. */
export interface NamespacePlan {
  namespace: string;
  policies: PolicyKey[];
  home: FileHome;
  /** External hosts (as `<egressNamespace>/<host>`) the namespace's sidecars may reach. */
  registryOnlyHosts?: string[];
  /** Labels of pods the NetworkPolicy must leave alone (gateway or waypoint pods in this namespace). */
  denyDirectEgress?: { cidrs: string[]; exclude: Array<{ key: string; values: string[] }> };
}

export interface EgressPlan {
  egressNamespace: string;
  routes: PlannedRoute[];
  gateways: GatewayPlan[];
  hostGroups: HostGroupPlan[];
  serviceEntries: ServiceEntryPlan[];
  waypointRoutes: WaypointRoute[];
  waypoints: WaypointPlan[];
  namespaces: NamespacePlan[];
  /** Policies whose unselected sources need the TLS/TCP black hole, and its home. */
  blackhole?: { policies: PolicyKey[]; home: FileHome };
  allocatedByPolicy: Map<PolicyKey, Record<string, number>>;
}
