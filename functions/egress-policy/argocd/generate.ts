/**
 * The Argo CD plugin's `generate` for an app directory of plain manifests: every object in the
 * directory through our function, then what a cluster should receive: no local-config objects
 * (Argo CD applies everything it is given; it does not know that annotation), no Kptfile or
 * function config, no pipeline bookkeeping annotations. Errors go to stderr with a non-zero exit
 * and an empty stdout: an empty stream with exit 0 would make Argo CD prune the app.
 */
import { LOCAL_CONFIG_ANNOTATION } from '../krm/keys';
import { CONFIG_KIND, isRecord } from '../policy';
import type { RunOutput } from '../run';
import { EXIT_BAD_CONFIG, EXIT_BAD_INPUT, EXIT_OK, failure, run } from '../run';
import type { StreamObject } from '../stream/plain-stream';
import { itemsOf, readPlainStream, toResourceList, writePlainStream } from '../stream/plain-stream';
import type { AppFile } from './read-app-files';
import { repoFunctionConfig } from './repo-function-config';
import type { Environment } from './settings';
import { invalidSettings, overridesFromArgoEnvironment } from './settings';

export function generateManifests(files: readonly AppFile[], env: Environment): RunOutput {
  const objects: StreamObject[] = [];
  for (const file of files) {
    const read = readPlainStream(file.text, file.path);
    if (!read.ok) return failure(read.error.message, EXIT_BAD_INPUT);
    objects.push(...read.objects.map((object) => ({ ...object, path: file.path })));
  }
  if (objects.length === 0) return failure('the app directory holds no Kubernetes objects (*.yaml, *.yml); refusing to print an empty manifest list, which Argo CD would prune', EXIT_BAD_INPUT);

  const repoConfig = repoFunctionConfig(files.find((f) => f.path === 'Kptfile')?.text, objects);
  if (!repoConfig.ok) return failure(repoConfig.error, EXIT_BAD_CONFIG);
  const settings = overridesFromArgoEnvironment(env);
  if (!settings.ok) return invalidSettings(settings.errors);

  const output = run(toResourceList(objects, repoConfig.functionConfig), { overrides: settings.overrides });
  if (output.exitCode !== EXIT_OK) return { stdout: '', stderr: output.stderr, exitCode: output.exitCode };
  const manifests = itemsOf(output.stdout).filter(isApplied).map(withoutBookkeeping);
  if (manifests.length === 0) return failure('nothing to apply: every object in the app is local config; refusing to print an empty manifest list, which Argo CD would prune', EXIT_BAD_INPUT);
  return { stdout: writePlainStream(manifests), stderr: output.stderr, exitCode: EXIT_OK };
}

function isApplied(object: Record<string, unknown>): boolean {
  if (object.kind === 'Kptfile' || object.kind === CONFIG_KIND) return false;
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  return annotations[LOCAL_CONFIG_ANNOTATION] !== 'true';
}

/** kpt's and kustomize's own annotations mean nothing to a cluster; `kustomize build` strips them too. */
const BOOKKEEPING = /^(config\.kubernetes\.io\/|internal\.config\.kubernetes\.io\/|config\.k8s\.io\/id$|kustomize\.config\.k8s\.io\/)/;

export function withoutBookkeeping(object: Record<string, unknown>): Record<string, unknown> {
  const metadata = isRecord(object.metadata) ? object.metadata : undefined;
  if (metadata === undefined || !isRecord(metadata.annotations)) return object;
  const annotations = Object.fromEntries(Object.entries(metadata.annotations).filter(([key]) => !BOOKKEEPING.test(key)));
  const { annotations: _dropped, ...rest } = metadata;
  return { ...object, metadata: Object.keys(annotations).length > 0 ? { ...rest, annotations } : rest };
}

