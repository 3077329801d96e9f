/**
 * The Argo CD plugin's `discover`: Argo CD uses the plugin for an app when this prints something
 * (and exits 0). An app is ours when a file holds an ASMEgressTrafficPolicy or our function's
 * config (the `transformers:` entry of a kustomize app).
 */
import type { AppFile } from './read-app-files';

const kindLine = (kinds: string): RegExp => new RegExp(`^kind:[ \\t]*["']?(${kinds})["']?[ \\t]*(#.*)?$`, 'm');
const OURS = kindLine('ASMEgressTrafficPolicy|EgressPolicyConfig');
const POLICY = kindLine('ASMEgressTrafficPolicy');

/** The first file that makes the app ours, or undefined. */
export function discoverApp(files: readonly AppFile[]): string | undefined {
  return files.find((file) => OURS.test(file.text))?.path;
}

/** True when a file of the app holds an ASMEgressTrafficPolicy. */
export function holdsPolicy(files: readonly AppFile[]): boolean {
  return files.some((file) => POLICY.test(file.text));
}
