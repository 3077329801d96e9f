/** Egress gateway names: `egressgateway-a` … `-z`, then `-aa`, `-ab`, … (letters only, like ASM's examples). */
export function gatewayName(index: number): string {
  let suffix = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    suffix = String.fromCharCode(97 + ((rest - 1) % 26)) + suffix;
  }
  return `egressgateway-${suffix}`;
}
