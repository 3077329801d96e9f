/**
 * Golden cases: test/golden/<case>/input.yaml → expected.yaml (the whole output ResourceList,
 * results included) and, when not 0, `exit-code`. UPDATE_GOLDEN=1 rewrites expected files;
 * review them as diffs. Every case also checks, when it succeeds:
 * - run twice: the output fed back in comes out byte for byte;
 * - pruning: with the policies removed, nothing generated remains and nothing else changes;
 * - every generated object validates against the published Istio schemas and webhook rules.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { run } from '../../functions/egress-policy/run.ts';
import { validateIstioWebhookRules } from '../support/istio-webhook-rules.ts';
import { validatePublished } from '../support/published-schema-validator.ts';
import { isGenerated, isPolicy, itemsOf, resultsOf, withoutAddedServicePorts } from '../support/resource-list.ts';

const root = __dirname;
const update = process.env.UPDATE_GOLDEN === '1';
const cases = readdirSync(root).filter((name) => statSync(join(root, name)).isDirectory()).sort();

describe('golden cases', () => {
  it('has cases', () => assert.ok(cases.length >= 10, `expected at least 10 golden cases, found ${cases.length}`));

  for (const name of cases) {
    const dir = join(root, name);
    describe(name, () => {
      const inputPath = join(dir, 'input.yaml');
      const expectedPath = join(dir, 'expected.yaml');
      const exitPath = join(dir, 'exit-code');
      assert.ok(existsSync(inputPath), `${name}: input.yaml is missing`);
      const input = readFileSync(inputPath, 'utf8');
      const output = run(input);

      it('matches expected.yaml and exit code', () => {
        if (update) {
          writeFileSync(expectedPath, output.stdout);
          if (output.exitCode !== 0) writeFileSync(exitPath, `${output.exitCode}\n`);
        }
        assert.ok(existsSync(expectedPath), `${name}: expected.yaml is missing (run with UPDATE_GOLDEN=1)`);
        const expectedExit = existsSync(exitPath) ? Number(readFileSync(exitPath, 'utf8').trim()) : 0;
        assert.equal(output.stdout, readFileSync(expectedPath, 'utf8'));
        assert.equal(output.exitCode, expectedExit, output.stderr);
      });

      if (output.exitCode !== 0) {
        it('returns the input items unchanged on failure', () => {
          assert.deepEqual(itemsOf(output.stdout), itemsOf(input));
        });
        return;
      }

      it('is idempotent: a second run returns its input byte for byte', () => {
        const second = run(output.stdout);
        assert.equal(second.exitCode, 0, second.stderr);
        assert.equal(withoutResults(second.stdout), withoutResults(output.stdout));
        // A repaired status pin is reported once, by the run that repairs it.
        const lasting = (text: string) => resultsOf(text).filter((r) => r.tags?.code !== 'PINNED_PORT_IGNORED');
        assert.deepEqual(resultsOf(second.stdout), lasting(output.stdout));
      });

      it('prunes everything it generated when the policies are removed', () => {
        const withoutPolicies = removeItems(output.stdout, (item) => isPolicy(item));
        const pruned = run(withoutPolicies);
        assert.equal(pruned.exitCode, 0, pruned.stderr);
        const remaining = itemsOf(pruned.stdout);
        assert.equal(remaining.filter(isGenerated).length, 0, 'generated objects survived their policy');
        // Ports added to a gateway Service go with the policies that needed them.
        assert.deepEqual(remaining, itemsOf(withoutPolicies).filter((i) => !isGenerated(i)).map(withoutAddedServicePorts));
      });

      it('generates only objects the cluster accepts', () => {
        for (const item of itemsOf(output.stdout).filter(isGenerated)) {
          const clean = stripKptAnnotations(item);
          const problems = [...validatePublished(clean), ...validateIstioWebhookRules(clean)];
          assert.deepEqual(problems, [], `${item.kind} ${item.metadata?.name}`);
        }
      });
    });
  }
});

/** Drops matching items through the Document API (the test's own, independent of the function). */
function removeItems(text: string, drop: (item: any) => boolean): string {
  const document = parseDocument(text);
  const items = document.get('items') as { items: Array<{ toJSON(): unknown }> } | undefined;
  if (items) items.items = items.items.filter((node) => !drop(node.toJSON()));
  return document.toString({ lineWidth: 0 });
}

/** The list without its trailing `results:` block (written last, at column 0). */
function withoutResults(text: string): string {
  const at = text.search(/^results:/m);
  return at < 0 ? text : text.slice(0, at);
}

/** kpt removes its path annotations when it writes files; the cluster never sees them. */
function stripKptAnnotations(item: any): any {
  const annotations = Object.fromEntries(Object.entries(item.metadata?.annotations ?? {}).filter(([k]) => !k.startsWith('internal.config.kubernetes.io/') && !k.startsWith('config.kubernetes.io/')));
  return { ...item, metadata: { ...item.metadata, annotations } };
}
