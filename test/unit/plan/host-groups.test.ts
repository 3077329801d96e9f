import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupHosts } from '../../../functions/egress-policy/plan/host-groups.ts';
import type { PlannedRoute } from '../../../functions/egress-policy/plan/index.ts';

function route(toIndex: number, hosts: string[]): PlannedRoute {
  const istioHosts = [...hosts].sort();
  return {
    policy: 'ns/p', fieldPath: `spec.egressRules[0].to[${toIndex}]`, ruleIndex: 0, toIndex, name: `to${toIndex}`, hosts, byIp: false,
    portNumber: 80, protocol: 'HTTP', portName: 'http', kind: 'http', sources: [],
    gateway: { name: 'gw', namespace: 'istio-system', selector: { istio: 'gw' }, serviceHost: 'gw.istio-system.svc.cluster.local', serviceNamespace: 'istio-system', definedBy: 'default' },
    gatewayPort: 80, istioHosts, primaryHost: istioHosts[0] as string, allowed: { principals: [], namespaces: ['default'] },
  };
}

const place = (_hosts: readonly string[], gateway: string) => ({ home: { file: `egress-gateway.${gateway}.yaml`, anchor: 'ns/p' }, virtualServiceNamespace: 'istio-egress' });

describe('groupHosts', () => {
  it('keeps a host set together when every entry naming its hosts names exactly that set', () => {
    const groups = groupHosts([route(0, ['www.x.com', 'x.com']), route(1, ['x.com', 'www.x.com'])], place);
    assert.deepEqual(groups.map((g) => [g.hosts, g.routes.length]), [[['www.x.com', 'x.com'], 2]]);
  });

  it('splits hosts into one VirtualService each when sets overlap, each holding every route naming it', () => {
    const groups = groupHosts([route(0, ['a.com', 'b.com']), route(1, ['a.com'])], place);
    assert.deepEqual(groups.map((g) => [g.hosts, g.routes.map((r) => r.toIndex)]), [[['a.com'], [0, 1]], [['b.com'], [0]]]);
  });

  it('never lists a host in two groups', () => {
    const groups = groupHosts([route(0, ['a.com', 'b.com']), route(1, ['b.com', 'c.com']), route(2, ['d.com'])], place);
    const hosts = groups.flatMap((g) => g.hosts);
    assert.equal(new Set(hosts).size, hosts.length);
    assert.deepEqual([...hosts].sort(), ['a.com', 'b.com', 'c.com', 'd.com']);
  });
});
