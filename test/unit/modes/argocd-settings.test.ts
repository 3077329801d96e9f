import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envNameOf, overridesFromArgoEnvironment } from '../../../functions/egress-policy/argocd/settings.ts';
import { applyConfigOverrides, DEFAULT_CONFIG } from '../../../functions/egress-policy/policy/index.ts';

function settle(env: Record<string, string>) {
  const read = overridesFromArgoEnvironment(env);
  assert.ok(read.ok, JSON.stringify(read));
  return applyConfigOverrides(DEFAULT_CONFIG, read.overrides);
}

describe('Argo CD settings: ARGOCD_ENV_* and parameters over the repo functionConfig', () => {
  it('names env variables after the keys in upper snake case', () => {
    assert.equal(envNameOf('gatewayNamespace'), 'ARGOCD_ENV_GATEWAY_NAMESPACE');
    assert.equal(envNameOf('clusterCIDRs'), 'ARGOCD_ENV_CLUSTER_CIDRS');
    assert.equal(envNameOf('dataplane'), 'ARGOCD_ENV_DATAPLANE');
  });

  it('parameters win over env, env wins over the functionConfig', () => {
    const env = { ARGOCD_ENV_EGRESS_NAMESPACE: 'from-env', ARGOCD_ENV_TRUST_DOMAIN: 'env.example' };
    const params = JSON.stringify([{ name: 'egressNamespace', string: 'from-param' }]);
    const both = settle({ ...env, ARGOCD_APP_PARAMETERS: params });
    assert.ok(both.ok);
    assert.equal(both.value.egressNamespace, 'from-param');
    assert.equal(both.value.trustDomain, 'env.example');
    const envOnly = settle(env);
    assert.ok(envOnly.ok);
    assert.equal(envOnly.value.egressNamespace, 'from-env');
    const none = settle({});
    assert.ok(none.ok);
    assert.equal(none.value.egressNamespace, DEFAULT_CONFIG.egressNamespace);
  });

  it('reads array and map parameters as a ConfigMap would write them', () => {
    const settled = settle({ ARGOCD_APP_PARAMETERS: JSON.stringify([
      { name: 'clusterCIDRs', array: ['10.0.0.0/8', 'fd00::/8'] },
      { name: 'gatewaySelector', map: { app: 'egress', tier: 'edge' } },
      { name: 'registryOnly', string: 'true' },
    ]) });
    assert.ok(settled.ok);
    assert.deepEqual(settled.value.clusterCIDRs, ['10.0.0.0/8', 'fd00::/8']);
    assert.deepEqual(settled.value.gatewaySelector, { app: 'egress', tier: 'edge' });
    assert.equal(settled.value.registryOnly, true);
  });

  it('falls back to PARAM_* variables without ARGOCD_APP_PARAMETERS', () => {
    const settled = settle({ PARAM_DATAPLANE: 'ambient' });
    assert.ok(settled.ok);
    assert.equal(settled.value.dataplane, 'ambient');
  });

  it('names the variable or parameter that holds a bad value', () => {
    const badEnv = settle({ ARGOCD_ENV_DATAPLANE: 'bogus' });
    assert.ok(!badEnv.ok);
    assert.match(badEnv.findings[0]?.message ?? '', /^ARGOCD_ENV_DATAPLANE: dataplane 'bogus' is not one of sidecar, ambient, auto/);
    const badParam = settle({ ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'registryOnly', string: 'yes' }]) });
    assert.ok(!badParam.ok);
    assert.match(badParam.findings[0]?.message ?? '', /^parameter registryOnly: 'registryOnly' must be "true" or "false"/);
  });

  it('rejects unknown parameters and malformed ARGOCD_APP_PARAMETERS', () => {
    const unknown = overridesFromArgoEnvironment({ ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'dataPlane', string: 'ambient' }]) });
    assert.ok(!unknown.ok);
    assert.match(unknown.errors[0] ?? '', /parameter dataPlane: unknown; known parameters: .*dataplane/);
    const malformed = overridesFromArgoEnvironment({ ARGOCD_APP_PARAMETERS: '{oops' });
    assert.ok(!malformed.ok);
    assert.match(malformed.errors[0] ?? '', /ARGOCD_APP_PARAMETERS is not JSON/);
  });
});
