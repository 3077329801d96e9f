/**
 * The fast path of plain streams (stream/outlined-documents.ts) reads what `parseAllDocuments`
 * reads: the same documents, counted the same way, with the same data, and it takes no stream
 * the `yaml` package rejects. Streams are made of the property tests' items, in every style.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { readPlainStream } from '../../../functions/egress-policy/stream/plain-stream.ts';
import { outlinedDocuments } from '../../../functions/egress-policy/stream/outlined-documents.ts';
import { itemStyleArb, renderCase, unrelatedDataArb } from '../property/arbitraries.ts';
import { params } from '../property/support.ts';

/** An item rendered at column 0, turned into a document: `- ` dropped, the rest moved left. */
const documentArb = fc.record({ data: unrelatedDataArb, style: itemStyleArb, aliases: fc.boolean() }).map(({ data, style, aliases }) => {
  const { body } = renderCase('other', data, style, 0, 0, { aliases });
  return body.split('\n').map((line, i) => (i === 0 ? line.replace(/^- ?/, '') : line.replace(/^ {2}/, ''))).join('\n');
});
const separatorArb = fc.constantFrom('---\n', '--- # next\n', '---\n# between\n', '---\n---\n');
const streamArb = fc
  .tuple(fc.array(fc.tuple(documentArb, separatorArb), { minLength: 1, maxLength: 4 }), fc.constantFrom('', '---\n', '# head\n', '# head\n---\n'), fc.constantFrom('', '---\n', '# end\n', '---'))
  .map(([parts, head, end]) => head + parts.map(([doc, sep], i) => (i === 0 ? doc : sep + doc)).join('') + end);

describe('plain streams: the outline reader reads what parseAllDocuments reads', () => {
  it('same documents, same data, and never a stream the yaml package rejects', (t) => {
    const taken = { fast: 0, yaml: 0 };
    fc.assert(
      fc.property(streamArb, (text) => {
        const fast = outlinedDocuments(text);
        const documents = parseAllDocuments(text);
        const list = Array.isArray(documents) ? documents : [];
        if (fast === undefined) {
          taken.yaml++;
          return;
        }
        taken.fast++;
        assert.deepEqual(list.flatMap((d) => d.errors.map((e) => e.message)), [], 'the fast path took a stream yaml rejects');
        assert.deepStrictEqual(fast, list.map((d) => d.toJS() as unknown));
      }),
      params(),
    );
    t.diagnostic(`fast path ${taken.fast}, yaml ${taken.yaml}`);
    assert.ok(taken.fast >= taken.yaml / 4, `the fast path took only ${taken.fast} of ${taken.fast + taken.yaml} streams`);
  });

  it('falls back for directives, document end markers and content on the --- line, with the same objects', () => {
    for (const text of ['%YAML 1.2\n---\napiVersion: v1\nkind: A\n', 'apiVersion: v1\nkind: A\n...\n', '--- {apiVersion: v1, kind: A}\n', 'apiVersion: v1\nkind: A\nmetadata: &m {name: a}\n']) {
      assert.equal(outlinedDocuments(text), undefined, text);
      assert.ok(readPlainStream(text, 'f').ok, text);
    }
  });

  it('counts documents as parseAllDocuments does (kpt index annotations depend on it)', () => {
    const read = readPlainStream('# only a comment\n---\napiVersion: v1\nkind: A\n---\n---\napiVersion: v1\nkind: B\n', 'f');
    assert.ok(read.ok);
    assert.deepEqual(read.objects.map((o) => [o.data.kind, o.index]), [['A', 0], ['B', 2]]);
  });
});
