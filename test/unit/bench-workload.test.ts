/**
 * The benchmark's workload generator (bench/workload): deterministic, the sizes it promises,
 * and valid input for the function, so `npm run bench` measures real work and not a failure.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { kptAnnotations } from '../../bench/workload/kpt-annotations.ts';
import { packageFiles } from '../../bench/workload/package-dir.ts';
import { PRESETS } from '../../bench/workload/presets.ts';
import { EMPTY_RESOURCE_LIST, renderResourceList } from '../../bench/workload/resource-list.ts';
import { renderStream } from '../../bench/workload/stream.ts';
import { buildWorkload } from '../../bench/workload/workload.ts';

const BUNDLE = join(__dirname, '..', '..', 'dist', 'egress-policy.cjs');
const KPT_KEYS = kptAnnotations({ file: 'f.yaml', indexInFile: 0, position: 0 }).map((entry) => ('key' in entry ? entry.key : ''));

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

describe('bench workload generator', () => {
  const small = { resources: 40, policies: 4 };

  it('gives the same bytes for the same preset, in every form', () => {
    assert.equal(renderResourceList(buildWorkload(PRESETS.S)), renderResourceList(buildWorkload(PRESETS.S)));
    assert.equal(renderStream(buildWorkload(small)), renderStream(buildWorkload(small)));
    assert.deepEqual(packageFiles(buildWorkload(small), 'p'), packageFiles(buildWorkload(small), 'p'));
    assert.notEqual(renderResourceList(buildWorkload({ ...small, seed: 'other' })), renderResourceList(buildWorkload(small)));
  });

  it('S has 1,000 resources and 10 policies over ceil(1000/150) namespaces, about 20% with kpt annotations', () => {
    const text = renderResourceList(buildWorkload(PRESETS.S));
    assert.equal(count(text, /^- apiVersion: /gm), 1_010);
    assert.equal(count(text, /^ {2}kind: ASMEgressTrafficPolicy$/gm), 10);
    assert.equal(new Set(text.match(/^ {4}namespace: tenant-\d+$/gm)).size, 7);
    const annotated = count(text, /^ {6}internal\.config\.kubernetes\.io\/id: /gm);
    assert.ok(annotated > 100 && annotated < 300, `${annotated} of 1,010 items carry kpt's annotations`);
    const bytesPerItem = Buffer.byteLength(text) / 1_010;
    assert.ok(bytesPerItem > 500 && bytesPerItem < 700, `${bytesPerItem} bytes per item`);
  });

  it('writes YAML that parses to the intended items, with kpt annotations in kpt order', () => {
    const list = parse(renderResourceList(buildWorkload(small))) as { kind: string; items: { kind: string; metadata: { name: string; annotations?: Record<string, string> } }[] };
    assert.equal(list.kind, 'ResourceList');
    assert.equal(list.items.length, 44);
    const policies = list.items.filter((item) => item.kind === 'ASMEgressTrafficPolicy');
    assert.deepEqual(policies.map((p) => p.metadata.name), ['egressgateway-a', 'egressgateway-b', 'egressgateway-c', 'egressgateway-d']);
    for (const item of list.items) {
      const keys = Object.keys(item.metadata.annotations ?? {}).filter((key) => KPT_KEYS.includes(key));
      if (keys.length > 0) assert.deepEqual(keys, KPT_KEYS);
    }
    assert.deepEqual(parse(EMPTY_RESOURCE_LIST), { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [] });
    assert.equal(renderResourceList(buildWorkload(PRESETS.empty)), EMPTY_RESOURCE_LIST);
  });

  it('keeps kpt annotations out of the stream and package forms', () => {
    const workload = buildWorkload(small);
    const stream = renderStream(workload);
    const documents = parseAllDocuments(stream);
    assert.equal(documents.length, 44);
    assert.ok(documents.every((document) => document.errors.length === 0));
    const files = packageFiles(workload, 'p');
    assert.equal(files.length, Math.ceil(40 / 3) + 4 + 1);
    assert.equal(files[0]?.path, 'Kptfile');
    for (const text of [stream, ...files.map((file) => file.text)]) assert.doesNotMatch(text, /config\.kubernetes\.io\/(index|path|id)|config\.k8s\.io\/id/);
  });

  describe('through the built function', () => {
    before(() => {
      if (!existsSync(BUNDLE)) throw new Error('dist/egress-policy.cjs is missing: run `npm run build` first (`npm test` builds before testing)');
    });

    it('S is valid input: exit 0 and no error', () => {
      const run = spawnSync(process.execPath, [BUNDLE], { input: renderResourceList(buildWorkload(PRESETS.S)), encoding: 'utf8', maxBuffer: 64 * 2 ** 20, timeout: 60_000 });
      assert.equal(run.status, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /\berror\b/i);
    });

    it('the stream form is valid input for the legacy exec plugin mode (CONFIG_FILE argument)', () => {
      const dir = mkdtempSync(join(tmpdir(), 'bench-workload-'));
      try {
        const config = join(dir, 'config.yaml');
        writeFileSync(config, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: egress-policy\ndata: {}\n');
        const run = spawnSync(process.execPath, [BUNDLE, config], { input: renderStream(buildWorkload(small)), encoding: 'utf8', timeout: 60_000 });
        assert.equal(run.status, 0, run.stderr);
        assert.doesNotMatch(run.stderr, /\berror\b/i);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
