/**
 * The command line picks one of the ways the bundle is called (README "Pipelines"):
 * - no argument: a KRM function, ResourceList on stdin (kpt, kustomize `config.kubernetes.io/function`);
 * - `<config file>`: a kustomize legacy exec plugin, plain YAML stream on stdin;
 * - `generate` / `discover`: an Argo CD config management plugin, reading the current directory.
 */
export type Mode =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'krm-function' }
  | { kind: 'legacy-plugin'; configPath: string }
  | { kind: 'argocd-generate' }
  | { kind: 'argocd-discover' }
  | { kind: 'usage-error'; message: string };

export function parseArguments(args: readonly string[]): Mode {
  if (args.includes('--help') || args.includes('-h')) return { kind: 'help' };
  if (args.includes('--version')) return { kind: 'version' };
  const [first, ...rest] = args;
  if (first === undefined) return { kind: 'krm-function' };
  if (first === 'generate' || first === 'discover') {
    if (rest.length > 0) return { kind: 'usage-error', message: `'${first}' takes no arguments, got '${rest.join(' ')}'` };
    return { kind: first === 'generate' ? 'argocd-generate' : 'argocd-discover' };
  }
  if (first.startsWith('-')) return { kind: 'usage-error', message: `unknown option '${first}'` };
  // kustomize appends `argsOneLiner` after the config path; we define no such arguments.
  if (rest.length > 0) return { kind: 'usage-error', message: `a kustomize plugin takes only its config file, got also '${rest.join(' ')}'; remove argsOneLiner` };
  return { kind: 'legacy-plugin', configPath: first };
}
