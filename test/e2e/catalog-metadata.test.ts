/**
 * The function's catalog entry, functions/egress-policy/metadata.yaml, against the kpt functions
 * catalog's metadata rules (krm-functions-catalog scripts/generate_docs/metadata-schema.json:
 * image, description and tags required; no other fields than these; images on ghcr.io; tags
 * from a fixed list), and against this repository: every example URL is a kpt package here, and
 * every kpt package here is listed. `--help` names every mode.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { BUNDLE, EXAMPLES, REPO, examplePackages, requireBundle } from './e2e-support.ts';

const CATALOG_TAGS = ['mutator', 'validator', 'viewer', 'generator', 'test', 'testing', 'timing', 'Config Sync', 'GCP', 'blueprints', 'name prefix', 'name suffix'];
const METADATA_SCHEMA = {
  type: 'object',
  required: ['image', 'description', 'tags'],
  additionalProperties: false,
  properties: {
    image: { type: 'string', pattern: '^ghcr\\.io/' },
    description: { type: 'string', minLength: 1 },
    tags: { type: 'array', minItems: 1, items: { enum: CATALOG_TAGS } },
    sourceURL: { type: 'string', format: 'uri' },
    examplePackageURLs: { type: 'array', items: { type: 'string' } },
    license: { type: 'string' },
    hidden: { type: 'boolean' },
  },
};

const FUNCTION_DIR = join(REPO, 'functions', 'egress-policy');
const metadata = parse(readFileSync(join(FUNCTION_DIR, 'metadata.yaml'), 'utf8'));
const TREE = /\/tree\/main\/(.+)$/;

describe('catalog metadata (functions/egress-policy/metadata.yaml)', () => {
  it('follows the catalog metadata schema', () => {
    const ajv = new Ajv({ allErrors: true, validateFormats: false });
    const validate = ajv.compile(METADATA_SCHEMA);
    assert.ok(validate(metadata), JSON.stringify(validate.errors));
  });

  it('points at this function and at every kpt example package, and nothing else', () => {
    assert.equal(TREE.exec(metadata.sourceURL)?.[1], 'functions/egress-policy');
    const listed = (metadata.examplePackageURLs as string[]).map((url) => TREE.exec(url)?.[1]);
    for (const path of listed) assert.ok(path && existsSync(join(REPO, path, 'Kptfile')), `${path} is not a kpt package of this repository`);
    assert.deepEqual([...listed].sort(), examplePackages().map((name) => `examples/${name}`).sort());
  });

  it('names the image every document uses', () => {
    const image = metadata.image as string;
    for (const file of [join(FUNCTION_DIR, 'README.md'), join(EXAMPLES, 'argocd', 'plugin', 'repo-server-sidecar.yaml'), join(EXAMPLES, 'kustomize-function', 'README.md')]) {
      assert.ok(readFileSync(file, 'utf8').includes(`${image}:v`), `${file} does not use ${image}`);
    }
  });
});

describe('--help', () => {
  before(requireBundle);
  it('describes every mode and every pipeline', () => {
    const run = spawnSync(process.execPath, [BUNDLE, '--help'], { encoding: 'utf8' });
    assert.equal(run.status, 0);
    for (const text of ['egress-policy CONFIG_FILE', 'egress-policy generate', 'egress-policy discover', 'kpt fn render', '--enable-exec', 'KUSTOMIZE_PLUGIN_HOME', 'ARGOCD_ENV_', 'Exit codes']) {
      assert.ok(run.stdout.includes(text), `--help does not mention ${text}`);
    }
  });
});
