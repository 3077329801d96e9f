/**
 * External hosts for the policies: well-known sites that several policies share (so the
 * function has to merge routes per host), and made-up unique names and addresses for the rest.
 */
import { TOP_LEVEL_DOMAINS, VENDORS } from './vocabulary.ts';

export type TrafficKind = 'http' | 'https' | 'https-upgrade' | 'tcp-ip' | 'tcp-domain';

export interface WellKnownHosts {
  label: string;
  hosts: readonly string[];
}

/** Each set keeps one traffic kind wherever it appears, as real policies would. */
export const WELL_KNOWN: Readonly<Record<'http' | 'https' | 'https-upgrade', readonly WellKnownHosts[]>> = {
  http: [
    { label: 'httpbin', hosts: ['httpbin.org', 'www.httpbin.org'] },
    { label: 'neverssl', hosts: ['neverssl.com'] },
    { label: 'debian-mirror', hosts: ['deb.debian.org'] },
    { label: 'alpine-cdn', hosts: ['dl-cdn.alpinelinux.org'] },
  ],
  https: [
    { label: 'github-api', hosts: ['api.github.com'] },
    { label: 'npm-registry', hosts: ['registry.npmjs.org'] },
    { label: 'pypi', hosts: ['pypi.org', 'files.pythonhosted.org'] },
    { label: 'stripe', hosts: ['api.stripe.com'] },
    { label: 'aliyun', hosts: ['www.aliyun.com'] },
    { label: 'oss-beijing', hosts: ['oss-cn-beijing.aliyuncs.com'] },
    { label: 'aliyun-sts', hosts: ['sts.aliyuncs.com'] },
    { label: 'slack', hosts: ['hooks.slack.com'] },
    { label: 'sendgrid', hosts: ['api.sendgrid.com'] },
    { label: 'sentry', hosts: ['sentry.io'] },
  ],
  'https-upgrade': [
    { label: 'taobao', hosts: ['taobao.com', 'www.taobao.com'] },
    { label: 'example', hosts: ['example.com'] },
    { label: 'weather', hosts: ['api.weather.gov'] },
  ],
};

/** Hands out names and addresses that appear once in the whole workload. */
export interface UniqueHosts {
  domain(prefix: string): string;
  /** An address in 198.18.0.0/15, the range set aside for benchmarks (RFC 2544). */
  benchmarkIp(): string;
}

export function uniqueHosts(): UniqueHosts {
  let domains = 0;
  let addresses = 0;
  return {
    domain(prefix) {
      domains++;
      const vendor = VENDORS[domains % VENDORS.length] as string;
      const tld = TOP_LEVEL_DOMAINS[domains % TOP_LEVEL_DOMAINS.length] as string;
      return `${prefix}-${domains}.${vendor}.${tld}`;
    },
    benchmarkIp() {
      // Skip host parts .0 and .255, which look like network and broadcast addresses.
      do addresses++; while (addresses % 256 === 0 || addresses % 256 === 255);
      if (addresses >= 2 ** 17) throw new Error('198.18.0.0/15 has no address left');
      return `198.${18 + (addresses >> 16)}.${(addresses >> 8) & 255}.${addresses & 255}`;
    },
  };
}
