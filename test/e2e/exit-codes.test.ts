/**
 * The README's exit-code table, row by row, through the built bundle: for each failure class
 * the exit code, what stdout holds (nothing, or the input's items unchanged with results) and
 * what stderr holds (one prefixed line per problem, never a stack trace). Exit 70 (a bug) cannot
 * be provoked through the bundle without planting a bug, so cli/finish.ts, which every mode
 * ends in, is run with a producer that throws.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { finish } from '../../functions/egress-policy/cli/finish.ts';
import { BUNDLE, REPO, assertNoStack, requireBundle } from './e2e-support.ts';

const LIST = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const POLICY = (protocol: string): string => `items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: untouched}   # kept as written
  data: {mode: "0755"}
- apiVersion: istio.alibabacloud.com/v1beta1
  kind: ASMEgressTrafficPolicy
  metadata: {name: gw, namespace: istio-egress}
  spec:
    byEgressGateway: {name: gw}
    egressRules:
    - from: [{namespace: shop}]
      to: [{name: api, hosts: [api.example.com], port: {number: 80, protocol: ${protocol}}, byEgressGateway: {port: 8080}}]
`;

function bundle(input: string, args: string[] = [], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [BUNDLE, ...args], {
    input,
    encoding: 'utf8',
    cwd: options.cwd ?? REPO,
    env: { PATH: dirname(process.execPath), ...options.env },
    timeout: 15_000,
  });
  if (result.error) throw result.error;
  assertNoStack(result.stderr, `egress-policy ${args.join(' ')}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

/** The rows of the README's table: exit code → when. */
function documentedExits(): Map<number, string> {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Results and exit codes'), readme.indexOf('### Result codes'));
  return new Map([...section.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)].map((m) => [Number(m[1]), (m[2] as string).trim()]));
}

const tested = new Set<number>();
function row(exit: number, title: string, check: () => void): void {
  tested.add(exit);
  it(`exit ${exit}: ${title}`, check);
}

describe('exit codes, one row of the README table at a time', () => {
  before(requireBundle);

  row(0, 'success: the ResourceList, warnings on stderr', () => {
    const run = bundle(LIST + POLICY('HTTP'));
    assert.equal(run.status, 0, run.stderr);
    assert.ok(parse(run.stdout).items.length > 2);
    for (const line of lines(run.stderr)) assert.match(line, /^egress-policy: warning [A-Z_]+ /);
  });

  row(1, 'an invalid policy: the items unchanged, with results; one line per error', () => {
    const input = LIST + POLICY('UDP');
    const run = bundle(input);
    assert.equal(run.status, 1);
    assert.ok(run.stdout.startsWith(input), 'the items must come back exactly as they came');
    assert.equal(parse(run.stdout).results[0].tags.code, 'UNSUPPORTED_PROTOCOL');
    assert.match(run.stderr, /^egress-policy: error UNSUPPORTED_PROTOCOL .* spec\.egressRules\[0\]\.to\[0\]\.port\.protocol: /m);
  });

  for (const [title, input, where] of [
    ['zero bytes', '', /the input is empty/],
    ['malformed YAML', `${LIST}items:\n- a: [1\n`, /^egress-policy: stdin:\d+:\d+: /],
    ['not a ResourceList (kind List)', 'apiVersion: v1\nkind: List\nitems: []\n', /ResourceList/],
    ['two documents', `${LIST}items: []\n---\n${LIST}items: []\n`, /one YAML document/],
    ['JSON', '{"apiVersion":"config.kubernetes.io/v1","kind":"ResourceList","items":[]}', /flow style are not supported/],
  ] as const) {
    row(2, `unreadable input (${title}): nothing on stdout, one line on stderr`, () => {
      const run = bundle(input);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.equal(lines(run.stderr).length, 1, run.stderr);
      assert.match(run.stderr, where);
    });
  }

  row(3, 'an invalid functionConfig: the items unchanged, with results naming the key', () => {
    const input = `${LIST}${POLICY('HTTP')}functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: function-input}\n  data: {dataplane: bogus}\n`;
    const run = bundle(input);
    assert.equal(run.status, 3);
    assert.ok(run.stdout.startsWith(input));
    assert.equal(parse(run.stdout).results[0].field.path, 'data.dataplane');
    assert.match(run.stderr, /^egress-policy: error INVALID_FUNCTION_CONFIG .*data\.dataplane: /m);
  });

  row(64, 'an unknown option: nothing on stdout, the message and usage on stderr', () => {
    const run = bundle('', ['--frobnicate']);
    assert.equal(run.status, 64);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^egress-policy: unknown option '--frobnicate'\nUsage:/);
  });

  row(69, 'a needed tool is missing (Argo CD generate on a kustomization, no kustomize): nothing on stdout', () => {
    const app = mkdtempSync(join(tmpdir(), 'egress-policy-exit-69-'));
    try {
      writeFileSync(join(app, 'kustomization.yaml'), 'resources: []\n');
      const run = bundle('', ['generate'], { cwd: app });
      assert.equal(run.status, 69);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /no kustomize binary on PATH/);
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });

  row(70, 'an internal error: nothing on stdout, one line on stderr, the stack only with EGRESS_POLICY_DEBUG=1', () => {
    const crash = (env: Record<string, string>) => {
      const out = { stdout: '', stderr: '', exit: -1 };
      finish(() => {
        throw new TypeError('cannot read properties of undefined');
      }, { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), exit: (c) => (out.exit = c), env });
      return out;
    };
    const plain = crash({});
    assert.equal(plain.exit, 70);
    assert.equal(plain.stdout, '');
    assert.deepEqual(lines(plain.stderr), ['egress-policy: internal error: cannot read properties of undefined; please report it (set EGRESS_POLICY_DEBUG=1 for details)']);
    const debug = crash({ EGRESS_POLICY_DEBUG: '1' });
    assert.match(debug.stderr, /^ {4}at /m, 'EGRESS_POLICY_DEBUG=1 must show the stack');
  });

  it('every row of the README table is tested above, and every code tested is in the table', () => {
    assert.deepEqual([...documentedExits().keys()].sort((a, b) => a - b), [...tested].sort((a, b) => a - b));
  });
});
