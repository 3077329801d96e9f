/**
 * Fixed gateway ports for HTTPS and TCP entries: each entry gets a port of its own on its
 * gateway, so no port carries two protocols or two destinations.
 */

/** Explicit HTTP entries share these and are routed by Host. */
export const HTTP_GATEWAY_PORTS = [80, 8080] as const;

const FIRST_FIXED_PORT = 444;
const LAST_PORT = 65535;
// The function assigns automatic ports from this range; fixed ports stay out of it.
const AUTO_RANGE = { from: 10000, to: 20000 };
// The gateway's own HTTP(S) ports and Istio's proxy ports.
const RESERVED = new Set([80, 443, 8080, 8443, 15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090]);

export type PortAllocator = () => number;

export function fixedPortAllocator(gateway: string): PortAllocator {
  let next = FIRST_FIXED_PORT;
  return () => {
    while (RESERVED.has(next) || (next >= AUTO_RANGE.from && next <= AUTO_RANGE.to)) next++;
    if (next > LAST_PORT) throw new Error(`${gateway} has no fixed gateway port left; spread the policies over more gateways`);
    return next++;
  };
}
