/**
 * The CLI contract of the built bundle, spawned as a real process: `node dist/egress-policy.cjs`
 * (and once `bin/egress-policy` executed directly, through its shebang). The golden cases run
 * here against the build, so what ships behaves like what the in-process tests check.
 *
 * No case may print a stack trace on stderr: a user sees one line per problem.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { BIN_DIR, BUNDLE, GOLDEN, REPO, assertNoStack, requireBundle, runCli } from './e2e-support.ts';
import type { Spawned } from './e2e-support.ts';

/** Runs `node dist/egress-policy.cjs ARGS` with `input` on stdin; never a stack trace on stderr. */
function bundle(input: string | Buffer, args: string[] = [], env: NodeJS.ProcessEnv = {}): Spawned {
  const run = runCli(process.execPath, [BUNDLE, ...args], input, env);
  assertNoStack(run.stderr, `egress-policy ${args.join(' ')}`);
  return run;
}

const show = (run: Spawned): string => `exit ${run.status}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

/** Exit 2: nothing on stdout, one line on stderr saying who speaks. */
function assertUnreadable(run: Spawned): void {
  assert.equal(run.status, 2, show(run));
  assert.equal(run.stdout, '', 'stdout must be empty when the input is unreadable');
  assert.ok(run.stderr.endsWith('\n'), `stderr must end with a newline: ${JSON.stringify(run.stderr)}`);
  assert.equal(lines(run.stderr).length, 1, `stderr must be one line:\n${run.stderr}`);
  assert.match(run.stderr, /^egress-policy: /);
}

const RESOURCE_LIST_HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';

describe('bundle CLI: golden cases through dist/egress-policy.cjs', () => {
  before(requireBundle);
  const cases = readdirSync(GOLDEN).filter((name) => statSync(join(GOLDEN, name)).isDirectory()).sort();

  it('finds golden cases', () => assert.ok(cases.length > 0, `no case under ${GOLDEN}`));

  for (const name of cases) {
    it(name, () => {
      const dir = join(GOLDEN, name);
      const exitPath = join(dir, 'exit-code');
      const expectedExit = existsSync(exitPath) ? Number(readFileSync(exitPath, 'utf8').trim()) : 0;
      const run = bundle(readFileSync(join(dir, 'input.yaml')));
      assert.equal(run.stdout, readFileSync(join(dir, 'expected.yaml'), 'utf8'), `${name}: stdout differs from expected.yaml`);
      assert.equal(run.status, expectedExit, show(run));
      // Warnings and errors reach stderr one line each, all prefixed; infos do not.
      for (const line of lines(run.stderr)) assert.match(line, /^egress-policy: (error|warning) [A-Z0-9_]+ /, `${name}: stderr line`);
      if (expectedExit !== 0) assert.match(run.stderr, /^egress-policy: error /m, `${name}: a failure names its error on stderr`);
      // The debug reader (EGRESS_POLICY_READER=full) gives the same bytes.
      const full = bundle(readFileSync(join(dir, 'input.yaml')), [], { EGRESS_POLICY_READER: 'full' });
      assert.deepEqual([full.stdout, full.stderr, full.status], [run.stdout, run.stderr, run.status], `${name}: the full reader differs`);
    });
  }

  it('bin/egress-policy runs as an executable (symlink + shebang) with the same output', () => {
    const dir = join(GOLDEN, 'seed-http');
    const run = runCli(join(BIN_DIR, 'egress-policy'), [], readFileSync(join(dir, 'input.yaml')));
    assertNoStack(run.stderr, 'bin/egress-policy');
    assert.equal(run.status, 0, show(run));
    assert.equal(run.stdout, readFileSync(join(dir, 'expected.yaml'), 'utf8'));
  });
});

describe('bundle CLI: unreadable input exits 2 with one line on stderr and nothing on stdout', () => {
  before(requireBundle);

  it('zero bytes on stdin', () => {
    assertUnreadable(bundle(Buffer.alloc(0)));
  });

  it('malformed YAML: a mapping indented under a sequence entry', () => {
    const run = bundle(`${RESOURCE_LIST_HEAD}items:\n- a: 1\n   b: 2\n`);
    assertUnreadable(run);
    assert.match(run.stderr, /stdin:\d+:\d+/);
  });

  it('malformed YAML: an unterminated quote', () => {
    const run = bundle(`${RESOURCE_LIST_HEAD}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: "oops\n`);
    assertUnreadable(run);
    assert.match(run.stderr, /stdin:\d+:\d+/);
  });

  it('a document of kind List', () => {
    assertUnreadable(bundle('apiVersion: v1\nkind: List\nitems: []\n'));
  });
});

describe('bundle CLI: other modes', () => {
  before(requireBundle);

  it('echoes an empty ResourceList byte for byte', () => {
    const input = `${RESOURCE_LIST_HEAD}items: []\n`;
    const run = bundle(input);
    assert.equal(run.status, 0, show(run));
    assert.equal(run.stdout, input);
    assert.equal(run.stderr, '');
  });

  it('--help prints usage on stdout and exits 0', () => {
    const run = bundle('', ['--help']);
    assert.equal(run.status, 0, show(run));
    assert.match(run.stdout, /Usage/);
    assert.equal(run.stderr, '');
  });

  it('--version prints the package version', () => {
    const run = bundle('', ['--version']);
    assert.equal(run.status, 0, show(run));
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    assert.equal(run.stdout, `${pkg.version}\n`);
  });

  it('an unknown flag exits 64 and writes nothing on stdout', () => {
    const run = bundle('', ['--bogus']);
    assert.equal(run.status, 64, show(run));
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^egress-policy: .*--bogus/);
  });

  it('a policy error exits 1, returns the items unchanged and names the error on stderr', () => {
    const input = `${RESOURCE_LIST_HEAD}items:
- apiVersion: istio.alibabacloud.com/v1beta1
  kind: ASMEgressTrafficPolicy
  metadata:
    name: udp-policy
    namespace: istio-egress
    annotations:
      config.kubernetes.io/path: policy.yaml
      internal.config.kubernetes.io/path: policy.yaml
  spec:
    byEgressGateway:
      name: egressgateway-a
    egressRules:
    - from:
      - namespace: mytest
      to:
      - name: dns
        hosts: [dns.example.com]
        port: {name: udp, number: 53, protocol: UDP}
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: bystander
    namespace: default
  data:
    key: value
`;
    const run = bundle(input);
    assert.equal(run.status, 1, show(run));
    const output = parse(run.stdout) as { apiVersion?: string; kind?: string; items?: unknown[]; results?: Array<{ severity?: string; tags?: { code?: string } }> };
    assert.equal(output.kind, 'ResourceList');
    assert.equal(output.apiVersion, 'config.kubernetes.io/v1');
    assert.deepEqual(output.items, (parse(input) as { items: unknown[] }).items);
    assert.ok(output.results?.some((r) => r.severity === 'error' && r.tags?.code === 'UNSUPPORTED_PROTOCOL'), `results:\n${run.stdout}`);
    assert.match(run.stderr, /^egress-policy: error UNSUPPORTED_PROTOCOL /m);
  });
});
