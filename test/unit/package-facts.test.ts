import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identifyItem } from '../../functions/egress-policy/krm/index.ts';
import { readPackageFacts } from '../../functions/egress-policy/package-facts.ts';

const item = (data: Record<string, unknown>) => ({ identity: identifyItem(data), data });
const template = (labels: Record<string, string>, spec: Record<string, unknown> = {}) => ({ metadata: { labels }, spec });

describe('readPackageFacts', () => {
  it('reads pod labels and service accounts from every workload kind', () => {
    const facts = readPackageFacts([
      item({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'a' }, spec: { template: template({ app: 'd' }, { serviceAccountName: 'sa-d' }) } }),
      item({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', namespace: 'a' }, spec: { template: template({ app: 's' }) } }),
      item({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds', namespace: 'a' }, spec: { template: template({ app: 'ds' }, { serviceAccount: 'legacy-field' }) } }),
      item({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'a' }, spec: { template: template({ app: 'j' }) } }),
      item({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: 'a' }, spec: { jobTemplate: { spec: { template: template({ app: 'c' }, { serviceAccountName: 'sa-c' }) } } } }),
      item({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'p' } }, spec: { serviceAccountName: 'sa-p' } }),
      item({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'a' }, data: {} }),
    ]);
    assert.deepEqual(
      facts.workloads.map((w) => [w.kind, w.namespace, w.podLabels.app, w.serviceAccount]),
      [
        ['Deployment', 'a', 'd', 'sa-d'],
        ['StatefulSet', 'a', 's', 'default'],
        ['DaemonSet', 'a', 'ds', 'legacy-field'],
        ['Job', 'a', 'j', 'default'],
        ['CronJob', 'a', 'c', 'sa-c'],
        ['Pod', 'default', 'p', 'sa-p'],
      ],
    );
  });

  it('reads Services with their selector and ports', () => {
    const facts = readPackageFacts([item({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'gw', namespace: 'istio-system' }, spec: { selector: { istio: 'gw' }, ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 'https' }, { port: 15021 }] } })]);
    assert.deepEqual(facts.services, [{ name: 'gw', namespace: 'istio-system', selector: { istio: 'gw' }, ports: [80, 443, 15021], addedPorts: [], targetPorts: { 80: 8080, 443: 'https' } }]);
  });

  it('reads the data-plane label of Namespaces and which Sidecars are namespace-wide', () => {
    const facts = readPackageFacts([
      item({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', labels: { 'istio.io/dataplane-mode': 'ambient' } } }),
      item({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'legacy' } }),
      item({ apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace: 'legacy' }, spec: {} }),
      item({ apiVersion: 'networking.istio.io/v1beta1', kind: 'Sidecar', metadata: { name: 'one', namespace: 'legacy' }, spec: { workloadSelector: { labels: { app: 'x' } } } }),
    ]);
    assert.deepEqual(facts.namespaces, [{ name: 'apps', labels: { 'istio.io/dataplane-mode': 'ambient' } }, { name: 'legacy', labels: {} }]);
    assert.deepEqual(facts.sidecars, [{ name: 'default', namespace: 'legacy', namespaceWide: true }, { name: 'one', namespace: 'legacy', namespaceWide: false }]);
  });

  it('tells the Service\'s own ports from the ones an earlier run added', () => {
    const facts = readPackageFacts([item({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'gw', namespace: 'istio-system', annotations: { 'egress-policy.dev/added-ports': '2222,10001' } }, spec: { ports: [{ port: 80 }, { port: 2222 }, { port: 10001 }] } })]);
    assert.deepEqual([facts.services[0]?.ports, facts.services[0]?.addedPorts], [[80], [2222, 10001]]);
  });
});
