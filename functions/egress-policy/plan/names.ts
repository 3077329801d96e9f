/**
 * Every generated name comes from one function here, all through `dns1123`, which caps the
 * length and appends a short hash of the untruncated name so distinct inputs stay distinct.
 * This is the one place in plan/ that touches node (hashing).
 */
import { createHash } from 'node:crypto';

/** Hex sha256 of `text`; stable across runs and machines. */
export function stableHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A DNS-1123 name (subdomain when `allowDots`, else label) of at most `max` characters.
 * Lower-cases, turns other characters into '-', and when it must shorten or when the mapping
 * lost information, keeps a 8-character hash of the original so names never collide.
 */
export function dns1123(raw: string, options: { max?: number; allowDots?: boolean } = {}): string {
  const max = options.max ?? 63;
  const allowed = options.allowDots ? /[^a-z0-9.-]/g : /[^a-z0-9-]/g;
  let name = raw.toLowerCase().replace(allowed, '-').replace(/-{2,}/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  const lossless = name === raw;
  if (name.length <= max && (lossless || !options.allowDots)) return name || stableHash(raw).slice(0, 8);
  const hash = stableHash(raw).slice(0, 8);
  name = name.slice(0, max - hash.length - 1).replace(/[-.]+$/, '');
  return `${name}-${hash}`;
}

/** ServiceEntry of one `to[]` entry: `<policy>-<to name>`. */
export function serviceEntryName(policyName: string, toName: string): string {
  return dns1123(`${policyName}-${toName}`, { max: 253, allowDots: true });
}

/** VirtualService and DestinationRule for an external host group: `egress-<primary host>`. */
export function externalHostObjectName(primaryHost: string): string {
  return dns1123(`egress-${primaryHost}`, { max: 253, allowDots: true });
}

/** Istio Gateway and the DestinationRule toward the gateway Service share the gateway's name. */
export function gatewayObjectName(gateway: string): string {
  return dns1123(gateway, { max: 253, allowDots: true });
}

/** Subset of the gateway DestinationRule that sends SNI `host` on the mutual-TLS hop. */
export function sniSubsetName(host: string): string {
  return dns1123(`sni-${host}`, { max: 63 });
}

/**
 * Host name standing for IP destinations: Istio rejects IP literals as ServiceEntry hosts
 * (validation: ValidateWildcardDomain), so the IPs go into `addresses`/`endpoints` and the
 * entry is named `<ip with dashes>.ip.egress.internal`.
 */
export function ipHostName(ip: string): string {
  return `${ip.replace(/[.:]/g, '-').replace(/^-+|-+$/g, '')}.ip.egress.internal`;
}
