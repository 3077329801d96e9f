import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, readFunctionConfig } from '../../../functions/egress-policy/policy/index.ts';

describe('readFunctionConfig', () => {
  it('uses the defaults when there is no functionConfig', () => {
    assert.deepEqual(readFunctionConfig(undefined), { ok: true, value: DEFAULT_CONFIG, findings: [] });
  });

  it('reads every documented ConfigMap key', () => {
    const read = readFunctionConfig({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' },
      data: { gatewayNamespace: 'gw', gatewaySelector: 'app=egress, istio={gateway}', gatewayService: 'x.gw.svc.cluster.local', egressNamespace: 'eg' },
    });
    assert.ok(read.ok);
    const { origin, ...value } = read.value;
    assert.deepEqual(value, { ...DEFAULT_CONFIG, gatewayNamespace: 'gw', gatewaySelector: { app: 'egress', istio: '{gateway}' }, gatewayService: 'x.gw.svc.cluster.local', egressNamespace: 'eg' });
    assert.deepEqual(origin, { resource: { apiVersion: 'v1', kind: 'ConfigMap', name: 'function-input' }, section: 'data' });
  });

  it('reads the data-plane and enforcement keys from a ConfigMap and from the typed config alike', () => {
    const fromMap = readFunctionConfig({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' },
      data: { dataplane: 'auto', trustDomain: 'example.org', registryOnly: 'true', denyDirectEgress: 'false', clusterCIDRs: '10.0.0.0/8, fd00::/8' },
    });
    const typed = readFunctionConfig({
      apiVersion: 'fn.egress-policy.dev/v1alpha1', kind: 'EgressPolicyConfig', metadata: { name: 'c' },
      spec: { dataplane: 'auto', trustDomain: 'example.org', registryOnly: true, denyDirectEgress: false, clusterCIDRs: ['10.0.0.0/8', 'fd00::/8'] },
    });
    for (const read of [fromMap, typed]) {
      assert.ok(read.ok);
      const { dataplane, trustDomain, registryOnly, denyDirectEgress, clusterCIDRs } = read.value;
      assert.deepEqual({ dataplane, trustDomain, registryOnly, denyDirectEgress, clusterCIDRs }, { dataplane: 'auto', trustDomain: 'example.org', registryOnly: true, denyDirectEgress: false, clusterCIDRs: ['10.0.0.0/8', 'fd00::/8'] });
    }
    assert.equal(DEFAULT_CONFIG.dataplane, 'sidecar');
    assert.equal(DEFAULT_CONFIG.denyDirectEgress, undefined, 'unset means: on for ambient sources only');
  });

  it('reads the typed config with per-gateway overrides', () => {
    const read = readFunctionConfig({
      apiVersion: 'fn.egress-policy.dev/v1alpha1', kind: 'EgressPolicyConfig', metadata: { name: 'c' },
      spec: { gatewaySelector: { app: '{gateway}' }, gateways: [{ name: 'a', namespace: 'ns', selector: { x: 'y' }, service: 'a.ns.svc.cluster.local' }] },
    });
    assert.ok(read.ok);
    assert.deepEqual(read.value.gateways, [{ name: 'a', namespace: 'ns', selector: { x: 'y' }, service: 'a.ns.svc.cluster.local' }]);
    assert.deepEqual(read.value.gatewaySelector, { app: '{gateway}' });
  });

  it('reports each bad key with its field path', () => {
    const cases: Array<[unknown, string[]]> = [
      [{ kind: 'ConfigMap', data: { gatewayNamespce: 'x' } }, ['data.gatewayNamespce']],
      [{ kind: 'ConfigMap', data: { gatewaySelector: 'novalue' } }, ['data.gatewaySelector']],
      [{ kind: 'ConfigMap', data: { egressNamespace: 'Bad_NS' } }, ['data.egressNamespace']],
      [{ kind: 'Deployment' }, ['kind']],
      [{ apiVersion: 'fn.egress-policy.dev/v1alpha1', kind: 'EgressPolicyConfig', spec: { gateways: [{ name: 'a', selektor: {} }, { namespace: 'x' }] } }, ['spec.gateways[0].selektor', 'spec.gateways[1]']],
      [{ apiVersion: 'fn.egress-policy.dev/v1alpha1', kind: 'EgressPolicyConfig', spec: { gateways: [{ name: 'a' }, { name: 'a' }] } }, ['spec.gateways[1].name']],
      [{ kind: 'ConfigMap', data: { dataplane: 'waypoint' } }, ['data.dataplane']],
      [{ kind: 'ConfigMap', data: { registryOnly: 'yes' } }, ['data.registryOnly']],
      [{ kind: 'ConfigMap', data: { clusterCIDRs: '10.0.0.0/33,10.1.0.0/16' } }, ['data.clusterCIDRs']],
      [{ kind: 'ConfigMap', data: { trustDomain: 'Not A Domain' } }, ['data.trustDomain']],
      [{ apiVersion: 'fn.egress-policy.dev/v1alpha1', kind: 'EgressPolicyConfig', spec: { denyDirectEgress: 'true', clusterCIDRs: ['10.0.0.0/8', 'nope'] } }, ['spec.denyDirectEgress', 'spec.clusterCIDRs[1]']],
    ];
    for (const [raw, paths] of cases) {
      const read = readFunctionConfig(raw);
      assert.equal(read.ok, false, JSON.stringify(raw));
      assert.deepEqual(read.findings.map((f) => f.fieldPath), paths, JSON.stringify(raw));
      assert.ok(read.findings.every((f) => f.code === 'INVALID_FUNCTION_CONFIG' && f.severity === 'error'));
    }
  });
});
