/**
 * I/O: an Argo CD app with a kustomization is built by `kustomize build`, which runs egress-policy
 * as its exec KRM transformer (the app's `transformers:` entry). Only the plugin image that ships
 * kustomize can do this; the distroless image has no kustomize and says so.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { yamlPackage } from '../yaml-package';
import { FUNCTION_NAME, MANAGED_BY_LABEL, POLICY_KIND, isRecord } from '../policy';
import type { ConfigOverride } from '../policy';
import type { RunOutput } from '../run';
import { EXIT_MISSING_TOOL, EXIT_OK, EXIT_POLICY_ERRORS, failure } from '../run';
import { OVERRIDES_VARIABLE, encodeOverrides } from './overrides-variable';
import type { Environment } from './settings';

/** A kustomize build of a large app prints megabytes; spawnSync's 1 MiB default would cut it. */
const MAX_OUTPUT_BYTES = 1 << 30;

export function findOnPath(command: string, env: Environment): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

export function kustomizeBuild(dir: string, env: Environment, overrides: readonly ConfigOverride[], holdsPolicy: boolean): RunOutput {
  const kustomize = findOnPath('kustomize', env);
  if (kustomize === undefined) {
    return failure(
      'this app has a kustomization.yaml, and this image has no kustomize binary on PATH. Use the -kustomize image (ghcr.io/egress-policy/egress-policy:<version>-kustomize, Dockerfile target cmp-kustomize), or keep the app as plain manifests',
      EXIT_MISSING_TOOL,
    );
  }
  const build = spawnSync(kustomize, ['build', '--enable-alpha-plugins', '--enable-exec', '.'], {
    cwd: dir,
    env: { ...env, [OVERRIDES_VARIABLE]: encodeOverrides(overrides) },
    encoding: 'utf8',
    maxBuffer: MAX_OUTPUT_BYTES,
  });
  if (build.error) return failure(`could not run ${kustomize}: ${build.error.message}`, EXIT_MISSING_TOOL);
  if (build.status !== 0) {
    return { stdout: '', stderr: `${build.stderr}egress-policy: kustomize build failed (exit ${build.status ?? build.signal})\n`, exitCode: EXIT_POLICY_ERRORS };
  }
  const kinds = yamlPackage().parseAllDocuments(build.stdout).map((doc) => doc.toJS() as unknown).filter(isRecord);
  if (kinds.some((object) => object.kind === POLICY_KIND)) {
    return failure('kustomize build printed an ASMEgressTrafficPolicy: the kustomization does not run egress-policy. Add its config to `transformers:` (see examples/argocd)', EXIT_POLICY_ERRORS);
  }
  if (holdsPolicy && !kinds.some(isGenerated)) {
    return failure('the app holds an ASMEgressTrafficPolicy but kustomize build generated nothing from it: the kustomization does not run egress-policy. Add its config to `transformers:` (see examples/argocd)', EXIT_POLICY_ERRORS);
  }
  if (build.stdout.trim() === '') return failure('kustomize build printed nothing; refusing to print an empty manifest list, which Argo CD would prune', EXIT_POLICY_ERRORS);
  return { stdout: build.stdout, stderr: build.stderr, exitCode: EXIT_OK };
}

function isGenerated(object: Record<string, unknown>): boolean {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  return labels[MANAGED_BY_LABEL] === FUNCTION_NAME;
}

