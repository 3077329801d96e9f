import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Configs } from 'kpt-functions';
import { egressPolicy } from '../../functions/egress-policy/index.ts';
import { run } from '../../functions/egress-policy/run.ts';
import { isGenerated, itemsOf } from '../support/resource-list.ts';

describe('egressPolicy as a kpt SDK KptFunc', () => {
  it('generates the same objects as the CLI and marks the policy local-config', async () => {
    const input = readFileSync(join(__dirname, '../golden/seed-auto-ports/input.yaml'), 'utf8');
    const items = itemsOf(input);
    const configs = new Configs(items as any);
    await egressPolicy(configs);
    const fromSdk = configs.getAll() as any[];
    const fromCli = itemsOf(run(input).stdout);
    const byId = (o: any) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
    const strip = (o: any) => { const { annotations, ...metadata } = o.metadata; const kept = Object.fromEntries(Object.entries(annotations ?? {}).filter(([k]) => !k.includes('config.kubernetes.io/'))); return { ...o, metadata: { ...metadata, annotations: kept } }; };
    assert.deepEqual(fromSdk.filter(isGenerated).map(byId).sort(), fromCli.filter(isGenerated).map(byId).sort());
    for (const object of fromSdk.filter(isGenerated)) assert.deepEqual(strip(object), strip(fromCli.find((o) => byId(o) === byId(object))));
    const policy = fromSdk.find((o) => o.kind === 'ASMEgressTrafficPolicy') as any;
    assert.equal(policy.metadata.annotations['config.kubernetes.io/local-config'], 'true');
    assert.ok(Object.keys(policy.status.autoAllocatedGatewayPorts).length === 5);
    assert.ok(egressPolicy.usage.includes('Usage'));
  });

  it('returns error results in the SDK\'s severities instead of throwing', async () => {
    const configs = new Configs([{ apiVersion: 'istio.alibabacloud.com/v1', kind: 'ASMEgressTrafficPolicy', metadata: { name: 'p', namespace: 'istio-egress' }, spec: { byEgressGateway: { name: 'gw' }, egressRules: [] } } as any]);
    await egressPolicy(configs);
    const [result] = configs.getResults();
    assert.equal(result?.severity, 'error');
    assert.equal(result?.field?.path, 'spec.egressRules');
  });
});
