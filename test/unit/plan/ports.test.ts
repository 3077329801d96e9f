import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignGatewayPorts, destinationKey, statusKey } from '../../../functions/egress-policy/plan/ports.ts';
import type { Destination, NormalizedPolicy } from '../../../functions/egress-policy/policy/index.ts';

function destination(policy: string, toIndex: number, hosts: string[], port: number, protocol: string, explicit?: number): Destination {
  const kind = protocol === 'HTTP' || protocol === 'GRPC' ? 'http' : protocol === 'TCP' ? 'tcp' : 'tls';
  return {
    policy, fieldPath: `spec.egressRules[0].to[${toIndex}]`, ruleIndex: 0, toIndex, name: `to${toIndex}`, hosts, byIp: false,
    portNumber: port, protocol, portName: `${protocol.toLowerCase()}-${port}`, kind,
    ...(explicit !== undefined ? { explicitGatewayPort: explicit } : {}), sources: [{ namespace: 'default', workloadLabels: [], fieldPath: 'spec.egressRules[0].from[0]' }],
  };
}

function policy(key: string, destinations: Destination[], pinnedPorts: Record<string, number> = {}, gateway = 'gw'): NormalizedPolicy {
  const [namespace, name] = key.split('/') as [string, string];
  return { key, name, namespace, gateway, autoPorts: destinations.every((d) => d.explicitGatewayPort === undefined), pinnedPorts, destinations };
}

function ports(policies: NormalizedPolicy[]): Map<string, number> {
  const result = assignGatewayPorts(policies, () => undefined);
  assert.ok(result.ok, JSON.stringify(result.findings));
  return result.value.gatewayPorts;
}

const tlsEntries = (key: string, n: number): Destination[] => Array.from({ length: n }, (_, i) => destination(key, i, [`host${i}.example.com`], 443, 'HTTPS'));

describe('assignGatewayPorts', () => {
  it('gives HTTP entries 10000, gRPC 50051 and each TLS/TCP host-port its own port in 10001-20000', () => {
    const p = policy('ns/a', [
      destination('ns/a', 0, ['a.com'], 80, 'HTTP'),
      destination('ns/a', 1, ['b.com'], 80, 'HTTP'),
      destination('ns/a', 2, ['g.com'], 9090, 'GRPC'),
      destination('ns/a', 3, ['a.com'], 443, 'HTTPS'),
      destination('ns/a', 4, ['t.com'], 5432, 'TCP'),
    ]);
    const assigned = ports([p]);
    const [http1, http2, grpc, tls, tcp] = p.destinations.map((d) => assigned.get(destinationKey(d)));
    assert.equal(http1, 10000);
    assert.equal(http2, 10000);
    assert.equal(grpc, 50051);
    for (const port of [tls, tcp]) assert.ok(port !== undefined && port >= 10001 && port <= 20000, String(port));
    assert.notEqual(tls, tcp);
  });

  it('records every entry under <hosts[0]>-<port> in the policy status', () => {
    const p = policy('ns/a', [destination('ns/a', 0, ['www.x.com', 'x.com'], 80, 'HTTP'), destination('ns/a', 1, ['1.1.1.1'], 44, 'TCP')]);
    const result = assignGatewayPorts([p], () => undefined);
    assert.ok(result.ok);
    assert.deepEqual(Object.keys(result.value.allocatedByPolicy.get('ns/a') ?? {}), ['1.1.1.1-44', 'www.x.com-80']);
  });

  it('is deterministic and independent of policy order', () => {
    const a = policy('ns/a', tlsEntries('ns/a', 5));
    const b = policy('ns/b', tlsEntries('ns/b', 5).map((d, i) => ({ ...d, hosts: [`other${i}.com`] })));
    assert.deepEqual([...ports([a, b]).entries()].sort(), [...ports([b, a]).entries()].sort());
  });

  it('never takes a port an explicit entry of the same gateway uses', () => {
    const auto = policy('ns/auto', tlsEntries('ns/auto', 1));
    const free = ports([auto]).get(destinationKey(auto.destinations[0] as Destination)) as number;
    const explicit = policy('ns/explicit', [destination('ns/explicit', 0, ['e.com'], 443, 'HTTPS', free)]);
    const withExplicit = ports([auto, explicit]);
    assert.notEqual(withExplicit.get(destinationKey(auto.destinations[0] as Destination)), free);
    assert.equal(withExplicit.get(destinationKey(explicit.destinations[0] as Destination)), free);
  });

  it('adding or removing an entry does not move the others (ports pinned by status)', () => {
    const before = policy('ns/a', tlsEntries('ns/a', 20));
    const first = assignGatewayPorts([before], () => undefined);
    assert.ok(first.ok);
    const pinned = first.value.allocatedByPolicy.get('ns/a') ?? {};
    const grown = policy('ns/a', tlsEntries('ns/a', 21), pinned);
    const shrunk = policy('ns/a', tlsEntries('ns/a', 20).filter((_, i) => i !== 7), pinned);
    for (const changed of [grown, shrunk]) {
      const result = assignGatewayPorts([changed], () => undefined);
      assert.ok(result.ok);
      const after = result.value.allocatedByPolicy.get('ns/a') ?? {};
      for (const [key, port] of Object.entries(pinned)) if (key in after) assert.equal(after[key], port, key);
    }
  });

  it('without a status, a new entry moves no existing port unless their hash slots collide', () => {
    const small = policy('ns/a', tlsEntries('ns/a', 10));
    const large = policy('ns/a', tlsEntries('ns/a', 11));
    const a = ports([small]);
    const b = ports([large]);
    for (const d of small.destinations) assert.equal(b.get(destinationKey(d)), a.get(destinationKey(d)), statusKey(d));
  });

  it('shares one port for one host-port named by two policies of a gateway', () => {
    const a = policy('ns/a', [destination('ns/a', 0, ['db.example.com'], 5432, 'TCP')]);
    const b = policy('ns/b', [destination('ns/b', 0, ['db.example.com'], 5432, 'TCP')]);
    const assigned = ports([a, b]);
    assert.equal(assigned.get(destinationKey(a.destinations[0] as Destination)), assigned.get(destinationKey(b.destinations[0] as Destination)));
  });

  it('allocates per gateway: another gateway\'s ports never move this one\'s', () => {
    const a = policy('ns/a', tlsEntries('ns/a', 30), {}, 'gw-a');
    const b = policy('ns/b', tlsEntries('ns/b', 30), {}, 'gw-b');
    const alone = ports([a]);
    const together = ports([a, b]);
    for (const d of a.destinations) assert.equal(together.get(destinationKey(d)), alone.get(destinationKey(d)));
  });

  it('ignores a pin outside the range, with a warning naming the status field', () => {
    const p = policy('ns/a', tlsEntries('ns/a', 1), { 'host0.example.com-443': 80 });
    const result = assignGatewayPorts([p], () => undefined);
    assert.ok(result.ok);
    assert.deepEqual(result.findings.map((f) => [f.code, f.fieldPath]), [['PINNED_PORT_IGNORED', 'status.autoAllocatedGatewayPorts["host0.example.com-443"]']]);
    const port = result.value.gatewayPorts.get(destinationKey(p.destinations[0] as Destination)) as number;
    assert.ok(port >= 10001 && port <= 20000);
  });

  it('reports an exhausted range as an error instead of reusing a port', () => {
    const p = policy('ns/a', tlsEntries('ns/a', 10001));
    const result = assignGatewayPorts([p], () => undefined);
    assert.equal(result.ok, false);
    assert.ok(result.findings.some((f) => f.code === 'AUTO_PORT_RANGE_EXHAUSTED'));
  });
});
