/**
 * kustomize's legacy exec plugin contract: the transformer's config file path in argv, a plain
 * YAML stream on stdin, the transformed stream on stdout, errors on stderr with a non-zero exit.
 * kubectl's built-in kustomize runs this form (it cannot run exec KRM functions).
 */
import { yamlPackage } from '../yaml-package';
import type { RunOptions, RunOutput } from '../run';
import { EXIT_BAD_CONFIG, EXIT_BAD_INPUT, EXIT_OK, failure, run } from '../run';
import { itemsOf, readPlainStream, toResourceList, writePlainStream } from './plain-stream';

/**
 * Every object is passed through with its annotations: kustomize matches them back to its
 * resources by `kustomize.config.k8s.io/id` and the `previous*` annotations. Policies come back
 * marked local-config, and kustomize drops them from the build's output.
 */
export function runLegacyPlugin(stream: string, configText: string, configPath: string, options: RunOptions = {}): RunOutput {
  let functionConfig: unknown;
  try {
    functionConfig = yamlPackage().parse(configText);
  } catch (error) {
    return failure(`${configPath}: the plugin config is not YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, EXIT_BAD_CONFIG);
  }
  const read = readPlainStream(stream, 'stdin');
  if (!read.ok) return failure(read.error.message, EXIT_BAD_INPUT);
  const output = run(toResourceList(read.objects, functionConfig), options);
  if (output.exitCode !== EXIT_OK) return { stdout: '', stderr: output.stderr, exitCode: output.exitCode };
  return { stdout: writePlainStream(itemsOf(output.stdout)), stderr: output.stderr, exitCode: EXIT_OK };
}

