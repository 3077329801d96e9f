/**
 * ASMEgressTrafficPolicy as users write it (istio.alibabacloud.com v1beta1 and v1), and the
 * normalized form the planner works on. Field reference: seed 002 and asm-egress-api.md §2.
 */
import type { DataplaneChoice } from './config';

export interface PolicyManifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec: PolicySpec;
  status?: PolicyStatus;
}

export interface PolicySpec {
  byEgressGateway: { name?: string; port?: number };
  egressRules: EgressRuleSpec[];
}

export interface EgressRuleSpec {
  name?: string;
  from: Array<{ namespace: string; workloadSelector?: Record<string, string> }>;
  to: ToSpec[];
}

export interface ToSpec {
  name?: string;
  hosts: string[];
  port: { number?: number; protocol?: string; name?: string };
  byEgressGateway?: { name?: string; port?: number };
  httpsUpgrade?: { enabled?: boolean; port?: number };
}

export interface PolicyStatus {
  status?: string;
  message?: string;
  /** Key `<hosts[0]>-<port.number>`, value the gateway port (ASM's v1 API, A5). */
  autoAllocatedGatewayPorts?: Record<string, number>;
}

/** How a destination's bytes are routed: by Host (http), by SNI (tls) or by port only (tcp). */
export type TrafficKind = 'http' | 'tls' | 'tcp';

/** `namespace/name` of a policy, the form used in annotations and messages. */
export type PolicyKey = string;

/** One `from[]` entry: a namespace, optionally narrowed to pods carrying all these labels. */
export interface Source {
  namespace: string;
  /** Sorted by key; empty means every workload of the namespace. */
  workloadLabels: Array<[string, string]>;
  /** e.g. `spec.egressRules[0].from[1]`, for findings about this source. */
  fieldPath: string;
}

/** One `to[]` entry, checked and normalized, with the sources of its rule. */
export interface Destination {
  policy: PolicyKey;
  /** e.g. `spec.egressRules[0].to[1]`. */
  fieldPath: string;
  ruleIndex: number;
  toIndex: number;
  /** The user's `to[].name`, or a name derived from its position. */
  name: string;
  /** The rule's `egressRules[].name`, when given. */
  ruleName?: string;
  /** As written, order kept; `hosts[0]` keys the auto-allocated port in status. */
  hosts: string[];
  /** True when the hosts are IP literals (TCP by IP). */
  byIp: boolean;
  portNumber: number;
  /** Canonical upper-case Istio protocol, e.g. `HTTP`, `HTTPS`, `TCP`. */
  protocol: string;
  portName: string;
  kind: TrafficKind;
  /** Explicit `to[].byEgressGateway.port`, when given. */
  explicitGatewayPort?: number;
  /** Set when `httpsUpgrade.enabled`: the external TLS port the gateway originates to. */
  upgradePort?: number;
  sources: Source[];
}

export interface NormalizedPolicy {
  key: PolicyKey;
  name: string;
  namespace: string;
  gateway: string;
  /** True when every `to[]` leaves `byEgressGateway` blank: ports are allocated. */
  autoPorts: boolean;
  /** The policy's `egress-policy.dev/dataplane` annotation, overriding the functionConfig's choice. */
  dataplane?: DataplaneChoice;
  /** Ports recorded in `status.autoAllocatedGatewayPorts` by an earlier render. */
  pinnedPorts: Record<string, number>;
  destinations: Destination[];
}
