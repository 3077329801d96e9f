import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readPolicy } from '../../../functions/egress-policy/policy/index.ts';

const resource = { apiVersion: 'istio.alibabacloud.com/v1beta1', kind: 'ASMEgressTrafficPolicy', name: 'p', namespace: 'istio-egress' };

function policyWith(to: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): unknown {
  return {
    apiVersion: resource.apiVersion, kind: resource.kind, metadata: { name: 'gw', namespace: 'istio-egress' },
    spec: { byEgressGateway: { name: 'gw' }, egressRules: [{ from: [{ namespace: 'mytest' }], to }], ...extra },
  };
}

const http = { name: 'web', hosts: ['example.com'], port: { number: 80, protocol: 'HTTP' } };

function findings(data: unknown): Array<[string, string, string | undefined]> {
  return readPolicy(data, resource).findings.map((f) => [f.severity, f.code, f.fieldPath]);
}

describe('readPolicy', () => {
  it('normalizes a valid policy: protocols upper-cased, port names defaulted, sources sorted', () => {
    const read = readPolicy(
      policyWith([{ ...http, port: { number: 80, protocol: 'http' } }], {
        egressRules: [{ from: [{ namespace: 'mytest', workloadSelector: { tier: 'b', app: 'a' } }], to: [{ ...http, port: { number: 80, protocol: 'http' } }] }],
      }),
      resource,
    );
    assert.ok(read.ok);
    const [d] = read.value.destinations;
    assert.equal(d?.protocol, 'HTTP');
    assert.equal(d?.portName, 'http-80');
    assert.deepEqual(d?.sources, [{ namespace: 'mytest', workloadLabels: [['app', 'a'], ['tier', 'b']], fieldPath: 'spec.egressRules[0].from[0]' }]);
    assert.equal(read.value.autoPorts, true);
  });

  it('points every problem at its exact field', () => {
    const cases: Array<[unknown, Array<[string, string, string | undefined]>]> = [
      [policyWith([{ ...http, port: { number: 80, protocol: 'UDP' } }]), [['error', 'UNSUPPORTED_PROTOCOL', 'spec.egressRules[0].to[0].port.protocol']]],
      [policyWith([{ ...http, port: { protocol: 'HTTP' } }]), [['error', 'MISSING_PORT_NUMBER', 'spec.egressRules[0].to[0].port.number']]],
      [policyWith([{ ...http, port: { number: 70000, protocol: 'HTTP' } }]), [['error', 'SCHEMA_VIOLATION', 'spec.egressRules[0].to[0].port.number']]],
      [policyWith([{ ...http, hots: ['x'] }]), [['error', 'UNKNOWN_FIELD', 'spec.egressRules[0].to[0].hots']]],
      [policyWith([{ ...http, hosts: ['1.1.1.1'] }]), [['error', 'IP_HOST_NOT_TCP', 'spec.egressRules[0].to[0].hosts']]],
      [policyWith([{ ...http, hosts: ['*.example.com'] }]), [['error', 'WILDCARD_HOST_UNSUPPORTED', 'spec.egressRules[0].to[0].hosts[0]']]],
      [policyWith([{ ...http, hosts: ['Example.COM'] }]), [['error', 'INVALID_HOST', 'spec.egressRules[0].to[0].hosts[0]']]],
      [policyWith([{ ...http, hosts: ['1.1.1.1', 'a.com'], port: { number: 1, protocol: 'TCP' } }]), [['error', 'MIXED_IP_AND_DNS_HOSTS', 'spec.egressRules[0].to[0].hosts']]],
      [policyWith([{ ...http, port: { number: 443, protocol: 'HTTPS' }, httpsUpgrade: { enabled: true } }]), [['error', 'HTTPS_UPGRADE_NOT_HTTP', 'spec.egressRules[0].to[0].httpsUpgrade.enabled']]],
      [policyWith([http, { ...http, name: 'web' }]), [['error', 'DUPLICATE_TO_NAME', 'spec.egressRules[0].to[1].name']]],
      [policyWith([{ ...http, byEgressGateway: { port: 80 } }, { ...http, name: 'b' }]), [['error', 'MIXED_GATEWAY_PORTS', 'spec.egressRules[0].to[1].byEgressGateway']]],
      [policyWith([{ ...http, byEgressGateway: { port: 80 } }, { ...http, name: 'b', byEgressGateway: {} }]), [['error', 'MIXED_GATEWAY_PORTS', 'spec.egressRules[0].to[1].byEgressGateway.port']]],
      [policyWith([{ ...http, hosts: ['192.0.2.10', '192.0.2.11'], port: { number: 5432, protocol: 'TCP' } }]), [['error', 'SEVERAL_IPS_IN_ENTRY', 'spec.egressRules[0].to[0].hosts']]],
      [policyWith([http], { byEgressGateway: {} }), [['error', 'MISSING_GATEWAY_NAME', 'spec.byEgressGateway.name']]],
      [{ ...(policyWith([http]) as object), spec: undefined }, [['error', 'MISSING_FIELD', 'spec']]],
    ];
    for (const [data, expected] of cases) assert.deepEqual(findings(data), expected, JSON.stringify(data));
  });

  it('warns about fields the seed says have no effect where they are set', () => {
    assert.deepEqual(findings(policyWith([{ ...http, httpsUpgrade: { port: 443 } }], { byEgressGateway: { name: 'gw', port: 80 } })), [
      ['warning', 'IGNORED_FIELD', 'spec.byEgressGateway.port'],
      ['warning', 'IGNORED_FIELD', 'spec.egressRules[0].to[0].httpsUpgrade.enabled'],
    ]);
    assert.deepEqual(findings(policyWith([{ ...http, httpsUpgrade: { enabled: false, port: 443 } }])), [], 'the seed switches the upgrade off this way');
  });

  it('reports every problem of a policy in one run', () => {
    const codes = findings(policyWith([{ ...http, port: { number: 80, protocol: 'UDP' } }, { ...http, name: 'x', hosts: ['*.a.com'] }])).map(([, code]) => code);
    assert.deepEqual(codes, ['UNSUPPORTED_PROTOCOL', 'WILDCARD_HOST_UNSUPPORTED']);
  });

  it('defaults the httpsUpgrade port to 443 and reads pinned ports from status', () => {
    const read = readPolicy({ ...(policyWith([{ ...http, httpsUpgrade: { enabled: true } }]) as object), status: { autoAllocatedGatewayPorts: { 'a.com-443': 12000 } } }, resource);
    assert.ok(read.ok);
    assert.equal(read.value.destinations[0]?.upgradePort, 443);
    assert.deepEqual(read.value.pinnedPorts, { 'a.com-443': 12000 });
  });
});
