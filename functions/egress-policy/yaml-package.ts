/**
 * The `yaml` package, loaded on first use rather than at start-up. Loading it is most of what the
 * bundle costs before it reads a byte, and a run that composes and writes no YAML Document (an
 * empty ResourceList, a list the fast reader takes whole) never needs all of it.
 */
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

export function yamlPackage(): typeof Yaml {
  loaded ??= require('yaml') as typeof Yaml;
  return loaded;
}
