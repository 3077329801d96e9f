// Checks Istio's validating webhook (istiod, `validation.istio.io`) makes beyond the CRD schema,
// for the networking.istio.io kinds a generator writes: ServiceEntry, Gateway, VirtualService,
// DestinationRule. A few CRD CEL rules (`x-kubernetes-validations`, which a JSON Schema validator
// does not run) are included where they overlap.
//
// Mirrors istio/istio (read from the repository; function names cited per rule):
//   pkg/config/validation/validation.go     ValidateServiceEntry, ValidateGateway, validateServer,
//                                           validateServerPort, validateServerBind, validateTLSOptions,
//                                           ValidateVirtualService, validateTLSRoute, validateTLSMatch,
//                                           validateSniHost, validateTCPRoute, validateTCPMatch,
//                                           validateGatewayNames, validateHTTPRouteDestinations,
//                                           validateRouteDestinations, validateDestination,
//                                           validateSubsetName, validateHTTPRedirect,
//                                           validateHTTPDirectResponse, validateHTTPRetry,
//                                           validateHTTPRewrite, validateHTTPMirrors,
//                                           validateHTTPFaultInjection, ValidateDestinationRule,
//                                           validateTrafficPolicy, validatePortTrafficPolicies,
//                                           validateConnectionPool, validateOutlierDetection,
//                                           validateSubset, validateExportTo, validateWorkloadSelector,
//                                           ValidateAlphaWorkloadSelector, validateWorkloadEntry,
//                                           ValidatePortName, ValidateProtocol, ValidateUnixAddress
//   pkg/config/validation/virtualservice.go validateHTTPRoute, validateHTTPRouteConflict,
//                                           validateHTTPRouteMatchRequest
//   pkg/config/validation/agent/validation.go ValidateWildcardDomain, ValidateFQDN,
//                                           ValidateDNS1123Labels, CheckDNS1123Preconditions,
//                                           ValidateWildcardDomainForVirtualServiceBoundToGateway,
//                                           ValidateNamespaceSlashWildcardHostname,
//                                           validateSidecarOrGatewayHostnamePart, ValidatePartialWildCard,
//                                           ValidateIPSubnet, ValidateIPAddress, ValidatePort,
//                                           ValidateTLS, ValidateDuration
//   pkg/config/labels/instance.go           IsDNS1123Label, IsWildcardDNS1123Label, Instance.Validate
//   pkg/config/host/name.go                 Name.Matches, Name.SubsetOf
//   pkg/config/protocol/instance.go         Parse, IsHTTP, IsTLS
//   pkg/config/visibility/visibility.go     Instance.Validate
//
// Scope and deliberate differences (see the report / tests):
//   - Errors only; Istio *warnings* (e.g. partial-wildcard ServiceEntry hosts, "addresses are
//     required for TCP ports", IP SNI hosts) are not reported.
//   - Not mirrored: regex (RE2) compilation, header-value `%` variable syntax, CORS, locality LB,
//     maglev/ring-hash details, Sidecar/AuthorizationPolicy (other kinds return []).
//   - validateGatewayNames in Istio stops at the first short (no "/") name; here every entry is
//     checked (stricter only for lists that mix short names with invalid "ns/name" entries).
//   - Rules marked "[lint]" are not webhook rules; they flag generator output that Istio accepts but
//     that can never work (documented at each site).
//   - Input is the Kubernetes (JSON) object; it is read, never modified.

import { isIPv4, isIPv6 } from 'node:net';

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function asObj(value: unknown): Obj | undefined {
  return isObj(value) ? value : undefined;
}
function asArr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function asStr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
function asNum(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}
function strMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asObj(value) ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

class Report {
  readonly errors: string[] = [];
  constructor(private readonly label: string) {}
  add(path: string, message: string, rule: string): void {
    this.errors.push(`${this.label}: ${path}: ${message} [${rule}]`);
  }
}

// ---------------------------------------------------------------------------------------------
// pkg/config/labels
// ---------------------------------------------------------------------------------------------

// Istio's dns1123LabelFmt (note: the class "[-a-z-A-Z0-9]" also admits upper case).
const DNS1123_LABEL_FMT = '[a-zA-Z0-9](?:[-a-z-A-Z0-9]*[a-zA-Z0-9])?';
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const WILDCARD_PREFIX_RE = new RegExp(`^(\\*|(\\*|\\*-)?${DNS1123_LABEL_FMT})$`);
const QUALIFIED_NAME_FMT = '(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const DNS_NAME_PREFIX_FMT = `${DNS1123_LABEL_FMT}(?:\\.${DNS1123_LABEL_FMT})*/`;
const TAG_RE = new RegExp(`^(${DNS_NAME_PREFIX_FMT})?(${QUALIFIED_NAME_FMT})$`);
const LABEL_VALUE_RE = new RegExp(`^(${QUALIFIED_NAME_FMT})?$`);

/** labels.IsDNS1123Label */
export function isDNS1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL_RE.test(value);
}
/** labels.IsWildcardDNS1123Label */
function isWildcardDNS1123Label(value: string): boolean {
  return value.length <= 63 && WILDCARD_PREFIX_RE.test(value);
}
/** labels.Instance.Validate (validateTagKey + labelValueRegexp) */
function validateLabels(labels: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const match = TAG_RE.exec(key);
    if (match === null) {
      problems.push(`invalid tag key: ${JSON.stringify(key)}`);
    } else {
      const prefix = match[1] ?? '';
      const name = match[2] ?? '';
      if (prefix.length > 0 && prefix.length - 1 > 253) problems.push(`invalid tag key: ${JSON.stringify(key)} (DNS prefix is too long)`);
      if (name.length > 63) problems.push(`invalid tag key: ${JSON.stringify(key)} (name is too long)`);
    }
    if (!LABEL_VALUE_RE.test(value)) problems.push(`invalid tag value: ${JSON.stringify(value)}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// IP helpers (netutil.IsValidIPAddress = netip.ParseAddr, agent.ValidateIPSubnet)
// ---------------------------------------------------------------------------------------------

export function isValidIPAddress(value: string): boolean {
  return isIPv4(value) || isIPv6(value);
}

/** agent.ValidateIPSubnet: "a.b.c.d", "a.b.c.d/xx", "2001:1::1/64". */
export function ipSubnetProblem(subnet: string): string | undefined {
  if ((subnet.match(/\//g) ?? []).length === 1) {
    const [addr = '', bits = ''] = subnet.split('/');
    const max = isIPv4(addr) ? 32 : isIPv6(addr) && !addr.includes('%') ? 128 : -1;
    if (max < 0 || !/^(0|[1-9][0-9]*)$/.test(bits) || Number(bits) > max) return `${subnet} is not a valid CIDR block`;
    return undefined;
  }
  return isValidIPAddress(subnet) ? undefined : `${subnet} is not a valid IP`;
}

// ---------------------------------------------------------------------------------------------
// host names (pkg/config/validation/agent)
// ---------------------------------------------------------------------------------------------

/** agent.CheckDNS1123Preconditions */
function dns1123Preconditions(name: string): string | undefined {
  if (name.length > 255) return `domain name ${JSON.stringify(name)} too long (max 255)`;
  if (name.length === 0) return 'empty domain name not allowed';
  return undefined;
}

/** strconv.Atoi succeeds (optional sign, decimal digits, fits in int64). */
function goAtoiOK(value: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(value)) return false;
  const n = BigInt(value);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

/** agent.ValidateDNS1123Labels: rejects all-numeric TLDs, so "1.1.1.1" is not a host name. */
function dns1123LabelsProblem(domain: string): string | undefined {
  const parts = domain.split('.');
  const tld = parts[parts.length - 1] ?? '';
  if (goAtoiOK(tld)) return `domain name ${JSON.stringify(domain)} invalid (top level domain ${JSON.stringify(tld)} cannot be all-numeric)`;
  for (let i = 0; i < parts.length; i++) {
    const label = parts[i] ?? '';
    if (i === parts.length - 1 && label === '') return undefined; // trailing dot allowed
    if (!isDNS1123Label(label)) return `domain name ${JSON.stringify(domain)} invalid (label ${JSON.stringify(label)} invalid)`;
  }
  return undefined;
}

/** agent.ValidateFQDN */
export function fqdnProblem(fqdn: string): string | undefined {
  return dns1123Preconditions(fqdn) ?? dns1123LabelsProblem(fqdn);
}

function splitFirstLabel(domain: string): [string, string | undefined] {
  const dot = domain.indexOf('.');
  return dot < 0 ? [domain, undefined] : [domain.slice(0, dot), domain.slice(dot + 1)];
}

/** agent.ValidateWildcardDomain: FQDN with an optional wildcard first label; IP literals fail. */
export function wildcardDomainProblem(domain: string): string | undefined {
  const pre = dns1123Preconditions(domain);
  if (pre !== undefined) return pre;
  const [first, rest] = splitFirstLabel(domain);
  if (!isWildcardDNS1123Label(first)) return `domain name ${JSON.stringify(domain)} invalid (label ${JSON.stringify(first)} invalid)`;
  return rest === undefined ? undefined : dns1123LabelsProblem(rest);
}

/** agent.ValidateWildcardDomainForVirtualServiceBoundToGateway */
function wildcardDomainForGatewayVSProblem(sni: boolean, domain: string): string | undefined {
  const pre = dns1123Preconditions(domain);
  if (pre !== undefined) return pre;
  const [first, rest] = splitFirstLabel(domain);
  if (sni && first === 'outbound_') {
    return /outbound_.([0-8].*).*/.test(domain) ? undefined : `domain name ${JSON.stringify(domain)} invalid (label ${JSON.stringify(first)} invalid)`;
  }
  if (!isWildcardDNS1123Label(first)) return `domain name ${JSON.stringify(domain)} invalid (label ${JSON.stringify(first)} invalid)`;
  return rest === undefined ? undefined : dns1123LabelsProblem(rest);
}

/** agent.ValidatePartialWildCard */
function partialWildcardProblem(host: string): string | undefined {
  return host.includes('*') && host.length !== 1 && !host.startsWith('*.') ? `partial wildcard ${JSON.stringify(host)} not allowed` : undefined;
}

/** agent.validateSidecarOrGatewayHostnamePart with isGateway=true */
function gatewayHostnamePartProblems(hostname: string): string[] {
  const problems: string[] = [];
  if (hostname !== '*' && !hostname.includes('.')) problems.push('short names (non FQDN) are not allowed');
  const domain = wildcardDomainProblem(hostname);
  if (domain !== undefined && !isValidIPAddress(hostname)) problems.push(domain); // gateways accept IP hosts
  const partial = partialWildcardProblem(hostname);
  if (partial !== undefined) problems.push(partial);
  return problems;
}

/** agent.ValidateNamespaceSlashWildcardHostname(hostname, isGateway=true, gatewaySemantics=false) */
export function gatewayServerHostProblems(hostname: string): string[] {
  const slash = hostname.indexOf('/');
  if (slash < 0) return gatewayHostnamePartProblems(hostname); // old style host
  const ns = hostname.slice(0, slash);
  const dnsName = hostname.slice(slash + 1);
  const problems: string[] = [];
  if (ns.length === 0 || dnsName.length === 0) problems.push('config namespace and dnsName in host entry cannot be empty');
  if (ns !== '*' && ns !== '.' && !isDNS1123Label(ns)) problems.push(`invalid namespace value ${JSON.stringify(ns)} in gateway`);
  problems.push(...gatewayHostnamePartProblems(dnsName));
  return problems;
}

/** host.Name.IsWildCarded / Matches / SubsetOf */
function isWildCarded(name: string): boolean {
  return name.startsWith('*');
}
export function hostMatches(n: string, o: string): boolean {
  const hw = isWildCarded(n);
  const ow = isWildCarded(o);
  if (hw) {
    if (ow) return n.length < o.length ? o.slice(1).endsWith(n.slice(1)) : n.slice(1).endsWith(o.slice(1));
    return o.endsWith(n.slice(1));
  }
  if (ow) return n.endsWith(o.slice(1));
  return n === o;
}
export function hostSubsetOf(n: string, o: string): boolean {
  const hw = isWildCarded(n);
  const ow = isWildCarded(o);
  if (hw) {
    if (ow) return n.length < o.length ? false : n.slice(1).endsWith(o.slice(1));
    return false;
  }
  if (ow) return n.endsWith(o.slice(1));
  return n === o;
}

// ---------------------------------------------------------------------------------------------
// ports, protocols, durations
// ---------------------------------------------------------------------------------------------

/** agent.ValidatePort */
function portProblem(port: unknown): string | undefined {
  const n = typeof port === 'number' ? port : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? undefined : `port number ${String(port)} must be in the range 1..65535`;
}

type Protocol = 'TCP' | 'UDP' | 'GRPC' | 'GRPC-Web' | 'HTTP' | 'HTTP_PROXY' | 'HTTP2' | 'HTTPS' | 'TLS' | 'Mongo' | 'Redis' | 'MySQL' | 'Unsupported';
const PROTOCOLS: Record<string, Protocol> = {
  tcp: 'TCP', udp: 'UDP', grpc: 'GRPC', 'grpc-web': 'GRPC-Web', http: 'HTTP', http_proxy: 'HTTP_PROXY',
  http2: 'HTTP2', https: 'HTTPS', tls: 'TLS', mongo: 'Mongo', redis: 'Redis', mysql: 'MySQL',
};
/** protocol.Parse (case-insensitive) */
function parseProtocol(value: string): Protocol {
  return PROTOCOLS[value.toLowerCase()] ?? 'Unsupported';
}
function protocolIsHTTP(p: Protocol): boolean {
  return p === 'HTTP' || p === 'HTTP2' || p === 'HTTP_PROXY' || p === 'GRPC' || p === 'GRPC-Web';
}
function protocolIsTLS(p: Protocol): boolean {
  return p === 'HTTPS' || p === 'TLS';
}

const DURATION_UNITS_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
/** Go time.ParseDuration (as CEL duration() and Istio accept), in nanoseconds. */
function parseDurationNs(value: string): number | undefined {
  const m = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(value);
  if (m === null) return value === '0' ? 0 : undefined;
  let total = 0;
  for (const part of (m[2] ?? '').matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (DURATION_UNITS_NS[part[2] ?? ''] ?? Number.NaN);
  }
  return m[1] === '-' ? -total : total;
}
/** agent.ValidateDuration (plus the CRD CEL rule "duration(self) >= duration('1ms')") */
function durationProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined; // type errors belong to the schema validator
  const ns = parseDurationNs(value);
  if (ns === undefined || Number.isNaN(ns)) return `invalid duration ${JSON.stringify(value)}`;
  if (ns < 1e6) return 'duration must be greater than 1ms';
  if (Math.round(ns) % 1e6 !== 0) return 'only durations to ms precision are supported';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// shared Istio validators
// ---------------------------------------------------------------------------------------------

/** validateExportTo(namespace, exportTo, isServiceEntry, isDestinationRuleWithSelector) + visibility.Instance.Validate */
function validateExportTo(r: Report, path: string, namespace: string, exportTo: unknown, isServiceEntry: boolean, isDRWithSelector: boolean): void {
  const entries = asArr(exportTo).map(asStr);
  if (entries.length === 0) return;
  const rule = 'validateExportTo';
  const seen = new Set<string>();
  for (const e of entries) {
    const key = e === '.' ? namespace : e;
    if (seen.has(key)) {
      r.add(path, key !== e ? `duplicate entries in exportTo: . and current namespace ${namespace}` : `duplicate entries in exportTo for entry ${e}`, rule);
    } else if (isServiceEntry && e === '~') {
      seen.add(key);
    } else if (key === '~') {
      r.add(path, 'exportTo ~ (none) is not allowed for Istio configuration objects', 'visibility.Instance.Validate');
    } else if (key !== '.' && key !== '*' && !isDNS1123Label(key)) {
      r.add(path, 'only .,*,~, or a valid DNS 1123 label is allowed as exportTo entry', 'visibility.Instance.Validate');
    } else {
      seen.add(key);
    }
  }
  if (isDRWithSelector && seen.size > 0) {
    if (seen.has(namespace)) {
      if (seen.size > 1) r.add(path, 'destination rule with workload selector cannot have multiple entries in exportTo', rule);
    } else {
      r.add(path, 'destination rule with workload selector cannot have exportTo beyond current namespace', rule);
    }
  }
  if (seen.has('*') && entries.length > 1) r.add(path, 'cannot have both public (*) and non-public exportTo values for a resource', rule);
  if (seen.has('~') && entries.length > 1) r.add(path, 'cannot export service entry to no one (~) and someone', rule);
}

/** validateDestination */
function validateDestination(r: Report, path: string, destination: unknown): void {
  const d = asObj(destination);
  if (d === undefined) return;
  const host = asStr(d.host);
  if (host === '*') {
    r.add(`${path}/host`, `invalid destination host ${host}`, 'validateDestination');
  } else {
    const p = wildcardDomainProblem(host);
    if (p !== undefined) r.add(`${path}/host`, p, 'validateDestination/ValidateWildcardDomain');
  }
  if (isSet(d.subset) && asStr(d.subset) !== '') {
    const subset = asStr(d.subset);
    if (!isDNS1123Label(subset)) r.add(`${path}/subset`, `subset name is invalid: ${subset}`, 'validateSubsetName');
  }
  const port = asObj(d.port);
  if (port !== undefined) {
    const p = portProblem(port.number);
    if (p !== undefined) r.add(`${path}/port/number`, p, 'validatePortSelector');
  }
}

/** validateHTTPRouteDestinations / validateRouteDestinations: weights >= 0, and not all 0 when > 1 destination */
function validateRouteDestinations(r: Report, path: string, routes: unknown, rule: string): void {
  const list = asArr(routes);
  let total = 0;
  list.forEach((item, i) => {
    const route = asObj(item);
    if (route === undefined) {
      r.add(`${path}/${i}`, 'weight may not be nil', rule);
      return;
    }
    if (!isSet(route.destination)) r.add(`${path}/${i}`, 'destination is required', rule);
    validateDestination(r, `${path}/${i}/destination`, route.destination);
    const weight = asNum(route.weight);
    if (weight < 0) r.add(`${path}/${i}/weight`, `weight ${weight} < 0`, 'validateWeight');
    total += weight;
    if (rule === 'validateHTTPRouteDestinations') validateHeaderOperations(r, `${path}/${i}/headers`, route.headers);
  });
  if (list.length > 1 && total === 0) r.add(path, 'total destination weight = 0', rule);
}

const HEADER_NAME_RE = /^[-_A-Za-z0-9]+$/;
const HEADER_VALUE_RE = /^[^\u0000-\u0008\u000A-\u001F\u007F]*$/;
/** validateHTTPRoute header manipulation: ValidateHTTPHeaderWithAuthorityOperationName / ValidateHTTPHeaderOperationName / ValidateHTTPHeaderValue */
function validateHeaderOperations(r: Report, path: string, headers: unknown): void {
  const h = asObj(headers);
  if (h === undefined) return;
  for (const side of ['request', 'response'] as const) {
    const ops = asObj(h[side]);
    if (ops === undefined) continue;
    const names: Array<[string, string, string | undefined]> = [];
    for (const op of ['add', 'set'] as const) {
      for (const [name, value] of Object.entries(strMap(ops[op]))) names.push([`${path}/${side}/${op}`, name, value]);
    }
    for (const name of asArr(ops.remove).map(asStr)) names.push([`${path}/${side}/remove`, name, undefined]);
    for (const [at, name, value] of names) {
      const isRemove = at.endsWith('/remove');
      if (name === '') {
        r.add(at, 'header name cannot be empty', 'ValidateHTTPHeaderOperationName');
      } else if (side === 'request' && !isRemove) {
        const authority = name.toLowerCase() === ':authority' || name.toLowerCase() === 'host';
        if ((name.startsWith(':') || name.toLowerCase() === 'host') && !authority) {
          r.add(at, `invalid header ${JSON.stringify(name)}: header cannot have ":" prefix`, 'ValidateHTTPHeaderWithAuthorityOperationName');
        }
      } else {
        if (name.toLowerCase() === 'host') r.add(at, `invalid header ${JSON.stringify(name)}: cannot set Host header`, 'ValidateHTTPHeaderOperationName');
        else if (name.startsWith(':')) r.add(at, `invalid header ${JSON.stringify(name)}: header cannot have ":" prefix`, 'ValidateHTTPHeaderOperationName');
      }
      if (value !== undefined && !HEADER_VALUE_RE.test(value)) {
        r.add(at, `header value configuration ${JSON.stringify(value)} is invalid`, 'ValidateHTTPHeaderValue');
      }
    }
  }
}

/** validateGatewayNames (namespace/name or a short FQDN-style name such as "mesh") */
function validateGatewayNames(r: Report, path: string, names: unknown): void {
  asArr(names).forEach((item, i) => {
    const name = asStr(item);
    const at = `${path}/${i}`;
    const slash = name.indexOf('/');
    if (slash < 0) {
      const p = fqdnProblem(name);
      if (p !== undefined) r.add(at, p, 'validateGatewayNames/ValidateFQDN');
      return;
    }
    const ns = name.slice(0, slash);
    const gw = name.slice(slash + 1);
    if (ns.length === 0 || gw.length === 0) r.add(at, 'config namespace and gateway name cannot be empty', 'validateGatewayNames');
    if (!isDNS1123Label(ns)) r.add(at, `invalid value for namespace: ${JSON.stringify(ns)}`, 'validateGatewayNames');
    if (!isDNS1123Label(gw)) r.add(at, `invalid value for gateway name: ${JSON.stringify(gw)}`, 'validateGatewayNames');
  });
}

function addLabelProblems(r: Report, path: string, labels: unknown, rule: string): void {
  for (const p of validateLabels(strMap(labels))) r.add(path, p, rule);
}

// ---------------------------------------------------------------------------------------------
// ServiceEntry — ValidateServiceEntry
// ---------------------------------------------------------------------------------------------

const SE_LOCATIONS = new Set(['MESH_EXTERNAL', 'MESH_INTERNAL']);

/** ValidateUnixAddress */
function unixAddressProblem(addr: string): string | undefined {
  if (addr.length === 0) return 'unix address must not be empty';
  if (addr.startsWith('@')) return undefined;
  if (!addr.startsWith('/') || addr.endsWith('/')) return `${addr} is not an absolute path to a file`;
  return undefined;
}

function validateServiceEntry(r: Report, spec: Obj, namespace: string): void {
  const rule = 'ValidateServiceEntry';
  const hosts = asArr(spec.hosts).map(asStr);
  const resolution = spec.resolution === undefined ? 'NONE' : asStr(spec.resolution);
  const endpoints = asArr(spec.endpoints);

  // ValidateAlphaWorkloadSelector
  const ws = asObj(spec.workloadSelector);
  if (ws !== undefined) {
    for (const [k, v] of Object.entries(strMap(ws.labels))) {
      if (k === '') r.add('/spec/workloadSelector/labels', `empty key is not supported in selector: "${k}=${v}"`, 'ValidateAlphaWorkloadSelector');
      if (k.includes('*') || v.includes('*')) r.add('/spec/workloadSelector/labels', `wildcard is not supported in selector: "${k}=${v}"`, 'ValidateAlphaWorkloadSelector');
    }
  }
  // Go: WorkloadSelector != nil && Endpoints != nil; CRD CEL: has(workloadSelector) + has(endpoints) <= 1
  if (ws !== undefined && spec.endpoints !== undefined) {
    r.add('/spec', 'only one of WorkloadSelector or Endpoints is allowed in Service Entry', rule);
  }

  // hosts: at least one; "*" rejected; each a (wildcard) DNS name — IP literals are rejected.
  if (hosts.length === 0) r.add('/spec/hosts', 'service entry must have at least one host', rule);
  hosts.forEach((host, i) => {
    if (host === '*') r.add(`/spec/hosts/${i}`, `invalid host ${host}`, rule);
    else {
      const p = wildcardDomainProblem(host);
      if (p !== undefined) r.add(`/spec/hosts/${i}`, p, `${rule}/ValidateWildcardDomain`);
    }
  });

  // addresses: IPs or CIDRs; CIDRs only with NONE/STATIC resolution.
  let cidrFound = false;
  asArr(spec.addresses).forEach((item, i) => {
    const address = asStr(item);
    cidrFound ||= address.includes('/');
    const p = ipSubnetProblem(address);
    if (p !== undefined) r.add(`/spec/addresses/${i}`, p, `${rule}/ValidateIPSubnet`);
  });
  if (cidrFound && resolution !== 'NONE' && resolution !== 'STATIC') {
    r.add('/spec/addresses', 'CIDR addresses are allowed only for NONE/STATIC resolution types', rule);
  }

  // location (proto enum; also the CRD enum)
  if (spec.location !== undefined && !SE_LOCATIONS.has(asStr(spec.location))) {
    r.add('/spec/location', `location must be one of MESH_EXTERNAL, MESH_INTERNAL (got ${JSON.stringify(spec.location)})`, 'ServiceEntry.Location enum');
  }

  // ports: unique names and numbers, valid names/protocols/numbers, targetPort valid.
  const portNames = new Set<string>();
  const portNumbers = new Set<number>();
  const ports = asArr(spec.ports);
  ports.forEach((item, i) => {
    const port = asObj(item);
    const at = `/spec/ports/${i}`;
    if (port === undefined) {
      r.add(at, 'service entry port may not be null', rule);
      return;
    }
    const name = asStr(port.name);
    const number = asNum(port.number);
    if (portNames.has(name)) r.add(`${at}/name`, `service entry port name ${JSON.stringify(name)} already defined`, rule);
    portNames.add(name);
    if (portNumbers.has(number)) r.add(`${at}/number`, `service entry port ${number} already defined`, rule);
    portNumbers.add(number);
    if (asNum(port.targetPort) !== 0) {
      const p = portProblem(port.targetPort);
      if (p !== undefined) r.add(`${at}/targetPort`, p, `${rule}/ValidatePort`);
    }
    if (!isDNS1123Label(name)) r.add(`${at}/name`, `invalid port name: ${name}`, 'ValidatePortName');
    const protocol = asStr(port.protocol);
    if (protocol !== '' && parseProtocol(protocol) === 'Unsupported') r.add(`${at}/protocol`, `unsupported protocol: ${protocol}`, 'ValidateProtocol');
    const p = portProblem(port.number);
    if (p !== undefined) r.add(`${at}/number`, p, `${rule}/ValidatePort`);
  });

  const endpointPorts = (endpoint: Obj, at: string): void => {
    for (const [name, value] of Object.entries(asObj(endpoint.ports) ?? {})) {
      if (!portNames.has(name)) r.add(`${at}/ports/${name}`, `endpoint port ${String(value)} is not defined by the service entry`, rule);
      if (!isDNS1123Label(name)) r.add(`${at}/ports/${name}`, `invalid port name: ${name}`, 'ValidatePortName');
      const p = portProblem(value);
      if (p !== undefined) r.add(`${at}/ports/${name}`, p, 'ValidatePort');
    }
  };

  switch (resolution) {
    case 'NONE':
      if (endpoints.length !== 0) r.add('/spec/endpoints', 'no endpoints should be provided for resolution type none', rule);
      break;
    case 'STATIC':
      // validateWorkloadEntry(endpoint, servicePorts, allowFQDNAddresses=false)
      endpoints.forEach((item, i) => {
        const endpoint = asObj(item);
        const at = `/spec/endpoints/${i}`;
        if (endpoint === undefined) {
          r.add(at, 'endpoint cannot be nil', rule);
          return;
        }
        const address = asStr(endpoint.address);
        if (address === '' && asStr(endpoint.network) === '') {
          r.add(at, 'address is required', 'validateWorkloadEntry');
          return;
        }
        let unix = false;
        if (address.startsWith('unix://')) {
          unix = true;
          const p = unixAddressProblem(address.slice('unix://'.length));
          if (p !== undefined) r.add(`${at}/address`, p, 'validateWorkloadEntry/ValidateUnixAddress');
          if (Object.keys(asObj(endpoint.ports) ?? {}).length !== 0) r.add(`${at}/ports`, `unix endpoint ${address} must not include ports`, 'validateWorkloadEntry');
        } else if (address !== '' && !isValidIPAddress(address)) {
          r.add(`${at}/address`, `endpoint address ${JSON.stringify(address)} is not a valid IP address`, 'validateWorkloadEntry');
        }
        endpointPorts(endpoint, at);
        addLabelProblems(r, `${at}/labels`, endpoint.labels, 'validateWorkloadEntry/labels.Instance.Validate');
        if (unix && portNames.size !== 1) r.add(at, 'exactly 1 service port required for unix endpoints', 'validateWorkloadEntry');
      });
      break;
    case 'DNS':
    case 'DNS_ROUND_ROBIN':
      // Without endpoints every host is resolved by DNS, so it must be a FQDN (no wildcard).
      if (endpoints.length === 0) {
        hosts.forEach((host, i) => {
          if (fqdnProblem(host) !== undefined) {
            r.add(`/spec/hosts/${i}`, `hosts must be FQDN if no endpoints are provided for resolution mode ${resolution}`, rule);
          }
        });
      }
      if (resolution === 'DNS_ROUND_ROBIN' && endpoints.length > 1) {
        r.add('/spec/endpoints', `there must only be 0 or 1 endpoint for resolution mode ${resolution}`, rule);
      }
      endpoints.forEach((item, i) => {
        const endpoint = asObj(item);
        const at = `/spec/endpoints/${i}`;
        if (endpoint === undefined) {
          r.add(at, 'endpoint cannot be nil', rule);
          return;
        }
        const address = asStr(endpoint.address);
        if (!isValidIPAddress(address) && fqdnProblem(address) !== undefined) {
          r.add(`${at}/address`, `endpoint address ${JSON.stringify(address)} is not a valid FQDN or an IP address`, rule);
        }
        addLabelProblems(r, `${at}/labels`, endpoint.labels, `${rule}/labels.Instance.Validate`);
        endpointPorts(endpoint, at);
      });
      break;
    default:
      r.add('/spec/resolution', `unsupported resolution type ${resolution}`, rule);
  }

  // Several hosts share one listener on a plain TCP port: only HTTP (Host) and TLS (SNI) tell them apart.
  if (resolution !== 'NONE' && hosts.length > 1) {
    for (const item of ports) {
      const p = parseProtocol(asStr(asObj(item)?.protocol));
      if (!protocolIsHTTP(p) && !protocolIsTLS(p)) {
        r.add('/spec/ports', 'multiple hosts provided with non-HTTP, non-TLS ports', rule);
        break;
      }
    }
  }

  validateExportTo(r, '/spec/exportTo', namespace, spec.exportTo, true, false);
}

// ---------------------------------------------------------------------------------------------
// Gateway — ValidateGateway
// ---------------------------------------------------------------------------------------------

function isPassThroughTLS(tls: Obj | undefined): boolean {
  // gateway.IsPassThroughServer; ServerTLSSettings mode defaults to PASSTHROUGH (enum value 0).
  if (tls === undefined) return false;
  const mode = tls.mode === undefined ? 'PASSTHROUGH' : asStr(tls.mode);
  return mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH';
}

/** validateTLSOptions (server side TLS) */
function validateServerTLS(r: Report, at: string, tls: Obj): void {
  const rule = 'validateTLSOptions';
  const mode = tls.mode === undefined ? 'PASSTHROUGH' : asStr(tls.mode);
  const has = (field: string): boolean => asStr(tls[field]) !== '';
  if (mode === 'ISTIO_MUTUAL') {
    // ISTIO_MUTUAL uses the workload's Istio certificates; no other credentials may be set.
    if (has('serverCertificate')) r.add(at, 'ISTIO_MUTUAL TLS cannot have associated server certificate', rule);
    if (has('privateKey')) r.add(at, 'ISTIO_MUTUAL TLS cannot have associated private key', rule);
    if (has('caCertificates')) r.add(at, 'ISTIO_MUTUAL TLS cannot have associated CA bundle', rule);
    if (has('credentialName')) r.add(at, 'ISTIO_MUTUAL TLS cannot have associated credentialName', rule);
    return;
  }
  if ((mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL') && has('credentialName')) return;
  if (mode === 'SIMPLE') {
    if (!has('serverCertificate')) r.add(at, 'SIMPLE TLS requires a server certificate', rule);
    if (!has('privateKey')) r.add(at, 'SIMPLE TLS requires a private key', rule);
  } else if (mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL') {
    if (!has('serverCertificate')) r.add(at, 'MUTUAL TLS requires a server certificate', rule);
    if (!has('privateKey')) r.add(at, 'MUTUAL TLS requires a private key', rule);
    if (!has('caCertificates')) r.add(at, 'MUTUAL TLS requires a client CA bundle', rule);
  }
  if (has('caCrl')) {
    if (has('credentialName')) r.add(at, 'CRL is not supported with credentialName. CRL has to be specified in the credential', rule);
    if (mode === 'SIMPLE') r.add(at, 'CRL is not supported with SIMPLE TLS', rule);
  }
}

function validateGateway(r: Report, spec: Obj, name: string): void {
  const rule = 'ValidateGateway';
  // Gateway names are referenced as "<ns>/<name>" from VirtualServices: DNS-1123 label, no dots.
  if (!isDNS1123Label(name)) r.add('/metadata/name', `invalid gateway name: ${JSON.stringify(name)}`, rule);

  const servers = asArr(spec.servers);
  if (servers.length === 0) r.add('/spec/servers', 'gateway must have at least one server', rule);
  const portNames = new Set<string>();
  servers.forEach((item, i) => {
    const at = `/spec/servers/${i}`;
    const server = asObj(item);
    if (server === undefined) {
      r.add(at, 'server may not be nil', rule);
      return;
    }
    // validateServer: hosts
    const hosts = asArr(server.hosts).map(asStr);
    if (hosts.length === 0) r.add(`${at}/hosts`, 'server config must contain at least one host', 'validateServer');
    hosts.forEach((host, j) => {
      for (const p of gatewayServerHostProblems(host)) r.add(`${at}/hosts/${j}`, p, 'validateServer/ValidateNamespaceSlashWildcardHostname');
    });

    // validateServerPort
    const port = asObj(server.port);
    const bind = asStr(server.bind);
    let portOK = true;
    const portErr = (path: string, message: string): void => {
      portOK = false;
      r.add(path, message, 'validateServerPort');
    };
    if (port === undefined) {
      portErr(`${at}/port`, 'port is required');
    } else {
      const protocol = asStr(port.protocol);
      if (parseProtocol(protocol) === 'Unsupported') {
        portErr(`${at}/port/protocol`, `invalid protocol ${JSON.stringify(protocol)}, supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP`);
      }
      if (asNum(port.number) > 0 || !bind.startsWith('unix://')) {
        const p = portProblem(port.number);
        if (p !== undefined) portErr(`${at}/port/number`, p);
      }
      if (asNum(port.targetPort) > 0) portErr(`${at}/port/targetPort`, 'targetPort has no impact on Gateways');
      if (asStr(port.name) === '') portErr(`${at}/port/name`, 'port name must be set');
      // ValidateGateway: port names unique across all servers of the Gateway
      const portName = asStr(port.name);
      if (portNames.has(portName)) r.add(`${at}/port/name`, `port names in servers must be unique: duplicate name ${portName}`, rule);
      portNames.add(portName);
    }

    // validateServerBind
    if (bind.startsWith('unix://')) {
      const p = unixAddressProblem(bind.slice('unix://'.length));
      if (p !== undefined) r.add(`${at}/bind`, p, 'validateServerBind');
      if (port !== undefined && asNum(port.number) !== 0) r.add(`${at}/bind`, 'port number must be 0 for unix domain socket', 'validateServerBind');
    } else if (bind !== '' && !isValidIPAddress(bind)) {
      r.add(`${at}/bind`, `${bind} is not a valid IP`, 'validateServerBind/ValidateIPAddress');
    }

    const tls = asObj(server.tls);
    if (tls !== undefined) validateServerTLS(r, `${at}/tls`, tls);

    // validateServer: HTTPS/TLS ports need tls; plain ports may not carry TLS settings.
    if (portOK && port !== undefined) {
      const p = parseProtocol(asStr(port.protocol));
      if (protocolIsTLS(p) && tls === undefined) {
        r.add(`${at}/tls`, 'server must have TLS settings for HTTPS/TLS protocols', 'validateServer');
      } else if (!protocolIsTLS(p) && tls !== undefined) {
        if (protocolIsHTTP(p)) {
          if (!isPassThroughTLS(tls) || asStr(tls.caCertificates) !== '' || asStr(tls.privateKey) !== '' || asStr(tls.serverCertificate) !== '') {
            r.add(`${at}/tls`, 'server cannot have TLS settings for plain text HTTP ports', 'validateServer');
          }
        } else {
          r.add(`${at}/tls`, 'server cannot have TLS settings for non HTTPS/TLS ports', 'validateServer');
        }
      }
    }
  });

  // [lint] Istio does not validate Gateway.selector, but a selector whose keys/values are not valid
  // Kubernetes label syntax (or that uses "*") can never match a gateway pod.
  for (const [k, v] of Object.entries(strMap(spec.selector))) {
    for (const p of validateLabels({ [k]: v })) r.add('/spec/selector', `${p} (selector can never match a pod)`, 'lint: Gateway.selector');
    if (k.includes('*') || v.includes('*')) r.add('/spec/selector', `wildcard is not supported in selector: "${k}=${v}"`, 'lint: Gateway.selector');
    if (v.length > 63) r.add('/spec/selector', `label value for ${JSON.stringify(k)} exceeds 63 characters (selector can never match a pod)`, 'lint: Gateway.selector');
  }
}

// ---------------------------------------------------------------------------------------------
// VirtualService — ValidateVirtualService
// ---------------------------------------------------------------------------------------------

const RETRY_ON = new Set([
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
]);
// Codes for which Go's http.StatusText is non-empty.
const HTTP_STATUS_CODES = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423,
  424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

function validateHTTPRoute(r: Report, at: string, http: Obj, delegateVS: boolean): void {
  // validateHTTPRouteConflict
  const conflict = 'validateHTTPRouteConflict';
  const routes = asArr(http.route);
  const name = asStr(http.name);
  const isRoot = !delegateVS && isSet(http.delegate);
  if (isRoot) {
    if (isSet(http.redirect)) r.add(at, `root HTTP route ${name} must not specify redirect`, conflict);
    if (isSet(http.route)) r.add(at, `root HTTP route ${name} must not specify route`, conflict);
  } else {
    if (delegateVS && isSet(http.delegate)) r.add(at, 'delegate HTTP route cannot contain delegate', conflict);
    if (isSet(http.redirect)) {
      if (routes.length > 0) r.add(at, 'HTTP route cannot contain both route and redirect', conflict);
      if (isSet(http.fault)) r.add(at, 'HTTP route cannot contain both fault and redirect', conflict);
      if (isSet(http.rewrite)) r.add(at, 'HTTP route rule cannot contain both rewrite and redirect', conflict);
      if (isSet(http.directResponse)) r.add(at, 'HTTP route rule cannot contain both direct_response and redirect', conflict);
    } else if (isSet(http.directResponse)) {
      if (routes.length > 0) r.add(at, 'HTTP route cannot contain both route and direct_response', conflict);
      if (isSet(http.fault)) r.add(at, 'HTTP route cannot contain both fault and direct_response', conflict);
      if (isSet(http.rewrite)) r.add(at, 'HTTP route rule cannot contain both rewrite and direct_response', conflict);
    } else if (routes.length === 0) {
      r.add(at, 'HTTP route, redirect or direct_response is required', conflict);
    }
    if (isSet(http.mirror) && asArr(http.mirrors).length > 0) r.add(at, 'HTTP route cannot contain both mirror and mirrors', conflict);
  }

  // validateHTTPRouteMatchRequest
  asArr(http.match).forEach((item, j) => {
    const match = asObj(item);
    if (match === undefined) return;
    const mat = `${at}/match/${j}`;
    const rule = 'validateHTTPRouteMatchRequest';
    for (const [headerName, value] of Object.entries(asObj(match.headers) ?? {})) {
      if (!HEADER_NAME_RE.test(headerName) && !headerName.startsWith('@request.auth.claims')) {
        r.add(`${mat}/headers`, `header name ${headerName} is not a valid header name`, `${rule}/ValidateHTTPHeaderNameOrJwtClaimRoute`);
      }
      if (value === null) r.add(`${mat}/headers/${headerName}`, `header match ${headerName} cannot be null`, rule);
      else stringMatchProblems(r, `${mat}/headers/${headerName}`, value, 'headers');
    }
    for (const field of ['scheme', 'method', 'authority'] as const) stringMatchProblems(r, `${mat}/${field}`, match[field], field);
    for (const [qp, value] of Object.entries(asObj(match.queryParams) ?? {})) stringMatchProblems(r, `${mat}/queryParams/${qp}`, value, 'queryParams');
    const uri = asObj(match.uri);
    if (uri !== undefined && isSet(uri.regex) && asStr(uri.regex) === '') r.add(`${mat}/uri`, '"uri": regex string match should not be empty', 'validateStringMatchRegexp');
    if (asNum(match.port) !== 0) {
      const p = portProblem(match.port);
      if (p !== undefined) r.add(`${mat}/port`, p, `${rule}/ValidatePort`);
    }
    addLabelProblems(r, `${mat}/sourceLabels`, match.sourceLabels, `${rule}/labels.Instance.Validate`);
    validateGatewayNames(r, `${mat}/gateways`, match.gateways);
    const sourceNamespace = asStr(match.sourceNamespace);
    if (sourceNamespace !== '' && !isDNS1123Label(sourceNamespace)) r.add(`${mat}/sourceNamespace`, `sourceNamespace match ${sourceNamespace} is invalid`, rule);
  });

  validateHeaderOperations(r, `${at}/headers`, http.headers);

  // validateHTTPFaultInjection
  const fault = asObj(http.fault);
  if (fault !== undefined) {
    if (!isSet(fault.abort) && !isSet(fault.delay)) r.add(`${at}/fault`, 'HTTP fault injection must have an abort and/or a delay', 'validateHTTPFaultInjection');
    const abort = asObj(fault.abort);
    if (abort !== undefined) {
      if (isSet(abort.httpStatus)) {
        const status = asNum(abort.httpStatus);
        if (status < 200 || status > 600) r.add(`${at}/fault/abort/httpStatus`, `HTTP status ${status} is not in range 200-599`, 'validateHTTPStatus');
      }
      if (isSet(abort.http2Error)) r.add(`${at}/fault/abort`, 'HTTP/2 abort fault injection not supported yet', 'validateHTTPFaultInjectionAbort');
    }
    const delay = asObj(fault.delay);
    if (delay !== undefined && isSet(delay.exponentialDelay)) r.add(`${at}/fault/delay`, 'exponentialDelay not supported yet', 'validateHTTPFaultInjectionDelay');
    for (const part of [abort, delay]) {
      const value = asObj(part?.percentage)?.value;
      if (typeof value === 'number' && (value < 0 || value > 100 || (value > 0 && value < 0.0001))) {
        r.add(`${at}/fault`, `percentage ${value} is neither 0.0, nor in range [0.0001, 100.0]`, 'validatePercentage');
      }
    }
    const fixed = durationProblem(delay?.fixedDelay);
    if (fixed !== undefined) r.add(`${at}/fault/delay/fixedDelay`, fixed, 'ValidateDuration');
  }

  // mirrors
  const mirrorPercentage = asObj(http.mirrorPercentage)?.value;
  if (typeof mirrorPercentage === 'number' && (mirrorPercentage < 0 || mirrorPercentage > 100)) {
    r.add(`${at}/mirrorPercentage`, `mirror_percentage must be in [0, 100] (it has ${mirrorPercentage})`, 'validateHTTPRoute');
  }
  validateDestination(r, `${at}/mirror`, http.mirror);
  asArr(http.mirrors).forEach((item, j) => {
    const mirror = asObj(item);
    if (mirror === undefined || !isSet(mirror.destination)) {
      r.add(`${at}/mirrors/${j}`, 'destination is required for mirrors', 'validateHTTPMirrors');
      return;
    }
    validateDestination(r, `${at}/mirrors/${j}/destination`, mirror.destination);
    const value = asObj(mirror.percentage)?.value;
    if (typeof value === 'number' && (value < 0 || value > 100)) r.add(`${at}/mirrors/${j}/percentage`, `mirror percentage must be in [0, 100] (it has ${value})`, 'validateHTTPMirrors');
  });

  // validateHTTPRedirect
  const redirect = asObj(http.redirect);
  if (redirect !== undefined) {
    const rule = 'validateHTTPRedirect';
    if (asStr(redirect.uri) === '' && asStr(redirect.authority) === '' && !isSet(redirect.port) && !isSet(redirect.derivePort) && asStr(redirect.scheme) === '') {
      r.add(`${at}/redirect`, 'redirect must specify URI, authority, scheme, or port', rule);
    } else {
      const code = asNum(redirect.redirectCode);
      const scheme = asStr(redirect.scheme);
      if (code !== 0 && (code < 300 || code > 399)) r.add(`${at}/redirect/redirectCode`, `${code} is not a valid redirect code, must be 3xx`, rule);
      else if (scheme !== '' && scheme !== 'http' && scheme !== 'https') r.add(`${at}/redirect/scheme`, 'invalid redirect scheme, must be "http" or "https"', rule);
      else if (asNum(redirect.port) > 0) {
        const p = portProblem(redirect.port);
        if (p !== undefined) r.add(`${at}/redirect/port`, p, rule);
      }
    }
  }

  // validateHTTPDirectResponse
  const direct = asObj(http.directResponse);
  if (direct !== undefined) {
    const status = asNum(direct.status);
    if (status < 200 || status > 600) r.add(`${at}/directResponse/status`, `HTTP status ${status} is not in range 200-599`, 'validateHTTPDirectResponse/validateHTTPStatus');
    const body = asObj(direct.body);
    const size = body === undefined ? 0 : Math.max(Buffer.byteLength(asStr(body.string)), Buffer.from(asStr(body.bytes), 'base64').length);
    if (size > 1024 * 1024) r.add(`${at}/directResponse/body`, 'large direct_responses may impact control plane performance, must be less than 1MB', 'validateHTTPDirectResponse');
  }

  // validateHTTPRetry
  const retries = asObj(http.retries);
  if (retries !== undefined) {
    const rule = 'validateHTTPRetry';
    const attempts = asNum(retries.attempts);
    if (attempts < 0) r.add(`${at}/retries/attempts`, 'attempts cannot be negative', rule);
    if (attempts === 0 && (isSet(retries.perTryTimeout) || asStr(retries.retryOn) !== '' || isSet(retries.retryRemoteLocalities))) {
      r.add(`${at}/retries`, 'http retry policy configured when attempts are set to 0 (disabled)', rule);
    }
    const perTry = durationProblem(retries.perTryTimeout);
    if (perTry !== undefined) r.add(`${at}/retries/perTryTimeout`, perTry, `${rule}/ValidateDuration`);
    const retryOn = asStr(retries.retryOn);
    if (retryOn !== '') {
      for (const policy of retryOn.split(',')) {
        const code = /^[+-]?\d+$/.test(policy) ? Number(policy) : 0;
        if (!HTTP_STATUS_CODES.has(code) && !RETRY_ON.has(policy)) r.add(`${at}/retries/retryOn`, `${JSON.stringify(policy)} is not a valid retryOn policy`, rule);
      }
    }
  }

  // validateHTTPRewrite
  const rewrite = asObj(http.rewrite);
  if (rewrite !== undefined) {
    const rule = 'validateHTTPRewrite';
    const regexRewrite = asObj(rewrite.uriRegexRewrite);
    if (asStr(rewrite.uri) !== '' && regexRewrite !== undefined) r.add(`${at}/rewrite`, 'rewrite may only contain one of URI or UriRegexRewrite', rule);
    else if (asStr(rewrite.uri) === '' && regexRewrite === undefined && asStr(rewrite.authority) === '') {
      r.add(`${at}/rewrite`, 'rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified', rule);
    } else if (regexRewrite !== undefined && (asStr(regexRewrite.match) === '' || asStr(regexRewrite.rewrite) === '')) {
      r.add(`${at}/rewrite/uriRegexRewrite`, 'UriRegexRewrite requires both Rewrite and Match fields to be specified', 'validateURIRegexRewrite');
    }
  }

  validateRouteDestinations(r, `${at}/route`, http.route, 'validateHTTPRouteDestinations');

  const timeout = durationProblem(http.timeout);
  if (timeout !== undefined) r.add(`${at}/timeout`, timeout, 'validateHTTPRoute/ValidateDuration');
}

/** validateStringMatch: prefix "" and regex "" are rejected (uri allows an empty prefix). */
function stringMatchProblems(r: Report, at: string, value: unknown, where: string): void {
  const m = asObj(value);
  if (m === undefined) return;
  if (isSet(m.prefix) && asStr(m.prefix) === '') r.add(at, `${JSON.stringify(where)}: prefix string match should not be empty`, 'validateStringMatch');
  if (isSet(m.regex) && asStr(m.regex) === '') r.add(at, `${JSON.stringify(where)}: regex string match should not be empty`, 'validateStringMatchRegexp');
}

function validateL4Match(r: Report, at: string, match: Obj, rule: string): void {
  asArr(match.destinationSubnets).forEach((subnet, k) => {
    const p = ipSubnetProblem(asStr(subnet));
    if (p !== undefined) r.add(`${at}/destinationSubnets/${k}`, p, `${rule}/ValidateIPSubnet`);
  });
  if (asNum(match.port) !== 0) {
    const p = portProblem(match.port);
    if (p !== undefined) r.add(`${at}/port`, p, `${rule}/ValidatePort`);
  }
  addLabelProblems(r, `${at}/sourceLabels`, match.sourceLabels, `${rule}/labels.Instance.Validate`);
  validateGatewayNames(r, `${at}/gateways`, match.gateways);
}

function validateVirtualService(r: Report, spec: Obj, namespace: string): void {
  const rule = 'ValidateVirtualService';
  const hosts = asArr(spec.hosts).map(asStr);
  const gateways = asArr(spec.gateways).map(asStr);
  const http = asArr(spec.http);
  const tls = asArr(spec.tls);
  const tcp = asArr(spec.tcp);

  // No hosts = a delegate VirtualService, which cannot be bound to gateways or carry tls/tcp.
  if (hosts.length === 0) {
    if (gateways.length !== 0) r.add('/spec/gateways', 'delegate virtual service must have no gateways specified', rule);
    if (tls.length !== 0) r.add('/spec/tls', 'delegate virtual service must have no tls route specified', rule);
    if (tcp.length !== 0) r.add('/spec/tcp', 'delegate virtual service must have no tcp route specified', rule);
  }

  // isGateway: bound to gateways only when "mesh" is not listed.
  let appliesToMesh = true;
  let appliesToGateway = false;
  if (gateways.length > 0) {
    validateGatewayNames(r, '/spec/gateways', spec.gateways);
    appliesToGateway = !gateways.includes('mesh');
    appliesToMesh = !appliesToGateway;
  }
  const sniHosts = tls.some((route) => asArr(asObj(route)?.match).some((m) => asArr(asObj(m)?.sniHosts).length > 0));

  // hosts: (wildcard) DNS names; IP literals are accepted for VirtualService hosts; "*" not for mesh.
  let allHostsValid = true;
  hosts.forEach((host, i) => {
    const p = appliesToGateway ? wildcardDomainForGatewayVSProblem(sniHosts, host) : wildcardDomainProblem(host);
    if (p !== undefined) {
      if (!isValidIPAddress(host)) {
        r.add(`/spec/hosts/${i}`, p, appliesToGateway ? `${rule}/ValidateWildcardDomainForVirtualServiceBoundToGateway` : `${rule}/ValidateWildcardDomain`);
        allHostsValid = false;
      }
    } else if (appliesToMesh && host === '*') {
      r.add(`/spec/hosts/${i}`, 'wildcard host * is not allowed for virtual services bound to the mesh gateway', rule);
      allHostsValid = false;
    }
  });
  if (allHostsValid) {
    for (let i = 0; i < hosts.length; i++) {
      for (let j = i + 1; j < hosts.length; j++) {
        const a = hosts[i] ?? '';
        const b = hosts[j] ?? '';
        if (hostMatches(a, b)) r.add('/spec/hosts', `duplicate hosts in virtual service: ${a} & ${b}`, rule);
      }
    }
  }

  if (http.length === 0 && tcp.length === 0 && tls.length === 0) r.add('/spec', 'http, tcp or tls must be provided in virtual service', rule);

  http.forEach((item, i) => {
    const route = asObj(item);
    if (route === undefined) r.add(`/spec/http/${i}`, 'http route may not be null', rule);
    else validateHTTPRoute(r, `/spec/http/${i}`, route, hosts.length === 0);
  });

  // validateTLSRoute / validateTLSMatch / validateSniHost
  tls.forEach((item, i) => {
    const at = `/spec/tls/${i}`;
    const route = asObj(item);
    if (route === undefined) return;
    const matches = asArr(route.match);
    if (matches.length === 0) r.add(at, 'TLS route must have at least one match condition', 'validateTLSRoute');
    matches.forEach((m, j) => {
      const mat = `${at}/match/${j}`;
      const match = asObj(m);
      if (match === undefined) {
        r.add(mat, 'TLS match may not be null', 'validateTLSMatch');
        return;
      }
      const snis = asArr(match.sniHosts).map(asStr);
      if (snis.length === 0) r.add(`${mat}/sniHosts`, 'TLS match must have at least one SNI host', 'validateTLSMatch');
      snis.forEach((sni, k) => {
        const p = appliesToGateway ? wildcardDomainForGatewayVSProblem(true, sni) : wildcardDomainProblem(sni);
        if (p !== undefined) {
          if (!isValidIPAddress(sni)) r.add(`${mat}/sniHosts/${k}`, p, 'validateSniHost'); // an IP SNI is only a warning
          return;
        }
        if (!hosts.some((host) => hostSubsetOf(sni, host))) {
          r.add(`${mat}/sniHosts/${k}`, `SNI host ${JSON.stringify(sni)} is not a compatible subset of any of the virtual service hosts: [${hosts.join(', ')}]`, 'validateSniHost');
        }
      });
      validateL4Match(r, mat, match, 'validateTLSMatch');
    });
    if (asArr(route.route).length === 0) r.add(at, 'TLS route is required', 'validateTLSRoute');
    validateRouteDestinations(r, `${at}/route`, route.route, 'validateRouteDestinations');
  });

  // validateTCPRoute / validateTCPMatch
  tcp.forEach((item, i) => {
    const at = `/spec/tcp/${i}`;
    const route = asObj(item);
    if (route === undefined) return;
    asArr(route.match).forEach((m, j) => {
      const match = asObj(m);
      if (match === undefined) r.add(`${at}/match/${j}`, 'tcp match may not be nil', 'validateTCPMatch');
      else validateL4Match(r, `${at}/match/${j}`, match, 'validateTCPMatch');
    });
    if (asArr(route.route).length === 0) r.add(at, 'TCP route is required', 'validateTCPRoute');
    validateRouteDestinations(r, `${at}/route`, route.route, 'validateRouteDestinations');
  });

  validateExportTo(r, '/spec/exportTo', namespace, spec.exportTo, false, false);
}

// ---------------------------------------------------------------------------------------------
// DestinationRule — ValidateDestinationRule
// ---------------------------------------------------------------------------------------------

/** agent.ValidateTLS (client side TLS settings) */
function validateClientTLS(r: Report, at: string, tls: Obj): void {
  const rule = 'ValidateTLS';
  const mode = tls.mode === undefined ? 'DISABLE' : asStr(tls.mode);
  const has = (field: string): boolean => asStr(tls[field]) !== '';
  if (tls.insecureSkipVerify === true) {
    if (mode === 'SIMPLE' && (has('caCertificates') || has('credentialName') || asArr(tls.subjectAltNames).length > 0)) {
      r.add(at, 'cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true', rule);
    }
    if (mode === 'MUTUAL' && (has('caCertificates') || asArr(tls.subjectAltNames).length > 0)) {
      r.add(at, 'cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true', rule);
    }
  }
  if ((mode === 'SIMPLE' || mode === 'MUTUAL') && has('credentialName')) {
    if (has('clientCertificate') || has('caCertificates') || has('privateKey') || has('caCrl')) {
      r.add(at, 'cannot specify client certificates or CA certificate or CA CRL If credentialName is set', rule);
    }
    return;
  }
  if (mode === 'MUTUAL') {
    if (!has('clientCertificate')) r.add(at, 'client certificate required for mutual tls', rule);
    if (!has('privateKey')) r.add(at, 'private key required for mutual tls', rule);
  }
  // ISTIO_MUTUAL: Istio's webhook imposes no field constraints (certificates are ignored).
}

function validateOutlierDetection(r: Report, at: string, outlier: Obj | undefined): void {
  if (outlier === undefined) return;
  for (const field of ['baseEjectionTime', 'interval'] as const) {
    const p = durationProblem(outlier[field]);
    if (p !== undefined) r.add(`${at}/${field}`, p, 'validateOutlierDetection/ValidateDuration');
  }
  if (outlier.splitExternalLocalOriginErrors !== true && asNum(outlier.consecutiveLocalOriginFailures) > 0) {
    r.add(at, 'outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false', 'validateOutlierDetection');
  }
  for (const field of ['maxEjectionPercent', 'minHealthPercent'] as const) {
    const v = asNum(outlier[field]);
    if (v < 0 || v > 100) r.add(`${at}/${field}`, `percentage ${v} is not in range 0..100`, 'ValidatePercent');
  }
}

function validateConnectionPool(r: Report, at: string, pool: Obj | undefined): void {
  if (pool === undefined) return;
  const rule = 'validateConnectionPool';
  const httpPool = asObj(pool.http);
  const tcpPool = asObj(pool.tcp);
  if (httpPool === undefined && tcpPool === undefined) {
    r.add(at, 'connection pool must have at least one field', rule);
    return;
  }
  if (httpPool !== undefined) {
    for (const field of ['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection', 'maxRetries', 'maxConcurrentStreams'] as const) {
      if (asNum(httpPool[field]) < 0) r.add(`${at}/http/${field}`, `${field} must be non-negative`, rule);
    }
    const idle = durationProblem(httpPool.idleTimeout);
    if (idle !== undefined) r.add(`${at}/http/idleTimeout`, idle, `${rule}/ValidateDuration`);
    if (httpPool.h2UpgradePolicy === 'UPGRADE' && httpPool.useClientProtocol === true) {
      r.add(`${at}/http`, 'use client protocol must not be true when H2UpgradePolicy is UPGRADE', rule);
    }
  }
  if (tcpPool !== undefined) {
    if (asNum(tcpPool.maxConnections) < 0) r.add(`${at}/tcp/maxConnections`, 'max connections must be non-negative', rule);
    for (const field of ['connectTimeout', 'maxConnectionDuration', 'idleTimeout'] as const) {
      const p = durationProblem(tcpPool[field]);
      if (p !== undefined) r.add(`${at}/tcp/${field}`, p, `${rule}/ValidateDuration`);
    }
    const keepalive = asObj(tcpPool.tcpKeepalive);
    for (const field of ['time', 'interval'] as const) {
      const p = durationProblem(keepalive?.[field]);
      if (p !== undefined) r.add(`${at}/tcp/tcpKeepalive/${field}`, p, `${rule}/ValidateDuration`);
    }
  }
}

function validateLoadBalancer(r: Report, at: string, lb: Obj | undefined): void {
  if (lb === undefined) return;
  const cookie = asObj(asObj(lb.consistentHash)?.httpCookie);
  if (cookie !== undefined && asStr(cookie.name) === '') r.add(`${at}/consistentHash/httpCookie`, 'name required for HttpCookie', 'validateLoadBalancer');
  const locality = asObj(lb.localityLbSetting);
  if (locality !== undefined && asArr(locality.distribute).length > 0 && asArr(locality.failover).length > 0) {
    r.add(`${at}/localityLbSetting`, "can not simultaneously specify 'distribute' and 'failover'", 'ValidateLocalityLbSetting');
  }
}

/** validateTrafficPolicy */
function validateTrafficPolicy(r: Report, at: string, value: unknown): void {
  const policy = asObj(value);
  if (policy === undefined) return;
  const rule = 'validateTrafficPolicy';
  const fields = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls', 'portLevelSettings', 'tunnel', 'proxyProtocol'];
  if (!fields.some((f) => isSet(policy[f]))) {
    r.add(at, 'traffic policy must have at least one field', rule);
    return;
  }
  if (isSet(policy.tunnel) && isSet(policy.proxyProtocol)) {
    r.add(at, 'tunnel and proxyProtocol must not be set together', rule);
    return;
  }
  validateOutlierDetection(r, `${at}/outlierDetection`, asObj(policy.outlierDetection));
  validateConnectionPool(r, `${at}/connectionPool`, asObj(policy.connectionPool));
  validateLoadBalancer(r, `${at}/loadBalancer`, asObj(policy.loadBalancer));
  const tls = asObj(policy.tls);
  if (tls !== undefined) validateClientTLS(r, `${at}/tls`, tls);

  const tunnel = asObj(policy.tunnel);
  if (tunnel !== undefined) {
    const protocol = asStr(tunnel.protocol);
    if (protocol !== '' && protocol !== 'CONNECT' && protocol !== 'POST') r.add(`${at}/tunnel/protocol`, 'tunnel protocol must be "CONNECT" or "POST"', 'validateTunnelSettings');
    const target = asStr(tunnel.targetHost);
    if (fqdnProblem(target) !== undefined && !isValidIPAddress(target)) r.add(`${at}/tunnel/targetHost`, 'tunnel target host must be valid FQDN or IP address', 'validateTunnelSettings');
    const p = portProblem(tunnel.targetPort);
    if (p !== undefined) r.add(`${at}/tunnel/targetPort`, `tunnel target port is invalid: ${p}`, 'validateTunnelSettings');
  }

  // validatePortTrafficPolicies
  asArr(policy.portLevelSettings).forEach((item, i) => {
    const pat = `${at}/portLevelSettings/${i}`;
    const pls = asObj(item);
    if (pls === undefined) {
      r.add(pat, 'traffic policy may not be null', 'validatePortTrafficPolicies');
      return;
    }
    const port = asObj(pls.port);
    if (port === undefined) {
      r.add(pat, 'portTrafficPolicy must have valid port', 'validatePortTrafficPolicies');
    } else {
      // [lint] the webhook only requires `port`; a number outside 1..65535 (or unset) can never
      // match a service port, so the settings would silently not apply.
      const p = portProblem(port.number);
      if (p !== undefined) r.add(`${pat}/port/number`, `${p} (settings would never apply)`, 'lint: portLevelSettings.port');
    }
    if (!isSet(pls.outlierDetection) && !isSet(pls.connectionPool) && !isSet(pls.loadBalancer) && !isSet(pls.tls)) {
      r.add(pat, 'port traffic policy must have at least one field', 'validatePortTrafficPolicies');
    } else {
      validateOutlierDetection(r, `${pat}/outlierDetection`, asObj(pls.outlierDetection));
      validateConnectionPool(r, `${pat}/connectionPool`, asObj(pls.connectionPool));
      validateLoadBalancer(r, `${pat}/loadBalancer`, asObj(pls.loadBalancer));
      const portTLS = asObj(pls.tls);
      if (portTLS !== undefined) validateClientTLS(r, `${pat}/tls`, portTLS);
    }
  });
}

function validateDestinationRule(r: Report, spec: Obj, namespace: string): void {
  const rule = 'ValidateDestinationRule';
  const host = asStr(spec.host);
  const hostErr = wildcardDomainProblem(host);
  if (hostErr !== undefined) r.add('/spec/host', hostErr, `${rule}/ValidateWildcardDomain`);
  validateTrafficPolicy(r, '/spec/trafficPolicy', spec.trafficPolicy);

  const names = new Set<string>();
  asArr(spec.subsets).forEach((item, i) => {
    const at = `/spec/subsets/${i}`;
    const subset = asObj(item);
    if (subset === undefined) {
      r.add(at, 'subset may not be null', rule);
      return;
    }
    const name = asStr(subset.name);
    if (names.has(name)) r.add(`${at}/name`, `duplicate subset names: ${name}`, rule);
    names.add(name);
    // validateSubset: validateSubsetName, labels.Instance.Validate, validateTrafficPolicy
    if (name.length === 0) r.add(`${at}/name`, 'subset name cannot be empty', 'validateSubsetName');
    else if (!isDNS1123Label(name)) r.add(`${at}/name`, `subset name is invalid: ${name}`, 'validateSubsetName');
    addLabelProblems(r, `${at}/labels`, subset.labels, 'validateSubset/labels.Instance.Validate');
    validateTrafficPolicy(r, `${at}/trafficPolicy`, subset.trafficPolicy);
  });

  const selector = asObj(spec.workloadSelector);
  validateExportTo(r, '/spec/exportTo', namespace, spec.exportTo, false, selector !== undefined);
  if (selector !== undefined) {
    for (const [k, v] of Object.entries(strMap(selector.matchLabels))) {
      if (k === '') r.add('/spec/workloadSelector/matchLabels', `empty key is not supported in selector: "${k}=${v}"`, 'validateWorkloadSelector');
      if (k.includes('*') || v.includes('*')) r.add('/spec/workloadSelector/matchLabels', `wildcard is not supported in selector: "${k}=${v}"`, 'validateWorkloadSelector');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// entry point
// ---------------------------------------------------------------------------------------------

const VALIDATORS: Record<string, (r: Report, spec: Obj, namespace: string, name: string) => void> = {
  ServiceEntry: (r, spec, ns) => validateServiceEntry(r, spec, ns),
  Gateway: (r, spec, _ns, name) => validateGateway(r, spec, name),
  VirtualService: (r, spec, ns) => validateVirtualService(r, spec, ns),
  DestinationRule: (r, spec, ns) => validateDestinationRule(r, spec, ns),
};

/** Kinds (networking.istio.io, any served version) this module checks. */
export const WEBHOOK_CHECKED_KINDS: readonly string[] = Object.keys(VALIDATORS);

/**
 * Applies the Istio validating-webhook rules for ServiceEntry, Gateway, VirtualService and
 * DestinationRule (networking.istio.io v1, v1beta1, v1alpha3). Other kinds return [] (not
 * applicable). Errors read "<Kind> <name>: <path>: <problem> [<Istio function>]".
 * Run validatePublished first: this assumes types are right and skips fields that are not.
 */
export function validateIstioWebhookRules(obj: unknown): string[] {
  if (!isObj(obj)) return [];
  const apiVersion = asStr(obj.apiVersion);
  const kind = asStr(obj.kind);
  const check = VALIDATORS[kind];
  if (!apiVersion.startsWith('networking.istio.io/') || check === undefined) return [];
  const metadata = asObj(obj.metadata) ?? {};
  const name = asStr(metadata.name);
  const r = new Report(`${kind} ${name === '' ? '<unnamed>' : name}`);
  const spec = asObj(obj.spec);
  if (spec === undefined) {
    r.add('/spec', 'spec is required', kind);
    return r.errors;
  }
  check(r, spec, asStr(metadata.namespace), name);
  return r.errors;
}
