/**
 * Property test: every object the function generates is accepted by the published Istio schemas
 * and the Istio webhook rules, has an identity of its own and names real source policies.
 * Sizes and seeds: see nothing-lost.test.ts (PROPERTY_RUNS, PROPERTY_SEED).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { run } from '../../../functions/egress-policy/run.ts';
import { validateIstioWebhookRules } from '../../support/istio-webhook-rules.ts';
import { validatePublished } from '../../support/published-schema-validator.ts';
import type { PolicyFacts } from './arbitraries.ts';
import { scenarioArb } from './arbitraries.ts';
import { SOURCE_POLICIES, isOwned, params, parsedItems, withoutKptAnnotations } from './support.ts';

describe('property: generated objects', () => {
  it('every generated object validates against the published schemas and the Istio webhook rules', () => {
    fc.assert(
      fc.property(scenarioArb({ minPolicies: 1 }), (s) => {
        const out = run(s.text);
        assert.equal(out.exitCode, 0, out.stderr);
        const generated = parsedItems(out.stdout).filter(isOwned);
        assert.ok(generated.length > 0);
        const problems = generated.flatMap((item) => {
          const clean = withoutKptAnnotations(item);
          return [...validatePublished(clean), ...validateIstioWebhookRules(clean)];
        });
        assert.deepEqual(problems, []);
      }),
      params(),
    );
  });

  it('generated objects have distinct identities and name only existing policies as their sources', () => {
    fc.assert(
      fc.property(scenarioArb({ minPolicies: 1 }), (s) => {
        const out = run(s.text);
        assert.equal(out.exitCode, 0, out.stderr);
        const keys = new Set(s.items.filter((i) => i.role === 'policy').map((i) => (i.policy as PolicyFacts).key));
        const seen = new Set<string>();
        for (const item of parsedItems(out.stdout).filter(isOwned)) {
          const o = item as { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations: Record<string, string> } };
          const id = `${o.apiVersion.split('/')[0]}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
          assert.ok(!seen.has(id), `two generated objects are ${id}`);
          seen.add(id);
          const sources = o.metadata.annotations[SOURCE_POLICIES] as string;
          for (const source of sources.split(',')) assert.ok(keys.has(source), `${id} names source policy '${source}', which is not in the input`);
        }
      }),
      params(),
    );
  });
});
