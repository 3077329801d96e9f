/**
 * The container images cannot be built here (no container engine, base images cannot be pulled),
 * so this tests what can be tested without one:
 * - the Dockerfile: bases pinned by digest, a build stage that makes the bundle, a non-root USER,
 *   the exec-form ENTRYPOINT, labels, the default target, the cmp-kustomize variant;
 * - .dockerignore lets in exactly what the Dockerfile copies;
 * - the ENTRYPOINT command itself, mapped to this node and dist/egress-policy.cjs, run the way
 *   kpt and kustomize run images (`--user nobody`, no HOME, an unwritable working directory)
 *   and as the image's own user and Argo CD's user 999, on a golden case.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { BUNDLE, GOLDEN, REPO, describeRun, imageFiles, requireBundle, tempDir } from './e2e-support.ts';

interface Instruction {
  op: string;
  args: string;
}

interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Dockerfile instructions (continuation lines joined, comments dropped), grouped by stage. */
function readDockerfile(text: string): { args: Map<string, string>; stages: Stage[] } {
  const logical = text.replace(/\\\n(\s*#.*\n)*/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const line of logical) {
    const [op = '', ...rest] = line.split(/\s+/);
    const argsText = rest.join(' ');
    if (op.toUpperCase() === 'FROM') {
      const [from = '', as, name] = rest;
      stages.push({ from, ...(as?.toUpperCase() === 'AS' && name ? { name } : {}), instructions: [] });
    } else if (op.toUpperCase() === 'ARG' && stages.length === 0) {
      const [key = '', value = ''] = argsText.split('=');
      args.set(key, value);
    } else {
      stages.at(-1)?.instructions.push({ op: op.toUpperCase(), args: argsText });
    }
  }
  return { args, stages };
}

const dockerfile = readDockerfile(readFileSync(join(REPO, 'Dockerfile'), 'utf8'));
const stage = (name: string): Stage => {
  const found = dockerfile.stages.find((s) => s.name === name);
  assert.ok(found, `no stage ${name}`);
  return found;
};
const resolveArg = (image: string): string => image.replace(/^\$\{(\w+)\}$/, (_, key: string) => dockerfile.args.get(key) ?? image);
const instructions = (s: Stage, op: string): string[] => s.instructions.filter((i) => i.op === op).map((i) => i.args);
const packageVersion = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version as string;

/** Stages in order up to the base image, following `FROM <stage>`. */
function lineage(s: Stage): Stage[] {
  const parent = dockerfile.stages.find((p) => p.name === s.from);
  return parent ? [s, ...lineage(parent)] : [s];
}

describe('Dockerfile', () => {
  it('pins every base image by digest', () => {
    for (const s of dockerfile.stages) {
      if (dockerfile.stages.some((p) => p.name === s.from)) continue;
      assert.match(resolveArg(s.from), /^[\w./:-]+@sha256:[0-9a-f]{64}$/, `FROM ${s.from} is not pinned by digest`);
    }
  });

  it('builds the bundle in a build stage with npm ci and npm run build', () => {
    const run = instructions(stage('build'), 'RUN').join('\n');
    assert.match(run, /npm ci\b/);
    assert.match(run, /npm run build\b/);
  });

  it('runs on distroless Node 20 as a non-root user, the bundle as ENTRYPOINT in exec form', () => {
    const runtime = stage('runtime');
    assert.match(resolveArg(runtime.from), /^gcr\.io\/distroless\/nodejs20-debian12/);
    const user = instructions(runtime, 'USER').at(-1);
    assert.ok(user, 'no USER');
    const uid = Number(user.split(':')[0]);
    assert.ok(Number.isInteger(uid) && uid > 0, `USER ${user} must be a numeric non-root uid (kubelet's runAsNonRoot needs a number)`);
    assert.deepEqual(JSON.parse(instructions(runtime, 'ENTRYPOINT').at(-1) ?? 'null'), ['/nodejs/bin/node', '/app/egress-policy.cjs']);
    assert.ok(instructions(runtime, 'COPY').includes('--from=build /src/dist/egress-policy.cjs /app/egress-policy.cjs'));
  });

  it('labels the image with title, source, license and the package version', () => {
    const labels = instructions(stage('runtime'), 'LABEL').join(' ');
    for (const key of ['title', 'description', 'source', 'licenses']) assert.match(labels, new RegExp(`org\\.opencontainers\\.image\\.${key}=`));
    assert.match(labels, new RegExp(`org\\.opencontainers\\.image\\.version="${packageVersion.replace(/\./g, '\\.')}"`));
  });

  it('carries the Argo CD plugin config where the CMP server reads it, with commands that exist in the image', () => {
    assert.ok(instructions(stage('runtime'), 'COPY').includes('examples/argocd/plugin/plugin.yaml /home/argocd/cmp-server/config/plugin.yaml'));
    const plugin = parse(readFileSync(join(REPO, 'examples', 'argocd', 'plugin', 'plugin.yaml'), 'utf8'));
    for (const command of [plugin.spec.generate.command, plugin.spec.discover.find.command]) {
      assert.deepEqual(command.slice(0, 2), ['/nodejs/bin/node', '/app/egress-policy.cjs']);
    }
  });

  it('has the plain function image as its default target, and a cmp-kustomize variant with kustomize and egress-policy on PATH', () => {
    const last = dockerfile.stages.at(-1) as Stage;
    assert.deepEqual(lineage(last).map((s) => s.name), ['function', 'runtime']);
    const variant = stage('cmp-kustomize');
    assert.equal(variant.from, 'runtime');
    const copies = instructions(variant, 'COPY');
    assert.ok(copies.includes('--from=build /src/dist/kustomize /usr/local/bin/kustomize'));
    assert.ok(copies.includes('--from=build /src/dist/egress-policy /usr/local/bin/egress-policy'));
    assert.match(instructions(variant, 'ENV').join(' '), /PATH=\/usr\/local\/bin:/);
    // The build stage rewrites line 1 of the bundle into `#!/nodejs/bin/node` (distroless has no /usr/bin/env).
    const [first, second] = readFileSync(BUNDLE, 'utf8').split('\n', 2);
    assert.match(first ?? '', /^#!/);
    assert.doesNotMatch(second ?? '', /^#!/);
    assert.match(instructions(stage('build'), 'RUN').join('\n'), /sed '1s\|\^#!\.\*\|#!\/nodejs\/bin\/node\|'/);
  });
});

describe('.dockerignore', () => {
  const patterns = readFileSync(join(REPO, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  /** Docker's rule: the last matching pattern decides; `!` re-includes. Enough of it for our patterns. */
  const included = (path: string): boolean => {
    let keep = true;
    for (const pattern of patterns) {
      const negated = pattern.startsWith('!');
      const body = negated ? pattern.slice(1) : pattern;
      const matches = body === '*' || path === body.replace(/\/$/, '') || path.startsWith(body.endsWith('/') ? body : `${body}/`);
      if (matches) keep = negated;
    }
    return keep;
  };

  it('lets in every COPY source of the Dockerfile', () => {
    const sources = dockerfile.stages.flatMap((s) => instructions(s, 'COPY')).filter((args) => !args.startsWith('--from')).flatMap((args) => args.split(/\s+/).slice(0, -1));
    assert.ok(sources.length > 0);
    for (const source of sources) assert.ok(included(source.replace(/^\.\//, '').replace(/\/$/, '')), `.dockerignore excludes ${source}`);
  });

  it('keeps node_modules, dist, .git and tests out of the build context', () => {
    for (const path of ['node_modules', 'dist/egress-policy.cjs', '.git', 'test/golden', '.tmp']) assert.ok(!included(path), `${path} is in the build context`);
  });
});

describe('the ENTRYPOINT command, as container runtimes start it', () => {
  before(requireBundle);
  const golden = join(GOLDEN, 'seed-https-upgrade');
  const input = readFileSync(join(golden, 'input.yaml'));
  const expected = readFileSync(join(golden, 'expected.yaml'), 'utf8');
  const asRoot = process.getuid?.() === 0;

  // kpt and kustomize: `docker run --user nobody` (65534); the image's USER (65532); Argo CD's sidecar (999).
  let tmp: ReturnType<typeof tempDir>;
  let image: { bundle: string };
  before(() => {
    tmp = tempDir('image');
    image = imageFiles(tmp.dir);
  });
  after(() => tmp?.cleanup());

  for (const [who, uid] of [['nobody (kpt, kustomize)', 65534], ['the image USER 65532', 65532], ['Argo CD user 999', 999]] as const) {
    it(`runs as ${who} with no HOME, no PATH and an unwritable working directory`, { skip: asRoot ? false : 'needs root to switch users' }, () => {
      const result = spawnSync(process.execPath, [image.bundle], { input, cwd: '/', env: {}, uid, gid: uid, encoding: 'utf8', timeout: 15_000 });
      if (result.error) throw result.error;
      const run = { status: result.status, stdout: result.stdout, stderr: result.stderr };
      assert.equal(run.status, 0, describeRun(run));
      assert.equal(run.stdout, expected);
    });
  }
});
