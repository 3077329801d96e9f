import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArguments } from '../../../functions/egress-policy/cli/arguments.ts';

describe('parseArguments: which pipeline is calling', () => {
  it('no argument: a KRM function (kpt, kustomize function)', () => assert.deepEqual(parseArguments([]), { kind: 'krm-function' }));
  it('a path: a kustomize legacy exec plugin', () => {
    assert.deepEqual(parseArguments(['/tmp/kust-plugin-config-123']), { kind: 'legacy-plugin', configPath: '/tmp/kust-plugin-config-123' });
  });
  it('generate and discover: the Argo CD plugin', () => {
    assert.deepEqual(parseArguments(['generate']), { kind: 'argocd-generate' });
    assert.deepEqual(parseArguments(['discover']), { kind: 'argocd-discover' });
  });
  it('help and version win over everything else', () => {
    assert.deepEqual(parseArguments(['generate', '--help']), { kind: 'help' });
    assert.deepEqual(parseArguments(['--version']), { kind: 'version' });
  });
  it('unknown options and extra arguments are usage errors that say what to do', () => {
    assert.equal(parseArguments(['--stream']).kind, 'usage-error');
    const extra = parseArguments(['/tmp/config', '--mode', 'x']);
    assert.equal(extra.kind, 'usage-error');
    assert.match((extra as { message: string }).message, /argsOneLiner/);
    assert.equal(parseArguments(['generate', 'x']).kind, 'usage-error');
  });
});
