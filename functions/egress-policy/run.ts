/**
 * The CLI as a function: input text in, `{ stdout, stderr, exitCode }` out. `main.ts` only feeds
 * it stdin and writes what it returns, so every mode is tested in-process.
 *
 * Exit codes (README "Exit codes"):
 *   0  success (results may hold warnings and infos)
 *   1  a policy cannot be expanded: error results; items are returned unchanged
 *   2  the input is not a readable ResourceList (empty, malformed YAML, wrong kind); stdout empty
 *   3  the functionConfig is invalid: error results; items are returned unchanged
 *  64  bad command-line usage
 *  69  a tool this mode needs is missing (Argo CD: kustomize for an app with a kustomization)
 *  70  internal error (a bug); stdout empty
 */
import { posix } from 'node:path';
import type { InputItem } from './expand';
import { expand } from './expand';
import type { ItemIdentity, KrmResult, ReaderPath, ResourceListModel } from './krm';
import {
  fileOfItem,
  identifyItem,
  isServiceEditable,
  newItemText,
  pathAnnotationsFor,
  policyItemText,
  serviceItemText,
  readResourceList,
  resourceKey,
  resultLine,
  toResults,
  withAnnotations,
  writeResourceList,
} from './krm';
import type { ConfigOverride, ResourceId } from './policy';
import { dataNeeded } from './package-facts';
import { applyConfigOverrides, readFunctionConfig } from './policy';

export const EXIT_OK = 0;
export const EXIT_POLICY_ERRORS = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_BAD_CONFIG = 3;
export const EXIT_USAGE = 64;
export const EXIT_MISSING_TOOL = 69;
export const EXIT_INTERNAL = 70;

export interface RunOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunOptions {
  /** Settings from outside the package; they win over its functionConfig (README "Argo CD"). */
  overrides?: readonly ConfigOverride[];
  /** `full` reads the input with the `yaml` package only (debug; docs/performance.md). */
  reader?: ReaderPath;
}

const PREFIX = 'egress-policy';

/** Runs the KRM function on a ResourceList text. Throws only on a bug. */
export function run(input: string, options: RunOptions = {}): RunOutput {
  const read = readResourceList(input, { needed: dataNeeded, reader: options.reader });
  if (!read.ok) {
    const { line, column, message } = read.error;
    const where = line !== undefined ? `stdin:${line}:${column ?? 1}: ` : '';
    return { stdout: '', stderr: `${PREFIX}: ${where}${message}\n`, exitCode: EXIT_BAD_INPUT };
  }
  const model = read.value;
  const identities = model.items.map((item) => identifyItem(item.data));
  const files = new Map<string, { path: string; index?: number }>();
  identities.forEach((identity) => {
    const file = fileOfItem(identity);
    if (file) files.set(resourceKey(identity.id), file);
  });
  const fileOf = (id: ResourceId): { path: string; index?: number } | undefined => files.get(resourceKey(id));

  const packageConfig = readFunctionConfig(model.functionConfig);
  if (!packageConfig.ok) return unchanged(model, toResults(packageConfig.findings, fileOf), EXIT_BAD_CONFIG);
  const config = applyConfigOverrides(packageConfig.value, options.overrides ?? []);
  if (!config.ok) return unchanged(model, toResults(config.findings, fileOf), EXIT_BAD_CONFIG);

  const inputs: InputItem[] = model.items.map((item, i) => ({ identity: identities[i] as ItemIdentity, data: item.data }));
  const expansion = expand(inputs, config.value, (index) => isServiceEditable(model.items[index] as ResourceListModel['items'][number]));
  const results = toResults([...packageConfig.findings, ...expansion.findings], fileOf);
  if (!expansion.ok) return unchanged(model, results, EXIT_POLICY_ERRORS);

  const texts: string[] = [];
  model.items.forEach((item, index) => {
    if (expansion.owned.has(index)) {
      texts.push(item.leading);
      return;
    }
    const identity = identities[index] as ItemIdentity;
    const servicePorts = expansion.servicePorts.get(index);
    if (expansion.allocations.has(index)) texts.push(policyItemText(item, identity, expansion.allocations.get(index), model.eol));
    else if (servicePorts !== undefined) texts.push(serviceItemText(item, identity, servicePorts, model.eol));
    else texts.push(item.text);
  });
  const nextIndex = new Map<string, number>();
  for (const object of expansion.generated) {
    const anchorIndex = expansion.policyIndex.get(object.anchorPolicy);
    const anchor = anchorIndex === undefined ? undefined : identities[anchorIndex];
    const anchorFile = anchor ? fileOfItem(anchor) : undefined;
    let manifest = object.manifest;
    if (anchor && anchorFile) {
      const dir = posix.dirname(anchorFile.path);
      const path = dir === '.' ? object.fileName : `${dir}/${object.fileName}`;
      const index = nextIndex.get(path) ?? 0;
      nextIndex.set(path, index + 1);
      manifest = withAnnotations(manifest, pathAnnotationsFor(anchor, path, index));
    }
    texts.push(newItemText(manifest, model.itemIndent, model.eol));
  }
  return {
    stdout: writeResourceList(model, texts, results),
    stderr: stderrOf(results),
    exitCode: EXIT_OK,
  };
}

/** The input's items as they came, with results: never half an output. */
function unchanged(model: ResourceListModel, results: KrmResult[], exitCode: number): RunOutput {
  return {
    stdout: writeResourceList(model, model.items.map((item) => item.text), results),
    stderr: stderrOf(results),
    exitCode,
  };
}

/** A run that stops before any output: one line on stderr, nothing on stdout. */
export function failure(message: string, exitCode: number): RunOutput {
  return { stdout: '', stderr: `${PREFIX}: ${message}\n`, exitCode };
}

/** Several lines of the same failure, each prefixed. */
export function failures(messages: readonly string[], exitCode: number): RunOutput {
  return { stdout: '', stderr: messages.map((m) => `${PREFIX}: ${m}\n`).join(''), exitCode };
}

function stderrOf(results: readonly KrmResult[]): string {
  return results.filter((r) => r.severity !== 'info').map((r) => `${PREFIX}: ${resultLine(r)}\n`).join('');
}


