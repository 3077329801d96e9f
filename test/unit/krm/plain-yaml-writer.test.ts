import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Document, parse } from 'yaml';
import { WRITE_OPTIONS, writePlainMap } from '../../../functions/egress-policy/krm/plain-yaml-writer.ts';
import { LOOKALIKES, staleDataArb, unrelatedDataArb } from '../property/arbitraries.ts';
import { params } from '../property/support.ts';

const GOLDEN = join(__dirname, '..', '..', 'golden');

/** What the writer must equal: the yaml package's Document with the same options. */
function byDocument(value: unknown): string {
  return new Document(value, { version: '1.1', aliasDuplicateObjects: false }).toString(WRITE_OPTIONS);
}

function assertSameAsDocument(value: Record<string, unknown>): boolean {
  const written = writePlainMap(value);
  if (written === undefined) return false;
  assert.equal(written, byDocument(value));
  return true;
}

describe('plain YAML writer', () => {
  it('writes every object of every golden output as the yaml package does', () => {
    let written = 0;
    for (const name of readdirSync(GOLDEN).filter((entry) => existsSync(join(GOLDEN, entry, 'expected.yaml')))) {
      const list = parse(readFileSync(join(GOLDEN, name, 'expected.yaml'), 'utf8')) as { items?: Record<string, unknown>[] } | null;
      for (const item of list?.items ?? []) if (assertSameAsDocument(item)) written++;
    }
    assert.ok(written > 100, `only ${written} objects were written by the plain writer`);
  });

  it('writes generated data (lookalike strings, unicode, nesting, empty collections) as the yaml package does', () => {
    let written = 0;
    fc.assert(
      fc.property(fc.oneof(unrelatedDataArb, staleDataArb), (data) => {
        if (assertSameAsDocument(data as Record<string, unknown>)) written++;
      }),
      params(),
    );
    assert.ok(written > 0);
  });

  it('every lookalike scalar, as a key and as a value, in a map and in a sequence', () => {
    for (const text of LOOKALIKES.filter((s) => !s.includes('\n'))) {
      assert.ok(assertSameAsDocument({ value: text, list: [text, { v: [text] }], nested: { deeper: { value: text } } }), JSON.stringify(text));
      assertSameAsDocument({ [text]: text, list: [{ [text]: [text] }], nested: { [text]: { [text]: text } } });
    }
  });

  it('leaves multi-line strings and non-plain values to the Document', () => {
    assert.equal(writePlainMap({ a: 'two\nlines' }), undefined);
    assert.equal(writePlainMap({ a: [[1]] }), undefined);
    assert.equal(writePlainMap({ a: new Date(0) }), undefined);
    assert.equal(writePlainMap({ a: -0 }), undefined);
    // A key that reads as a document marker or directive at column 0 is quoted there only.
    assert.equal(writePlainMap({ a: { '---': 1 } }), undefined);
  });
});

describe('plain YAML writer, wide sequences (the yaml package default, for plain streams)', () => {
  it('writes generated data as the yaml package does with indentSeq', () => {
    fc.assert(
      fc.property(fc.oneof(unrelatedDataArb, staleDataArb), (data) => {
        const written = writePlainMap(data as Record<string, unknown>, { indentSeq: true });
        if (written !== undefined) assert.equal(written, new Document(data, { version: '1.1', aliasDuplicateObjects: false }).toString({ lineWidth: 0 }));
      }),
      params(),
    );
  });
});
