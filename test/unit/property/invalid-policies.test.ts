/**
 * Property test: a broken policy (mutations.ts) stops the run with exit 1, an error result that
 * points into that policy, and every item returned exactly as it came.
 * Sizes and seeds: see nothing-lost.test.ts (PROPERTY_RUNS, PROPERTY_SEED).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { run } from '../../../functions/egress-policy/run.ts';
import type { ItemCase } from './arbitraries.ts';
import { scenarioArb } from './arbitraries.ts';
import { mutationArb } from './mutations.ts';
import { params, parsedItems, parsedResults, resolveFieldPath } from './support.ts';
import type { Json } from './yaml-text.ts';

const brokenScenario = scenarioArb({ minPolicies: 1, mutation: mutationArb });

interface ErrorResult {
  code: string;
  /** `namespace/name` of the policy it is about. */
  policy: string;
  path: string;
}

function errorsOf(stdout: string): ErrorResult[] {
  return parsedResults(stdout)
    .filter((r) => r.severity === 'error')
    .map((r) => {
      const ref = r.resourceRef as { kind?: string; name?: string; namespace?: string } | undefined;
      return {
        code: String((r.tags as { code?: string } | undefined)?.code),
        policy: ref?.kind === 'ASMEgressTrafficPolicy' ? `${ref.namespace ?? 'default'}/${ref.name}` : `${ref?.kind}/${ref?.name}`,
        path: String((r.field as { path?: string } | undefined)?.path ?? ''),
      };
    });
}

describe('property: invalid policies', () => {
  it('exit 1, an error at the broken field of the broken policy, and the items returned unchanged', () => {
    fc.assert(
      fc.property(brokenScenario, (s) => {
        const mutated = s.mutated;
        assert.ok(mutated, 'test bug: no mutation applied');
        const out = run(s.text);
        assert.equal(out.exitCode, 1, `${mutated.description}: expected exit 1\n${out.stderr}`);

        // Items: byte for byte (the whole items block) and as data.
        const block = s.eol(s.items.map((i) => i.head + i.body).join(''));
        assert.ok(out.stdout.includes(block), `${mutated.description}: the items did not come back byte for byte`);
        assert.deepEqual(parsedItems(out.stdout), parsedItems(s.text));

        // An error about the broken policy, at (or below) the broken field.
        const errors = errorsOf(out.stdout);
        const paths = errors.filter((e) => e.policy === mutated.policy.key).map((e) => e.path);
        const atField = paths.filter((p) => p === mutated.pathPrefix || p.startsWith(`${mutated.pathPrefix}.`) || p.startsWith(`${mutated.pathPrefix}[`));
        assert.ok(atField.length > 0, `${mutated.description}: no error for ${mutated.policy.key} at or below ${mutated.pathPrefix}; errors: ${JSON.stringify(errors)}`);
      }),
      params(),
    );
  });

  it("every error's field.path names a field of its policy, or a missing key of an existing object", () => {
    fc.assert(
      fc.property(brokenScenario, (s) => {
        const mutated = s.mutated;
        assert.ok(mutated, 'test bug: no mutation applied');
        const out = run(s.text);
        assert.equal(out.exitCode, 1, out.stderr);
        const errors = errorsOf(out.stdout);
        assert.ok(errors.some((e) => e.policy === mutated.policy.key), `${mutated.description}: no error for ${mutated.policy.key}`);
        for (const e of errors) {
          const item = s.items.find((i) => i.role === 'policy' && i.policy?.key === e.policy) as ItemCase | undefined;
          assert.ok(item, `error about a policy that is not in the input: ${JSON.stringify(e)}`);
          const { segments, existing } = resolveFieldPath(item.data as Json, e.path);
          assert.ok(segments.length > 0 && existing >= segments.length - 1,
            `${mutated.description}: ${e.code} field.path '${e.path}' does not resolve in ${e.policy}: only '${segments.slice(0, existing).join('.')}' exists`);
        }
      }),
      params(),
    );
  });
});
