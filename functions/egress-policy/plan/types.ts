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
}

/** A destination with its gateway and gateway port decided. */
export interface PlannedRoute extends Destination {
  gateway: GatewayTarget;
  gatewayPort: number;
  /** Hosts as Istio sees them (IP destinations get a stand-in name), sorted. */
  istioHosts: string[];
  /** The host traffic is sent to after the gateway, and the SNI on the mutual-TLS hop. */
  primaryHost: string;
}

/** One server of the Istio Gateway: mutual TLS from the sidecars, HTTP or TCP inside. */
export interface ServerPlan {
  port: number;
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
  /** Lowest gateway name among the routes: the file these objects are written to. */
  homeGateway: string;
}

/** One ServiceEntry per external host (Istio keeps only the oldest of two for one host). */
export interface ServiceEntryPlan {
  host: string;
  /** For IP destinations: the addresses behind the stand-in host. */
  addresses: string[];
  ports: Array<{ number: number; name: string; protocol: string }>;
  policies: PolicyKey[];
  homeGateway: string;
}

export interface EgressPlan {
  egressNamespace: string;
  routes: PlannedRoute[];
  gateways: GatewayPlan[];
  hostGroups: HostGroupPlan[];
  serviceEntries: ServiceEntryPlan[];
  /** Policies whose unselected sources need the TLS/TCP black hole, and its home. */
  blackhole?: { policies: PolicyKey[]; homeGateway: string };
  allocatedByPolicy: Map<PolicyKey, Record<string, number>>;
}
