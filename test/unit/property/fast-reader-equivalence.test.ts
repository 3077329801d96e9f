/**
 * Property tests: the fast reader (krm/resource-list-fast.ts) is the full reader, only faster.
 *
 * On generated ResourceLists (comments everywhere, every quoting and scalar style, flow
 * collections, anchors and aliases, CRLF, `---`, wide and compact sequences, items at column 0
 * and 2), whenever the fast path takes an input it must produce the full path's model exactly
 * (same text slices, same data), and the function's output must be byte-identical on both paths.
 * Items the function does not own come out byte-identical to their input text. Inputs the fast
 * path cannot slice with certainty fall back to the full path, and the test counts both, so it
 * cannot pass by always falling back. Sizes and seeds: see nothing-lost.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readResourceList } from '../../../functions/egress-policy/krm/index.ts';
import { run } from '../../../functions/egress-policy/run.ts';
import type { Scenario } from './arbitraries.ts';
import { scenarioArb } from './arbitraries.ts';
import { isUsedGatewayService, params } from './support.ts';

/** Scenarios as kpt and kustomize write them: no `---`, no trailing comment, no anchors. */
const kptLike: fc.Arbitrary<Scenario> = scenarioArb({ crlf: 'sometimes' }).filter((s) => !s.text.startsWith('---') && !/[&*][a-z]*i\d+x\d/.test(s.text));
const anyScenario: fc.Arbitrary<Scenario> = fc.oneof(scenarioArb({ crlf: 'sometimes' }), kptLike);

describe('property: the fast reader equals the full reader', () => {
  it('reads the same model (text slices and, asked for everything, the same data) whenever it takes the input', (t) => {
    const taken = { fast: 0, full: 0 };
    fc.assert(
      fc.property(anyScenario, (s) => {
        const fast = readResourceList(s.text);
        const full = readResourceList(s.text, { reader: 'full' });
        taken[fast.path]++;
        if (fast.path === 'fast') assert.deepStrictEqual({ ...fast, path: 'either' }, { ...full, path: 'either' });
      }),
      params(),
    );
    t.diagnostic(`fast path ${taken.fast}, full path ${taken.full}`);
    assert.ok(taken.fast >= taken.full / 4, `the fast path took only ${taken.fast} of ${taken.fast + taken.full} inputs`);
  });

  it('gives byte-identical output, and leaves every item it does not own byte-identical to its input', (t) => {
    const taken = { fast: 0, full: 0 };
    fc.assert(
      fc.property(fc.oneof(kptLike, scenarioArb({ crlf: 'sometimes', minPolicies: 1 })), (s) => {
        taken[readResourceList(s.text).path]++;
        const fast = run(s.text);
        const full = run(s.text, { reader: 'full' });
        assert.equal(fast.stdout, full.stdout);
        assert.equal(fast.stderr, full.stderr);
        assert.equal(fast.exitCode, full.exitCode);
        for (const item of s.items) {
          if (item.role !== 'other' || isUsedGatewayService(s, item)) continue;
          assert.ok(fast.stdout.includes(s.eol(item.body)), `an untouched item changed:\n${item.body}`);
        }
      }),
      params(0.5),
    );
    t.diagnostic(`fast path ${taken.fast}, full path ${taken.full}`);
    assert.ok(taken.fast >= taken.full / 4, `the fast path took only ${taken.fast} of ${taken.fast + taken.full} inputs`);
  });
});
