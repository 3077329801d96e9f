/**
 * An independent model of how Istio decides an AuthorizationPolicy (security.istio.io), written
 * from its reference, for judging generated policies on their rules:
 * - DENY policies first: any matching rule denies; then ALLOW policies: when at least one applies,
 *   a request is allowed only if one of their rules matches; with none, the request is allowed;
 * - a rule matches when any of its `from`, any of its `to` and all of its `when` match (an absent
 *   list matches everything); within one source or operation every field must match;
 * - string matches are exact, `*`, `prefix*` or `*suffix`; hosts ignore case;
 * - HTTP-only fields (hosts, methods, paths) never match a TCP request in an ALLOW rule, and are
 *   ignored in a DENY rule.
 */

export interface AuthzRequest {
  /** SPIFFE principal of the peer, e.g. `cluster.local/ns/apps/sa/sleep`; absent for plain text. */
  principal?: string;
  /** Namespace of the peer (from its certificate). */
  namespace?: string;
  /** Destination port as the enforcing proxy sees it. */
  port: number;
  /** Host header, for HTTP requests. */
  host?: string;
  protocol: 'http' | 'tcp';
}

type Obj = Record<string, any>;

function matchesValue(pattern: string, value: string | undefined, ignoreCase = false): boolean {
  if (value === undefined) return false;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (p === '*') return true;
  if (p.endsWith('*')) return v.startsWith(p.slice(0, -1));
  if (p.startsWith('*')) return v.endsWith(p.slice(1));
  return p === v;
}

const anyOf = (patterns: string[] | undefined, value: string | undefined, ignoreCase = false): boolean =>
  patterns === undefined || patterns.some((p) => matchesValue(p, value, ignoreCase));
const noneOf = (patterns: string[] | undefined, value: string | undefined, ignoreCase = false): boolean =>
  patterns === undefined || !patterns.some((p) => matchesValue(p, value, ignoreCase));

function sourceMatches(source: Obj, req: AuthzRequest): boolean {
  return anyOf(source.principals, req.principal) && noneOf(source.notPrincipals, req.principal)
    && anyOf(source.namespaces, req.namespace) && noneOf(source.notNamespaces, req.namespace);
}

const HTTP_ONLY = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];

function operationMatches(operation: Obj, req: AuthzRequest, action: string): boolean {
  const port = String(req.port);
  if (!(anyOf(operation.ports, port) && noneOf(operation.notPorts, port))) return false;
  const usesHttp = HTTP_ONLY.some((k) => operation[k] !== undefined);
  if (req.protocol === 'tcp' && usesHttp) return action !== 'ALLOW';
  if (req.protocol === 'tcp') return true;
  return anyOf(operation.hosts, req.host, true) && noneOf(operation.notHosts, req.host, true);
}

export function ruleMatches(rule: Obj, req: AuthzRequest, action: string): boolean {
  const from: Obj[] | undefined = rule.from;
  const to: Obj[] | undefined = rule.to;
  if (rule.when !== undefined) throw new Error('`when` conditions are not modelled');
  return (from === undefined || from.some((f) => sourceMatches(f.source ?? {}, req)))
    && (to === undefined || to.some((t) => operationMatches(t.operation ?? {}, req, action)));
}

/** The decision of the given policies (already those that apply to the request). */
export function decide(policies: readonly Obj[], req: AuthzRequest): 'allow' | 'deny' {
  const actionOf = (p: Obj): string => p.spec?.action ?? 'ALLOW';
  const rulesOf = (p: Obj): Obj[] => p.spec?.rules ?? [];
  if (policies.some((p) => actionOf(p) === 'DENY' && rulesOf(p).some((r) => ruleMatches(r, req, 'DENY')))) return 'deny';
  const allows = policies.filter((p) => actionOf(p) === 'ALLOW');
  if (allows.length === 0) return 'allow';
  return allows.some((p) => rulesOf(p).some((r) => ruleMatches(r, req, 'ALLOW'))) ? 'allow' : 'deny';
}

/** Policies that select a workload by its namespace and labels (the root namespace applies mesh-wide). */
export function policiesForWorkload(policies: readonly Obj[], namespace: string, labels: Record<string, string>, rootNamespace = 'istio-system'): Obj[] {
  return policies.filter((p) => {
    if (p.spec?.targetRefs !== undefined || p.spec?.targetRef !== undefined) return false;
    const ns = p.metadata?.namespace;
    if (ns !== namespace && ns !== rootNamespace) return false;
    const selector: Record<string, string> = p.spec?.selector?.matchLabels ?? {};
    return Object.entries(selector).every(([k, v]) => labels[k] === v);
  });
}

/** Policies attached to a ServiceEntry by `targetRefs` (enforced by its waypoint). */
export function policiesForServiceEntry(policies: readonly Obj[], serviceEntry: Obj): Obj[] {
  return policies.filter((p) => p.metadata?.namespace === serviceEntry.metadata?.namespace
    && (p.spec?.targetRefs ?? []).some((t: Obj) => t.kind === 'ServiceEntry' && t.group === 'networking.istio.io' && t.name === serviceEntry.metadata?.name));
}
