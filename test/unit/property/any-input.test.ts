/**
 * Property test over valid and broken packages alike (policies valid or mutated, mixed with
 * unrelated items, stale output, comments, CRLF): the run never throws and exits 0 or 1; every
 * result of every severity that names a policy points at a field of that policy that exists (or
 * a missing key of an existing object); a success validates against Istio's and Kubernetes'
 * published schemas and is a fixed point (running twice equals running once; a run that repairs a
 * stale port pin reports it once, so there the items are compared); a failure returns
 * the items as they came. Sizes and seeds: see nothing-lost.test.ts (PROPERTY_RUNS, PROPERTY_SEED).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { run } from '../../../functions/egress-policy/run.ts';
import { validateIstioWebhookRules } from '../../support/istio-webhook-rules.ts';
import { validatePublished } from '../../support/published-schema-validator.ts';
import type { ItemCase, Scenario } from './arbitraries.ts';
import { scenarioArb } from './arbitraries.ts';
import { mutationArb } from './mutations.ts';
import { isObj, isOwned, params, parsedItems, parsedResults, resolveFieldPath, withoutKptAnnotations } from './support.ts';
import type { Json } from './yaml-text.ts';

const anyScenario: fc.Arbitrary<Scenario> = fc.oneof(scenarioArb(), scenarioArb({ minPolicies: 1, mutation: mutationArb }));

function policyOf(s: Scenario, ref: unknown): ItemCase | undefined {
  if (!isObj(ref) || ref.kind !== 'ASMEgressTrafficPolicy') return undefined;
  const key = `${typeof ref.namespace === 'string' ? ref.namespace : 'default'}/${String(ref.name)}`;
  return s.items.find((i) => i.role === 'policy' && i.policy?.key === key);
}

describe('property: any package, valid or not', () => {
  it('never throws; results point at fields that exist; success is schema-valid and a fixed point; failure changes nothing', () => {
    fc.assert(
      fc.property(anyScenario, (s) => {
        const out = run(s.text);
        assert.ok(out.exitCode === 0 || out.exitCode === 1, `exit ${out.exitCode}: ${out.stderr}`);
        assert.equal(s.mutated !== undefined, out.exitCode === 1, out.stderr);

        for (const result of parsedResults(out.stdout)) {
          const field = isObj(result.field) ? String(result.field.path) : '';
          const item = policyOf(s, result.resourceRef);
          if (item === undefined || field === '') continue;
          const { segments, existing } = resolveFieldPath(item.data as Json, field);
          assert.ok(segments.length > 0 && existing >= segments.length - 1,
            `${String(result.severity)} ${JSON.stringify(result.tags)} field.path '${field}' does not resolve in ${item.policy?.key}`);
        }

        if (out.exitCode === 1) {
          assert.deepEqual(parsedItems(out.stdout), parsedItems(s.text), 'a failed run changed the items');
          return;
        }
        const problems = parsedItems(out.stdout).filter(isOwned).flatMap((item) => {
          const clean = withoutKptAnnotations(item);
          return [...validatePublished(clean), ...validateIstioWebhookRules(clean)];
        });
        assert.deepEqual(problems, []);
        const second = run(out.stdout);
        if (out.stderr.includes('PINNED_PORT_IGNORED')) {
          // A repaired pin is reported once, by the run that repaired it; the items are already final.
          assert.deepEqual(parsedItems(second.stdout), parsedItems(out.stdout), 'a second run changed the items');
          assert.equal(run(second.stdout).stdout, second.stdout, 'a third run changed the output');
        } else {
          assert.equal(second.stdout, out.stdout, 'a second run changed the output');
        }
      }),
      params(),
    );
  });
});
