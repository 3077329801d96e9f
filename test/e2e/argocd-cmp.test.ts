/**
 * The Argo CD config management plugin, end to end without a cluster: examples/argocd/plugin/
 * plugin.yaml's own `discover` and `generate` commands run as the CMP server runs them. The app's
 * source is unpacked into a temp dir; the command runs with cwd = the app's directory, Argo CD's
 * build environment (ARGOCD_APP_*, KUBE_VERSION, plugin env as ARGOCD_ENV_*, parameters as
 * ARGOCD_APP_PARAMETERS and PARAM_*), no HOME, as user 999 (the sidecar's user) when the tests
 * run as root, and under the sidecar's ARGOCD_EXEC_TIMEOUT; it must also finish well inside
 * the repo-server's 60 s manifest timeout. The image paths in plugin.yaml (/nodejs/bin/node,
 * /app/egress-policy.cjs) map to this node and dist/egress-policy.cjs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { EXAMPLES, REPO, assertGoldenText, assertNoStack, describeRun, imageFiles, kpt, requireBundle, shareWithAnyUser, tempDir } from './e2e-support.ts';
import type { Spawned } from './e2e-support.ts';
import { validatePublished } from '../support/published-schema-validator.ts';

const ARGOCD = join(EXAMPLES, 'argocd');
const PLUGIN = parse(readFileSync(join(ARGOCD, 'plugin', 'plugin.yaml'), 'utf8'));
const PLAIN_APP = 'examples/argocd/apps/shop-egress';
const KUSTOMIZE_APP = 'examples/argocd/apps/shop-egress-kustomize';
/** The sidecar's ARGOCD_EXEC_TIMEOUT (90 s) and the repo-server's manifest timeout (60 s). */
const EXEC_TIMEOUT_MS = 90_000;
const REPO_SERVER_TIMEOUT_MS = 60_000;
const ARGOCD_USER = 999;
const asRoot = process.getuid?.() === 0;

/** The image's files, readable by user 999 (set up in `before`). */
let image: { bundle: string; usrLocalBin: string };

/** plugin.yaml's command with the image's paths mapped to this node and the image's files. */
function localCommand(command: string[]): string[] {
  return command.map((part) => (part === '/nodejs/bin/node' ? process.execPath : part === '/app/egress-policy.cjs' ? image.bundle : part));
}

/** PATH of the plain image: node only. The cmp-kustomize image adds kustomize and egress-policy. */
const PLAIN_PATH = [dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter);
const kustomizePath = (): string => [image.usrLocalBin, PLAIN_PATH].join(delimiter);

function cmp(command: string[], cwd: string, appPath: string, env: Record<string, string> = {}, path = PLAIN_PATH): Spawned & { ms: number } {
  const [program, ...args] = localCommand(command);
  const started = Date.now();
  const result = spawnSync(program as string, args, {
    cwd,
    encoding: 'utf8',
    timeout: EXEC_TIMEOUT_MS,
    ...(asRoot ? { uid: ARGOCD_USER, gid: ARGOCD_USER } : {}),
    env: {
      PATH: path,
      ARGOCD_APP_NAME: 'shop-egress',
      ARGOCD_APP_NAMESPACE: 'shop',
      ARGOCD_APP_PROJECT_NAME: 'default',
      ARGOCD_APP_REVISION: '0123456789abcdef0123456789abcdef01234567',
      ARGOCD_APP_REVISION_SHORT: '0123456',
      ARGOCD_APP_SOURCE_PATH: appPath,
      ARGOCD_APP_SOURCE_REPO_URL: 'https://git.example.com/platform/egress.git',
      ARGOCD_APP_SOURCE_TARGET_REVISION: 'main',
      KUBE_VERSION: '1.31.0',
      KUBE_API_VERSIONS: 'v1,apps/v1,networking.istio.io/v1,security.istio.io/v1',
      ...env,
    },
  });
  if (result.error) throw result.error;
  assert.equal(result.signal, null, `killed by ${result.signal} (ARGOCD_EXEC_TIMEOUT)`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> };
}

/** Argo CD splits the stream into documents and applies every object in it. */
function applied(stdout: string): Manifest[] {
  return parseAllDocuments(stdout).map((doc) => doc.toJS() as Manifest).filter((o) => o !== null);
}

function assertApplicable(stdout: string, label: string): Manifest[] {
  const objects = applied(stdout);
  assert.ok(objects.length > 0, `${label}: empty manifest stream`);
  const kinds = new Set(objects.map((o) => o.kind));
  for (const kind of ['ServiceEntry', 'Gateway', 'VirtualService', 'DestinationRule', 'AuthorizationPolicy', 'Deployment']) assert.ok(kinds.has(kind), `${label}: no ${kind}`);
  for (const kind of ['ASMEgressTrafficPolicy', 'Kptfile', 'EgressPolicyConfig']) assert.ok(!kinds.has(kind), `${label}: ${kind} would be applied to the cluster`);
  for (const object of objects) {
    assert.ok(object.apiVersion && object.kind && object.metadata?.name, `${label}: not a Kubernetes object: ${JSON.stringify(object)}`);
    assert.deepEqual(validatePublished(object), [], `${label}: ${object.kind} ${object.metadata?.name} would be rejected by the API server`);
    for (const key of Object.keys(object.metadata?.annotations ?? {})) {
      assert.doesNotMatch(key, /^(config\.kubernetes\.io|internal\.config\.kubernetes\.io|kustomize\.config\.k8s\.io)\/|^config\.k8s\.io\/id$/, `${label}: ${object.kind} ${object.metadata?.name} keeps ${key}`);
    }
  }
  return objects;
}

function egressNamespaceOf(objects: Manifest[]): string[] {
  return [...new Set(objects.filter((o) => o.kind === 'ServiceEntry').map((o) => o.metadata?.namespace as string))];
}

/** The CMP server's unpacked source is readable by its user, 999. */
const shareWithArgoUser = shareWithAnyUser;

describe('Argo CD config management plugin (examples/argocd)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let repo = '';
  const app = (appPath: string): string => join(repo, ...appPath.split('/'));

  /** Unpacks the example apps as the CMP server would: a fresh copy of the repository's paths. */
  function unpack(appPath: string, name = appPath): string {
    const target = join(repo, ...name.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(REPO, ...appPath.split('/')), target, { recursive: true, filter: (p) => !p.endsWith('.expected') });
    shareWithArgoUser(tmp.dir);
    return target;
  }

  before(() => {
    requireBundle();
    tmp = tempDir('argocd');
    image = imageFiles(tmp.dir);
    repo = join(tmp.dir, 'repo');
    unpack(PLAIN_APP);
    unpack(KUSTOMIZE_APP);
  });
  after(() => tmp?.cleanup());

  it('plugin.yaml declares discover, generate and a parameter per functionConfig key', () => {
    assert.equal(PLUGIN.apiVersion, 'argoproj.io/v1alpha1');
    assert.equal(PLUGIN.kind, 'ConfigManagementPlugin');
    assert.equal(`${PLUGIN.metadata.name}-${PLUGIN.spec.version}`, 'egress-policy-v1');
    assert.deepEqual(PLUGIN.spec.generate.command.slice(-1), ['generate']);
    assert.deepEqual(PLUGIN.spec.discover.find.command.slice(-1), ['discover']);
    const params = new Map<string, { collectionType?: string }>(PLUGIN.spec.parameters.static.map((p: { name: string }) => [p.name, p]));
    for (const key of ['dataplane', 'egressNamespace', 'gatewayNamespace', 'gatewaySelector', 'gatewayService', 'trustDomain', 'registryOnly', 'denyDirectEgress', 'clusterCIDRs']) {
      assert.ok(params.has(key), `no parameter ${key}`);
    }
    assert.equal(params.get('clusterCIDRs')?.collectionType, 'array');
    assert.equal(params.get('gatewaySelector')?.collectionType, 'map');
  });

  it('discover: claims both apps, from their directory and from the repository root; ignores an app without policies', () => {
    const plain = cmp(PLUGIN.spec.discover.find.command, app(PLAIN_APP), PLAIN_APP);
    assert.equal(plain.status, 0, describeRun(plain));
    assert.equal(plain.stdout, 'policy.yaml\n');
    const kustomize = cmp(PLUGIN.spec.discover.find.command, app(KUSTOMIZE_APP), KUSTOMIZE_APP);
    assert.equal(kustomize.stdout, 'egress-policy-fn.yaml\n');
    const fromRoot = cmp(PLUGIN.spec.discover.find.command, repo, PLAIN_APP);
    assert.equal(fromRoot.stdout, 'policy.yaml\n');

    const other = join(repo, 'apps', 'other');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'deploy.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n# kind: ASMEgressTrafficPolicy in a comment does not count\n');
    shareWithArgoUser(tmp.dir);
    const none = cmp(PLUGIN.spec.discover.find.command, other, 'apps/other');
    assert.equal(none.status, 0, describeRun(none));
    assert.equal(none.stdout, '', 'an empty output means "not this plugin"');
  });

  it('generate (plain manifests): the expansion without local-config objects, as .expected/output.yaml, inside the timeouts', () => {
    const run = cmp(PLUGIN.spec.generate.command, app(PLAIN_APP), PLAIN_APP);
    assert.equal(run.status, 0, describeRun(run));
    assertNoStack(run.stderr, 'generate');
    assert.ok(run.ms < REPO_SERVER_TIMEOUT_MS, `generate took ${run.ms} ms`);
    assertApplicable(run.stdout, 'generate');
    assertGoldenText(run.stdout, join(REPO, PLAIN_APP, '.expected', 'output.yaml'), 'Argo CD generate output');
  });

  it('generate: parameters win over ARGOCD_ENV_*, which wins over the Kptfile functionConfig', () => {
    const fromRepo = applied(cmp(PLUGIN.spec.generate.command, app(PLAIN_APP), PLAIN_APP).stdout);
    assert.deepEqual(egressNamespaceOf(fromRepo), ['istio-egress']);
    const env = { ARGOCD_ENV_EGRESS_NAMESPACE: 'egress-env' };
    const fromEnv = cmp(PLUGIN.spec.generate.command, app(PLAIN_APP), PLAIN_APP, env);
    assert.equal(fromEnv.status, 0, describeRun(fromEnv));
    assert.deepEqual(egressNamespaceOf(applied(fromEnv.stdout)), ['egress-env']);
    const params = { ...env, ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'egressNamespace', string: 'egress-param' }]), PARAM_EGRESSNAMESPACE: 'egress-param' };
    const fromParams = cmp(PLUGIN.spec.generate.command, app(PLAIN_APP), PLAIN_APP, params);
    assert.equal(fromParams.status, 0, describeRun(fromParams));
    assert.deepEqual(egressNamespaceOf(applied(fromParams.stdout)), ['egress-param']);
  });

  it('generate: a bad parameter fails with its name on stderr and nothing on stdout', () => {
    const run = cmp(PLUGIN.spec.generate.command, app(PLAIN_APP), PLAIN_APP, { ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'dataplane', string: 'bogus' }]) });
    assert.equal(run.status, 3, describeRun(run));
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^egress-policy: error INVALID_FUNCTION_CONFIG: parameter dataplane: dataplane 'bogus' is not one of sidecar, ambient, auto/m);
  });

  it('generate: a bad policy fails with the field and file on stderr and nothing on stdout', () => {
    const bad = unpack(PLAIN_APP, 'apps/bad');
    const policy = join(bad, 'policy.yaml');
    writeFileSync(policy, readFileSync(policy, 'utf8').replace('protocol: HTTP\n', 'protocol: UDP\n'));
    const run = cmp(PLUGIN.spec.generate.command, bad, 'apps/bad');
    assert.equal(run.status, 1, describeRun(run));
    assert.equal(run.stdout, '', 'an error must not print a partial manifest list');
    assert.match(run.stderr, /egress-policy: error UNSUPPORTED_PROTOCOL ASMEgressTrafficPolicy istio-egress\/egressgateway-shop \(policy\.yaml\) spec\.egressRules\[0\]\.to\[0\]\.port\.protocol: /);
    assertNoStack(run.stderr, 'generate (bad policy)');
  });

  it('generate: an app kpt has already rendered (policy local-config, generated files committed) gives the same manifests', () => {
    const rendered = unpack(PLAIN_APP, 'apps/rendered');
    const render = kpt(['fn', 'render', '--allow-exec', rendered]);
    assert.equal(render.status, 0, describeRun(render));
    shareWithArgoUser(tmp.dir);
    const run = cmp(PLUGIN.spec.generate.command, rendered, 'apps/rendered');
    assert.equal(run.status, 0, describeRun(run));
    assert.deepEqual(applied(run.stdout), applied(readFileSync(join(REPO, PLAIN_APP, '.expected', 'output.yaml'), 'utf8')));
  });

  it('generate (kustomization, cmp-kustomize image): kustomize build runs egress-policy as its transformer; parameters still apply', () => {
    const run = cmp(PLUGIN.spec.generate.command, app(KUSTOMIZE_APP), KUSTOMIZE_APP, {}, kustomizePath());
    assert.equal(run.status, 0, describeRun(run));
    assertApplicable(run.stdout, 'generate (kustomize)');
    assertGoldenText(run.stdout, join(REPO, KUSTOMIZE_APP, '.expected', 'output.yaml'), 'Argo CD generate output (kustomize)');

    const withParam = cmp(PLUGIN.spec.generate.command, app(KUSTOMIZE_APP), KUSTOMIZE_APP, { ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'egressNamespace', string: 'egress-param' }]) }, kustomizePath());
    assert.equal(withParam.status, 0, describeRun(withParam));
    assert.deepEqual(egressNamespaceOf(applied(withParam.stdout)), ['egress-param']);
  });

  it('generate (kustomization, distroless image without kustomize): says which image to use, exits 69, prints nothing', () => {
    const run = cmp(PLUGIN.spec.generate.command, app(KUSTOMIZE_APP), KUSTOMIZE_APP);
    assert.equal(run.status, 69, describeRun(run));
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /has a kustomization\.yaml, and this image has no kustomize binary on PATH\. Use the -kustomize image \(ghcr\.io\/egress-policy\/egress-policy:<version>-kustomize, Dockerfile target cmp-kustomize\)/);
  });

  it('generate: an app with no manifests fails instead of printing an empty list (which Argo CD would prune)', () => {
    const empty = join(repo, 'apps', 'empty');
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, 'README.md'), 'nothing here\n');
    shareWithArgoUser(tmp.dir);
    const run = cmp(PLUGIN.spec.generate.command, empty, 'apps/empty');
    assert.notEqual(run.status, 0, describeRun(run));
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /no Kubernetes objects/);
  });
});

describe('Argo CD repo-server sidecar (examples/argocd/plugin/repo-server-sidecar.yaml)', () => {
  /** The parts of Argo CD's own argocd-repo-server Deployment the patch relies on. */
  const REPO_SERVER = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: argocd-repo-server
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: argocd-repo-server}
  template:
    metadata:
      labels: {app.kubernetes.io/name: argocd-repo-server}
    spec:
      containers:
        - name: argocd-repo-server
          image: quay.io/argoproj/argocd:v2.13.3
          volumeMounts:
            - {name: var-files, mountPath: /var/run/argocd}
            - {name: plugins, mountPath: /home/argocd/cmp-server/plugins}
      volumes:
        - {name: var-files, emptyDir: {}}
        - {name: plugins, emptyDir: {}}
`;

  it('merges into argocd-repo-server with kubectl kustomize: CMP server entrypoint, user 999, the standard volumes, a /tmp of its own', () => {
    const tmp = tempDir('argocd-sidecar');
    try {
      writeFileSync(join(tmp.dir, 'repo-server.yaml'), REPO_SERVER);
      cpSync(join(ARGOCD, 'plugin', 'repo-server-sidecar.yaml'), join(tmp.dir, 'repo-server-sidecar.yaml'));
      writeFileSync(join(tmp.dir, 'kustomization.yaml'), 'resources: [repo-server.yaml]\npatches:\n  - path: repo-server-sidecar.yaml\n');
      const result = spawnSync('kubectl', ['kustomize', tmp.dir], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(result.status, 0, result.stderr);
      const deployment = parse(result.stdout);
      assert.deepEqual(validatePublished(deployment), [], 'the patched Deployment does not validate against Kubernetes 1.31');
      const spec = deployment.spec.template.spec;
      const sidecar = spec.containers.find((c: { name: string }) => c.name === 'egress-policy');
      assert.ok(sidecar, 'no egress-policy container');
      assert.deepEqual(sidecar.command, ['/var/run/argocd/argocd-cmp-server']);
      assert.equal(sidecar.securityContext.runAsUser, 999);
      assert.equal(sidecar.securityContext.runAsNonRoot, true);
      const mounts = new Map(sidecar.volumeMounts.map((m: { mountPath: string; name: string }) => [m.mountPath, m.name]));
      assert.equal(mounts.get('/var/run/argocd'), 'var-files');
      assert.equal(mounts.get('/home/argocd/cmp-server/plugins'), 'plugins');
      const tmpVolume = spec.volumes.find((v: { name: string }) => v.name === mounts.get('/tmp'));
      assert.ok(tmpVolume?.emptyDir, '/tmp must be an emptyDir of the sidecar');
      assert.notEqual(mounts.get('/tmp'), 'tmp', 'not the repo-server\'s own tmp volume');
      assert.ok(spec.containers.some((c: { name: string }) => c.name === 'argocd-repo-server'), 'the patch replaced the repo-server container');
      const timeout = sidecar.env.find((e: { name: string }) => e.name === 'ARGOCD_EXEC_TIMEOUT');
      assert.match(timeout?.value ?? '', /^\d+s$/);
      assert.match(sidecar.image, /^ghcr\.io\/egress-policy\/egress-policy:v\d+\.\d+\.\d+/);
    } finally {
      tmp.cleanup();
    }
  });
});
