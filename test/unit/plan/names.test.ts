import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dns1123, ipHostName, sniSubsetName } from '../../../functions/egress-policy/plan/names.ts';

describe('names', () => {
  it('keeps valid names as they are', () => {
    assert.equal(dns1123('egress-httpbin.org', { allowDots: true, max: 253 }), 'egress-httpbin.org');
  });

  it('caps length with a hash of the untruncated name, so long names stay distinct', () => {
    const a = sniSubsetName(`${'a'.repeat(70)}.example.com`);
    const b = sniSubsetName(`${'a'.repeat(70)}.example.org`);
    assert.ok(a.length <= 63 && b.length <= 63);
    assert.notEqual(a, b);
    assert.match(a, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });

  it('makes subset names DNS-1123 labels and keeps lossy mappings apart', () => {
    assert.equal(sniSubsetName('api.example.com'), 'sni-api-example-com');
    assert.notEqual(sniSubsetName('a.b.com'), sniSubsetName('a-b.com'));
    assert.notEqual(dns1123('a.b'), dns1123('a-b'));
    assert.match(dns1123('a.b'), /^a-b-[0-9a-f]{8}$/);
  });

  it('names IP destinations with a DNS host Istio accepts', () => {
    assert.equal(ipHostName('1.1.1.1'), '1.1.1.1.ip.egress.internal');
    assert.equal(ipHostName('2001:DB8::1'), '2001-db8-0-0-0-0-0-1.ip.egress.internal');
    assert.equal(ipHostName('::1'), '0-0-0-0-0-0-0-1.ip.egress.internal');
  });
});
