/**
 * Property tests: the function loses nothing it does not own.
 *
 * Inputs are ResourceList TEXTS built by fast-check (arbitraries.ts, yaml-text.ts): unrelated
 * items in many YAML styles, stale output of an earlier run, and 0-3 valid policies. The test
 * knows each item's exact text and meaning because it wrote them.
 *
 * Size: PROPERTY_RUNS cases per property (default 300, CI); PROPERTY_RUNS=10000 is the nightly
 * size. PROPERTY_SEED=<n> replays a run (PROPERTY_PATH=<path> as well: only its shrunk case);
 * fast-check prints seed and path of a failing run.
 *   node --import tsx --test test/unit/property/*.test.ts
 *   PROPERTY_RUNS=10000 node --import tsx --test test/unit/property/*.test.ts
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { run } from '../../../functions/egress-policy/run.ts';
import type { ItemCase, PolicyFacts, Scenario } from './arbitraries.ts';
import { scenarioArb } from './arbitraries.ts';
import { LOCAL_CONFIG, indexesInOrder, isOwned, isPolicyData, isUsedGatewayService, others, params, parsedItems, policyModuloMarks, serviceModuloAddedPorts } from './support.ts';
import type { Json } from './yaml-text.ts';

/** An item as the function should return it: policies modulo their marks, a gateway Service modulo the ports we add. */
function expectedData(s: Scenario, e: ItemCase, actual: Json): [Json, Json] {
  if (e.role === 'policy') return [policyModuloMarks(actual), policyModuloMarks(e.data)];
  if (isUsedGatewayService(s, e)) return [serviceModuloAddedPorts(actual), e.data];
  return [actual, e.data];
}


describe('property: nothing is lost', () => {
  it('test generator: each input text means what the test model says (checked with the yaml package)', () => {
    fc.assert(
      fc.property(scenarioArb({ crlf: 'sometimes' }), (s) => {
        assert.deepEqual(parsedItems(s.text), s.items.map((i) => i.data));
      }),
      params(),
    );
  });

  it('never throws, and exits 0 on valid input', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const out = run(s.text);
        assert.equal(out.exitCode, 0, out.stderr);
        assert.notEqual(out.stdout, '');
      }),
      params(),
    );
  });

  it('keeps every unrelated item byte for byte, in order', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const out = run(s.text);
        assert.equal(out.exitCode, 0, out.stderr);
        const bodies = others(s).map((i) => s.eol(i.body));
        const found = indexesInOrder(out.stdout, bodies);
        assert.ok(found.ok, `unrelated item ${describeMiss(found, bodies)}`);
        // A policy that already carries its marks (explicit ports, local-config, no status) is untouched too.
        for (const p of s.items.filter((i) => i.role === 'policy' && untouchedPolicy(i))) {
          assert.ok(out.stdout.includes(s.eol(p.body)), `policy ${p.policy?.key} needed no edit but its text changed`);
        }
      }),
      params(),
    );
  });

  it('keeps the full-line comments written directly above an unrelated item', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const out = run(s.text);
        assert.equal(out.exitCode, 0, out.stderr);
        const texts = others(s).map((i) => s.eol(i.head + i.body));
        const found = indexesInOrder(out.stdout, texts);
        assert.ok(found.ok, `the comment lines above an unrelated item were lost or moved: item ${describeMiss(found, texts)}`);
      }),
      params(),
    );
  });

  it('parsed: the non-generated items are the input items, same order, same data; generated ones come after', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const out = run(s.text);
        assert.equal(out.exitCode, 0, out.stderr);
        const items = parsedItems(out.stdout);
        const kept = items.filter((i) => !isOwned(i));
        const expected = s.items.filter((i) => i.role !== 'stale');
        assert.equal(kept.length, expected.length, 'number of non-generated items');
        expected.forEach((e, k) => {
          const [actual, wanted] = expectedData(s, e, kept[k] as Json);
          assert.deepEqual(actual, wanted, e.role === 'policy' ? `policy ${e.policy?.key}` : `unrelated item #${k}`);
        });
        const firstGenerated = items.findIndex(isOwned);
        if (firstGenerated >= 0) assert.ok(items.slice(firstGenerated).every(isOwned), 'a generated item sits between input items');
        const hasPolicies = s.items.some((i) => i.role === 'policy');
        assert.equal(firstGenerated >= 0, hasPolicies, hasPolicies ? 'policies but no generated objects' : 'generated objects without policies');
      }),
      params(),
    );
  });

  it('marks each policy local-config and records auto-allocated gateway ports', () => {
    fc.assert(
      fc.property(scenarioArb({ minPolicies: 1 }), (s) => {
        const out = run(s.text);
        assert.equal(out.exitCode, 0, out.stderr);
        const outPolicies = parsedItems(out.stdout).filter((i) => !isOwned(i) && isPolicyData(i));
        const facts = s.items.filter((i) => i.role === 'policy').map((i) => i.policy as PolicyFacts);
        assert.equal(outPolicies.length, facts.length);
        const portOf = new Map<string, number>(); // gateway/key → port, TLS and TCP entries
        const keyOf = new Map<string, string>(); // gateway/port → key
        outPolicies.forEach((p, k) => {
          const f = facts[k] as PolicyFacts;
          const obj = p as { metadata: { annotations?: Record<string, string> }; status?: { autoAllocatedGatewayPorts?: Record<string, number> } };
          assert.equal(obj.metadata.annotations?.[LOCAL_CONFIG], 'true', `${f.key}: local-config`);
          const allocated = obj.status?.autoAllocatedGatewayPorts;
          if (f.explicit) {
            assert.equal(allocated, undefined, `${f.key} has explicit ports: no autoAllocatedGatewayPorts`);
            return;
          }
          assert.ok(allocated !== undefined, `${f.key}: autoAllocatedGatewayPorts missing`);
          assert.deepEqual(Object.keys(allocated).sort(), [...new Set(f.entries.map((e) => e.statusKey))].sort(), `${f.key}: status keys are <hosts[0]>-<port.number> of every entry`);
          for (const e of f.entries) {
            const port = allocated[e.statusKey] as number;
            if (e.kind === 'http') {
              assert.equal(port, e.protocol === 'GRPC' ? 50051 : 10000, `${f.key} ${e.path}: HTTP-family gateway port`);
              continue;
            }
            assert.ok(Number.isInteger(port) && port >= 10001 && port <= 20000, `${f.key} ${e.path}: ${port} outside 10001-20000`);
            if (f.honouredPins[e.statusKey] !== undefined) assert.equal(port, f.honouredPins[e.statusKey], `${f.key} ${e.path}: pinned port not kept`);
            const k1 = `${f.gateway}/${e.statusKey}`;
            const k2 = `${f.gateway}/${port}`;
            assert.equal(portOf.get(k1) ?? port, port, `${k1} got two ports`);
            assert.equal(keyOf.get(k2) ?? e.statusKey, e.statusKey, `gateway port ${k2} given to two destinations`);
            portOf.set(k1, port);
            keyOf.set(k2, e.statusKey);
          }
        });
      }),
      params(),
    );
  });

  it('CRLF input: untouched items keep their CRLF bytes, the output is CRLF throughout, parses to the same items and is stable', () => {
    fc.assert(
      fc.property(scenarioArb({ crlf: 'always' }), (s) => {
        const out = run(s.text);
        assert.equal(out.exitCode, 0, out.stderr);
        const bodies = others(s).map((i) => s.eol(i.body));
        const found = indexesInOrder(out.stdout, bodies);
        assert.ok(found.ok, `unrelated item not kept with CRLF line ends: ${describeMiss(found, bodies)}`);
        const bad = /(?<!\r)\n|\r(?!\n)/.exec(out.stdout);
        assert.equal(bad, null, `line end other than CRLF at offset ${bad?.index}: ${JSON.stringify(out.stdout.slice(Math.max(0, (bad?.index ?? 0) - 60), (bad?.index ?? 0) + 4))}`);
        const kept = parsedItems(out.stdout).filter((i) => !isOwned(i));
        const expected = s.items.filter((i) => i.role !== 'stale');
        assert.equal(kept.length, expected.length, 'number of non-generated items');
        expected.forEach((e, k) => assert.deepEqual(...expectedData(s, e, kept[k] as Json)));
        const again = run(out.stdout);
        assert.equal(again.exitCode, 0, again.stderr);
        if (!out.stderr.includes(' PINNED_PORT_IGNORED ')) assert.equal(again.stdout, out.stdout, 'second run changed the output');
      }),
      params(),
    );
  });
});

function describeMiss(found: ReturnType<typeof indexesInOrder>, texts: readonly string[]): string {
  if (found.ok) return '';
  const i = 'missing' in found ? found.missing : found.outOfOrder;
  return `#${i} is ${'missing' in found ? 'not in the output as written' : 'out of order'}; expected text (JSON):\n${JSON.stringify(texts[i])}`;
}

/** A policy the function has no reason to edit: explicit ports, already local-config, no port status. */
function untouchedPolicy(item: ItemCase): boolean {
  const data = item.data as { metadata?: { annotations?: Record<string, unknown> }; status?: Record<string, unknown> };
  return item.policy?.explicit === true && data.metadata?.annotations?.[LOCAL_CONFIG] === 'true' && data.status?.autoAllocatedGatewayPorts === undefined;
}
