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
 * Names that are already valid and short enough are kept. Otherwise other characters become
 * '-', and a 8-character hash of the original is appended, so two inputs never share a name.
 */
export function dns1123(raw: string, options: { max?: number; allowDots?: boolean } = {}): string {
  const max = options.max ?? 63;
  const invalid = options.allowDots ? /[^a-z0-9.-]/g : /[^a-z0-9-]/g;
  const name = raw.toLowerCase().replace(invalid, '-').replace(/^[-.]+|[-.]+$/g, '');
  if (name === raw && name.length <= max && name !== '') return name;
  const hash = stableHash(raw).slice(0, 8);
  const head = name.slice(0, max - hash.length - 1).replace(/[-.]+$/, '');
  return head === '' ? hash : `${head}-${hash}`;
}

/** ServiceEntry, VirtualService and DestinationRule of an external host: `egress-<host>`. */
export function externalHostObjectName(primaryHost: string): string {
  return dns1123(`egress-${primaryHost}`, { max: 253, allowDots: true });
}

/** Istio Gateway and the DestinationRule toward the gateway Service share the gateway's name. */
export function gatewayObjectName(gateway: string): string {
  return dns1123(gateway, { max: 253, allowDots: true });
}

/**
 * Subset of the gateway DestinationRule that sends SNI `host` on the mutual-TLS hop. Subset names
 * are DNS-1123 labels; '-' becomes '--' and '.' becomes '-', which is one-to-one for DNS names
 * (no label starts or ends with '-'), so `a.b.com` and `a-b.com` get different subsets.
 */
export function sniSubsetName(host: string): string {
  return dns1123(`sni-${host.replaceAll('-', '--').replaceAll('.', '-')}`, { max: 63 });
}

/**
 * Host name standing for an IP destination: Istio rejects IP literals as ServiceEntry hosts
 * (validation: ValidateWildcardDomain), so the IPs go into `addresses`/`endpoints` and the
 * entry is named `<ip>.ip.egress.internal` (IPv6: groups of the full form joined by '-').
 */
export function ipHostName(ip: string): string {
  return `${ip.includes(':') ? expandIpv6(ip).join('-') : ip}.ip.egress.internal`;
}

function expandIpv6(ip: string): string[] {
  const [head = '', tail] = ip.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}

/** Host of the ServiceEntry without endpoints that TLS and TCP of unselected workloads are sent to. */
export const BLACKHOLE_HOST = 'blackhole.egress.internal';
