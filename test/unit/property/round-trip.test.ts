/**
 * Property tests: running twice changes nothing, and removing the policies prunes everything the
 * function generated while keeping every other item. Sizes and seeds: see nothing-lost.test.ts
 * (PROPERTY_RUNS, default 150; PROPERTY_RUNS=10000 nightly; PROPERTY_SEED to replay).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { run } from '../../../functions/egress-policy/run.ts';
import { scenarioArb } from './arbitraries.ts';
import { indexesInOrder, isOwned, isPolicyData, others, params, parsedItems, removeItems, serviceModuloAddedPorts } from './support.ts';

/** A repaired status pin is reported (as a warning, so also on stderr) by the run that repairs it only. */
const pinIgnored = (stderr: string): boolean => stderr.includes(' PINNED_PORT_IGNORED ');

describe('property: round trips', () => {
  it('is idempotent: run(run(x).stdout).stdout === run(x).stdout', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const first = run(s.text);
        assert.equal(first.exitCode, 0, first.stderr);
        if (pinIgnored(first.stderr)) return;
        const second = run(first.stdout);
        assert.equal(second.exitCode, 0, second.stderr);
        assert.equal(second.stdout, first.stdout);
      }),
      params(),
    );
  });

  it('pruning: without the policies, a run leaves no generated item and keeps every other item', () => {
    fc.assert(
      fc.property(scenarioArb({ minPolicies: 1 }), (s) => {
        const first = run(s.text);
        assert.equal(first.exitCode, 0, first.stderr);
        const items = parsedItems(first.stdout);
        const policyIndexes = new Set(items.flatMap((item, i) => (isPolicyData(item) ? [i] : [])));
        assert.ok(policyIndexes.size > 0);
        const pruned = removeItems(first.stdout, policyIndexes);

        const second = run(pruned);
        assert.equal(second.exitCode, 0, second.stderr);
        const after = parsedItems(second.stdout);
        assert.deepEqual(after.filter(isOwned), [], 'generated items left after their policies were removed');
        // Ports added to a gateway Service are taken back with the policies that needed them.
        const expected = items.filter((item, i) => !policyIndexes.has(i) && !isOwned(item)).map(serviceModuloAddedPorts);
        assert.deepEqual(after, expected);
        const bodies = others(s).map((i) => s.eol(i.body));
        const found = indexesInOrder(second.stdout, bodies);
        assert.ok(found.ok, `an unrelated item lost its text after pruning: ${JSON.stringify(found)}`);
      }),
      params(),
    );
  });
});
