/**
 * End to end through the real kpt binary: every package under examples/ is copied to a temp git
 * repository and rendered with `kpt fn render --allow-exec --results-dir` (its Kptfile runs
 * `exec: egress-policy`, found through PATH=<repo>/bin, a symlink to the built bundle). Its
 * `.expected/` is in the kpt functions catalog's form:
 * - `config.yaml`: the catalog test config (`testType: render`, `allowExec`, `exitCode`);
 * - `diff.patch`: the render's change as `git diff` shows it in review, new files included;
 * - `results.yaml`: the FunctionResultList kpt writes to the results directory.
 * UPDATE_GOLDEN=1 rewrites diff.patch and results.yaml; review them as diffs. Each package is then:
 * - rendered again: nothing may change;
 * - rendered with its policy files deleted: everything generated is pruned, nothing else moves;
 * - evaluated once, on a fresh copy, with `kpt fn eval --exec "node dist/egress-policy.cjs"`,
 *   which must write the same files as render.
 * Plus one failing render (an unsupported protocol) that must leave the package untouched.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import {
  BUNDLE,
  EXAMPLES,
  assertGoldenText,
  assertSameTree,
  commitAll,
  copyPackage,
  describeRun,
  diffSinceCommit,
  examplePackages,
  kpt,
  notCompared,
  readTree,
  requireBundle,
  tempDir,
  writeTree,
} from './e2e-support.ts';

const examples = examplePackages();
const POLICY_KIND = /^kind: ASMEgressTrafficPolicy\s*$/m;
const GENERATED_FILE = /^egress-(gateway|waypoint|namespace)\..+\.yaml$/;
const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

interface CatalogTestConfig {
  testType?: string;
  allowExec?: boolean;
  exitCode?: number;
}

describe('kpt fn render on every example package', () => {
  before(requireBundle);

  it('finds example packages (directories under examples/ with a Kptfile)', () => {
    assert.ok(examples.length > 0, `no package with a Kptfile under ${EXAMPLES}`);
  });

  for (const name of examples) {
    describe(name, () => {
      const source = join(EXAMPLES, name);
      const expectedDir = join(source, '.expected');
      let tmp: ReturnType<typeof tempDir>;
      let pkg = '';
      let original = new Map<string, Buffer>();
      let firstRender: Map<string, Buffer> | undefined;

      before(() => {
        tmp = tempDir(name);
        pkg = copyPackage(source, tmp.dir, name);
        original = readTree(pkg);
        commitAll(pkg, 'first');
      });
      after(() => tmp?.cleanup());

      it('renders to exactly .expected/diff.patch and .expected/results.yaml', () => {
        const config = parse(readFileSync(join(expectedDir, 'config.yaml'), 'utf8')) as CatalogTestConfig;
        const resultsDir = join(tmp.dir, 'results');
        const run = kpt(['fn', 'render', '--allow-exec', pkg, '--results-dir', resultsDir]);
        assert.equal(run.status, config.exitCode ?? 0, describeRun(run));
        firstRender = readTree(pkg, notCompared);
        assertGoldenText(diffSinceCommit(pkg), join(expectedDir, 'diff.patch'), `${name}: the render's diff`);
        assertGoldenText(readFileSync(join(resultsDir, 'results.yaml'), 'utf8'), join(expectedDir, 'results.yaml'), `${name}: results`);
        commitAll(pkg, 'rendered');
      });

      it('.expected/ is catalog-style and holds no package of its own', () => {
        const config = parse(readFileSync(join(expectedDir, 'config.yaml'), 'utf8')) as CatalogTestConfig;
        assert.equal(config.testType, 'render');
        assert.equal(config.allowExec, true);
        // A Kptfile under .expected/ would make it a subpackage that `kpt fn render examples/<name>` renders too.
        assert.deepEqual([...readTree(expectedDir).keys()].sort(), ['config.yaml', 'diff.patch', 'results.yaml']);
      });

      it('is idempotent: a second render changes no byte', () => {
        assert.ok(firstRender, 'the first render failed');
        const run = kpt(['fn', 'render', '--allow-exec', pkg]);
        assert.equal(run.status, 0, describeRun(run));
        assertSameTree(readTree(pkg, notCompared), firstRender, `${name} second render vs first`);
        assert.equal(diffSinceCommit(pkg), '', 'git sees a change after the second render');
      });

      it('prunes everything generated when the policy files are deleted', () => {
        assert.ok(firstRender, 'the first render failed');
        const policyFiles = [...firstRender].filter(([, bytes]) => POLICY_KIND.test(bytes.toString('utf8'))).map(([path]) => path);
        assert.ok(policyFiles.length > 0, 'no file holds an ASMEgressTrafficPolicy');
        for (const path of policyFiles) rmSync(join(pkg, ...path.split('/')));

        const run = kpt(['fn', 'render', '--allow-exec', pkg]);
        assert.equal(run.status, 0, describeRun(run));
        const pruned = readTree(pkg, notCompared);
        assert.deepEqual([...pruned.keys()].filter((path) => GENERATED_FILE.test(baseName(path))), [], 'generated files survived');
        for (const [path, bytes] of pruned) {
          assert.doesNotMatch(bytes.toString('utf8'), /managed-by: egress-policy/, `${path} still holds generated objects`);
        }

        // Byte for byte against the FIRST render's version, not the original: kpt (kyaml) re-serialises
        // every file it reads on render, hand-written ones included — it collapses the spaces before a
        // comment (`app: checkout   # …` becomes `app: checkout # …`) and re-indents lists. So the
        // original bytes are not what kpt writes back; the first render's bytes are, and must stay.
        const expected = new Map([...firstRender].filter(([path]) => !policyFiles.includes(path) && !GENERATED_FILE.test(baseName(path))));
        assertSameTree(pruned, expected, `${name} after pruning vs first render`);

        // And against the original as data: kpt's reformatting changes layout, never content.
        const originalCompared = [...original.keys()].filter((path) => !policyFiles.includes(path) && !notCompared(baseName(path)));
        assert.deepEqual([...pruned.keys()], originalCompared);
        for (const [path, bytes] of pruned) {
          const originalBytes = original.get(path) as Buffer;
          if (path.endsWith('.yaml') || path.endsWith('.yml') || baseName(path) === 'Kptfile') {
            assert.deepEqual(yamlDocs(bytes), yamlDocs(originalBytes), `${path} changed content, not just layout`);
          } else {
            assert.ok(bytes.equals(originalBytes), `${path} changed`);
          }
        }
      });

      it('kpt fn eval --exec "node dist/egress-policy.cjs" writes the same files as render', () => {
        assert.ok(firstRender, 'the first render failed');
        const evalTmp = tempDir(`${name}-eval`);
        try {
          const copy = copyPackage(source, evalTmp.dir, name);
          const kptfile = readFileSync(join(copy, 'Kptfile'));
          // eval does not read the Kptfile's pipeline: pass its functionConfig as `-- key=value`.
          const run = kpt(['fn', 'eval', copy, '--exec', `node ${BUNDLE}`, ...configArgs(kptfile.toString('utf8'))]);
          assert.equal(run.status, 0, describeRun(run));
          const written = readTree(copy, notCompared);
          // kpt 1.0 eval never writes the Kptfile (checked: byte-identical); render may reformat it.
          assert.ok(written.get('Kptfile')?.equals(kptfile), 'kpt fn eval modified the Kptfile');
          const rendered = new Map(firstRender);
          rendered.set('Kptfile', kptfile);
          assertSameTree(written, rendered, `${name} eval vs render`);
        } finally {
          evalTmp.cleanup();
        }
      });
    });
  }
});

describe('kpt fn render with a policy error', () => {
  before(requireBundle);

  it('exits non-zero, reports UNSUPPORTED_PROTOCOL and leaves the package untouched', () => {
    const tmp = tempDir('udp');
    try {
      const pkg = join(tmp.dir, 'udp');
      writeTree(pkg, new Map([
        ['Kptfile', Buffer.from(KPTFILE_UDP)],
        ['policy.yaml', Buffer.from(POLICY_UDP)],
      ]));
      const untouched = readTree(pkg);
      const run = kpt(['fn', 'render', '--allow-exec', pkg]);
      assert.notEqual(run.status, 0, describeRun(run));
      assert.match(`${run.stdout}\n${run.stderr}`, /UNSUPPORTED_PROTOCOL|protocol 'UDP' is not supported/, describeRun(run));
      assertSameTree(readTree(pkg), untouched, 'package after a failed render');
    } finally {
      tmp.cleanup();
    }
  });
});

/** `key=value` arguments for `kpt fn eval … --` from the first mutator's `configMap`. */
function configArgs(kptfileText: string): string[] {
  const kptfile = parse(kptfileText) as { pipeline?: { mutators?: Array<{ configMap?: Record<string, string>; configPath?: string }> } };
  const mutator = kptfile.pipeline?.mutators?.[0];
  assert.ok(mutator, 'Kptfile has no mutator');
  assert.equal(mutator.configPath, undefined, 'this test only forwards configMap, not configPath');
  const entries = Object.entries(mutator.configMap ?? {});
  return entries.length === 0 ? [] : ['--', ...entries.map(([key, value]) => `${key}=${value}`)];
}

function yamlDocs(bytes: Buffer): unknown[] {
  return parseAllDocuments(bytes.toString('utf8')).map((doc) => doc.toJS());
}

const KPTFILE_UDP = `apiVersion: kpt.dev/v1
kind: Kptfile
metadata:
  name: udp
  annotations:
    config.kubernetes.io/local-config: "true"
pipeline:
  mutators:
  - exec: egress-policy
`;

const POLICY_UDP = `apiVersion: istio.alibabacloud.com/v1beta1
kind: ASMEgressTrafficPolicy
metadata:
  name: udp-policy
  namespace: istio-egress
spec:
  byEgressGateway:
    name: egressgateway-a
  egressRules:
  - from:
    - namespace: mytest
    to:
    - name: dns
      hosts:
      - dns.example.com
      port:
        name: udp
        number: 53
        protocol: UDP
`;
