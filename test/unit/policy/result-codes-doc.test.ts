/**
 * Every result code the function can emit is listed in the README's "Result codes" table, with
 * its severity and what to do about it, and the table lists no code that does not exist.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');

function findingCodes(): string[] {
  const source = readFileSync(join(ROOT, 'functions', 'egress-policy', 'policy', 'findings.ts'), 'utf8');
  const union = /export type FindingCode =([\s\S]*?);/.exec(source)?.[1] ?? '';
  return [...union.matchAll(/'([A-Z0-9_]+)'/g)].map((m) => m[1] as string);
}

function documentedCodes(): Map<string, { severity: string; meaning: string }> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Result codes'));
  const table = section.slice(0, section.indexOf('\n## '));
  const rows = new Map<string, { severity: string; meaning: string }>();
  for (const line of table.split('\n')) {
    const cells = /^\| `([A-Z0-9_]+)` \| (\w+) \| (.+) \|$/.exec(line);
    if (cells) rows.set(cells[1] as string, { severity: cells[2] as string, meaning: cells[3] as string });
  }
  return rows;
}

describe('README result codes', () => {
  const codes = findingCodes();
  const documented = documentedCodes();

  it('reads the codes from findings.ts', () => assert.ok(codes.length > 30, `found ${codes.length}`));

  it('documents every code with a severity and a fix', () => {
    for (const code of codes) {
      const row = documented.get(code);
      assert.ok(row, `${code} is not in the README's result codes`);
      assert.match(row.severity, /^(error|warning|info)$/);
      assert.ok(row.meaning.length > 20, `${code}: say what to do`);
    }
  });

  it('documents no code that does not exist', () => {
    assert.deepEqual([...documented.keys()].filter((code) => !codes.includes(code)), []);
  });
});
