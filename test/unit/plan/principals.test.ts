import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { principalOf, resolveSourceIdentity, type WorkloadFact } from '../../../functions/egress-policy/plan/index.ts';

const workload = (name: string, namespace: string, podLabels: Record<string, string>, serviceAccount = name): WorkloadFact =>
  ({ kind: 'Deployment', name, namespace, podLabels, serviceAccount });

const workloads = [
  workload('sleep-a', 'mytest', { app: 'sleep-a', tier: 'front' }),
  workload('sleep-a-canary', 'mytest', { app: 'sleep-a', track: 'canary' }, 'sleep-a'),
  workload('sleep-b', 'mytest', { app: 'sleep-b' }, 'shared'),
  workload('batch', 'mytest', { app: 'batch' }, 'shared'),
  workload('legacy', 'mytest', { app: 'legacy' }, 'default'),
  workload('sleep-a', 'other', { app: 'sleep-a' }),
];

describe('resolveSourceIdentity', () => {
  it('names the service accounts of the selected workloads as SPIFFE principals', () => {
    const identity = resolveSourceIdentity({ namespace: 'mytest', workloadLabels: [['app', 'sleep-a']], fieldPath: 'spec.egressRules[0].from[0]' }, workloads, 'cluster.local');
    assert.deepEqual(identity.principals, ['cluster.local/ns/mytest/sa/sleep-a']);
    assert.deepEqual(identity.selected.map((w) => w.name), ['sleep-a', 'sleep-a-canary']);
    assert.equal(identity.noWorkloadMatched, false);
    assert.deepEqual(identity.sharingAccount, []);
  });

  it('requires every selector label and stays inside the namespace', () => {
    const identity = resolveSourceIdentity({ namespace: 'mytest', workloadLabels: [['app', 'sleep-a'], ['tier', 'front']], fieldPath: 'spec.egressRules[0].from[0]' }, workloads, 'example.org');
    assert.deepEqual(identity.selected.map((w) => w.name), ['sleep-a']);
    assert.deepEqual(identity.principals, ['example.org/ns/mytest/sa/sleep-a']);
    assert.deepEqual(identity.sharingAccount.map((w) => w.name), ['sleep-a-canary']);
  });

  it('reports workloads that share the account with unselected ones, and the default account', () => {
    const shared = resolveSourceIdentity({ namespace: 'mytest', workloadLabels: [['app', 'sleep-b']], fieldPath: 'spec.egressRules[0].from[0]' }, workloads, 'cluster.local');
    assert.deepEqual(shared.sharingAccount.map((w) => w.name), ['batch']);
    const legacy = resolveSourceIdentity({ namespace: 'mytest', workloadLabels: [['app', 'legacy']], fieldPath: 'spec.egressRules[0].from[0]' }, workloads, 'cluster.local');
    assert.deepEqual(legacy.usingDefaultAccount.map((w) => w.name), ['legacy']);
    assert.deepEqual(legacy.principals, ['cluster.local/ns/mytest/sa/default']);
  });

  it('says when the package holds no workload for the selector', () => {
    const identity = resolveSourceIdentity({ namespace: 'mytest', workloadLabels: [['app', 'missing']], fieldPath: 'spec.egressRules[0].from[0]' }, workloads, 'cluster.local');
    assert.equal(identity.noWorkloadMatched, true);
    assert.deepEqual(identity.principals, []);
  });

  it('keeps a namespace-wide source as its namespace, with no principals', () => {
    const identity = resolveSourceIdentity({ namespace: 'mytest', workloadLabels: [], fieldPath: 'spec.egressRules[0].from[0]' }, workloads, 'cluster.local');
    assert.deepEqual(identity.principals, []);
    assert.equal(identity.noWorkloadMatched, false);
    assert.equal(identity.selected.length, 5);
  });

  it('builds principals the way Istio derives them from certificates', () => {
    assert.equal(principalOf('cluster.local', 'ns', 'sa'), 'cluster.local/ns/ns/sa/sa');
  });
});
