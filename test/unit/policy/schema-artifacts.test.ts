/**
 * The policy schema is the one source of the function's validators, the shipped CRD and the
 * docs' field table. The committed files must be what `npm run generate` writes from it now
 * (UPDATE_GOLDEN=1 rewrites them too), and the CRD must be a schema the API server accepts
 * that still means what the function's validation means.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { ARTIFACTS, CRD_PATH, crdManifest } from '../../../scripts/schema-artifacts.ts';

const ROOT = join(__dirname, '..', '..', '..');

type Schema = Record<string, unknown>;

/** Every schema node below `node`, with its path. */
function* nodes(node: Schema, path = ''): Generator<[string, Schema]> {
  yield [path, node];
  for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Schema>)) yield* nodes(child, `${path}.${key}`);
  if (node.items) yield* nodes(node.items as Schema, `${path}[]`);
  if (typeof node.additionalProperties === 'object') yield* nodes(node.additionalProperties as Schema, `${path}{}`);
}

/** What `kubeconform -strict` (and an editor) does with a structural schema: close every object that lists properties. */
function strict(node: Schema): Schema {
  const out: Schema = { ...node };
  if (node.properties) {
    out.properties = Object.fromEntries(Object.entries(node.properties as Record<string, Schema>).map(([k, v]) => [k, strict(v)]));
    if (node.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (node.items) out.items = strict(node.items as Schema);
  return out;
}

const crd = parse(crdManifest());
const openAPIV3Schema = crd.spec.versions[0].schema.openAPIV3Schema as Schema;

describe('schema artifacts', () => {
  for (const artifact of ARTIFACTS) {
    it(`${artifact.path} is what npm run generate writes`, () => {
      const path = join(ROOT, artifact.path);
      const text = artifact.text();
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, text);
      assert.equal(readFileSync(path, 'utf8'), text, `${artifact.path} is stale: run npm run generate and review the diff`);
    });
  }

  it('the CRD serves v1beta1 and v1 with one schema, and is structural', () => {
    assert.deepEqual(crd.spec.versions.map((v: { name: string }) => v.name), ['v1beta1', 'v1']);
    assert.equal(crd.spec.versions.filter((v: { storage: boolean }) => v.storage).length, 1);
    assert.deepEqual(crd.spec.versions[0].schema, crd.spec.versions[1].schema);
    for (const [path, node] of nodes(openAPIV3Schema)) {
      assert.equal(typeof node.type, 'string', `${path || '<root>'} has no type`);
      assert.equal(node.$ref, undefined, `${path} keeps a $ref`);
      assert.notEqual(node.additionalProperties, false, `${path}: additionalProperties: false is not structural`);
      assert.ok(!(node.properties && node.additionalProperties), `${path}: properties and additionalProperties together`);
    }
  });

  it('the CRD, checked strictly, accepts every example policy and rejects what the function rejects', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(strict(openAPIV3Schema));
    const policies = readdirSync(join(ROOT, 'examples'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.yaml') && !f.includes('.expected'))
      .flatMap((f) => parseAllDocuments(readFileSync(join(ROOT, 'examples', f), 'utf8')).map((d) => d.toJS()))
      .filter((o) => o?.kind === 'ASMEgressTrafficPolicy');
    assert.ok(policies.length >= 5, `found ${policies.length} example policies`);
    for (const policy of policies) assert.ok(validate(policy), `${policy.metadata.name}: ${JSON.stringify(validate.errors)}`);

    const base = policies[0];
    const withTypo = structuredClone(base);
    withTypo.spec.egressRules[0].to[0].port.nmae = 'http';
    assert.ok(!validate(withTypo), 'an unknown field passes the CRD');
    const outOfRange = structuredClone(base);
    outOfRange.spec.egressRules[0].to[0].port.number = 70000;
    assert.ok(!validate(outOfRange), 'port 70000 passes the CRD');
    const noRules = structuredClone(base);
    delete noRules.spec.egressRules;
    assert.ok(!validate(noRules), 'a spec without egressRules passes the CRD');
  });

  it(`${CRD_PATH} names the group, kind and plural kubectl and kubeconform look up`, () => {
    assert.equal(crd.metadata.name, `${crd.spec.names.plural}.${crd.spec.group}`);
    assert.equal(crd.spec.group, 'istio.alibabacloud.com');
    assert.equal(crd.spec.names.kind, 'ASMEgressTrafficPolicy');
    assert.equal(crd.spec.scope, 'Namespaced');
  });
});
