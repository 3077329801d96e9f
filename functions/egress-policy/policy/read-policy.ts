/**
 * Turns one ASMEgressTrafficPolicy (plain data) into a NormalizedPolicy: schema first, then the
 * semantic rules a correct expansion depends on. All problems of a policy are reported in one
 * run; returns findings and never throws on invalid input.
 */
import type { ErrorObject } from 'ajv';
import { isIP } from 'node:net';
import { DATAPLANE_CHOICES, isDataplaneChoice } from './config';
import { DATAPLANE_ANNOTATION, DEFAULT_UPGRADE_PORT, PROTOCOL_KINDS } from './constants';
import type { Finding, FindingCode, ResourceId, Result, Severity } from './findings';
import { hasErrors } from './findings';
import { isRecord } from './plain-data';
import { spec as validateSpec, status as validateStatus } from './generated/policy-validators.js';
import type { Destination, NormalizedPolicy, PolicySpec, Source, ToSpec } from './types';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** The CRD description's limit on gateway names (asm-egress-api.md §3, doc-only rule 1). */
const MAX_GATEWAY_NAME = 32;
/** Where ASM's controller reads ASMEgressTrafficPolicies. */
const EGRESS_POLICY_NAMESPACE = 'istio-egress';
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

/** Reads a policy item; `resource` is its id, used in every finding. */
export function readPolicy(data: unknown, resource: ResourceId): Result<NormalizedPolicy> {
  const findings: Finding[] = [];
  const report = (severity: Severity, code: FindingCode, fieldPath: string, message: string): void => {
    findings.push({ severity, code, message, fieldPath, resource });
  };
  if (!isRecord(data) || !isRecord(data.metadata) || typeof data.metadata.name !== 'string') {
    report('error', 'MISSING_FIELD', 'metadata.name', 'the policy has no metadata.name');
    return { ok: false, findings };
  }
  if (!isRecord(data.spec)) {
    report('error', 'MISSING_FIELD', 'spec', 'the policy has no spec; it needs spec.byEgressGateway.name and spec.egressRules');
    return { ok: false, findings };
  }
  if (!validateSpec(data.spec)) {
    for (const error of validateSpec.errors ?? []) findings.push(schemaFinding(error, 'spec', resource, 'error'));
    return { ok: false, findings };
  }
  let pinnedPorts: Record<string, number> = {};
  if (data.status !== undefined && data.status !== null) {
    if (validateStatus(data.status)) {
      pinnedPorts = { ...((data.status as { autoAllocatedGatewayPorts?: Record<string, number> }).autoAllocatedGatewayPorts ?? {}) };
    } else {
      for (const error of validateStatus.errors ?? []) findings.push(schemaFinding(error, 'status', resource, 'warning'));
      report('warning', 'PINNED_PORT_IGNORED', 'status', 'the status is not readable, so no gateway port is taken from it; ports are allocated anew');
    }
  }
  const spec = data.spec as unknown as PolicySpec;
  const name = data.metadata.name;
  const namespace = typeof data.metadata.namespace === 'string' && data.metadata.namespace !== '' ? data.metadata.namespace : 'default';
  const key = `${namespace}/${name}`;

  const gateway = spec.byEgressGateway.name ?? '';
  if (gateway === '') report('error', 'MISSING_GATEWAY_NAME', 'spec.byEgressGateway.name', 'spec.byEgressGateway.name names the egress gateway and is required');
  else if (!DNS1123_LABEL.test(gateway)) report('error', 'INVALID_HOST', 'spec.byEgressGateway.name', `gateway name '${gateway}' must be a DNS-1123 label (lower-case letters, digits, '-')`);
  else if (gateway.length > MAX_GATEWAY_NAME) report('error', 'GATEWAY_NAME_TOO_LONG', 'spec.byEgressGateway.name', `gateway name '${gateway}' has ${gateway.length} characters; ASM allows ${MAX_GATEWAY_NAME} at most`);
  if (namespace !== EGRESS_POLICY_NAMESPACE) {
    report('warning', 'POLICY_NOT_IN_EGRESS_NAMESPACE', 'metadata.namespace', `ASM reads egress policies only in namespace ${EGRESS_POLICY_NAMESPACE}, not ${namespace}; this function expands it anyway, but move it there to keep the two in step`);
  }
  if (gateway !== '' && name !== gateway) {
    report('warning', 'POLICY_NAME_NOT_GATEWAY_NAME', 'metadata.name', `ASM's convention names a policy after its egress gateway ('${gateway}'); this one is '${name}'. Nothing breaks, but two policies for one gateway are easy to miss`);
  }
  if (spec.byEgressGateway.port !== undefined) {
    report('warning', 'IGNORED_FIELD', 'spec.byEgressGateway.port', 'a port at spec level has no effect; set gateway ports per entry in to[].byEgressGateway.port');
  }

  const annotations = isRecord(data.metadata.annotations) ? data.metadata.annotations : {};
  const dataplane = annotations[DATAPLANE_ANNOTATION];
  if (dataplane !== undefined && !isDataplaneChoice(dataplane)) {
    report('error', 'INVALID_DATAPLANE', `metadata.annotations.${DATAPLANE_ANNOTATION}`, `'${String(dataplane)}' is not a data plane; write one of ${DATAPLANE_CHOICES.join(', ')}`);
  }

  const destinations: Destination[] = [];
  const toNames = new Map<string, string>();
  let explicitCount = 0;
  let blankCount = 0;
  spec.egressRules.forEach((rule, ruleIndex) => {
    const sources = readSources(rule.from, `spec.egressRules[${ruleIndex}]`, report);
    rule.to.forEach((to, toIndex) => {
      const at = `spec.egressRules[${ruleIndex}].to[${toIndex}]`;
      if (to.byEgressGateway?.port !== undefined) explicitCount++;
      else blankCount++;
      const destination = readDestination(to, at, report);
      if (destination === undefined) return;
      const entryName = to.name ?? `rule${ruleIndex}-to${toIndex}`;
      const firstAt = toNames.get(entryName);
      if (firstAt !== undefined) {
        report('error', 'DUPLICATE_TO_NAME', `${at}.name`, `to name '${entryName}' is already used at ${firstAt}; each entry of a policy needs its own name`);
      }
      toNames.set(entryName, at);
      destinations.push({ ...destination, policy: key, fieldPath: at, ruleIndex, toIndex, name: entryName, ...(rule.name ? { ruleName: rule.name } : {}), sources });
    });
  });
  if (explicitCount > 0 && blankCount > 0) {
    spec.egressRules.forEach((rule, ruleIndex) =>
      rule.to.forEach((to, toIndex) => {
        if (to.byEgressGateway?.port === undefined) {
          const field = to.byEgressGateway === undefined ? 'byEgressGateway' : 'byEgressGateway.port';
          report('error', 'MIXED_GATEWAY_PORTS', `spec.egressRules[${ruleIndex}].to[${toIndex}].${field}`,
            'this entry has no gateway port while others in the policy have one; set a port on every entry, or leave all blank for automatic assignment');
        }
      }),
    );
  }
  if (hasErrors(findings)) return { ok: false, findings };
  return {
    ok: true,
    findings,
    value: { key, name, namespace, gateway, autoPorts: explicitCount === 0, ...(isDataplaneChoice(dataplane) ? { dataplane } : {}), pinnedPorts, destinations },
  };
}

type Report = (severity: Severity, code: FindingCode, fieldPath: string, message: string) => void;

function readSources(from: PolicySpec['egressRules'][number]['from'], at: string, report: Report): Source[] {
  return from.map((source, i) => {
    if (!DNS1123_LABEL.test(source.namespace) || source.namespace.length > 63) {
      report('error', 'INVALID_NAMESPACE', `${at}.from[${i}].namespace`, `'${source.namespace}' is not a valid namespace name`);
    }
    const workloadLabels = Object.entries(source.workloadSelector ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { namespace: source.namespace, workloadLabels, fieldPath: `${at}.from[${i}]` };
  });
}

type DestinationFields = Omit<Destination, 'policy' | 'fieldPath' | 'ruleIndex' | 'toIndex' | 'name' | 'sources'>;

function readDestination(to: ToSpec, at: string, report: Report): DestinationFields | undefined {
  let valid = true;
  const error = (code: FindingCode, fieldPath: string, message: string): void => {
    valid = false;
    report('error', code, fieldPath, message);
  };
  const protocol = (to.port.protocol ?? '').toUpperCase();
  const kind = PROTOCOL_KINDS[protocol];
  if (kind === undefined) {
    error('UNSUPPORTED_PROTOCOL', `${at}.port.protocol`,
      to.port.protocol === undefined
        ? 'port.protocol is required: HTTP, HTTPS or TCP (also HTTP2, GRPC, GRPC-WEB, TLS, MONGO)'
        : `protocol '${to.port.protocol}' is not supported; use HTTP, HTTPS or TCP (also HTTP2, GRPC, GRPC-WEB, TLS, MONGO)`);
  }
  if (to.port.number === undefined) error('MISSING_PORT_NUMBER', `${at}.port.number`, 'port.number is required: the port the workload calls on the external host');

  const ipHosts = to.hosts.filter((h) => isIP(h) !== 0);
  to.hosts.forEach((host, i) => {
    const path = `${at}.hosts[${i}]`;
    if (isIP(host) !== 0) return;
    if (host.includes('*')) error('WILDCARD_HOST_UNSUPPORTED', path, `'${host}': wildcard hosts cannot be routed through an egress gateway, which needs one resolvable destination per route; list the host names`);
    else if (!DNS_NAME.test(host)) error('INVALID_HOST', path, `'${host}' is neither a lower-case DNS name nor an IP address`);
  });
  const byIp = ipHosts.length > 0;
  if (byIp && ipHosts.length !== to.hosts.length) {
    error('MIXED_IP_AND_DNS_HOSTS', `${at}.hosts`, 'an entry lists either IP addresses or DNS names, not both; split it into two entries');
  }
  if (byIp && new Set(ipHosts).size > 1) {
    // After the mutual-TLS hop the gateway sees only the port, so an entry has one destination;
    // names may share it (ASM: they must resolve to one address), distinct IPs cannot.
    error('SEVERAL_IPS_IN_ENTRY', `${at}.hosts`, 'an entry reaches one destination through its gateway port, so it can list one IP address; write one entry per IP');
  }
  if (byIp && kind !== undefined && kind !== 'tcp') {
    error('IP_HOST_NOT_TCP', `${at}.hosts`, `${protocol} needs DNS names (routed by ${kind === 'http' ? 'Host header' : 'SNI'}); IP addresses are reached with protocol TCP`);
  }
  if (to.byEgressGateway?.name !== undefined) {
    report('warning', 'IGNORED_FIELD', `${at}.byEgressGateway.name`, 'a gateway name at entry level has no effect; the gateway is spec.byEgressGateway.name');
  }
  let upgradePort: number | undefined;
  if (to.httpsUpgrade?.enabled === true) {
    if (kind !== undefined && protocol !== 'HTTP') {
      error('HTTPS_UPGRADE_NOT_HTTP', `${at}.httpsUpgrade.enabled`, `httpsUpgrade turns plain HTTP into HTTPS at the gateway; it cannot apply to ${protocol}`);
    }
    upgradePort = to.httpsUpgrade.port ?? DEFAULT_UPGRADE_PORT;
  } else if (to.httpsUpgrade?.port !== undefined && to.httpsUpgrade.enabled === undefined) {
    // `enabled: false` with a port is the seed's documented way to switch the upgrade off.
    report('warning', 'IGNORED_FIELD', `${at}.httpsUpgrade.enabled`, 'httpsUpgrade has a port but no `enabled`; the upgrade is off unless httpsUpgrade.enabled is true');
  }
  if (!valid || kind === undefined || to.port.number === undefined) return undefined;
  if (kind === 'tcp' && !byIp) {
    report('info', 'TCP_BY_DOMAIN_NEEDS_DNS_PROXY', `${at}.hosts`,
      `TCP to a domain needs the mesh's DNS proxy with address auto-allocation (ISTIO_META_DNS_CAPTURE and ISTIO_META_DNS_AUTO_ALLOCATE): without an address a sidecar listens on 0.0.0.0:${to.port.number} for it`);
  }
  return {
    hosts: [...to.hosts],
    byIp,
    portNumber: to.port.number,
    protocol,
    portName: to.port.name ?? `${protocol.toLowerCase()}-${to.port.number}`,
    kind,
    ...(to.byEgressGateway?.port !== undefined ? { explicitGatewayPort: to.byEgressGateway.port } : {}),
    ...(upgradePort !== undefined ? { upgradePort } : {}),
  };
}

/** Maps an ajv error to a finding whose path names the exact field. */
function schemaFinding(error: ErrorObject, root: string, resource: ResourceId, severity: Severity): Finding {
  const base = root + error.instancePath.split('/').slice(1).map(pointerSegment).join('');
  if (error.keyword === 'additionalProperties') {
    const field = String((error.params as { additionalProperty: string }).additionalProperty);
    return { severity, code: 'UNKNOWN_FIELD', fieldPath: `${base}.${field}`, resource, message: `unknown field '${field}' in ${base}` };
  }
  if (error.keyword === 'required') {
    const field = String((error.params as { missingProperty: string }).missingProperty);
    return { severity, code: 'MISSING_FIELD', fieldPath: `${base}.${field}`, resource, message: `${base}.${field} is required` };
  }
  return { severity, code: 'SCHEMA_VIOLATION', fieldPath: base, resource, message: `${base} ${error.message ?? 'is invalid'}` };
}

function pointerSegment(segment: string): string {
  const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^\d+$/.test(key) ? `[${key}]` : `.${key}`;
}
